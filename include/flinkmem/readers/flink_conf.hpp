// The legacy flink-conf.yaml format, read exactly as Flink's GlobalConfiguration
// (loadLegacyYAMLResource) reads it: one "key: value" per line, not real YAML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/config/configuration.hpp"

namespace flinkmem {

struct FlinkConfWarning {
    int line;
    std::string message;  // Flink's log text for the skipped line
};

struct FlinkConf {
    Configuration config;
    std::vector<FlinkConfWarning> warnings;
};

// One line as the legacy parser reads it: nothing (blank or a comment), a key and a value (views
// into the line), or a line it skips with a warning.
struct LegacyLine {
    enum class Kind { Nothing, Entry, NotKeyValue, EmptyKeyOrValue };
    Kind kind = Kind::Nothing;
    std::string_view key;
    std::string_view value;
};
LegacyLine parse_legacy_line(std::string_view line);

// Everything after the first '#' is dropped (even inside quotes), the line is trimmed and split
// at the first ": ". Lines without it, or with an empty key or value, are skipped with Flink's
// warning. Quotes are kept; a later key wins. `path` only labels the values' source.
FlinkConf parse_flink_conf(std::string_view text, const std::string& path);

}  // namespace flinkmem
