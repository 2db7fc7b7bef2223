// A number of bytes, with Flink's exact parsing, printing and arithmetic
// (org.apache.flink.configuration.MemorySize).
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "flinkmem/outcome.hpp"

namespace flinkmem {

class MemorySize {
public:
    static constexpr std::int64_t kMaxBytes = std::numeric_limits<std::int64_t>::max();

    constexpr MemorySize() = default;
    // Throws Error "IllegalArgumentException: bytes must be >= 0" for negative values.
    explicit MemorySize(std::int64_t bytes);

    static constexpr MemorySize zero() { return MemorySize(); }
    static MemorySize max_value() { return MemorySize(kMaxBytes); }
    static MemorySize of_mebibytes(std::int64_t mebibytes);

    // MemorySize.parse: digits, optional whitespace, optional unit (b|bytes, k|kb|kibibytes,
    // m|mb|mebibytes, g|gb|gibibytes, t|tb|tebibytes; case-insensitive; all powers of 1024).
    // Throws Error (IllegalArgumentException or NumberFormatException) with Flink's message.
    static MemorySize parse(std::string_view text);
    // The same, with Flink's error as a value (what a batch of rejected values wants: no throw).
    static Outcome<MemorySize> parse_outcome(std::string_view text);

    constexpr std::int64_t bytes() const { return bytes_; }
    constexpr std::int64_t mebibytes() const { return bytes_ >> 20; }

    // "128 mb", "0 bytes": the largest unit that divides the value exactly.
    std::string to_string() const;
    // "512.000mb (536870920 bytes)", or "1024 bytes" up to 1 KiB: Flink's toHumanReadableString.
    std::string to_human_readable_string() const;

    // Exact arithmetic; overflow throws Error "ArithmeticException: long overflow" and a negative
    // result throws "IllegalArgumentException: bytes must be >= 0", as Math.addExact and the
    // MemorySize constructor do in Java.
    MemorySize add(MemorySize other) const;
    MemorySize subtract(MemorySize other) const;
    // BigDecimal product of the bytes and the multiplier's Double.toString digits, truncated.
    MemorySize multiply(double multiplier) const;
    MemorySize divide(std::int64_t by) const;

    friend constexpr bool operator==(MemorySize, MemorySize) = default;
    friend constexpr auto operator<=>(MemorySize, MemorySize) = default;

private:
    std::int64_t bytes_ = 0;
};

}  // namespace flinkmem
