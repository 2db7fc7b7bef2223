// The few java.math.BigDecimal computations Flink's memory logic relies on.
#pragma once

#include <cstdint>
#include <optional>

namespace flinkmem::java {

// BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(multiplier)) truncated toward zero
// (longValue()), as MemorySize.multiply computes it. BigDecimal.valueOf(double) goes through
// Double.toString, so the multiplier counts with its JDK 17 decimal digits.
// Returns nullopt when the exact product exceeds Long.MAX_VALUE.
// Requires value >= 0 and a finite multiplier >= 0.
std::optional<std::int64_t> multiply_truncated(std::int64_t value, double multiplier);

// BigDecimal.valueOf(value).setScale(scale, RoundingMode.DOWN).doubleValue(), as Flink's
// CPUResource keeps 8 decimal places. Throws flinkmem::Error "NumberFormatException" for NaN and
// infinities with the message `new BigDecimal("NaN")` produces in JDK 17.
double round_down_to_scale(double value, int scale);

// BigDecimal.valueOf(value).doubleValue(): the value itself, or the NumberFormatException
// `new BigDecimal("NaN")` (or "Infinity") throws in JDK 17.
double big_decimal_value_of(double value);

}  // namespace flinkmem::java
