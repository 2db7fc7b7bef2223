#include "big_uint.hpp"

#include <cassert>
#include <cstddef>

namespace flinkmem::java::detail {

namespace {

constexpr std::uint32_t kPow5Step = 1220703125;  // 5^13, the largest power of 5 in 32 bits
constexpr int kPow5StepExponent = 13;

}  // namespace

BigUint::BigUint(std::uint64_t value) {
    while (value != 0) {
        limbs_.push_back(static_cast<std::uint32_t>(value));
        value >>= 32;
    }
}

BigUint BigUint::pow5_pow2(int p5, int p2) {
    BigUint result(1);
    result.multiply_pow5(p5);
    result.shift_left(p2);
    return result;
}

BigUint BigUint::from_decimal(std::string_view digits) {
    BigUint result;
    for (char c : digits) {
        assert(c >= '0' && c <= '9');
        result.multiply(10);
        result.add(BigUint(static_cast<std::uint64_t>(c - '0')));
    }
    return result;
}

BigUint& BigUint::multiply(std::uint32_t factor) {
    std::uint64_t carry = 0;
    for (std::uint32_t& limb : limbs_) {
        const std::uint64_t product = std::uint64_t{limb} * factor + carry;
        limb = static_cast<std::uint32_t>(product);
        carry = product >> 32;
    }
    if (carry != 0) {
        limbs_.push_back(static_cast<std::uint32_t>(carry));
    }
    trim();
    return *this;
}

BigUint& BigUint::multiply_pow5(int exponent) {
    assert(exponent >= 0);
    for (; exponent >= kPow5StepExponent; exponent -= kPow5StepExponent) {
        multiply(kPow5Step);
    }
    std::uint32_t rest = 1;
    for (; exponent > 0; --exponent) {
        rest *= 5;
    }
    return multiply(rest);
}

BigUint& BigUint::multiply_pow10(int exponent) {
    multiply_pow5(exponent);
    return shift_left(exponent);
}

BigUint& BigUint::shift_left(int bits) {
    assert(bits >= 0);
    if (is_zero()) {
        return *this;
    }
    const auto whole_limbs = static_cast<std::size_t>(bits / 32);
    const int shift = bits % 32;
    if (shift != 0) {
        std::uint32_t carry = 0;
        for (std::uint32_t& limb : limbs_) {
            const std::uint32_t next_carry = limb >> (32 - shift);
            limb = (limb << shift) | carry;
            carry = next_carry;
        }
        if (carry != 0) {
            limbs_.push_back(carry);
        }
    }
    limbs_.insert(limbs_.begin(), whole_limbs, 0);
    return *this;
}

BigUint& BigUint::add(const BigUint& other) {
    if (limbs_.size() < other.limbs_.size()) {
        limbs_.resize(other.limbs_.size(), 0);
    }
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
        const std::uint64_t sum =
            std::uint64_t{limbs_[i]} + (i < other.limbs_.size() ? other.limbs_[i] : 0) + carry;
        limbs_[i] = static_cast<std::uint32_t>(sum);
        carry = sum >> 32;
        if (carry == 0 && i >= other.limbs_.size()) {
            break;
        }
    }
    if (carry != 0) {
        limbs_.push_back(static_cast<std::uint32_t>(carry));
    }
    return *this;
}

BigUint& BigUint::subtract(const BigUint& other) {
    assert(compare(*this, other) >= 0);
    std::uint32_t borrow = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
        const std::uint64_t subtrahend =
            std::uint64_t{i < other.limbs_.size() ? other.limbs_[i] : 0} + borrow;
        borrow = std::uint64_t{limbs_[i]} < subtrahend ? 1 : 0;
        limbs_[i] = static_cast<std::uint32_t>(std::uint64_t{limbs_[i]} - subtrahend);
        if (borrow == 0 && i >= other.limbs_.size()) {
            break;
        }
    }
    trim();
    return *this;
}

std::uint32_t BigUint::divide(std::uint32_t divisor) {
    assert(divisor != 0);
    std::uint64_t remainder = 0;
    for (auto it = limbs_.rbegin(); it != limbs_.rend(); ++it) {
        const std::uint64_t current = (remainder << 32) | *it;
        *it = static_cast<std::uint32_t>(current / divisor);
        remainder = current % divisor;
    }
    trim();
    return static_cast<std::uint32_t>(remainder);
}

std::uint64_t BigUint::low_u64() const {
    std::uint64_t value = 0;
    if (!limbs_.empty()) {
        value = limbs_[0];
    }
    if (limbs_.size() > 1) {
        value |= std::uint64_t{limbs_[1]} << 32;
    }
    return value;
}

BigUint operator*(const BigUint& a, const BigUint& b) {
    BigUint product;
    if (a.is_zero() || b.is_zero()) {
        return product;
    }
    product.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
        std::uint64_t carry = 0;
        for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
            const std::uint64_t t = std::uint64_t{a.limbs_[i]} * b.limbs_[j] + product.limbs_[i + j] + carry;
            product.limbs_[i + j] = static_cast<std::uint32_t>(t);
            carry = t >> 32;
        }
        product.limbs_[i + b.limbs_.size()] = static_cast<std::uint32_t>(carry);
    }
    product.trim();
    return product;
}

int compare(const BigUint& a, const BigUint& b) {
    if (a.limbs_.size() != b.limbs_.size()) {
        return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    }
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
        if (a.limbs_[i] != b.limbs_[i]) {
            return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
        }
    }
    return 0;
}

void BigUint::trim() {
    while (!limbs_.empty() && limbs_.back() == 0) {
        limbs_.pop_back();
    }
}

}  // namespace flinkmem::java::detail
