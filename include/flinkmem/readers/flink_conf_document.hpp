// The legacy flink-conf.yaml as a ConfigDocument: parse_flink_conf's values plus the notes a
// person needs (lines Flink drops, keys set twice, quotes Flink keeps, unresolved placeholders).
#pragma once

#include <string>
#include <string_view>

#include "flinkmem/readers/config_document.hpp"

namespace flinkmem {

ConfigDocument read_flink_conf(std::string_view text, const std::string& path);

}  // namespace flinkmem
