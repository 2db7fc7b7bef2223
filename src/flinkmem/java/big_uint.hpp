// An exact unsigned integer of any size, for the few places where the JDK computes with
// FDBigInteger or BigInteger: the digit loop of Double.toString and BigDecimal products.
//
// Only correctness matters here, not speed: the numbers involved have at most a few thousand
// bits, and the JDK's performance tricks (normalization shifts, quotient estimates) do not change
// the exact results they compute.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace flinkmem::java::detail {

class BigUint {
public:
    BigUint() = default;
    explicit BigUint(std::uint64_t value);

    // 5^p5 * 2^p2, FDBigInteger.valueOfPow52. Both exponents must be >= 0.
    static BigUint pow5_pow2(int p5, int p2);
    // The value of a string of ASCII decimal digits.
    static BigUint from_decimal(std::string_view digits);

    bool is_zero() const { return limbs_.empty(); }

    BigUint& multiply(std::uint32_t factor);
    BigUint& multiply_pow5(int exponent);
    BigUint& multiply_pow10(int exponent);
    BigUint& shift_left(int bits);
    BigUint& add(const BigUint& other);
    // Requires *this >= other.
    BigUint& subtract(const BigUint& other);
    // Divides in place, truncating; returns the remainder.
    std::uint32_t divide(std::uint32_t divisor);

    // The low 64 bits, as BigInteger.longValue() keeps them.
    std::uint64_t low_u64() const;

    friend BigUint operator*(const BigUint& a, const BigUint& b);
    // <0, 0 or >0 as a is less than, equal to or greater than b.
    friend int compare(const BigUint& a, const BigUint& b);

private:
    void trim();

    std::vector<std::uint32_t> limbs_;  // least significant first, no high zero limbs
};

}  // namespace flinkmem::java::detail
