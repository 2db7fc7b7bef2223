#include <doctest/doctest.h>

#include "flinkmem/error.hpp"
#include "flinkmem/memory_size.hpp"

using flinkmem::Error;
using flinkmem::MemorySize;

namespace {

// The message of the error `parse` throws (empty when it does not throw).
std::string parse_error(std::string_view text) {
    try {
        MemorySize::parse(text);
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
    return {};
}

}  // namespace

TEST_SUITE("memory_size") {
    TEST_CASE("parse accepts Flink's units in any case, with whitespace") {
        CHECK(MemorySize::parse("1728m").bytes() == 1728LL << 20);
        CHECK(MemorySize::parse(" 1 GB\n").bytes() == 1LL << 30);
        CHECK(MemorySize::parse("7 kibibytes").bytes() == 7 * 1024);
        CHECK(MemorySize::parse("123").bytes() == 123);
        CHECK(MemorySize::parse("2t").bytes() == 2LL << 40);
        CHECK(MemorySize::parse("0 BYTES").bytes() == 0);
        CHECK(MemorySize::parse("1 \xE2\x84\xAA"
                                "b")
                  .bytes() == 1024);  // Kelvin sign, as in Java
        CHECK(MemorySize::parse("9223372036854775807").bytes() == MemorySize::kMaxBytes);
    }

    TEST_CASE("parse rejects what Flink rejects, with Flink's messages") {
        CHECK(parse_error("") == "IllegalArgumentException: argument is an empty- or whitespace-only string");
        CHECK(parse_error("-1m") == "NumberFormatException: text does not start with a number");
        CHECK(parse_error("1.5g") ==
              "IllegalArgumentException: Memory size unit '.5g' does not match any of the recognized "
              "units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / "
              "(t | tb | tebibytes)");
        CHECK(parse_error("1 MiB") ==
              "IllegalArgumentException: Memory size unit 'mib' does not match any of the recognized "
              "units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / "
              "(t | tb | tebibytes)");
        CHECK(parse_error("99999999999999999999") ==
              "IllegalArgumentException: The value '99999999999999999999' cannot be re represented as "
              "64bit number (numeric overflow).");
        CHECK(parse_error(" 8388608t") ==
              "IllegalArgumentException: The value ' 8388608t' cannot be re represented as 64bit number "
              "of bytes (numeric overflow).");
        CHECK(parse_error("\xEF\xBC\x91g") == "NumberFormatException: text does not start with a number");
    }

    TEST_CASE("toString uses the largest unit that divides exactly") {
        CHECK(MemorySize::parse("128m").to_string() == "128 mb");
        CHECK(MemorySize::parse("0").to_string() == "0 bytes");
        CHECK(MemorySize::parse("1536k").to_string() == "1536 kb");
        CHECK(MemorySize::parse("1025").to_string() == "1025 bytes");
        // Divisible by every unit: Flink falls back to bytes.
        CHECK(MemorySize::parse("1t").to_string() == "1099511627776 bytes");
    }

    TEST_CASE("toHumanReadableString picks the largest unit strictly below the value") {
        CHECK(MemorySize(536870920).to_human_readable_string() == "512.000mb (536870920 bytes)");
        CHECK(MemorySize(1LL << 30).to_human_readable_string() == "1024.000mb (1073741824 bytes)");
        CHECK(MemorySize(1024).to_human_readable_string() == "1024 bytes");
        CHECK(MemorySize(1025).to_human_readable_string() == "1.001kb (1025 bytes)");
        CHECK(MemorySize(0).to_human_readable_string() == "0 bytes");
        CHECK(MemorySize::max_value().to_human_readable_string() ==
              "8388608.000tb (9223372036854775807 bytes)");
        CHECK(MemorySize(1811939328).to_human_readable_string() == "1.688gb (1811939328 bytes)");
    }

    TEST_CASE("arithmetic is exact and fails like Java") {
        CHECK(MemorySize(5).add(MemorySize(7)).bytes() == 12);
        CHECK_THROWS_WITH_AS(MemorySize::max_value().add(MemorySize(1)), "long overflow", Error);
        CHECK_THROWS_WITH_AS(MemorySize(1).subtract(MemorySize(2)), "bytes must be >= 0", Error);
        CHECK_THROWS_WITH_AS(MemorySize(-1), "bytes must be >= 0", Error);
        CHECK_THROWS_WITH_AS(MemorySize(1).multiply(-0.5), "multiplier must be >= 0", Error);
    }

    TEST_CASE("multiply truncates the BigDecimal product of the float-widened fraction") {
        // 0.4f widened is 0.4000000059604645, so 1280 MiB x 0.4 is 536870920, not 512 MiB.
        CHECK(MemorySize(1342177280).multiply(static_cast<double>(0.4F)).bytes() == 536870920);
        CHECK(MemorySize(1342177280).multiply(static_cast<double>(0.1F)).bytes() == 134217730);
        CHECK_THROWS_WITH_AS(MemorySize::max_value().multiply(1.5), "long overflow", Error);
    }
}
