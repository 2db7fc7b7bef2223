// What `resolve` prints of one Resolution: every output format (text, json, yaml, flags,
// dynamic, bash, command, tree, svg), with the container each process gets on its target.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "flinkmem/resolve.hpp"

namespace flinkmem::cli {

// The formats `resolve -o` offers.
const std::vector<std::string>& resolve_formats();

// Whether `format` describes exactly one process (a start script asks for one at a time).
bool single_process_format(const std::string& format);

struct OutputRequest {
    const Resolution& resolution;
    std::string format = "text";
    std::vector<std::string> warnings;  // from reading the configuration: stderr, or inside json/yaml
    std::string document;               // the document's name when the input holds several
    std::string conf_file;              // the --conf file as given, empty if none
};

// Writes the requested output to `out` (warnings and errors to `err`); returns the exit code.
int write_outputs(const OutputRequest& request, std::ostream& out, std::ostream& err);

}  // namespace flinkmem::cli
