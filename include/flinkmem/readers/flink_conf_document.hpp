// The legacy flink-conf.yaml as a Document: parse_flink_conf's values plus the notes a
// person needs (lines Flink drops, keys set twice, quotes Flink keeps, unresolved placeholders).
#pragma once

#include <string>
#include <string_view>

#include "flinkmem/readers/document.hpp"

namespace flinkmem {

Document read_flink_conf(std::string_view text, const std::string& path);

}  // namespace flinkmem
