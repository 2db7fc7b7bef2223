#include "flinkmem/java/time_utils.hpp"

#include <algorithm>
#include <array>

#include "flinkmem/error.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem::java {

namespace {

// TimeUtils.TimeUnit's labels: singular("x") is x, plural("x") is x and x + "s".
constexpr std::array<std::string_view, 30> kLabels{
    "d",         "day",   "days",   "h",           "hour",
    "hours",     "min",   "m",      "minute",      "minutes",
    "s",         "sec",   "secs",   "second",      "seconds",
    "ms",        "milli", "millis", "millisecond", "milliseconds",
    "\xC2\xB5s", "micro", "micros", "microsecond", "microseconds",
    "ns",        "nano",  "nanos",  "nanosecond",  "nanoseconds"};

constexpr std::string_view kAllUnits =
    "DAYS: (d | day | days), HOURS: (h | hour | hours), MINUTES: (min | m | minute | minutes), "
    "SECONDS: (s | sec | secs | second | seconds), MILLISECONDS: (ms | milli | millis | millisecond | "
    "milliseconds), MICROSECONDS: (\xC2\xB5s | micro | micros | microsecond | microseconds), NANOSECONDS: "
    "(ns | nano | nanos | nanosecond | nanoseconds)";

}  // namespace

ParsedDuration parse_duration(std::string_view text) {
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) throw Error::illegal_argument("argument is an empty- or whitespace-only string");
    std::size_t pos = 0;
    while (pos < trimmed.size() && trimmed[pos] >= '0' && trimmed[pos] <= '9') ++pos;
    if (pos == 0) throw Error::number_format("text does not start with a number");
    ParsedDuration parsed{std::string(trimmed.substr(0, pos)), to_lower_us(trim(trimmed.substr(pos)))};
    if (!parsed.unit.empty() && std::find(kLabels.begin(), kLabels.end(), parsed.unit) == kLabels.end()) {
        throw Error::illegal_argument(
            "Time interval unit label '" + parsed.unit +
            "' does not match any of the recognized units: " + std::string(kAllUnits));
    }
    return parsed;
}

}  // namespace flinkmem::java
