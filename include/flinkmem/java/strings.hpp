// java.lang.String behaviour that Flink's parsing depends on. Strings are UTF-8 here; Java
// works on UTF-16 code units, which matters for hashCode() and for what counts as a character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace flinkmem::java {

// String.trim(): drops every char <= U+0020 (space, tab, CR, LF and other controls) at both ends.
std::string_view trim(std::string_view text);

// String.toLowerCase(Locale.US) / String.toUpperCase(). ASCII, Latin-1, Latin Extended-A,
// Greek, Cyrillic and fullwidth letters are mapped; among them the Kelvin sign (U+212A) lowers
// to 'k' and the long s (U+017F) uppers to 'S', so "1 \u212Ab" is one kibibyte as in Java.
std::string to_lower_us(std::string_view utf8);
std::string to_upper(std::string_view utf8);

// String.hashCode() of the UTF-16 form of the text (wrapping 32-bit arithmetic).
std::int32_t hash_code(std::string_view utf8);

// Character.isWhitespace(int codePoint).
bool is_whitespace(char32_t code_point);

// Decodes one code point from UTF-8 at `pos`, advancing it. Invalid, overlong or surrogate
// sequences decode as U+FFFD (one byte at a time).
char32_t next_code_point(std::string_view utf8, std::size_t& pos);

// Appends the UTF-8 encoding of `code_point`.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace flinkmem::java
