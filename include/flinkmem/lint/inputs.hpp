// Turning the text of one input file into Documents for the lint engine, and reading the
// suppressions written in files (`# flinkmem: ignore[...]`, .flinkmem.yaml).
//
// detect_format decides which files a directory search picks up; read_documents hands them to
// the readers (include/flinkmem/readers/inputs.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/lint/validate.hpp"
#include "flinkmem/readers/document.hpp"

namespace flinkmem {

// The format of a file, from its name and its content; empty when it is not a Flink
// configuration (a directory search skips such files). `explicitly_named` is true for a path the
// user gave: then an unrecognised YAML file is read as a legacy flink-conf.yaml.
std::optional<InputFormat> detect_format(std::string_view file_name, std::string_view text,
                                         bool explicitly_named);

// Every configuration in one input. Throws flinkmem::Error when the input cannot be parsed as
// its format.
std::vector<Document> read_documents(std::string_view text, const std::string& path);

// Adds the `# flinkmem: ignore[FM101,FM105]` (or bare `# flinkmem: ignore`) comments of a file.
void collect_inline_ignores(std::string_view text, const std::string& path, Suppressions& suppressions);

// Reads a .flinkmem.yaml:
//   disable: [FM105, FM112]     or     disable:
//                                        - FM105
// Throws flinkmem::Error (key "disable", Source file:line) on anything else, or an unknown rule.
std::vector<std::string> parse_flinkmem_yaml(std::string_view text, const std::string& path);

}  // namespace flinkmem
