// java.math.BigDecimal, just far enough for MemorySize.multiply and CPUResource's rounding.
// BigDecimal.valueOf(double) is `new BigDecimal(Double.toString(d))`, so both start from the
// JDK 17 digits of the double and then compute exactly.
#include "flinkmem/java/big_decimal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "big_uint.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem::java {

namespace {

// Powers of ten that fit a 32-bit divisor.
constexpr std::array<std::uint32_t, 10> kPow10 = {1,      10,      100,      1000,      10000,
                                                  100000, 1000000, 10000000, 100000000, 1000000000};
constexpr std::int64_t kMaxPow10Step = 9;

// A decimal number: (negative ? -1 : 1) * digits * 10^-scale, digits in ASCII.
struct Decimal {
    bool negative = false;
    std::string digits;
    std::int64_t scale = 0;
};

// BigDecimal.valueOf(double): the value of Double.toString(value), which has the form
// "[-]D.DDD" or "[-]D.DDDE[-]N".
Decimal decimal_value_of(double value) {
    if (!std::isfinite(value)) {
        // new BigDecimal("NaN" / "Infinity" / "-Infinity") rejects the first letter.
        const char letter = std::isnan(value) ? 'N' : 'I';
        throw Error::number_format(std::string("Character ") + letter +
                                   " is neither a decimal digit number, decimal point, nor \"e\" "
                                   "notation exponential mark.");
    }
    const std::string image = to_string(value);
    std::string_view text = image;
    Decimal decimal;
    if (text.front() == '-') {
        decimal.negative = true;
        text.remove_prefix(1);
    }
    std::int64_t exponent = 0;
    if (const std::size_t e = text.find('E'); e != std::string_view::npos) {
        exponent = parse_int(text.substr(e + 1));
        text = text.substr(0, e);
    }
    const std::size_t point = text.find('.');
    decimal.digits.append(text.substr(0, point)).append(text.substr(point + 1));
    decimal.scale = static_cast<std::int64_t>(text.size() - point - 1) - exponent;
    return decimal;
}

// decimal_value_of, remembered per thread for the doubles converted last: a batch multiplies by
// the same few fractions (0.1, 0.4, 0.25) for every request, and Double.toString is the costly
// part. The reference is valid until the next call.
const Decimal& decimal_value_of_remembered(double value) {
    struct Entry {
        std::uint64_t bits = 0;
        bool used = false;
        Decimal decimal;
    };
    thread_local std::array<Entry, 8> entries{};
    thread_local std::size_t next = 0;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (const Entry& entry : entries) {
        if (entry.used && entry.bits == bits) return entry.decimal;
    }
    Decimal decimal = decimal_value_of(value);  // NaN and infinities throw: nothing is remembered
    Entry& entry = entries[next];
    next = (next + 1) % entries.size();
    entry = {bits, true, std::move(decimal)};
    return entry.decimal;
}

// BigDecimal.doubleValue(): the correctly rounded double, which is what Double.parseDouble of
// the decimal's text gives (JDK 17 falls back to exactly that). BigDecimal has no negative zero.
double to_double(const Decimal& decimal) {
    const double magnitude = parse_double(decimal.digits + "e" + std::to_string(-decimal.scale));
    return decimal.negative && magnitude != 0 ? -magnitude : magnitude;
}

}  // namespace

std::optional<std::int64_t> multiply_truncated(std::int64_t value, double multiplier) {
    using detail::BigUint;
    const Decimal& factor = decimal_value_of_remembered(multiplier);
    const auto value_bits = static_cast<std::uint64_t>(value);
    const bool negative = (value < 0) != factor.negative;
    // Fast path, same arithmetic in 128 bits: up to 19 digits times a 63-bit magnitude stays
    // below 2^127, and so does Long.MAX_VALUE * 10^19.
    if (factor.digits.size() <= 19 && factor.scale >= 0 && factor.scale <= 19) {
        __extension__ typedef unsigned __int128 U128;
        std::uint64_t digits = 0;
        for (const char c : factor.digits) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
        U128 pow10 = 1;
        for (std::int64_t i = 0; i < factor.scale; ++i) pow10 *= 10;
        const std::uint64_t magnitude = value < 0 ? std::uint64_t{0} - value_bits : value_bits;
        const U128 product = static_cast<U128>(magnitude) * digits;
        if (!negative && product > static_cast<U128>(std::numeric_limits<std::int64_t>::max()) * pow10) {
            return std::nullopt;
        }
        const auto low = static_cast<std::uint64_t>(product / pow10);
        return static_cast<std::int64_t>(negative ? std::uint64_t{0} - low : low);
    }
    // Work on magnitudes; unsigned negation keeps Long.MIN_VALUE's magnitude exact.
    const BigUint magnitude(value < 0 ? std::uint64_t{0} - value_bits : value_bits);
    BigUint product = magnitude * BigUint::from_decimal(factor.digits);

    // product * 10^-scale is the exact BigDecimal product; compare it with Long.MAX_VALUE.
    BigUint limit(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (factor.scale > 0) {
        limit.multiply_pow10(static_cast<int>(factor.scale));
    } else {
        product.multiply_pow10(static_cast<int>(-factor.scale));
    }
    if (!negative && compare(product, limit) > 0) {
        return std::nullopt;
    }
    // longValue(): truncate toward zero, then keep the low 64 bits of the two's complement.
    for (std::int64_t remaining = factor.scale; remaining > 0; remaining -= kMaxPow10Step) {
        product.divide(kPow10[static_cast<std::size_t>(std::min(remaining, kMaxPow10Step))]);
    }
    const std::uint64_t low = product.low_u64();
    return static_cast<std::int64_t>(negative ? std::uint64_t{0} - low : low);
}

double big_decimal_value_of(double value) {
    // A finite double's shortest decimal digits read back as the same double.
    return to_double(decimal_value_of(value));
}

double round_down_to_scale(double value, int scale) {
    Decimal decimal = decimal_value_of(value);
    // setScale(scale, RoundingMode.DOWN) drops the digits below 10^-scale; a larger scale keeps
    // the value.
    if (decimal.scale > scale) {
        const std::int64_t dropped = decimal.scale - scale;
        const auto kept = static_cast<std::int64_t>(decimal.digits.size()) - dropped;
        decimal.digits.resize(kept > 0 ? static_cast<std::size_t>(kept) : 0);
        if (decimal.digits.empty()) {
            decimal.digits = "0";
        }
        decimal.scale = scale;
    }
    return to_double(decimal);
}

}  // namespace flinkmem::java
