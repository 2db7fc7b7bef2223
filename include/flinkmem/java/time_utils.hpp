// Flink's TimeUtils.parseDuration, the reader of every Duration option.
#pragma once

#include <string>
#include <string_view>

namespace flinkmem::java {

struct ParsedDuration {
    std::string number;  // the leading digits
    std::string unit;    // the unit label as Flink matched it (lower case); "" means milliseconds
};

// TimeUtils.parseDuration: String.trim(), leading decimal digits, then an optional unit label
// (d, h, min/m, s, ms, µs, ns and their long forms, case-insensitive). Throws flinkmem::Error
// with Flink's class and message: IllegalArgumentException "argument is an empty- or
// whitespace-only string", NumberFormatException "text does not start with a number", or
// IllegalArgumentException "Time interval unit label '<u>' does not match any of the recognized
// units: ..." (the unit list of Flink 1.15+, which added "m" for minutes).
ParsedDuration parse_duration(std::string_view text);

}  // namespace flinkmem::java
