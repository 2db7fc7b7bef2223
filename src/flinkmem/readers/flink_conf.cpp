#include "flinkmem/readers/flink_conf.hpp"

#include <fmt/format.h>

#include "flinkmem/java/strings.hpp"

namespace flinkmem {

FlinkConf parse_flink_conf(std::string_view text, const std::string& path) {
    FlinkConf result;
    int line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        // BufferedReader.readLine: a line ends at "\n", "\r" or "\r\n".
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const bool crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
        start = end + (crlf ? 2 : 1);
        ++line_number;

        const std::string_view conf = java::trim(line.substr(0, line.find('#')));
        if (conf.empty()) continue;
        const std::size_t separator = conf.find(": ");
        if (separator == std::string_view::npos) {
            result.warnings.push_back(
                {line_number, fmt::format("Error while trying to split key and value in configuration "
                                          "file {}:{}: Line is not a key-value pair (missing space "
                                          "after ':'?)",
                                          path, line_number)});
            continue;
        }
        const std::string_view key = java::trim(conf.substr(0, separator));
        const std::string_view value = java::trim(conf.substr(separator + 2));
        if (key.empty() || value.empty()) {
            result.warnings.push_back(
                {line_number, fmt::format("Error after splitting key and value in configuration file "
                                          "{}:{}: Key or value was empty",
                                          path, line_number)});
            continue;
        }
        result.config.set(std::string(key), std::string(value), Source::in_file(path, line_number));
    }
    return result;
}

}  // namespace flinkmem
