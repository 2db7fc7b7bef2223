// Ports of the OpenJDK 17 number conversions Flink relies on. The printing side follows
// jdk.internal.math.FloatingDecimal and FormattedFloatingDecimal line by line, including their
// quirks (Java's int/long wraparound is emulated with unsigned arithmetic). The parsing side
// checks Java's grammar itself, ports the rounding of hex literals, and leaves the correctly
// rounded decimal conversion to the C library in the "C" locale.
#include "flinkmem/java/numbers.hpp"

#include <locale.h>
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>

#include "big_uint.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem::java {

namespace {

// ---------------------------------------------------------------------------------------------
// Binary to decimal: FloatingDecimal.BinaryToASCIIBuffer
// ---------------------------------------------------------------------------------------------

// IEEE-754 double layout (jdk.internal.math.DoubleConsts).
constexpr int kExpShift = 52;
constexpr std::uint64_t kFractHob = std::uint64_t{1} << kExpShift;  // the implicit leading 1
constexpr std::uint64_t kSignifBitMask = kFractHob - 1;
constexpr std::uint64_t kExpBitMask = 0x7FF0000000000000;
constexpr std::uint64_t kSignBitMask = 0x8000000000000000;
constexpr int kExpBias = 1023;
constexpr std::uint64_t kExpOne = std::uint64_t{kExpBias} << kExpShift;

// IEEE-754 float layout (jdk.internal.math.FloatConsts).
constexpr int kSingleExpShift = 23;
constexpr std::uint32_t kSingleFractHob = std::uint32_t{1} << kSingleExpShift;
constexpr std::uint32_t kSingleSignifBitMask = kSingleFractHob - 1;
constexpr std::uint32_t kSingleExpBitMask = 0x7F800000;
constexpr std::uint32_t kSingleSignBitMask = 0x80000000;
constexpr int kSingleExpBias = 127;

constexpr int kMaxSmallBinExp = 62;
constexpr int kMinSmallBinExp = -(63 / 3);

// FDBigInteger.SMALL_5_POW and LONG_5_POW.
constexpr auto kSmall5Pow = [] {
    std::array<std::uint32_t, 14> table{};
    std::uint32_t value = 1;
    for (auto& entry : table) {
        entry = value;
        value *= 5;
    }
    return table;
}();
constexpr auto kLong5Pow = [] {
    std::array<std::uint64_t, 27> table{};
    std::uint64_t value = 1;
    for (auto& entry : table) {
        entry = value;
        value *= 5;
    }
    return table;
}();

// BinaryToASCIIBuffer.N_5_BITS: approximately ceil(log2(5^i)).
constexpr std::array<int, 27> kN5Bits = {0,  3,  5,  7,  10, 12, 14, 17, 19, 21, 24, 26, 28, 31,
                                         33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61};

// BinaryToASCIIBuffer.insignificantDigitsNumber: the number of decimal digits of 2^i, minus one.
constexpr std::array<int, 64> kInsignificantDigitsNumber = {
    0,  0,  0,  0,  1,  1,  1,  2,  2,  2,  3,  3,  3,  3,  4,  4,  4,  5,  5,  5,  6,  6,
    6,  6,  7,  7,  7,  8,  8,  8,  9,  9,  9,  9,  10, 10, 10, 11, 11, 11, 12, 12, 12, 12,
    13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19};

// Java's int and long operations wrap around and mask shift distances; C++'s signed ones must
// not overflow. These helpers compute on unsigned values and reinterpret the bits.
constexpr std::int64_t as_long(std::uint64_t bits) {
    return static_cast<std::int64_t>(bits);
}
constexpr std::uint32_t java_shl(std::uint32_t value, int distance) {
    return value << (distance & 31);
}
constexpr std::uint64_t java_shl(std::uint64_t value, int distance) {
    return value << (distance & 63);
}

// BinaryToASCIIBuffer.estimateDecExp: floor(log10(d)) or one more, from plain double arithmetic
// (which is why the library is built with -ffp-contract=off).
int estimate_dec_exp(std::uint64_t fract_bits, int bin_exp) {
    const double d2 = std::bit_cast<double>(kExpOne | (fract_bits & kSignifBitMask));
    const double d =
        (d2 - 1.5) * 0.289529654 + 0.176091259 + static_cast<double>(bin_exp) * 0.301029995663981;
    const auto d_bits = std::bit_cast<std::uint64_t>(d);
    const int exponent = static_cast<int>((d_bits & kExpBitMask) >> kExpShift) - kExpBias;
    const bool is_negative = (d_bits & kSignBitMask) != 0;
    if (exponent >= 0 && exponent < 52) {
        const std::uint64_t mask = kSignifBitMask >> exponent;
        const int r = static_cast<int>(((d_bits & kSignifBitMask) | kFractHob) >> (kExpShift - exponent));
        if (!is_negative) {
            return r;
        }
        return (mask & d_bits) == 0 ? -r : -r - 1;
    }
    if (exponent < 0) {
        return ((d_bits & ~kSignBitMask) == 0 || !is_negative) ? 0 : -1;
    }
    return static_cast<int>(d);
}

// BinaryToASCIIBuffer.insignificantDigitsForPow2.
int insignificant_digits_for_pow2(int p2) {
    if (p2 > 1 && p2 < static_cast<int>(kInsignificantDigitsNumber.size())) {
        return kInsignificantDigitsNumber[static_cast<std::size_t>(p2)];
    }
    return 0;
}

// The decimal digits of a finite double: value = 0.<digits> * 10^dec_exponent.
// Ports BinaryToASCIIBuffer's state and digit generation.
class DecimalDigits {
public:
    // FloatingDecimal.getBinaryToASCIIConverter(double, isCompatibleFormat), finite values only.
    // isCompatibleFormat is Double.toString's mode; false (Formatter's "%f") asks for at least
    // two digit iterations.
    static DecimalDigits of(double value, bool compatible_format) {
        const auto d_bits = std::bit_cast<std::uint64_t>(value);
        DecimalDigits result;
        result.negative_ = (d_bits & kSignBitMask) != 0;
        std::uint64_t fract_bits = d_bits & kSignifBitMask;
        int bin_exp = static_cast<int>((d_bits & kExpBitMask) >> kExpShift);
        int n_significant_bits = 0;
        if (bin_exp == 0) {
            if (fract_bits == 0) {
                result.digits_ = "0";  // B2AC_POSITIVE_ZERO / B2AC_NEGATIVE_ZERO
                return result;
            }
            const int leading_zeros = std::countl_zero(fract_bits);
            const int shift = leading_zeros - (63 - kExpShift);
            fract_bits <<= shift;
            bin_exp = 1 - shift;
            n_significant_bits = 64 - leading_zeros;
        } else {
            fract_bits |= kFractHob;
            n_significant_bits = kExpShift + 1;
        }
        bin_exp -= kExpBias;
        result.dtoa(bin_exp, fract_bits, n_significant_bits, compatible_format);
        return result;
    }

    // FloatingDecimal.getBinaryToASCIIConverter(float), finite values only.
    static DecimalDigits of(float value) {
        const auto f_bits = std::bit_cast<std::uint32_t>(value);
        DecimalDigits result;
        result.negative_ = (f_bits & kSingleSignBitMask) != 0;
        std::uint32_t fract_bits = f_bits & kSingleSignifBitMask;
        int bin_exp = static_cast<int>((f_bits & kSingleExpBitMask) >> kSingleExpShift);
        int n_significant_bits = 0;
        if (bin_exp == 0) {
            if (fract_bits == 0) {
                result.digits_ = "0";
                return result;
            }
            const int leading_zeros = std::countl_zero(fract_bits);
            const int shift = leading_zeros - (31 - kSingleExpShift);
            fract_bits <<= shift;
            bin_exp = 1 - shift;
            n_significant_bits = 32 - leading_zeros;
        } else {
            fract_bits |= kSingleFractHob;
            n_significant_bits = kSingleExpShift + 1;
        }
        bin_exp -= kSingleExpBias;
        result.dtoa(bin_exp, std::uint64_t{fract_bits} << (kExpShift - kSingleExpShift), n_significant_bits,
                    true);
        return result;
    }

    bool negative() const { return negative_; }
    int dec_exponent() const { return dec_exponent_; }
    std::string& digits() { return digits_; }

    // BinaryToASCIIBuffer.getChars: Double.toString's layout.
    std::string java_format() const {
        std::string out;
        if (negative_) {
            out += '-';
        }
        const int n_digits = static_cast<int>(digits_.size());
        if (dec_exponent_ > 0 && dec_exponent_ < 8) {
            const int integer_digits = std::min(n_digits, dec_exponent_);
            out.append(digits_, 0, static_cast<std::size_t>(integer_digits));
            if (integer_digits < dec_exponent_) {
                out.append(static_cast<std::size_t>(dec_exponent_ - integer_digits), '0');
                out += ".0";
            } else {
                out += '.';
                if (integer_digits < n_digits) {
                    out.append(digits_, static_cast<std::size_t>(integer_digits));
                } else {
                    out += '0';
                }
            }
        } else if (dec_exponent_ <= 0 && dec_exponent_ > -3) {
            out += "0.";
            out.append(static_cast<std::size_t>(-dec_exponent_), '0');
            out += digits_;
        } else {
            out += digits_[0];
            out += '.';
            if (n_digits > 1) {
                out.append(digits_, 1);
            } else {
                out += '0';
            }
            out += 'E';
            if (dec_exponent_ <= 0) {
                out += '-';
                out += std::to_string(-dec_exponent_ + 1);
            } else {
                out += std::to_string(dec_exponent_ - 1);
            }
        }
        return out;
    }

private:
    // BinaryToASCIIBuffer.developLongDigits (called with decExponent 0): the digits of an integer,
    // dropping `insignificant` low-order digits with rounding, and trailing zeros.
    void develop_long_digits(std::int64_t lvalue, int insignificant) {
        int dec_exp = 0;
        if (insignificant != 0) {
            const std::int64_t pow10 =
                as_long(kLong5Pow[static_cast<std::size_t>(insignificant)] << insignificant);
            const std::int64_t residue = lvalue % pow10;
            lvalue /= pow10;
            dec_exp += insignificant;
            if (residue >= (pow10 >> 1)) {
                ++lvalue;
            }
        }
        // Java uses int arithmetic when the value fits, only for speed.
        std::string reversed;
        std::int64_t c = lvalue % 10;
        lvalue /= 10;
        while (c == 0) {
            ++dec_exp;
            c = lvalue % 10;
            lvalue /= 10;
        }
        while (lvalue != 0) {
            reversed += static_cast<char>('0' + c);
            ++dec_exp;
            c = lvalue % 10;
            lvalue /= 10;
        }
        reversed += static_cast<char>('0' + c);
        digits_.assign(reversed.rbegin(), reversed.rend());
        dec_exponent_ = dec_exp + 1;
    }

    // BinaryToASCIIBuffer.dtoa.
    void dtoa(int bin_exp, std::uint64_t fract_bits, int n_significant_bits, bool compatible_format) {
        const int tail_zeros = std::countr_zero(fract_bits);
        // Number of significant bits of fract_bits.
        const int n_fract_bits = kExpShift + 1 - tail_zeros;
        // Number of significant bits to the right of the binary point.
        const int n_tiny_bits = std::max(0, n_fract_bits - bin_exp - 1);
        if (bin_exp <= kMaxSmallBinExp && bin_exp >= kMinSmallBinExp && n_tiny_bits == 0) {
            // An integer that fits in a long: print it, dropping digits below the precision.
            // (Java also tests that fract_bits * 5^n_tiny_bits fits, which always holds here.)
            const int insignificant = bin_exp > n_significant_bits
                                          ? insignificant_digits_for_pow2(bin_exp - n_significant_bits - 1)
                                          : 0;
            if (bin_exp >= kExpShift) {
                fract_bits <<= (bin_exp - kExpShift);
            } else {
                fract_bits >>= (kExpShift - bin_exp);
            }
            develop_long_digits(as_long(fract_bits), insignificant);
            return;
        }
        // The hard case: digits of B/S, stopping when the remainder is within M (half an ulp),
        // all scaled to integers by powers of 2 and 5.
        int dec_exp = estimate_dec_exp(fract_bits, bin_exp);
        const int b5 = std::max(0, -dec_exp);
        int b2 = b5 + n_tiny_bits + bin_exp;
        const int s5 = std::max(0, dec_exp);
        int s2 = s5 + n_tiny_bits;
        const int m5 = b5;
        int m2 = b2 - n_significant_bits;

        fract_bits >>= tail_zeros;
        b2 -= n_fract_bits - 1;
        const int common2factor = std::min(b2, s2);
        b2 -= common2factor;
        s2 -= common2factor;
        m2 -= common2factor;
        // For exact powers of two the next smaller double is only half as far away.
        if (n_fract_bits == 1) {
            m2 -= 1;
        }
        if (m2 < 0) {
            b2 -= m2;
            s2 -= m2;
            m2 = 0;
        }

        const auto pow5_bits = [](int p5) {
            return p5 < static_cast<int>(kN5Bits.size()) ? kN5Bits[static_cast<std::size_t>(p5)] : p5 * 3;
        };
        // Approximate bit lengths of B and 10*S.
        const int b_bits = n_fract_bits + b2 + pow5_bits(b5);
        const int ten_s_bits = s2 + 1 + pow5_bits(s5 + 1);

        bool low = false;
        bool high = false;
        std::int64_t low_digit_difference = 0;
        digits_.clear();
        // After the first digit Java requires at least one more in E-form (and always in the
        // Formatter's mode), so the stopping tests are cleared.
        const auto force_second_digit = [&] { return !compatible_format || dec_exp < -3 || dec_exp >= 8; };
        // The first quotient is zero when the exponent estimate was one too high.
        const auto first_digit = [&](int q) {
            if (q == 0 && !high) {
                --dec_exp;
            } else {
                digits_ += static_cast<char>('0' + q);
            }
            if (force_second_digit()) {
                high = low = false;
            }
        };

        // Java's int path and long path are the same loop at two widths; the width matters
        // because the arithmetic wraps around at it.
        const auto fixed_width_digits = [&](auto width, const auto& pow5) {
            using Unsigned = decltype(width);
            const auto sig = [](Unsigned v) { return static_cast<std::make_signed_t<Unsigned>>(v); };
            Unsigned b = java_shl(static_cast<Unsigned>(fract_bits) * pow5[static_cast<std::size_t>(b5)], b2);
            const Unsigned s = java_shl(pow5[static_cast<std::size_t>(s5)], s2);
            Unsigned m = java_shl(pow5[static_cast<std::size_t>(m5)], m2);
            const Unsigned tens = s * 10;
            int q = static_cast<int>(sig(b) / sig(s));
            b = 10 * static_cast<Unsigned>(sig(b) % sig(s));
            m *= 10;
            low = sig(b) < sig(m);
            high = sig(b + m) > sig(tens);
            first_digit(q);
            while (!low && !high) {
                q = static_cast<int>(sig(b) / sig(s));
                b = 10 * static_cast<Unsigned>(sig(b) % sig(s));
                m *= 10;
                if (sig(m) > 0) {
                    low = sig(b) < sig(m);
                    high = sig(b + m) > sig(tens);
                } else {
                    // m overflowed: Java treats it as certainly larger than b.
                    low = true;
                    high = true;
                }
                digits_ += static_cast<char>('0' + q);
            }
            low_digit_difference = sig(static_cast<Unsigned>(b << 1) - tens);
        };

        if (b_bits < 64 && ten_s_bits < 64) {
            if (b_bits < 32 && ten_s_bits < 32) {
                fixed_width_digits(std::uint32_t{}, kSmall5Pow);
            } else {
                fixed_width_digits(std::uint64_t{}, kLong5Pow);
            }
        } else {
            // FDBigInteger arithmetic. Java normalizes S, B, M and 10S by the same power of two
            // to speed up division; exact arithmetic needs no such scaling.
            using detail::BigUint;
            const BigUint s_val = BigUint::pow5_pow2(s5, s2);
            BigUint b_val(fract_bits);
            b_val.multiply_pow5(b5).shift_left(b2);
            BigUint m_val = BigUint::pow5_pow2(m5 + 1, m2 + 1);  // already times 10
            const BigUint ten_s_val = BigUint::pow5_pow2(s5 + 1, s2 + 1);
            // FDBigInteger.quoRemIteration: q = B / S, B = 10 * (B % S).
            const auto quo_rem_iteration = [&] {
                int q = 0;
                while (compare(b_val, s_val) >= 0) {
                    b_val.subtract(s_val);
                    ++q;
                }
                b_val.multiply(10);
                return q;
            };
            // FDBigInteger.addAndCmp(B, M) <= 0, i.e. B + M >= 10S.
            const auto reaches_ten_s = [&] { return compare(ten_s_val, BigUint(b_val).add(m_val)) <= 0; };

            int q = quo_rem_iteration();
            low = compare(b_val, m_val) < 0;
            high = reaches_ten_s();
            first_digit(q);
            while (!low && !high) {
                q = quo_rem_iteration();
                m_val.multiply(10);
                low = compare(b_val, m_val) < 0;
                high = reaches_ten_s();
                digits_ += static_cast<char>('0' + q);
            }
            if (high && low) {
                low_digit_difference = compare(b_val.shift_left(1), ten_s_val);
            }
        }
        dec_exponent_ = dec_exp + 1;
        // The last digit is rounded by the stopping condition, ties to an even digit.
        if (high) {
            if (low) {
                if (low_digit_difference == 0) {
                    if (((digits_.back() - '0') & 1) != 0) {
                        roundup();
                    }
                } else if (low_digit_difference > 0) {
                    roundup();
                }
            } else {
                roundup();
            }
        }
    }

    // BinaryToASCIIBuffer.roundup: adds one to the last digit. On a carry out of the first
    // digit Java sets it to '1' and keeps the count of digits (the rest are '0').
    void roundup() {
        std::size_t i = digits_.size() - 1;
        char q = digits_[i];
        if (q == '9') {
            while (q == '9' && i > 0) {
                digits_[i] = '0';
                q = digits_[--i];
            }
            if (q == '9') {
                dec_exponent_ += 1;
                digits_[0] = '1';
                return;
            }
        }
        digits_[i] = static_cast<char>(q + 1);
    }

    bool negative_ = false;
    int dec_exponent_ = 0;
    std::string digits_;
};

// The strings FloatingDecimal uses for the values without digits.
std::string exceptional_image(bool is_nan, bool negative) {
    if (is_nan) {
        return "NaN";
    }
    return negative ? "-Infinity" : "Infinity";
}

// ---------------------------------------------------------------------------------------------
// Formatter "%.<p>f": FormattedFloatingDecimal in DECIMAL_FLOAT form
// ---------------------------------------------------------------------------------------------

// FormattedFloatingDecimal.applyPrecision: rounds the digit string HALF_UP to `prec` digits in
// place (keeping its length); returns the possibly incremented decimal exponent.
int apply_precision(int dec_exp, std::string& digits, std::int64_t prec) {
    const auto n_digits = static_cast<std::int64_t>(digits.size());
    if (prec >= n_digits || prec < 0) {
        return dec_exp;
    }
    const auto p = static_cast<std::size_t>(prec);
    if (p == 0) {
        // The precision excludes every significant digit: the result is 0 or 1.
        if (digits[0] >= '5') {
            digits.assign(digits.size(), '0');
            digits[0] = '1';
            return dec_exp + 1;
        }
        digits.assign(digits.size(), '0');
        return dec_exp;
    }
    if (digits[p] >= '5') {
        std::size_t i = p - 1;
        while (digits[i] == '9' && i > 0) {
            --i;
        }
        if (digits[i] == '9') {
            digits.assign(digits.size(), '0');
            digits[0] = '1';
            return dec_exp + 1;
        }
        ++digits[i];
        std::fill(digits.begin() + static_cast<std::ptrdiff_t>(i) + 1, digits.end(), '0');
    } else {
        std::fill(digits.begin() + static_cast<std::ptrdiff_t>(p), digits.end(), '0');
    }
    return dec_exp;
}

// FormattedFloatingDecimal.fillDecimal for a non-negative value: the mantissa, with at most
// `precision` decimals and no trailing ".0".
std::string fill_decimal(std::int64_t precision, const std::string& digits, int exp) {
    const auto n_digits = static_cast<std::int64_t>(digits.size());
    std::string mantissa;
    if (exp > 0) {
        if (n_digits < exp) {
            mantissa = digits;
            mantissa.append(static_cast<std::size_t>(exp - n_digits), '0');
        } else {
            const std::int64_t t = std::min(n_digits - exp, precision);
            mantissa.assign(digits, 0, static_cast<std::size_t>(exp));
            if (t > 0) {
                mantissa += '.';
                mantissa.append(digits, static_cast<std::size_t>(exp), static_cast<std::size_t>(t));
            }
        }
        return mantissa;
    }
    const std::int64_t zeros = std::max<std::int64_t>(0, std::min<std::int64_t>(-exp, precision));
    const std::int64_t t = std::max<std::int64_t>(0, std::min(n_digits, precision + exp));
    if (zeros == 0 && t == 0) {
        return "0";
    }
    mantissa = "0.";
    mantissa.append(static_cast<std::size_t>(zeros), '0');
    mantissa.append(digits, 0, static_cast<std::size_t>(t));
    return mantissa;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

[[noreturn]] void throw_for_input_string(std::string_view text) {
    throw Error::number_format("For input string: \"" + std::string(text) + "\"");
}

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex_digit(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// String.trim(): strips every char <= U+0020 at both ends. In UTF-8 those are single bytes.
std::string_view java_trim(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ') {
        ++begin;
    }
    while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ') {
        --end;
    }
    return text.substr(begin, end - begin);
}

// What FloatingDecimal.readJavaFormatString returns (its ASCIIToBinaryConverter): either the
// magnitude already computed for both types (NaN, infinities, zeros, hex literals), or the
// decimal digits as an unsigned C literal for strtod/strtof.
struct ParsedFloating {
    bool negative = false;
    std::string decimal;  // empty when the magnitudes below hold the value
    double double_magnitude = 0;
    float float_magnitude = 0;

    double double_value() const;
    float float_value() const;
};

int hex_digit_value(char c) {
    if (is_ascii_digit(c)) {
        return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
}

std::string_view strip_leading_zeros(std::string_view s) {
    const std::size_t first = s.find_first_not_of('0');
    return first == std::string_view::npos ? std::string_view{} : s.substr(first);
}

// FloatingDecimal.parseHexString after its pattern matched: rounds the hex significand to
// nearest even, separately for double and float, as Java does (glibc's strtof gets some
// subnormal float cases wrong, e.g. 0x1.000001p-150).
void convert_hex(std::string_view integer_part, std::string_view fraction_part, bool exponent_negative,
                 std::string_view exponent_digits, ParsedFloating& result) {
    // Normalize to a single hex digit before the point, tracking the binary exponent.
    std::string significand;
    std::int64_t left_digits = 0;
    std::int64_t right_digits = 0;
    if (fraction_part.empty()) {
        significand = strip_leading_zeros(integer_part);
        left_digits = static_cast<std::int64_t>(significand.size());
    } else {
        const std::string_view integer_digits = strip_leading_zeros(integer_part);
        left_digits = static_cast<std::int64_t>(integer_digits.size());
        right_digits = static_cast<std::int64_t>(fraction_part.size());
        significand =
            std::string(strip_leading_zeros(std::string(integer_digits) + std::string(fraction_part)));
    }
    const auto signif_length = static_cast<std::int64_t>(significand.size());
    if (signif_length == 0) {
        return;  // a zero, whatever the exponent
    }
    const std::int64_t exponent_adjust =
        left_digits >= 1 ? 4 * (left_digits - 1) : -4 * (right_digits - signif_length + 1);

    // Java reads the exponent with Integer.parseInt; on overflow the result is 0 or infinity.
    std::int64_t raw_exponent = 0;
    for (const char c : exponent_digits) {
        raw_exponent = raw_exponent * 10 + (c - '0');
        if (raw_exponent > std::numeric_limits<std::int32_t>::max()) {
            if (!exponent_negative) {
                result.double_magnitude = std::numeric_limits<double>::infinity();
                result.float_magnitude = std::numeric_limits<float>::infinity();
            }
            return;
        }
    }
    std::int64_t exponent = (exponent_negative ? -raw_exponent : raw_exponent) + exponent_adjust;

    // Copy the leading 1 to bit 52 and as many further bits as fit; keep round and sticky bits.
    const auto leading_digit = static_cast<std::uint64_t>(hex_digit_value(significand[0]));
    std::uint64_t bits = 0;
    int next_shift = 0;
    if (leading_digit == 1) {
        bits = std::uint64_t{1} << 52;
        next_shift = 52 - 4;
    } else if (leading_digit <= 3) {
        bits = leading_digit << 51;
        next_shift = 52 - 5;
        exponent += 1;
    } else if (leading_digit <= 7) {
        bits = leading_digit << 50;
        next_shift = 52 - 6;
        exponent += 2;
    } else {
        bits = leading_digit << 49;
        next_shift = 52 - 7;
        exponent += 3;
    }
    std::size_t i = 1;
    for (; i < significand.size() && next_shift >= 0; ++i) {
        bits |= static_cast<std::uint64_t>(hex_digit_value(significand[i])) << next_shift;
        next_shift -= 4;
    }
    bool round = false;
    bool sticky = false;
    if (i < significand.size()) {
        const auto digit = static_cast<std::uint64_t>(hex_digit_value(significand[i]));
        switch (next_shift) {
            case -1:
                bits |= (digit & 0xE) >> 1;
                round = (digit & 0x1) != 0;
                break;
            case -2:
                bits |= (digit & 0xC) >> 2;
                round = (digit & 0x2) != 0;
                sticky = (digit & 0x1) != 0;
                break;
            case -3:
                bits |= (digit & 0x8) >> 3;
                round = (digit & 0x4) != 0;
                sticky = (digit & 0x3) != 0;
                break;
            default:  // -4: the digit lies wholly below the significand
                round = (digit & 0x8) != 0;
                sticky = (digit & 0x7) != 0;
                break;
        }
        for (++i; i < significand.size() && !sticky; ++i) {
            sticky = hex_digit_value(significand[i]) != 0;
        }
    }

    // The float keeps 24 of the 53 bits; the bit below them rounds, ties to even.
    constexpr int kFloatMinExponent = -126;
    constexpr int kFloatMaxExponent = 127;
    constexpr int kFloatMinSubExponent = -149;
    std::uint32_t float_bits = 0;
    const auto round_float = [&](int thresh_shift) {
        const bool float_sticky = (bits & ((std::uint64_t{1} << thresh_shift) - 1)) != 0 || round || sticky;
        auto value = static_cast<std::uint32_t>(bits >> thresh_shift);
        if ((value & 3) != 1 || float_sticky) {
            ++value;
        }
        return value >> 1;
    };
    if (exponent >= kFloatMinExponent) {
        if (exponent > kFloatMaxExponent) {
            float_bits = kSingleExpBitMask;
        } else {
            float_bits = (static_cast<std::uint32_t>(exponent + kSingleExpBias - 1) << kSingleExpShift) +
                         round_float(kExpShift - kSingleExpShift - 1);
        }
    } else if (exponent >= kFloatMinSubExponent - 1) {
        float_bits = round_float(static_cast<int>(kExpShift - 1 + kFloatMinSubExponent - exponent));
    }

    constexpr int kMaxExponent = 1023;
    constexpr int kMinExponent = -1022;
    constexpr int kMinSubExponent = -1074;
    if (exponent > kMaxExponent) {
        result.double_magnitude = std::numeric_limits<double>::infinity();
        result.float_magnitude = std::numeric_limits<float>::infinity();
        return;
    }
    if (exponent < kMinSubExponent - 1) {
        return;  // zero
    }
    if (exponent >= kMinExponent) {
        bits = (static_cast<std::uint64_t>(exponent + kExpBias) << kExpShift) | (bits & kSignifBitMask);
    } else {
        // Subnormal: shift the significand down, folding the discarded bits into round/sticky.
        sticky = sticky || round;
        const int bits_discarded = 53 - static_cast<int>(exponent - kMinSubExponent + 1);
        round = (bits & (std::uint64_t{1} << (bits_discarded - 1))) != 0;
        sticky = sticky || (bits & ((std::uint64_t{1} << (bits_discarded - 1)) - 1)) != 0;
        bits = (bits >> bits_discarded) & kSignifBitMask;
    }
    const bool least_zero = (bits & 1) == 0;
    if ((least_zero && round && sticky) || (!least_zero && round)) {
        ++bits;  // may carry into the exponent, up to infinity
    }
    result.double_magnitude = std::bit_cast<double>(bits);
    result.float_magnitude = std::bit_cast<float>(float_bits);
}

// FloatingDecimal.parseHexString's pattern, without the sign already consumed:
// 0[xX](((\p{XDigit}+)\.?)|((\p{XDigit}*)\.(\p{XDigit}+)))[pP]([-+])?(\p{Digit}+)[fFdD]?
bool read_hex_literal(std::string_view in, ParsedFloating& result) {
    std::size_t i = 2;
    const auto scan = [&](bool (*accept)(char)) {
        const std::size_t start = i;
        while (i < in.size() && accept(in[i])) {
            ++i;
        }
        return in.substr(start, i - start);
    };
    const std::string_view integer_part = scan(is_hex_digit);
    std::string_view fraction_part;
    if (i < in.size() && in[i] == '.') {
        ++i;
        fraction_part = scan(is_hex_digit);
    }
    if (integer_part.empty() && fraction_part.empty()) {
        return false;
    }
    if (i == in.size() || (in[i] != 'p' && in[i] != 'P')) {
        return false;
    }
    ++i;
    bool exponent_negative = false;
    if (i < in.size() && (in[i] == '+' || in[i] == '-')) {
        exponent_negative = in[i++] == '-';
    }
    const std::string_view exponent_digits = scan(is_ascii_digit);
    if (exponent_digits.empty()) {
        return false;
    }
    if (i < in.size() && (in[i] == 'f' || in[i] == 'F' || in[i] == 'd' || in[i] == 'D')) {
        ++i;
    }
    if (i != in.size()) {
        return false;
    }
    convert_hex(integer_part, fraction_part, exponent_negative, exponent_digits, result);
    return true;
}

// FloatingDecimal.readJavaFormatString: the grammar of Double.parseDouble/Float.parseFloat.
ParsedFloating read_java_format_string(std::string_view text) {
    const std::string_view in = java_trim(text);
    if (in.empty()) {
        throw Error::number_format("empty String");
    }
    ParsedFloating result;
    std::size_t i = 0;
    if (in[0] == '-' || in[0] == '+') {
        result.negative = in[0] == '-';
        ++i;
    }
    if (i == in.size()) {
        throw_for_input_string(in);
    }
    const std::string_view rest = in.substr(i);
    if (rest[0] == 'N') {
        if (rest != "NaN") {
            throw_for_input_string(in);
        }
        result.double_magnitude = std::numeric_limits<double>::quiet_NaN();
        result.float_magnitude = std::numeric_limits<float>::quiet_NaN();
        result.negative = false;  // Java's NaN is always the canonical, positive one
        return result;
    }
    if (rest[0] == 'I') {
        if (rest != "Infinity") {
            throw_for_input_string(in);
        }
        result.double_magnitude = std::numeric_limits<double>::infinity();
        result.float_magnitude = std::numeric_limits<float>::infinity();
        return result;
    }
    if (rest.size() > 1 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X')) {
        if (!read_hex_literal(rest, result)) {
            throw_for_input_string(in);
        }
        return result;
    }

    // Digits and at most one point; Java reports a second point as soon as it meets it.
    const std::size_t mantissa_start = i;
    bool point_seen = false;
    bool digit_seen = false;
    for (; i < in.size(); ++i) {
        if (is_ascii_digit(in[i])) {
            digit_seen = true;
        } else if (in[i] == '.') {
            if (point_seen) {
                throw Error::number_format("multiple points");
            }
            point_seen = true;
        } else {
            break;
        }
    }
    if (!digit_seen) {
        throw_for_input_string(in);
    }
    result.decimal.assign(in.substr(mantissa_start, i - mantissa_start));

    if (i < in.size() && (in[i] == 'e' || in[i] == 'E')) {
        ++i;
        result.decimal += 'e';
        if (i < in.size() && (in[i] == '+' || in[i] == '-')) {
            result.decimal += in[i++];
        }
        const std::size_t exponent_start = i;
        while (i < in.size() && is_ascii_digit(in[i])) {
            ++i;
        }
        if (i == exponent_start) {
            throw_for_input_string(in);
        }
        result.decimal.append(in.substr(exponent_start, i - exponent_start));
    }
    const bool only_suffix_left =
        i + 1 == in.size() && (in[i] == 'f' || in[i] == 'F' || in[i] == 'd' || in[i] == 'D');
    if (i < in.size() && !only_suffix_left) {
        throw_for_input_string(in);
    }
    return result;
}

// The "C" locale, so that strtod never depends on the process locale.
locale_t c_locale() {
    static const locale_t locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
    return locale;
}

// Java's decimal conversions are correctly rounded (to nearest, ties to even) and so are
// glibc's; overflow gives infinity and underflow zero or a subnormal, as in Java.
double ParsedFloating::double_value() const {
    const double magnitude =
        decimal.empty() ? double_magnitude : strtod_l(decimal.c_str(), nullptr, c_locale());
    return negative ? -magnitude : magnitude;
}

float ParsedFloating::float_value() const {
    const float magnitude =
        decimal.empty() ? float_magnitude : strtof_l(decimal.c_str(), nullptr, c_locale());
    return negative ? -magnitude : magnitude;
}

// The zeros of the Unicode decimal digit (Nd) blocks of the BMP: exactly the chars for which
// JDK 17's Character.digit(c, 10) is not -1. Each block has the ten digits 0-9.
constexpr std::array<char32_t, 37> kDecimalDigitZeros = {
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

// Character.digit(c, 10) for a code point; -1 when it is not a decimal digit.
int decimal_digit_value(char32_t code_point) {
    for (const char32_t zero : kDecimalDigitZeros) {
        if (code_point >= zero && code_point < zero + 10) {
            return static_cast<int>(code_point - zero);
        }
    }
    return -1;
}

// Integer.parseInt / Long.parseLong with radix 10: the magnitude may reach 2^(bits-1) only
// for a negative number.
template <typename T>
T parse_integer(std::string_view text) {
    using Unsigned = std::make_unsigned_t<T>;
    if (text.empty()) {
        throw_for_input_string(text);
    }
    bool negative = false;
    std::size_t i = 0;
    if (text[0] == '-' || text[0] == '+') {
        negative = text[0] == '-';
        if (text.size() == 1) {
            throw_for_input_string(text);
        }
        ++i;
    }
    const Unsigned limit = static_cast<Unsigned>(std::numeric_limits<T>::max()) + (negative ? 1 : 0);
    Unsigned magnitude = 0;
    while (i < text.size()) {
        const int digit = decimal_digit_value(next_code_point(text, i));
        if (digit < 0 || magnitude > (limit - static_cast<Unsigned>(digit)) / 10) {
            throw_for_input_string(text);
        }
        magnitude = magnitude * 10 + static_cast<Unsigned>(digit);
    }
    // Two's complement negation in unsigned arithmetic, so -2^(bits-1) needs no overflow.
    return static_cast<T>(negative ? Unsigned{0} - magnitude : magnitude);
}

}  // namespace

std::int32_t parse_int(std::string_view text) {
    return parse_integer<std::int32_t>(text);
}

std::int64_t parse_long(std::string_view text) {
    return parse_integer<std::int64_t>(text);
}

float parse_float(std::string_view text) {
    return read_java_format_string(text).float_value();
}

double parse_double(std::string_view text) {
    return read_java_format_string(text).double_value();
}

std::string to_string(double value) {
    if (!std::isfinite(value)) {
        return exceptional_image(std::isnan(value), value < 0);
    }
    return DecimalDigits::of(value, true).java_format();
}

std::string to_string(float value) {
    if (!std::isfinite(value)) {
        return exceptional_image(std::isnan(value), value < 0);
    }
    return DecimalDigits::of(value).java_format();
}

std::string format_fixed(double value, int precision) {
    if (precision < 0) {
        throw Error::illegal_argument("precision must not be negative: " + std::to_string(precision));
    }
    if (std::isnan(value)) {
        return "NaN";
    }
    // Formatter.print(double): the sign comes from Double.compare(value, 0.0) == -1, which also
    // holds for -0.0, and the digits from the magnitude.
    std::string out = std::signbit(value) ? "-" : "";
    if (std::isinf(value)) {
        return out + "Infinity";
    }
    DecimalDigits digits = DecimalDigits::of(std::fabs(value), false);
    const int exp = apply_precision(digits.dec_exponent(), digits.digits(),
                                    std::int64_t{digits.dec_exponent()} + precision);
    std::string mantissa = fill_decimal(precision, digits.digits(), exp);
    // Formatter.addZeros: pad with zeros to exactly `precision` decimals.
    if (precision > 0) {
        const std::size_t point = mantissa.find('.');
        const std::size_t decimals = point == std::string::npos ? 0 : mantissa.size() - point - 1;
        if (point == std::string::npos) {
            mantissa += '.';
        }
        mantissa.append(static_cast<std::size_t>(precision) - decimals, '0');
    }
    return out + mantissa;
}

}  // namespace flinkmem::java
