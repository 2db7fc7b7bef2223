// Turning the text of one input file into ConfigDocuments for the lint engine, and reading the
// suppressions written in files (`# flinkmem: ignore[...]`, .flinkmem.yaml).
//
// Today only the legacy flink-conf.yaml reader exists; the other formats are recognised (so a
// directory search finds them and the report says what they are) and answered with FM002 until
// their readers land. read_documents is the one place that dispatches to readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/lint/validate.hpp"
#include "flinkmem/readers/config_document.hpp"
#include "flinkmem/readers/flink_conf.hpp"

namespace flinkmem {

// The format of a file, from its name and its content; empty when it is not a Flink
// configuration (a directory search skips such files). `explicitly_named` is true for a path the
// user gave: then an unrecognised YAML file is read as a legacy flink-conf.yaml.
std::optional<InputFormat> detect_format(std::string_view file_name, std::string_view text,
                                         bool explicitly_named);

// The legacy reader's result as a ConfigDocument, with ReadNotes for the lines it dropped, the
// keys it saw twice, the values whose quotes it kept and the unresolved placeholders.
ConfigDocument flink_conf_document(std::string_view text, const std::string& path);

// Every configuration in one input. Formats without a reader in this build give one document
// with no entries and a ReadNote of kind Other (FM002). Throws flinkmem::Error when the input
// cannot be parsed as its format.
std::vector<ConfigDocument> read_documents(InputFormat format, std::string_view text,
                                           const std::string& path);

// Adds the `# flinkmem: ignore[FM101,FM105]` (or bare `# flinkmem: ignore`) comments of a file.
void collect_inline_ignores(std::string_view text, const std::string& path, Suppressions& suppressions);

// Reads a .flinkmem.yaml:
//   disable: [FM105, FM112]     or     disable:
//                                        - FM105
// Throws flinkmem::Error (key "disable", Source file:line) on anything else, or an unknown rule.
std::vector<std::string> parse_flinkmem_yaml(std::string_view text, const std::string& path);

}  // namespace flinkmem
