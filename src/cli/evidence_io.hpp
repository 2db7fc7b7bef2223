// I/O shared by doctor and tune: inputs by name ("-" is stdin) and a JSON document printed as YAML.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace flinkmem::cli {

// The whole file, or stdin for "-". Throws CliError (exit 2) when it cannot be read.
std::string read_input(const std::string& name);

// The same document as YAML (block style, strings double-quoted).
void write_json_as_yaml(std::ostream& out, std::string_view json);

}  // namespace flinkmem::cli
