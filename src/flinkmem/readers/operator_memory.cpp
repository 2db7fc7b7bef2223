#include "flinkmem/readers/operator_memory.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "flinkmem/error.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/memory_size.hpp"

namespace flinkmem {

namespace {

// A java.math.BigDecimal: unscaled decimal digits (no sign, no leading zeros) and a scale.
struct Decimal {
    bool negative = false;
    std::string digits = "0";
    long long scale = 0;
};

Decimal multiply(const Decimal& a, const Decimal& b) {
    std::string product(a.digits.size() + b.digits.size(), '0');
    for (std::size_t i = a.digits.size(); i-- > 0;) {
        int carry = 0;
        for (std::size_t j = b.digits.size(); j-- > 0;) {
            const int sum = (product[i + j + 1] - '0') + (a.digits[i] - '0') * (b.digits[j] - '0') + carry;
            product[i + j + 1] = static_cast<char>('0' + sum % 10);
            carry = sum / 10;
        }
        product[i] = static_cast<char>(product[i] + carry);
    }
    const std::size_t first = product.find_first_not_of('0');
    Decimal result;
    result.digits = first == std::string::npos ? "0" : product.substr(first);
    result.negative = (a.negative != b.negative) && result.digits != "0";
    result.scale = a.scale + b.scale;
    return result;
}

// BigDecimal.toString(): plain when the scale is not negative and the exponent is >= -6, else
// scientific notation with one digit before the point.
std::string to_java_string(const Decimal& value) {
    const std::string& digits = value.digits;
    const long long adjusted = -value.scale + static_cast<long long>(digits.size()) - 1;
    std::string out = value.negative ? "-" : "";
    if (value.scale == 0) return out + digits;
    if (value.scale > 0 && adjusted >= -6) {
        const long long point = static_cast<long long>(digits.size()) - value.scale;
        if (point > 0) {
            return out + digits.substr(0, static_cast<std::size_t>(point)) + "." +
                   digits.substr(static_cast<std::size_t>(point));
        }
        return out + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + fmt::format("E{}{}", adjusted >= 0 ? "+" : "", adjusted);
}

[[noreturn]] void number_format(const std::string& message) {
    throw Error(ErrorClass::NumberFormatException, message);
}

// new BigDecimal(String) for the amount part of a quantity: sign, digits, at most one point.
Decimal parse_amount(std::string_view text) {
    Decimal value;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        value.negative = text[0] == '-';
        text.remove_prefix(1);
    }
    std::string digits;
    bool point = false;
    for (const char c : text) {
        if (c == '.' && !point) {
            point = true;
        } else if (c >= '0' && c <= '9') {
            digits += c;
            if (point) ++value.scale;
        } else {
            number_format(
                fmt::format("Character {} is neither a decimal digit number, decimal point, nor "
                            "\"e\" notation exponential mark.",
                            c));
        }
    }
    if (digits.empty()) number_format("No digits found.");
    const std::size_t first = digits.find_first_not_of('0');
    value.digits = first == std::string::npos ? "0" : digits.substr(first);
    if (value.digits == "0") value.negative = false;
    return value;
}

// 10^exponent as BigDecimal.pow(exponent, MathContext.DECIMAL64) gives it: 16 significant digits.
Decimal power_of_ten(long long exponent) {
    Decimal value;
    if (exponent < 0) {
        value.digits = "1";
        value.scale = -exponent;
    } else if (exponent <= 15) {
        value.digits = "1" + std::string(static_cast<std::size_t>(exponent), '0');
    } else {
        value.digits = "1" + std::string(15, '0');
        value.scale = -(exponent - 15);
    }
    return value;
}

Decimal power_of_two(int exponent) {
    // 2^60 has 19 digits; DECIMAL64 rounds it (HALF_EVEN) to 1.152921504606847E+18.
    if (exponent == 60) return {false, "1152921504606847", -3};
    return {false, std::to_string(1ULL << exponent), 0};
}

// Quantity.getMultiple.
Decimal multiple(const std::string& format) {
    const bool has_digit =
        std::any_of(format.begin(), format.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (has_digit && format.size() > 1) {
        int exponent = 0;
        const std::string digits = format.substr(1);
        const char* begin = digits.data() + (digits.starts_with('+') ? 1 : 0);
        const auto [end, error] = std::from_chars(begin, digits.data() + digits.size(), exponent);
        if (error != std::errc{} || end != digits.data() + digits.size()) {
            number_format(fmt::format("For input string: \"{}\"", digits));
        }
        if (exponent > 999999999 || exponent < -999999999)
            throw Error(ErrorClass::ArithmeticException, "Invalid operation");
        return power_of_ten(exponent);
    }
    static const std::pair<const char*, int> binary[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                                         {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
    for (const auto& [name, exponent] : binary) {
        if (format == name) return power_of_two(exponent);
    }
    static const std::pair<const char*, int> decimal[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"k", 3}, {"M", 6},
                                                          {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
    for (const auto& [name, exponent] : decimal) {
        if (format == name) return power_of_ten(exponent);
    }
    if (format.empty()) return {false, "1", 0};
    throw Error::illegal_argument("Invalid quantity format passed to parse");
}

// Quantity.parse: the amount ends at the first unit character.
std::pair<std::string, std::string> split_quantity(const std::string& text) {
    if (text.empty()) throw Error::illegal_argument("Invalid quantity string format passed.");
    const std::size_t unit = text.find_first_of("eEinumkKMGTP");
    const std::string amount = text.substr(0, unit == std::string::npos ? text.size() : unit);
    const std::string format = unit == std::string::npos ? std::string() : text.substr(unit);
    const bool has_digit =
        std::any_of(format.begin(), format.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (has_digit && std::isalpha(static_cast<unsigned char>(format.back()))) {
        throw Error::illegal_argument("Invalid quantity string format passed");
    }
    return {amount, format};
}

}  // namespace

std::string operator_memory_string(std::string_view memory) {
    try {
        return MemorySize::parse(memory).to_string();
    } catch (const Error& e) {
        // parseResourceMemoryString catches IllegalArgumentException (NumberFormatException is one).
        if (!e.is(ErrorClass::IllegalArgumentException) && !e.is(ErrorClass::NumberFormatException)) throw;
    }
    // formatMemoryStringForK8sSpec.
    std::string quantity;
    for (const char c : java::trim(memory)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
        quantity += c;
    }
    quantity = java::to_upper(quantity);
    if (quantity.ends_with('B')) quantity.pop_back();
    if (quantity.ends_with('I')) quantity.back() = 'i';
    return kubernetes_quantity_amount(quantity);
}

std::string kubernetes_quantity_amount(std::string_view text) {
    // Quantity.parse, then getAmountInBytes (which parses amount + format again, "0" before ".").
    auto [amount, format] = split_quantity(std::string(text));
    std::string value = amount + format;
    if (value.empty()) throw Error::illegal_argument("Invalid quantity value passed to parse");
    if (value.starts_with('.')) value.insert(0, "0");
    std::tie(amount, format) = split_quantity(value);
    return to_java_string(multiply(parse_amount(amount), multiple(format)));
}

}  // namespace flinkmem
