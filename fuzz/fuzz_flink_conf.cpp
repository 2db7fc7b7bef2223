// The flink-conf.yaml reader on arbitrary bytes: never throws, and every entry it keeps is a
// trimmed, non-empty key and value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flinkmem/readers/flink_conf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const flinkmem::FlinkConf conf = flinkmem::parse_flink_conf(text, "fuzz.yaml");
    for (const auto& [key, entry] : conf.config.entries()) {
        if (key.empty() || entry.value.empty() || entry.source.line < 1) __builtin_trap();
    }
    return 0;
}
