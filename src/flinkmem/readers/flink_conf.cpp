#include "flinkmem/readers/flink_conf.hpp"

#include <fmt/format.h>

#include "flinkmem/java/lines.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem {

LegacyLine parse_legacy_line(std::string_view line) {
    const std::string_view conf = java::trim(line.substr(0, line.find('#')));
    if (conf.empty()) return {};
    const std::size_t separator = conf.find(": ");
    if (separator == std::string_view::npos) return {LegacyLine::Kind::NotKeyValue, {}, {}};
    const std::string_view key = java::trim(conf.substr(0, separator));
    const std::string_view value = java::trim(conf.substr(separator + 2));
    if (key.empty() || value.empty()) return {LegacyLine::Kind::EmptyKeyOrValue, {}, {}};
    return {LegacyLine::Kind::Entry, key, value};
}

FlinkConf parse_flink_conf(std::string_view text, const std::string& path) {
    FlinkConf result;
    int line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        // BufferedReader.readLine: a line ends at "\n", "\r" or "\r\n".
        const std::size_t end = java::line_end(text, start);
        const std::string_view line = text.substr(start, end - start);
        const bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
        start = end + (crlf ? 2 : 1);
        ++line_number;

        const LegacyLine parsed = parse_legacy_line(line);
        if (parsed.kind == LegacyLine::Kind::Nothing) continue;
        if (parsed.kind == LegacyLine::Kind::NotKeyValue) {
            result.warnings.push_back(
                {line_number, fmt::format("Error while trying to split key and value in configuration "
                                          "file {}:{}: Line is not a key-value pair (missing space "
                                          "after ':'?)",
                                          path, line_number)});
            continue;
        }
        if (parsed.kind == LegacyLine::Kind::EmptyKeyOrValue) {
            result.warnings.push_back(
                {line_number, fmt::format("Error after splitting key and value in configuration file "
                                          "{}:{}: Key or value was empty",
                                          path, line_number)});
            continue;
        }
        result.config.set(std::string(parsed.key), std::string(parsed.value),
                          Source::in_file(path, line_number));
    }
    return result;
}

}  // namespace flinkmem
