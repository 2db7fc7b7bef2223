// A small HTTP(S) GET client for tune, on libcurl (Debian's libcurl4-openssl-dev): TLS with the
// system's or a given CA bundle, a bearer-token or basic-auth header, connect and total timeouts.
#pragma once

#include <string>

namespace flinkmem::cli {

struct HttpOptions {
    long timeout_seconds = 10;
    std::string bearer_token;  // Authorization: Bearer <token>
    std::string basic_auth;    // user:password
    std::string ca_file;       // --cacert
    bool insecure = false;     // --insecure: no certificate verification
};

struct HttpResponse {
    long status = 0;
    std::string content_type;
    std::string body;
};

// GET `url`. Throws CliError (exit 2) when the request cannot be made (DNS, connection, TLS,
// timeout), naming the URL and curl's reason; any HTTP status is returned.
HttpResponse http_get(const std::string& url, const HttpOptions& options);

}  // namespace flinkmem::cli
