#include "flinkmem/lint/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "flinkmem/java/lines.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/lint/rules.hpp"
#include "flinkmem/readers/inputs.hpp"

namespace flinkmem {

namespace {

// Splits like BufferedReader.readLine (as the legacy reader does): "\n", "\r" or "\r\n".
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
    int number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = java::line_end(text, start);
        const bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
        visit(++number, text.substr(start, end - start));
        start = end + (crlf ? 2 : 1);
    }
}

// "kind: FlinkDeployment" at the start of a line (a document's top level).
bool has_kind(std::string_view text, std::string_view kind) {
    bool found = false;
    for_each_line(text, [&](int, std::string_view line) {
        if (found || !line.starts_with("kind:")) return;
        found = java::trim(line.substr(5)) == kind;
    });
    return found;
}

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

// A Flink configuration by its content, whatever its name: a Flink manifest, a ConfigMap holding
// Flink's files, a Compose file passing FLINK_PROPERTIES.
bool flink_by_content(std::string_view text) {
    if (has_kind(text, "FlinkDeployment") || has_kind(text, "FlinkSessionJob")) return true;
    if (text.find("FLINK_PROPERTIES") != std::string_view::npos) return true;
    return (has_kind(text, "ConfigMap") || has_kind(text, "Template")) &&
           (text.find("flink-conf.yaml:") != std::string_view::npos ||
            text.find("config.yaml:") != std::string_view::npos);
}

// Whether a key of the release's catalog is set, reading the text as YAML would flatten it
// (`taskmanager:` / `  numberOfTaskSlots: 2` is taskmanager.numberOfTaskSlots) without parsing
// it: a line-based pass that a template or a broken file cannot stop.
bool sets_a_catalog_key(std::string_view text, const Release& release) {
    std::vector<std::pair<std::size_t, std::string>> parents;  // indentation, key
    bool found = false;
    for_each_line(text, [&](int, std::string_view line) {
        if (found) return;
        const std::size_t indent = line.find_first_not_of(' ');
        if (indent == std::string_view::npos) return;
        const std::string_view content = line.substr(indent);
        if (content.starts_with('#') || content.starts_with("- ") || content.starts_with("---")) return;
        const std::size_t colon = content.find(':');
        if (colon == std::string_view::npos || colon == 0) return;
        if (colon + 1 < content.size() && content[colon + 1] != ' ') return;  // a URL, not a key
        std::string_view key = java::trim(content.substr(0, colon));
        if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front()) {
            key = key.substr(1, key.size() - 2);
        }
        while (!parents.empty() && parents.back().first >= indent) parents.pop_back();
        std::string full;
        for (const auto& parent : parents) full += parent.second + ".";
        full += key;
        if (release.options().find(full) != nullptr) {
            found = true;
            return;
        }
        if (java::trim(content.substr(colon + 1)).empty()) parents.emplace_back(indent, std::string(key));
    });
    return found;
}

bool is_yaml_name(std::string_view name) {
    return name.ends_with(".yaml") || name.ends_with(".yml");
}

// `*`, `?` within a segment, `**` across them; both strings are '/'-separated. Memoized on
// (pattern position, text position), so no pattern takes more than |pattern| x |text| steps.
class Glob {
public:
    Glob(std::string_view pattern, std::string_view text)
        : pattern_(pattern), text_(text), memo_((pattern.size() + 1) * (text.size() + 1), kUnknown) {}

    bool matches() { return from(0, 0); }

private:
    static constexpr signed char kUnknown = -1;

    bool from(std::size_t p, std::size_t t) {
        signed char& known = memo_[p * (text_.size() + 1) + t];
        if (known == kUnknown) known = compute(p, t) ? 1 : 0;
        return known == 1;
    }

    bool compute(std::size_t p, std::size_t t) {
        if (p == pattern_.size()) return t == text_.size();
        if (pattern_.compare(p, 2, "**") == 0) {
            if (pattern_.compare(p + 2, 1, "/") == 0) {
                // "**/": zero or more whole directories.
                if (from(p + 3, t)) return true;
                for (std::size_t i = t; i < text_.size(); ++i) {
                    if (text_[i] == '/' && from(p + 3, i + 1)) return true;
                }
                return false;
            }
            for (std::size_t i = t; i <= text_.size(); ++i) {
                if (from(p + 2, i)) return true;
            }
            return false;
        }
        if (pattern_[p] == '*') {
            for (std::size_t i = t; i <= text_.size(); ++i) {
                if (from(p + 1, i)) return true;
                if (i < text_.size() && text_[i] == '/') break;
            }
            return false;
        }
        if (t == text_.size()) return false;
        const bool one = pattern_[p] == '?' ? text_[t] != '/' : pattern_[p] == text_[t];
        return one && from(p + 1, t + 1);
    }

    std::string_view pattern_;
    std::string_view text_;
    std::vector<signed char> memo_;
};

bool glob_from(std::string_view pattern, std::string_view text) {
    return Glob(pattern, text).matches();
}

// `{{ x }}`, `{{- x }}`, `{{.Values.x}}`, `{{$x}}`, `{{/* x */}}` (Helm, Go templates, Jinja) or `{% ... %}`
// (Jinja), closed on the same line. Not `{{name}}`: the operator's own placeholders in
// spec.ingress.template, which a FlinkDeployment holds as they are.
bool is_template_expression(std::string_view line, std::size_t at) {
    if (line.compare(at, 2, "{%") == 0) return line.find("%}", at + 2) != std::string_view::npos;
    std::size_t inner = at + 2;
    if (inner < line.size() && line[inner] == '-') ++inner;
    if (inner >= line.size() || std::string_view(" .$/").find(line[inner]) == std::string_view::npos)
        return false;
    return line.find("}}", inner) != std::string_view::npos;
}

}  // namespace

int template_line(std::string_view text) {
    if (text.find("{{") == std::string_view::npos && text.find("{%") == std::string_view::npos) return 0;
    int found = 0;
    for_each_line(text, [&](int number, std::string_view line) {
        if (found != 0) return;
        for (std::size_t at = line.find('{'); at != std::string_view::npos; at = line.find('{', at + 1)) {
            if (at + 1 < line.size() && (line[at + 1] == '{' || line[at + 1] == '%') &&
                is_template_expression(line, at)) {
                found = number;
                return;
            }
        }
    });
    return found;
}

Discovered discover(std::string_view file_name, std::string_view text, const DiscoveryHints& hints,
                    const Release& release) {
    const std::string name = lower(file_name);
    bool chosen = hints.explicitly_named;
    if (!chosen && is_yaml_name(name)) {
        // Named as Flink's conf file is, or a manifest or Compose file by its content.
        if (name.find("flink-conf") != std::string::npos || name.find("flinkconf") != std::string::npos ||
            flink_by_content(text)) {
            chosen = true;
        } else if (name.find("config") != std::string::npos) {
            // config.yaml is every tool's name: Flink's only with Flink's keys or Flink's neighbours.
            chosen = hints.beside_flink_conf_files || sets_a_catalog_key(text, release);
        }
    }
    if (!chosen) return Discovered::Skipped;
    return template_line(text) != 0 ? Discovered::Template : Discovered::Configuration;
}

bool glob_matches(std::string_view pattern, std::string_view relative_path) {
    while (relative_path.starts_with("./")) relative_path.remove_prefix(2);
    while (pattern.starts_with("./")) pattern.remove_prefix(2);
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    while (pattern.ends_with('/')) pattern.remove_suffix(1);
    if (pattern.find('/') != std::string_view::npos) return glob_from(pattern, relative_path);
    // No '/': any segment's name, as .gitignore reads it.
    std::size_t start = 0;
    while (start <= relative_path.size()) {
        const std::size_t slash = std::min(relative_path.find('/', start), relative_path.size());
        if (glob_from(pattern, relative_path.substr(start, slash - start))) return true;
        start = slash + 1;
    }
    return false;
}

std::vector<Document> read_documents(std::string_view text, const std::string& path) {
    return read_configurations(text, path);
}

void collect_inline_ignores(std::string_view text, const std::string& path, Suppressions& suppressions) {
    if (text.find("flinkmem:") == std::string_view::npos) return;
    for_each_line(text, [&](int number, std::string_view line) {
        std::size_t hash = line.find('#');
        while (hash != std::string_view::npos) {
            std::string_view comment = java::trim(line.substr(hash + 1));
            if (comment.starts_with("flinkmem:")) {
                comment = java::trim(comment.substr(9));
                if (comment.starts_with("ignore")) {
                    auto& rules = suppressions.inline_ignores[path][number];
                    comment.remove_prefix(6);
                    if (comment.starts_with("[")) {
                        const std::string_view list = comment.substr(1, comment.find(']') - 1);
                        std::size_t start = 0;
                        while (start <= list.size()) {
                            const std::size_t comma = std::min(list.find(',', start), list.size());
                            const std::string_view id = java::trim(list.substr(start, comma - start));
                            if (id.empty()) {
                                // nothing between two commas
                            } else if (const RuleInfo* rule = find_rule(id)) {
                                rules.emplace(rule->id);
                            } else {
                                rules.emplace(id);
                            }
                            start = comma + 1;
                        }
                    }
                    return;
                }
            }
            hash = line.find('#', hash + 1);
        }
    });
}

FlinkmemSettings parse_flinkmem_yaml(std::string_view text, const std::string& path) {
    FlinkmemSettings settings;
    std::vector<std::string>* list = nullptr;  // the block list being read
    std::string_view setting;
    const auto add = [&](std::string_view item, int number) {
        item = java::trim(item);
        if (item.size() >= 2 && (item.front() == '"' || item.front() == '\'') &&
            item.back() == item.front()) {
            item = item.substr(1, item.size() - 2);
        }
        if (item.empty()) return;
        if (setting == "disable") {
            const RuleInfo* rule = find_rule(item);
            if (rule == nullptr) {
                throw Error::illegal_argument(fmt::format("unknown rule '{}' in disable", item))
                    .with_context({"disable", std::string(item), Source::in_file(path, number)})
                    .with_hint("Rule IDs are listed in docs/rules/ (FM001, FM101, ...).");
            }
            list->emplace_back(rule->id);
            return;
        }
        list->emplace_back(item);
    };
    for_each_line(text, [&](int number, std::string_view line) {
        // A comment starts at " #" (or the line's start): a glob may hold '#' elsewhere.
        std::size_t hash = line.find(" #");
        if (java::trim(line).starts_with("#")) hash = 0;
        const std::string_view trimmed = java::trim(line.substr(0, hash));
        if (trimmed.empty()) return;
        if (list != nullptr && trimmed.starts_with("- ")) {
            add(trimmed.substr(2), number);
            return;
        }
        list = nullptr;
        const std::size_t colon = trimmed.find(':');
        setting = java::trim(trimmed.substr(0, colon));
        if (colon == std::string_view::npos ||
            (setting != "disable" && setting != "include" && setting != "exclude")) {
            throw Error::illegal_argument(
                fmt::format("unknown setting '{}' (the settings are 'disable', 'include' and 'exclude')",
                            setting))
                .with_context({std::string(setting), std::string(trimmed), Source::in_file(path, number)})
                .with_hint("Write 'disable: [FM105, FM112]' or 'exclude: [\"charts/**\"]'.");
        }
        list = setting == "disable"   ? &settings.disabled
               : setting == "include" ? &settings.include
                                      : &settings.exclude;
        const std::string_view value = java::trim(trimmed.substr(colon + 1));
        if (value.empty()) return;  // a block list follows
        if (!value.starts_with("[") || !value.ends_with("]")) {
            throw Error::illegal_argument(setting == "disable"
                                              ? std::string("disable must be a list of rule IDs")
                                              : fmt::format("{} must be a list of globs", setting))
                .with_context({std::string(setting), std::string(value), Source::in_file(path, number)})
                .with_hint(setting == "disable"
                               ? "Write 'disable: [FM105, FM112]'."
                               : fmt::format("Write '{}: [\"charts/**\", \"*.tpl.yaml\"]'.", setting));
        }
        const std::string_view items = value.substr(1, value.size() - 2);
        std::size_t start = 0;
        while (start < items.size()) {
            const std::size_t comma = std::min(items.find(',', start), items.size());
            add(items.substr(start, comma - start), number);
            start = comma + 1;
        }
        list = nullptr;
    });
    return settings;
}

}  // namespace flinkmem
