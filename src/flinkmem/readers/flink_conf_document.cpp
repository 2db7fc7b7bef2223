#include "flinkmem/readers/flink_conf_document.hpp"

#include "flinkmem/config/options.hpp"
#include "flinkmem/versions/release.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/java/strings.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "readers_internal.hpp"

namespace flinkmem {

namespace readers_detail {

namespace {

// config.sh reads the env.java.* options itself and strips their quotes.
bool java_opts(std::string_view key) {
    using enum OptionId;
    const OptionSpec* option = option_in_or_after(default_release(), key);
    if (option == nullptr) return false;
    for (const OptionId id : {JavaDefaultOptsAll, JavaOptsAll, JavaDefaultOptsJobManager, JavaOptsJobManager,
                              JavaDefaultOptsTaskManager, JavaOptsTaskManager}) {
        if (option->id == id) return true;
    }
    return false;
}

bool quoted(const std::string& value) {
    return value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
           value.back() == value.front();
}

}  // namespace

void read_legacy_lines(std::string_view text, EmbeddedLines lines, Document& document,
                       Substitution substitution) {
    int line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        // BufferedReader.readLine: a line ends at "\n", "\r" or "\r\n".
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        const bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
        const std::string_view line = text.substr(start, end - start);
        start = end + (crlf ? 2 : 1);
        ++line_number;

        // The legacy parser is line-local, so one line at a time gives its exact verdict per line.
        const FlinkConf parsed = parse_flink_conf(line, document.path);
        const Source where = Source::in_file(document.path, lines.of(line_number));
        if (!parsed.warnings.empty()) {
            const bool no_separator =
                parsed.warnings.front().message.find("Line is not a key-value pair") != std::string::npos;
            // Flink's own log text (GlobalConfiguration), so that it can be found in Flink's logs.
            const std::string at = where.describe();
            const std::string_view content = line.substr(0, line.find('#'));
            document.notes.push_back(
                {ReadNote::Kind::DroppedLine, where,
                 std::string(java::trim(content.substr(0, std::min(content.find(':'), content.size())))),
                 no_separator ? fmt::format("Error while trying to split key and value in configuration file {}: "
                                            "Line is not a key-value pair (missing space after ':'?)",
                                            at)
                              : fmt::format("Error after splitting key and value in configuration file {}: "
                                            "Key or value was empty",
                                            at)});
            continue;
        }
        for (const auto& [key, entry] : parsed.config.entries()) {
            // Only a value from the same file is a duplicate; defaults (an image's) are meant to be
            // overridden.
            if (const ConfigEntry* earlier = document.config.find(key);
                earlier && earlier->source.kind == Source::Kind::File && earlier->source.name == document.path) {
                document.notes.push_back(
                    {ReadNote::Kind::DuplicateKey, where, key,
                     fmt::format("'{}' is set again here; this value replaces '{}' from {}", key,
                                 earlier->value, earlier->source.describe())});
            }
            // config.sh strips the quotes of env.java.* values itself; Flink keeps all others.
            if (quoted(entry.value) && !java_opts(key)) {
                document.notes.push_back(
                    {ReadNote::Kind::QuotedValue, where, key,
                     fmt::format("the legacy flink-conf.yaml parser keeps quotes: Flink reads '{}' "
                                 "including them",
                                 entry.value)});
            }
            note_placeholder(key, entry.value, where, document, substitution);
            document.config.set(key, entry.value, where);
        }
    }
}

EmbeddedLines embedded_lines(const YAML::Node& node, std::string_view text) {
    // A block scalar ("|" or ">") starts on the line after its indicator; a quoted or plain
    // scalar's "\n"s are not lines of the file, so all its text is on the scalar's line.
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {};
    const auto pos = static_cast<std::size_t>(mark.pos);
    const bool block = pos < text.size() && (text[pos] == '|' || text[pos] == '>');
    if (block) return {mark.line + 1, 0};
    return {0, mark.line + 1};
}

}  // namespace readers_detail

Document read_flink_conf(std::string_view text, const std::string& path) {
    Document document = readers_detail::make_document(path, InputFormat::FlinkConf);
    readers_detail::read_legacy_lines(text, {}, document);
    return document;
}

}  // namespace flinkmem
