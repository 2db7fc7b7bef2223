#include <doctest/doctest.h>

#include "flinkmem/java/strings.hpp"

using namespace flinkmem::java;

TEST_SUITE("java_strings") {
    TEST_CASE("trim drops every char up to U+0020 and nothing else") {
        CHECK(trim("  1g\t\n") == "1g");
        CHECK(trim(std::string_view("\x01x\x1f", 3)) == "x");
        CHECK(trim("\xC2\xA0x") == "\xC2\xA0x");  // NO-BREAK SPACE is not trimmed by Java
        CHECK(trim("   ").empty());
    }

    TEST_CASE("toLowerCase(Locale.US) and toUpperCase()") {
        CHECK(to_lower_us("MiB KB") == "mib kb");
        CHECK(to_lower_us("\xE2\x84\xAA"
                          "B") == "kb");  // KELVIN SIGN + B
        CHECK(to_lower_us("\xC3\x84"
                          "X") == "\xC3\xA4x");  // Ä -> ä
        CHECK(to_upper("fal\xC5\xBF"
                       "e") == "FALSE");  // long s uppers to S
        CHECK(to_upper("tRuE") == "TRUE");
    }

    TEST_CASE("Character.isWhitespace") {
        CHECK(is_whitespace(U' '));
        CHECK(is_whitespace(U'\t'));
        CHECK(is_whitespace(0x2003));
        CHECK_FALSE(is_whitespace(0x00A0));
        CHECK_FALSE(is_whitespace(0x2007));
        CHECK_FALSE(is_whitespace(U'x'));
    }

    TEST_CASE("UTF-8 decoding never reads past the end") {
        std::size_t pos = 0;
        CHECK(next_code_point("\xE2\x84", pos) == 0xFFFD);
        CHECK(pos == 1);
        std::string out;
        append_utf8(out, 0x1F600);
        pos = 0;
        CHECK(next_code_point(out, pos) == 0x1F600);
    }
}
