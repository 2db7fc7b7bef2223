#include "flinkmem/report/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "flinkmem/java/strings.hpp"

namespace flinkmem::report {

namespace {

// Bytes that cannot be copied as they are: control characters, '"', '\\' and non-ASCII (checked
// for valid UTF-8).
constexpr std::array<bool, 256> kSpecial = [] {
    std::array<bool, 256> special{};
    for (std::size_t c = 0; c < 256; ++c) special[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
    return special;
}();

}  // namespace

// Many bytes at a time while none of them is special: a batch answer is mostly long plain
// messages and dynamic configs, and a request mostly plain keys and values.
std::size_t plain_json_run_end(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
    // Sixteen bytes at a time: a signed compare with 0x20 catches both the control characters
    // and every byte >= 0x80 (negative as a signed char).
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    while (pos + 16 <= text.size()) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
        const __m128i special =
            _mm_or_si128(_mm_cmplt_epi8(bytes, space),
                         _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
        pos += 16;
    }
#endif
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    while (pos + 8 <= text.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + pos, 8);
        const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
        // A byte < 0x20, a byte >= 0x80, '"' or '\\' anywhere in the word.
        const std::uint64_t special = ((word - kOnes * 0x20) & ~word) | word |
                                      has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\'));
        if ((special & kHighs) != 0) break;
        pos += 8;
    }
    while (pos < text.size() && !kSpecial[static_cast<unsigned char>(text[pos])]) ++pos;
    return pos;
}

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Copy a run of characters that need no escaping in one go.
        std::size_t run = plain_json_run_end(text, pos);
        out.append(text.substr(pos, run - pos));
        pos = run;
        if (pos == text.size()) break;
        const unsigned char c = static_cast<unsigned char>(text[pos]);
        if (c >= 0x80) {
            const std::size_t start = pos;
            const char32_t cp = java::next_code_point(text, pos);
            if (cp == 0xFFFD && !text.substr(start).starts_with("\xEF\xBF\xBD")) {
                out += "\xEF\xBF\xBD";
            } else {
                out.append(text.substr(start, pos - start));
            }
            continue;
        }
        ++pos;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.empty) out_ += ',';
    level.empty = false;
    if (indent_ >= 0) {
        out_ += '\n';
        out_.append(levels_.size() * static_cast<std::size_t>(indent_), ' ');
    }
}

void JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    levels_.push_back({});
}

void JsonWriter::close(char bracket) {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (indent_ >= 0 && !empty) {
        out_ += '\n';
        out_.append(levels_.size() * static_cast<std::size_t>(indent_), ' ');
    }
    out_ += bracket;
}

JsonWriter& JsonWriter::begin_object() {
    open('{');
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    open('[');
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    append_json_string(out_, name);
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    before_value();
    append_json_string(out_, text);
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    before_value();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    out_.append(buffer, result.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    before_value();
    out_ += fmt::format("{}", number);
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    out_.append(json);
    return *this;
}

}  // namespace flinkmem::report
