// Which files validate reads, and how: discovery (file names and contents as repositories have
// them, templates that must be rendered first, --include/--exclude globs), the documents of one
// input, and the settings written in files (`# flinkmem: ignore[...]`, .flinkmem.yaml).
// read_documents hands the text to the readers (include/flinkmem/readers/inputs.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/lint/validate.hpp"
#include "flinkmem/readers/document.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

// What validate does with one file.
enum class Discovered {
    Skipped,        // not a Flink configuration: a directory search passes it by
    Configuration,  // read it
    Template,       // a Helm, Jinja or Go template: one note, to be rendered first
};

struct DiscoveryHints {
    // Named on the command line (or matched by --include): read whatever its name.
    bool explicitly_named = false;
    // Its directory holds Flink's other conf files (log4j-console.properties, masters, workers).
    bool beside_flink_conf_files = false;
};

// Decides from the file's name and text, as repositories name them:
// - `*flink-conf*` / `*flinkconf*` (.yaml, .yml): Flink configuration;
// - `*config*` (.yaml, .yml, e.g. config.yaml, staging-config.yaml): only when its flattened keys
//   include a key of `release`'s option catalog or it sits beside Flink's other conf files;
// - any YAML by content: a FlinkDeployment, FlinkSessionJob, a ConfigMap (or Template) holding
//   flink-conf.yaml or config.yaml, a Compose file with FLINK_PROPERTIES.
// A file chosen so (or named explicitly) that holds `{{ ... }}` or `{% ... %}` is a Template.
Discovered discover(std::string_view file_name, std::string_view text, const DiscoveryHints& hints,
                    const Release& release);

// The line of a template's first `{{ ... }}` or `{% ... %}` expression; 0 when there is none.
int template_line(std::string_view text);

// A glob of --include/--exclude and .flinkmem.yaml: `*` and `?` within one path segment, `**`
// across segments. A pattern without '/' matches any segment's name ("charts", "*.tpl.yaml");
// one with '/' matches the whole path relative to the directory searched ("deploy/**/flink-*").
bool glob_matches(std::string_view pattern, std::string_view relative_path);

// Every configuration in one input. Throws flinkmem::Error when the input cannot be parsed as
// its format.
std::vector<Document> read_documents(std::string_view text, const std::string& path);

// Adds the `# flinkmem: ignore[FM101,FM105]` (or bare `# flinkmem: ignore`) comments of a file.
void collect_inline_ignores(std::string_view text, const std::string& path, Suppressions& suppressions);

// The settings of a .flinkmem.yaml (every list also in flow style, `disable: [FM105, FM112]`):
//   disable:            exclude:              include:
//     - FM105             - "charts/**"         - "deploy/*.conf"
struct FlinkmemSettings {
    std::vector<std::string> disabled;  // rule IDs
    std::vector<std::string> include;   // globs, as --include
    std::vector<std::string> exclude;   // globs, as --exclude
};

// Throws flinkmem::Error (the setting, Source file:line) on anything else, or an unknown rule.
FlinkmemSettings parse_flinkmem_yaml(std::string_view text, const std::string& path);

}  // namespace flinkmem
