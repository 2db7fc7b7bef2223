// Java's number parsing and printing, as OpenJDK 17 does it.
//
// Flink reads and prints numbers with the JDK, and its messages and byte counts depend on the
// JDK's exact behaviour: Float.parseFloat accepts "0x1p-3" and "0.5d", Double.toString of a
// widened float prints "0.4000000059604645", and JDK 17 (unlike 19+) sometimes prints one digit
// more than the shortest representation. Everything here reproduces OpenJDK 17.0.x.
//
// Every parse function throws flinkmem::Error of class "NumberFormatException" with exactly the
// message the JDK would use (e.g. `For input string: "abc"`, `empty String`, `multiple points`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flinkmem::java {

// Integer.parseInt(String) / Long.parseLong(String): optional '+'/'-', then decimal digits
// (any Unicode decimal digit of the BMP, as Character.digit accepts). No trimming.
std::int32_t parse_int(std::string_view text);
std::int64_t parse_long(std::string_view text);

// Float.parseFloat(String) / Double.parseDouble(String): String.trim() first, then the Java
// grammar (decimal with optional exponent, "NaN", "Infinity", hex "0x1.8p3", optional f/F/d/D
// suffix), rounded to nearest.
float parse_float(std::string_view text);
double parse_double(std::string_view text);

// Double.toString(double) / Float.toString(float) exactly as OpenJDK 17 prints them
// (sun.misc/jdk.internal.math.FloatingDecimal, not the shortest-digits algorithm of JDK 19+).
std::string to_string(double value);
std::string to_string(float value);

// String.format(Locale.ROOT, "%.<precision>f", value): JDK 17's digits of the value, rounded
// HALF_UP on those decimal digits (so 1.0005 prints "1.001", unlike C's printf).
std::string format_fixed(double value, int precision);

}  // namespace flinkmem::java
