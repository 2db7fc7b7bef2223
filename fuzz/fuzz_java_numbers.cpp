// Java number parsing on arbitrary text. Parsers either throw flinkmem::Error or succeed; every
// parsed finite double prints (JDK 17 Double.toString) to text that parses back to the same bits,
// and %.3f never fails.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flinkmem/error.hpp"
#include "flinkmem/java/big_decimal.hpp"
#include "flinkmem/java/numbers.hpp"

namespace java = flinkmem::java;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const double value = java::parse_double(text);
        const std::string printed = java::to_string(value);
        if (std::isfinite(value) && std::bit_cast<std::uint64_t>(java::parse_double(printed)) !=
                                        std::bit_cast<std::uint64_t>(value)) {
            __builtin_trap();
        }
        static_cast<void>(java::format_fixed(value, 3));
        if (std::isfinite(value) && value >= 0) {
            static_cast<void>(java::multiply_truncated(INT64_MAX, value));
            static_cast<void>(java::round_down_to_scale(value, 8));
        }
    } catch (const flinkmem::Error&) {
    }
    try {
        const float value = java::parse_float(text);
        if (std::isfinite(value) && java::parse_float(java::to_string(value)) != value) __builtin_trap();
    } catch (const flinkmem::Error&) {
    }
    try {
        static_cast<void>(java::parse_int(text));
    } catch (const flinkmem::Error&) {
    }
    try {
        static_cast<void>(java::parse_long(text));
    } catch (const flinkmem::Error&) {
    }
    return 0;
}
