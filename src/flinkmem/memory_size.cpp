#include "flinkmem/memory_size.hpp"

#include <algorithm>
#include <array>

#include "flinkmem/error.hpp"
#include "flinkmem/java/big_decimal.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem {

namespace {

struct Unit {
    std::array<std::string_view, 3> names;  // unused slots are empty
    std::int64_t multiplier;
};

// MemorySize.MemoryUnit, in Flink's order; names[1] is the display name of toString().
constexpr std::array<Unit, 5> kUnits{{
    {{"b", "bytes", ""}, 1},
    {{"k", "kb", "kibibytes"}, std::int64_t{1} << 10},
    {{"m", "mb", "mebibytes"}, std::int64_t{1} << 20},
    {{"g", "gb", "gibibytes"}, std::int64_t{1} << 30},
    {{"t", "tb", "tebibytes"}, std::int64_t{1} << 40},
}};

constexpr std::string_view kAllUnits =
    "(b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / "
    "(t | tb | tebibytes)";

const Unit* find_unit(std::string_view name) {
    for (const auto& unit : kUnits) {
        for (std::string_view candidate : unit.names) {
            if (!candidate.empty() && candidate == name) return &unit;
        }
    }
    return nullptr;
}

}  // namespace

MemorySize::MemorySize(std::int64_t bytes) : bytes_(bytes) {
    if (bytes < 0) throw Error::illegal_argument("bytes must be >= 0");
}

MemorySize MemorySize::of_mebibytes(std::int64_t mebibytes) {
    return MemorySize(static_cast<std::int64_t>(static_cast<std::uint64_t>(mebibytes) << 20));
}

MemorySize MemorySize::parse(std::string_view text) {
    Outcome<MemorySize> parsed = parse_outcome(text);
    if (!parsed.ok()) throw parsed.error();
    return parsed.value();
}

Outcome<MemorySize> MemorySize::parse_outcome(std::string_view text) {
    const std::string_view trimmed = java::trim(text);
    if (trimmed.empty()) {
        return Error::illegal_argument("argument is an empty- or whitespace-only string");
    }
    std::size_t pos = 0;
    while (pos < trimmed.size() && trimmed[pos] >= '0' && trimmed[pos] <= '9') ++pos;
    const std::string_view number = trimmed.substr(0, pos);
    const std::string_view unit_text = java::trim(trimmed.substr(pos));
    if (number.empty()) return Error::number_format("text does not start with a number");

    // Long.parseLong of ASCII digits fails only past Long.MAX_VALUE.
    std::int64_t value = 0;
    for (const char digit : number) {
        const int d = digit - '0';
        if (value > (kMaxBytes - d) / 10) {
            return Error::illegal_argument("The value '" + std::string(number) +
                                           "' cannot be re represented as 64bit number (numeric overflow).");
        }
        value = value * 10 + d;
    }

    // toLowerCase(Locale.US), without a string for a short ASCII unit (the usual case; other
    // text takes Java's full mapping, under which e.g. the Kelvin sign is a 'k').
    std::array<char, 16> lower{};
    const bool short_ascii = unit_text.size() <= lower.size() &&
                             std::all_of(unit_text.begin(), unit_text.end(),
                                         [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const Unit* found = nullptr;
    if (short_ascii) {
        std::transform(unit_text.begin(), unit_text.end(), lower.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        found = find_unit(std::string_view(lower.data(), unit_text.size()));
    } else {
        found = find_unit(java::to_lower_us(unit_text));
    }
    std::int64_t multiplier = 1;
    if (found != nullptr) {
        multiplier = found->multiplier;
    } else if (!unit_text.empty()) {
        return Error::illegal_argument(
            "Memory size unit '" + java::to_lower_us(unit_text) +
            "' does not match any of the recognized units: " + std::string(kAllUnits));
    }
    // Java multiplies with wraparound and detects overflow by dividing back.
    const auto result =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(value) * static_cast<std::uint64_t>(multiplier));
    if (result / multiplier != value) {
        return Error::illegal_argument(
            "The value '" + std::string(text) +
            "' cannot be re represented as 64bit number of bytes (numeric overflow).");
    }
    return MemorySize(result);
}

std::string MemorySize::to_string() const {
    // The unit just below the first one that does not divide the value; when every unit divides
    // it (0, or whole tebibytes) Flink falls back to bytes.
    std::size_t unit = 0;
    for (std::size_t i = 1; i < kUnits.size(); ++i) {
        if (bytes_ % kUnits[i].multiplier != 0) {
            unit = i - 1;
            break;
        }
    }
    return std::to_string(bytes_ / kUnits[unit].multiplier) + " " + std::string(kUnits[unit].names[1]);
}

std::string MemorySize::to_human_readable_string() const {
    // The largest unit strictly smaller than the value.
    std::size_t unit = 0;
    for (std::size_t i = 0; i < kUnits.size(); ++i) {
        if (bytes_ > kUnits[i].multiplier) unit = i;
    }
    if (unit == 0) return std::to_string(bytes_) + " bytes";
    const double approximate =
        1.0 * static_cast<double>(bytes_) / static_cast<double>(kUnits[unit].multiplier);
    return java::format_fixed(approximate, 3) + std::string(kUnits[unit].names[1]) + " (" +
           std::to_string(bytes_) + " bytes)";
}

MemorySize MemorySize::add(MemorySize other) const {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(bytes_, other.bytes_, &sum)) {
        throw Error::arithmetic("long overflow");
    }
    return MemorySize(sum);
}

MemorySize MemorySize::subtract(MemorySize other) const {
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(bytes_, other.bytes_, &difference)) {
        throw Error::arithmetic("long overflow");
    }
    return MemorySize(difference);
}

MemorySize MemorySize::multiply(double multiplier) const {
    if (!(multiplier >= 0)) throw Error::illegal_argument("multiplier must be >= 0");
    const auto product = java::multiply_truncated(bytes_, multiplier);
    if (!product) throw Error::arithmetic("long overflow");
    return MemorySize(*product);
}

MemorySize MemorySize::divide(std::int64_t by) const {
    if (by < 0) throw Error::illegal_argument("divisor must be >= 0");
    if (by == 0) throw Error::arithmetic("/ by zero");
    return MemorySize(bytes_ / by);
}

}  // namespace flinkmem
