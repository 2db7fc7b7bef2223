#include "flinkmem/lint/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

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
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
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

// Nested YAML (config.yaml style) rather than flat "a.b: value" lines: more top-level keys that
// open a nested block than flat dotted keys. A flink-conf.yaml with one nested tail stays flat.
bool looks_nested(std::string_view text) {
    int parents = 0;
    int flat = 0;
    bool previous_was_parent = false;
    for_each_line(text, [&](int, std::string_view line) {
        const std::string_view trimmed = java::trim(line.substr(0, line.find('#')));
        if (trimmed.empty()) return;
        const bool indented = line.front() == ' ' || line.front() == '\t';
        if (previous_was_parent && indented) ++parents;
        previous_was_parent = false;
        if (indented) return;
        const std::size_t separator = trimmed.find(": ");
        if (separator != std::string_view::npos) {
            if (trimmed.substr(0, separator).find('.') != std::string_view::npos) ++flat;
        } else if (trimmed.ends_with(":")) {
            previous_was_parent = true;
        }
    });
    return parents > flat;
}

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}


}  // namespace


std::optional<InputFormat> detect_format(std::string_view file_name, std::string_view text, bool explicitly_named) {
    // Flink picks its parser by the file's name, whatever the content (a comment mentioning
    // FLINK_PROPERTIES or nested YAML in a flink-conf.yaml does not change that).
    const std::string name = lower(file_name);
    if (name == "flink-conf.yaml" || name == "flink-conf.yml") return InputFormat::FlinkConf;
    if (name == "config.yaml" || name == "config.yml") return InputFormat::ConfigYaml;
    if (has_kind(text, "FlinkDeployment")) return InputFormat::FlinkDeployment;
    if (has_kind(text, "FlinkSessionJob")) return InputFormat::FlinkSessionJob;
    if (text.find("FLINK_PROPERTIES") != std::string_view::npos) return InputFormat::DockerCompose;
    if ((has_kind(text, "ConfigMap") || has_kind(text, "Template")) &&
        (text.find("flink-conf.yaml:") != std::string_view::npos ||
         text.find("config.yaml:") != std::string_view::npos || text.find("{{") != std::string_view::npos)) {
        return InputFormat::ConfigMap;
    }
    if (!explicitly_named) return std::nullopt;
    return looks_nested(text) ? InputFormat::ConfigYaml : InputFormat::FlinkConf;
}

std::vector<Document> read_documents(std::string_view text, const std::string& path) {
    return read_configurations(text, path);
}

void collect_inline_ignores(std::string_view text, const std::string& path, Suppressions& suppressions) {
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
                            if (!id.empty()) rules.emplace(id);
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

std::vector<std::string> parse_flinkmem_yaml(std::string_view text, const std::string& path) {
    std::vector<std::string> disabled;
    bool in_list = false;
    const auto add = [&](std::string_view id, int number) {
        id = java::trim(id);
        if (id.size() >= 2 && (id.front() == '"' || id.front() == '\'') && id.back() == id.front()) {
            id = id.substr(1, id.size() - 2);
        }
        if (find_rule(id) == nullptr) {
            throw Error::illegal_argument(fmt::format("unknown rule '{}' in disable", id))
                .with_context({"disable", std::string(id), Source::in_file(path, number)})
                .with_hint("Rule IDs are listed in docs/rules/ (FM001, FM101, ...).");
        }
        disabled.emplace_back(id);
    };
    for_each_line(text, [&](int number, std::string_view line) {
        const std::string_view content = line.substr(0, line.find('#'));
        const std::string_view trimmed = java::trim(content);
        if (trimmed.empty()) return;
        if (in_list && trimmed.starts_with("- ")) {
            add(trimmed.substr(2), number);
            return;
        }
        in_list = false;
        const std::size_t colon = trimmed.find(':');
        const std::string_view key = java::trim(trimmed.substr(0, colon));
        if (colon == std::string_view::npos || key != "disable") {
            throw Error::illegal_argument(fmt::format("unknown setting '{}' (the only setting is 'disable')", key))
                .with_context({std::string(key), std::string(trimmed), Source::in_file(path, number)})
                .with_hint("Write 'disable: [FM105, FM112]'.");
        }
        const std::string_view value = java::trim(trimmed.substr(colon + 1));
        if (value.empty()) {
            in_list = true;
            return;
        }
        if (!value.starts_with("[") || !value.ends_with("]")) {
            throw Error::illegal_argument("disable must be a list of rule IDs")
                .with_context({"disable", std::string(value), Source::in_file(path, number)})
                .with_hint("Write 'disable: [FM105, FM112]'.");
        }
        const std::string_view list = value.substr(1, value.size() - 2);
        std::size_t start = 0;
        while (start < list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            if (!java::trim(list.substr(start, comma - start)).empty()) add(list.substr(start, comma - start), number);
            start = comma + 1;
        }
    });
    return disabled;
}

}  // namespace flinkmem
