#include "flinkmem/readers/flink_conf_document.hpp"

#include "flinkmem/config/options.hpp"
#include "flinkmem/versions/release.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "flinkmem/java/lines.hpp"
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

bool quoted(std::string_view value) {
    return value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
           value.back() == value.front();
}

}  // namespace

void read_legacy_lines(std::string_view text, EmbeddedLines lines, Document& document,
                       Substitution substitution) {
    // One shared file name for every entry's Source.
    const SharedName file(document.path);
    // A file of a million odd lines gets the first notes and a count of the rest, not a million.
    constexpr std::size_t kMaxNotes = 100;
    const std::size_t first_note = document.notes.size();
    std::size_t unlisted = 0;
    const auto room = [&] { return document.notes.size() - first_note < kMaxNotes; };
    int line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        // BufferedReader.readLine: a line ends at "\n", "\r" or "\r\n".
        const std::size_t end = java::line_end(text, start);
        const bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
        const std::string_view line = text.substr(start, end - start);
        start = end + (crlf ? 2 : 1);
        ++line_number;

        // The legacy parser is line-local: one line at a time gives its exact verdict per line.
        const LegacyLine parsed = parse_legacy_line(line);
        if (parsed.kind == LegacyLine::Kind::Nothing) continue;
        const Source where = Source::in_file(file, lines.of(line_number));
        if (parsed.kind != LegacyLine::Kind::Entry) {
            if (!room()) {
                ++unlisted;
                continue;
            }
            const bool no_separator = parsed.kind == LegacyLine::Kind::NotKeyValue;
            // Flink's own log text (GlobalConfiguration), so that it can be found in Flink's logs.
            const std::string at = where.describe();
            const std::string_view content = line.substr(0, line.find('#'));
            document.notes.push_back(
                {ReadNote::Kind::DroppedLine, where,
                 std::string(java::trim(content.substr(0, std::min(content.find(':'), content.size())))),
                 no_separator
                     ? fmt::format("Error while trying to split key and value in configuration file {}: "
                                   "Line is not a key-value pair (missing space after ':'?)",
                                   at)
                     : fmt::format("Error after splitting key and value in configuration file {}: "
                                   "Key or value was empty",
                                   at)});
            continue;
        }
        const std::string_view key = parsed.key;
        const std::string_view value = parsed.value;
        const std::optional<ConfigEntry> earlier =
            document.config.exchange(std::string(key), std::string(value), where);
        // Only a value from the same file is a duplicate; defaults (an image's) are meant to be
        // overridden.
        if (earlier && earlier->source.kind == Source::Kind::File && earlier->source.name == document.path &&
            (room() || (++unlisted, false))) {
            document.notes.push_back({ReadNote::Kind::DuplicateKey, where, std::string(key),
                                      fmt::format("'{}' is set again here; this value replaces '{}' from {}",
                                                  key, earlier->value, earlier->source.describe())});
        }
        // config.sh strips the quotes of env.java.* values itself; Flink keeps all others.
        if (quoted(value) && !java_opts(key) && (room() || (++unlisted, false))) {
            document.notes.push_back(
                {ReadNote::Kind::QuotedValue, where, std::string(key),
                 fmt::format("the legacy flink-conf.yaml parser keeps quotes: Flink reads '{}' "
                             "including them",
                             value)});
        }
        // Every placeholder form ("${", "{{", "%NAME%") has one of these characters.
        if (value.find_first_of("${%") != std::string_view::npos) {
            const std::size_t before = document.notes.size();
            note_placeholder(std::string(key), std::string(value), where, document, substitution);
            if (document.notes.size() > before && document.notes.size() - first_note > kMaxNotes) {
                unlisted += document.notes.size() - before;
                document.notes.resize(before);
            }
        }
    }
    if (unlisted > 0) {
        document.notes.push_back(
            {ReadNote::Kind::Other,
             Source::in_file(file, 0),
             {},
             fmt::format("{} more notes about lines of this file are not listed (the first {} "
                         "are)",
                         unlisted, kMaxNotes)});
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
