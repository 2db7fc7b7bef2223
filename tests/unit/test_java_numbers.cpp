// flinkmem::java number conversions against what OpenJDK 17 answers. The golden files in
// tests/data/java_numbers/ come from tests/tools/JavaNumbersGolden.java (see its header for the
// format); the hand-written cases below pin the examples and messages the rest of flinkmem
// relies on.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "flinkmem/error.hpp"
#include "flinkmem/java/big_decimal.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"

namespace {

using flinkmem::Error;
namespace java = flinkmem::java;

// Undoes JavaNumbersGolden.escape: \\ \t \n \r and \uXXXX (written back as UTF-8).
std::string unescape(const std::string& field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char kind = field[++i];
        switch (kind) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 'u': {
                const auto code_point =
                    static_cast<std::uint32_t>(std::stoul(field.substr(i + 1, 4), nullptr, 16));
                i += 4;
                java::append_utf8(out, code_point);
                break;
            }
            default:
                out += kind;
                break;
        }
    }
    return out;
}

using Row = std::vector<std::string>;

// The rows of a golden file, each split at tabs and unescaped.
std::vector<Row> read_golden(const std::string& name) {
    const std::string path = std::string(FLINKMEM_TEST_DATA_DIR) + "/java_numbers/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::vector<Row> rows;
    std::string line;
    while (std::getline(in, line)) {
        Row row;
        std::istringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t')) {
            row.push_back(unescape(field));
        }
        if (!line.empty() && line.back() == '\t') {
            row.emplace_back();
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

double double_from_hex(const std::string& hex) {
    return std::bit_cast<double>(std::stoull(hex, nullptr, 16));
}

float float_from_hex(const std::string& hex) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16)));
}

std::string hex(double value) {
    return fmt::format("{:016x}", std::bit_cast<std::uint64_t>(value));
}

std::string hex(float value) {
    return fmt::format("{:08x}", std::bit_cast<std::uint32_t>(value));
}

// What the call returns, formatted by `show`, or "!" + the NumberFormatException message: the
// form the golden files use.
template <typename Call, typename Show>
std::string outcome(Call&& call, Show&& show) {
    try {
        return show(call());
    } catch (const Error& error) {
        CHECK(error.error_class() == flinkmem::ErrorClass::NumberFormatException);
        return "!" + error.message();
    }
}

std::string number_format_message(auto&& call) {
    try {
        call();
    } catch (const Error& error) {
        CHECK(error.error_class() == flinkmem::ErrorClass::NumberFormatException);
        return error.message();
    }
    FAIL("no NumberFormatException");
    return {};
}

}  // namespace

TEST_SUITE("java_numbers") {
    TEST_CASE("Double.toString matches JDK 17 on the golden doubles") {
        const auto rows = read_golden("double_to_string.tsv");
        REQUIRE(rows.size() > 3000);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 2);
            INFO("bits ", row[0]);
            CHECK(java::to_string(double_from_hex(row[0])) == row[1]);
        }
    }

    TEST_CASE("Float.toString matches JDK 17 on the golden floats") {
        const auto rows = read_golden("float_to_string.tsv");
        REQUIRE(rows.size() > 1500);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 2);
            INFO("bits ", row[0]);
            CHECK(java::to_string(float_from_hex(row[0])) == row[1]);
        }
    }

    TEST_CASE("format_fixed matches String.format(Locale.ROOT, \"%.<p>f\")") {
        const auto rows = read_golden("format_fixed.tsv");
        REQUIRE(rows.size() > 3000);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 3);
            INFO("bits ", row[0], " precision ", row[1]);
            CHECK(java::format_fixed(double_from_hex(row[0]), std::stoi(row[1])) == row[2]);
        }
    }

    TEST_CASE("parse_double and parse_float match Double.parseDouble and Float.parseFloat") {
        const auto rows = read_golden("parse_floating.tsv");
        REQUIRE(rows.size() > 1000);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 3);
            INFO("input \"", row[0], "\"");
            CHECK(outcome([&] { return java::parse_double(row[0]); }, [](double d) { return hex(d); }) ==
                  row[1]);
            CHECK(outcome([&] { return java::parse_float(row[0]); }, [](float f) { return hex(f); }) ==
                  row[2]);
        }
    }

    TEST_CASE("parse_int and parse_long match Integer.parseInt and Long.parseLong") {
        const auto rows = read_golden("parse_integer.tsv");
        REQUIRE(rows.size() > 300);
        const auto show = [](auto value) { return std::to_string(value); };
        for (const Row& row : rows) {
            REQUIRE(row.size() == 3);
            INFO("input \"", row[0], "\"");
            CHECK(outcome([&] { return java::parse_int(row[0]); }, show) == row[1]);
            CHECK(outcome([&] { return java::parse_long(row[0]); }, show) == row[2]);
        }
    }

    TEST_CASE("multiply_truncated matches BigDecimal multiply, compareTo and longValue") {
        const auto rows = read_golden("multiply.tsv");
        REQUIRE(rows.size() > 1000);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 4);
            INFO(row[0], " * ", row[2]);
            const double multiplier = double_from_hex(row[1]);
            CHECK(java::to_string(multiplier) == row[2]);
            const std::optional<std::int64_t> product =
                java::multiply_truncated(std::stoll(row[0]), multiplier);
            CHECK((product ? std::to_string(*product) : "OVERFLOW") == row[3]);
        }
    }

    TEST_CASE("round_down_to_scale matches BigDecimal setScale(scale, DOWN).doubleValue()") {
        const auto rows = read_golden("round_down.tsv");
        REQUIRE(rows.size() > 500);
        for (const Row& row : rows) {
            REQUIRE(row.size() == 3);
            INFO("bits ", row[0], " scale ", row[1]);
            const double value = double_from_hex(row[0]);
            const int scale = std::stoi(row[1]);
            CHECK(outcome([&] { return java::round_down_to_scale(value, scale); },
                          [](double d) { return hex(d); }) == row[2]);
        }
    }

    TEST_CASE("JDK 17 printing quirks the rest of flinkmem depends on") {
        // JDK 17 prints one digit more than the shortest form here (JDK 19+ prints 2.82879384806159E17).
        CHECK(java::to_string(2.82879384806159E17) == "2.82879384806159008E17");
        CHECK(java::to_string(1.0E23) == "9.999999999999999E22");  // not the shortest "1.0E23"
        CHECK(java::to_string(static_cast<double>(0.4F)) == "0.4000000059604645");
        CHECK(java::to_string(0.4F) == "0.4");
        CHECK(java::to_string(1e7) == "1.0E7");
        CHECK(java::to_string(9999999.0) == "9999999.0");
        CHECK(java::to_string(0.001) == "0.001");
        CHECK(java::to_string(0.0001) == "1.0E-4");
        CHECK(java::to_string(-0.0) == "-0.0");
        CHECK(java::to_string(std::numeric_limits<double>::quiet_NaN()) == "NaN");
        CHECK(java::to_string(-std::numeric_limits<float>::infinity()) == "-Infinity");

        // "%.3f" rounds HALF_UP on the decimal digits, unlike C's printf.
        CHECK(java::format_fixed(1.0005, 3) == "1.001");
        CHECK(java::format_fixed(0.0004, 3) == "0.000");
        CHECK(java::format_fixed(0.0005, 3) == "0.001");
        CHECK(java::format_fixed(0.0, 3) == "0.000");
        CHECK(java::format_fixed(-0.0, 3) == "-0.000");
        CHECK(java::format_fixed(-0.0001, 3) == "-0.000");
        CHECK(java::format_fixed(2.5, 0) == "3");
        CHECK(java::format_fixed(8388608.0, 3) == "8388608.000");
        CHECK(java::format_fixed(std::numeric_limits<double>::quiet_NaN(), 3) == "NaN");
        CHECK(java::format_fixed(-std::numeric_limits<double>::infinity(), 3) == "-Infinity");
        CHECK_THROWS_AS(java::format_fixed(1.0, -1), Error);
    }

    TEST_CASE("JDK 17 exception messages") {
        CHECK(number_format_message([] { java::parse_double(""); }) == "empty String");
        CHECK(number_format_message([] { java::parse_float(" \t "); }) == "empty String");
        CHECK(number_format_message([] { java::parse_double(" 1e "); }) == "For input string: \"1e\"");
        CHECK(number_format_message([] { java::parse_double("0.5.1"); }) == "multiple points");
        CHECK(number_format_message([] { java::parse_double("1.2.x"); }) == "multiple points");
        CHECK(number_format_message([] { java::parse_double("x1.2.3"); }) == "For input string: \"x1.2.3\"");
        CHECK(number_format_message([] { java::parse_float("0x1p"); }) == "For input string: \"0x1p\"");
        CHECK(number_format_message([] { java::parse_int(""); }) == "For input string: \"\"");
        CHECK(number_format_message([] { java::parse_int("-"); }) == "For input string: \"-\"");
        CHECK(number_format_message([] { java::parse_int(" 1"); }) == "For input string: \" 1\"");
        CHECK(number_format_message([] { java::parse_int("2147483648"); }) ==
              "For input string: \"2147483648\"");
        CHECK(number_format_message([] { java::parse_long("9223372036854775808"); }) ==
              "For input string: \"9223372036854775808\"");
        const std::string not_a_digit =
            " is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.";
        CHECK(number_format_message([] { java::round_down_to_scale(std::nan(""), 8); }) ==
              "Character N" + not_a_digit);
        CHECK(number_format_message([] { java::round_down_to_scale(-INFINITY, 8); }) ==
              "Character I" + not_a_digit);
        CHECK(number_format_message([] { java::multiply_truncated(1, INFINITY); }) ==
              "Character I" + not_a_digit);
    }

    TEST_CASE("parsing accepts Java's forms") {
        CHECK(java::parse_int("-2147483648") == std::numeric_limits<std::int32_t>::min());
        CHECK(java::parse_long("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
        CHECK(java::parse_int("+1") == 1);
        CHECK(java::parse_int("\xEF\xBC\x91\xEF\xBC\x92") == 12);  // fullwidth "１２"
        CHECK(java::parse_int("\xD9\xA3") == 3);                   // Arabic-Indic "٣"
        CHECK(java::parse_double(" 0.5 ") == 0.5);
        CHECK(java::parse_double("0x1p-3") == 0.125);
        CHECK(java::parse_float("0.25d") == 0.25F);
        CHECK(java::parse_double("5.") == 5.0);
        CHECK(java::parse_double(".5") == 0.5);
        CHECK(std::isnan(java::parse_double("+NaN")));
        CHECK(java::parse_double("-Infinity") == -INFINITY);
        CHECK(java::parse_double("1e999") == INFINITY);
        CHECK(std::signbit(java::parse_double("-0")));
        CHECK(java::parse_double("1e-999") == 0.0);
    }

    TEST_CASE("MemorySize.multiply and CPUResource rounding examples") {
        CHECK(java::multiply_truncated(1342177280, static_cast<double>(0.4F)) == 536870920);
        CHECK(java::multiply_truncated(1342177280, 0.4) == 536870912);
        CHECK(java::multiply_truncated(1, 1.0E10) == 10000000000);
        CHECK(java::multiply_truncated(100000, 9.999999747378752E-6) == 0);
        CHECK(java::multiply_truncated(std::numeric_limits<std::int64_t>::max(), 1.0) ==
              std::numeric_limits<std::int64_t>::max());
        CHECK(java::multiply_truncated(std::numeric_limits<std::int64_t>::max(), 1.0000000000000002) ==
              std::nullopt);
        CHECK(java::multiply_truncated(0, 1e300) == 0);
        CHECK(java::multiply_truncated(1, 1e300) == std::nullopt);
        CHECK(java::multiply_truncated(1LL << 62, 1e-300) == 0);

        CHECK(java::round_down_to_scale(0.123456789, 8) == 0.12345678);
        CHECK(java::round_down_to_scale(1e-9, 8) == 0.0);
        CHECK(java::round_down_to_scale(7.77777777777, 8) == 7.77777777);
        CHECK(java::round_down_to_scale(-7.77777777777, 8) == -7.77777777);
        CHECK(java::round_down_to_scale(1e20, 8) == 1e20);
        // BigDecimal has no negative zero.
        CHECK_FALSE(std::signbit(java::round_down_to_scale(-1e-9, 8)));
        CHECK_FALSE(std::signbit(java::round_down_to_scale(-0.0, 8)));
    }

    TEST_CASE("odd input neither crashes nor hangs") {
        using namespace std::string_literals;
        const std::string nul_inside =
            "1\0"s
            "2";
        CHECK(number_format_message([&] { java::parse_int(nul_inside); }) ==
              "For input string: \"" + nul_inside + "\"");
        CHECK(number_format_message([&] { java::parse_double(nul_inside); }) ==
              "For input string: \"" + nul_inside + "\"");
        // String.trim() strips NUL like any other char <= U+0020.
        CHECK(java::parse_double("\0"s
                                 "1.5\0"s) == 1.5);

        for (const std::string& bad : {"\xFF"s, "1\x80"s, "\xC0\xB1"s, "\xE0\x80\xB1"s, "\xED\xA0\x80"s,
                                       "\xD9"s, "\xF0\x9D\x9F\x8E"s, "0x1p1\xFF"s, "\xEF\xBC"s}) {
            INFO("input bytes of length ", bad.size());
            CHECK(number_format_message([&] { java::parse_int(bad); }) ==
                  "For input string: \"" + bad + "\"");
            CHECK(number_format_message([&] { java::parse_long(bad); }) ==
                  "For input string: \"" + bad + "\"");
            CHECK(number_format_message([&] { java::parse_double(bad); }) ==
                  "For input string: \"" + bad + "\"");
            CHECK(number_format_message([&] { java::parse_float(bad); }) ==
                  "For input string: \"" + bad + "\"");
        }

        const std::string ones(100000, '1');
        CHECK(java::parse_double(ones) == INFINITY);
        CHECK(java::parse_float(ones + "e-99999") == 1.1111112F);
        CHECK(java::parse_double(ones + "e-100000") == doctest::Approx(0.1111111111111111));
        CHECK(java::parse_double("0." + std::string(100000, '0') + "1e100000") == doctest::Approx(0.1));
        CHECK(java::parse_double("0x" + ones + "p-399990") == doctest::Approx(1024.0 / 15));
        CHECK(number_format_message([&] { java::parse_int(ones); }) == "For input string: \"" + ones + "\"");
        CHECK(number_format_message([&] { java::parse_long(ones); }) == "For input string: \"" + ones + "\"");
        CHECK(java::parse_long(std::string(100000, '0') + "42") == 42);
        CHECK(number_format_message([] { java::parse_double(std::string(100000, '.')); }) ==
              "multiple points");
        CHECK(number_format_message([] { java::parse_double(std::string(100000, 'e')); }).size() == 100020);

        CHECK(java::format_fixed(std::numeric_limits<double>::max(), 17).size() == 309 + 1 + 17);
        CHECK(java::format_fixed(std::numeric_limits<double>::denorm_min(), 400).starts_with("0.000"));
        CHECK(java::round_down_to_scale(std::numeric_limits<double>::max(), -400) == 0.0);
        CHECK(java::round_down_to_scale(std::numeric_limits<double>::denorm_min(), 2000) ==
              std::numeric_limits<double>::denorm_min());
        CHECK(java::multiply_truncated(std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<double>::max()) == std::nullopt);
        CHECK(java::multiply_truncated(std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<double>::denorm_min()) == 0);
    }
}
