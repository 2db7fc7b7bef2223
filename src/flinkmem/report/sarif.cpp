// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, the tool driver with every
// rule's metadata and help URI, one result per finding with a physical location relative to
// %SRCROOT% (the repository root) and a fingerprint that does not change when lines move.
#include <cctype>
#include <cstdint>
#include <filesystem>

#include <fmt/format.h>
#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/json_writer.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

const char* level(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "note";
    }
    return "error";
}

// artifactLocation.uri is a URI reference: keep the path's "/" and percent-encode the rest of
// what RFC 3986 does not allow unescaped (spaces, '#', non-ASCII bytes ...).
std::string uri_reference(const std::string& path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri;
    for (const unsigned char c : path) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        }
    }
    return uri;
}

// Where a file is, as SARIF wants it: relative to %SRCROOT% when it is under the root (no "./"),
// else an absolute file:// URI. Pure path arithmetic: nothing is looked up on disk.
struct ArtifactUri {
    std::string uri;
    bool under_root = false;
};

ArtifactUri artifact_uri(const std::string& path, const ValidateReportOptions& options) {
    namespace fs = std::filesystem;
    if (path == "-") return {"-", false};  // standard input has no file to point at
    fs::path absolute(path);
    if (absolute.is_relative()) {
        if (options.working_directory.empty()) {
            // No directories known: the path is taken as relative to the root, as given.
            return {uri_reference(absolute.lexically_normal().generic_string()), true};
        }
        absolute = fs::path(options.working_directory) / absolute;
    }
    absolute = absolute.lexically_normal();
    if (!options.source_root.empty()) {
        const fs::path relative =
            absolute.lexically_relative(fs::path(options.source_root).lexically_normal());
        if (!relative.empty() && *relative.begin() != ".." && relative != ".") {
            return {uri_reference(relative.generic_string()), true};
        }
    }
    return {"file://" + uri_reference(absolute.generic_string()), false};
}

// The directory URI of %SRCROOT%: absolute, with the trailing "/" SARIF requires.
std::string root_uri(const std::string& root) {
    std::string uri =
        "file://" + uri_reference(std::filesystem::path(root).lexically_normal().generic_string());
    if (!uri.ends_with('/')) uri += '/';
    return uri;
}

// FNV-1a, 64 bits: the same bytes give the same fingerprint on every platform and release.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

// A message with its line references ("line 12", "flink-conf.yaml:12") made line-free, so that
// moving a finding does not make it a new one.
std::string without_line_numbers(std::string_view message) {
    std::string result;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const bool after_line =
            result.ends_with("line ") || result.ends_with(".yaml:") || result.ends_with(".yml:");
        if (after_line && std::isdigit(static_cast<unsigned char>(message[i]))) {
            while (i + 1 < message.size() && std::isdigit(static_cast<unsigned char>(message[i + 1]))) ++i;
            result += 'N';
            continue;
        }
        result += message[i];
    }
    return result;
}

// partialFingerprints: the rule, the file (as its URI), the document within it, the key and the
// message; not the line, so code scanning keeps tracking a finding when lines above it change.
std::string fingerprint(const Finding& finding, const std::string& uri, const std::string& path) {
    std::string document = finding.document;
    if (document.starts_with(path)) document.erase(0, path.size());  // "#1/orders", or nothing
    std::uint64_t hash = fnv1a(finding.rule_id);
    for (const std::string_view part :
         {std::string_view(uri), std::string_view(document), std::string_view(finding.key),
          std::string_view(to_string(finding.component))}) {
        hash = fnv1a("\x1f", hash);
        hash = fnv1a(part, hash);
    }
    hash = fnv1a("\x1f", hash);
    hash = fnv1a(without_line_numbers(finding.message), hash);
    return fmt::format("{:016x}", hash);
}

}  // namespace

void write_sarif(std::ostream& out, const std::vector<ConfigurationResult>& results,
                 const ValidateReportOptions& options) {
    std::string text;
    // Indented as nlohmann's dump(2) indents; invalid UTF-8 (Latin-1 comments) becomes U+FFFD.
    JsonWriter json(text, 2);
    json.begin_object()
        .field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        .field("version", "2.1.0")
        .key("runs")
        .begin_array()
        .begin_object();
    json.key("tool").begin_object().key("driver").begin_object();
    json.field("name", "flinkmem")
        .field("version", options.tool_version)
        .field("informationUri", "https://github.com/flinkmem/flinkmem")
        .key("rules")
        .begin_array();
    const auto rules = all_rules();
    for (const RuleInfo& rule : rules) {
        json.begin_object().field("id", rule.id).field("name", rule.name);
        json.key("shortDescription").begin_object().field("text", rule.summary).end_object();
        json.field("helpUri", rule_help_uri(rule.id));
        json.key("defaultConfiguration").begin_object().field("level", level(rule.severity)).end_object();
        json.end_object();
    }
    json.end_array().end_object().end_object();
    if (!options.source_root.empty()) {
        json.key("originalUriBaseIds").begin_object().key("%SRCROOT%").begin_object();
        json.field("uri", root_uri(options.source_root)).end_object().end_object();
    }
    json.key("results").begin_array();
    for (const auto& result : results) {
        for (const auto& finding : result.findings) {
            std::size_t index = 0;
            while (index < rules.size() && rules[index].id != finding.rule_id) ++index;
            std::string message = finding.message;
            if (finding.component != Component::Configuration) {
                message.insert(
                    0, finding.component == Component::TaskManager ? "TaskManager: " : "JobManager: ");
            }
            if (!finding.hint.empty()) message += "\nHint: " + finding.hint;
            const std::string path =
                finding.location.kind == Source::Kind::File ? finding.location.name.str() : result.path;
            const ArtifactUri where = artifact_uri(path, options);
            json.begin_object().field("ruleId", finding.rule_id);
            if (index < rules.size()) json.field("ruleIndex", static_cast<std::int64_t>(index));
            json.field("level", level(finding.severity));
            json.key("message").begin_object().field("text", message).end_object();
            json.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
            json.key("artifactLocation").begin_object().field("uri", where.uri);
            if (where.under_root) json.field("uriBaseId", "%SRCROOT%");
            json.end_object();
            if (finding.location.kind == Source::Kind::File && finding.location.line > 0) {
                json.key("region").begin_object().field("startLine", finding.location.line).end_object();
            }
            json.end_object().end_object().end_array();
            json.key("partialFingerprints").begin_object();
            json.field("flinkmemFinding/v1", fingerprint(finding, where.uri, result.path)).end_object();
            json.key("properties")
                .begin_object()
                .field("document", finding.document)
                .field("component", to_string(finding.component));
            if (result.flink_version) json.field("flinkVersion", result.flink_version->to_string());
            if (!finding.key.empty()) json.field("key", finding.key);
            json.end_object().end_object();
        }
    }
    json.end_array().end_object().end_array().end_object();
    out << text << '\n';
}

}  // namespace flinkmem::report
