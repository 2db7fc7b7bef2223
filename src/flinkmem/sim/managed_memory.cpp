#include "flinkmem/sim/managed_memory.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "flinkmem/error.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem::sim {

namespace {

// GCC and clang's 128-bit integer, for one widening multiplication (not ISO C++).
__extension__ typedef unsigned __int128 Uint128;

constexpr std::array<std::string_view, 3> kUseCaseNames{"OPERATOR", "STATE_BACKEND", "PYTHON"};

}  // namespace

std::string_view enum_name(ManagedUseCase use_case) {
    return kUseCaseNames[static_cast<std::size_t>(use_case)];
}

std::optional<ManagedUseCase> parse_use_case(std::string_view name) {
    for (std::size_t i = 0; i < kUseCaseNames.size(); ++i) {
        const auto expected = kUseCaseNames[i];
        if (name.size() == expected.size() &&
            std::equal(name.begin(), name.end(), expected.begin(), [](char a, char b) {
                return (a >= 'a' && a <= 'z' ? static_cast<char>(a - 32) : a) == b;
            })) {
            return static_cast<ManagedUseCase>(i);
        }
    }
    return std::nullopt;
}

double fraction_rounded_down(std::int64_t dividend, std::int64_t divisor) {
    // BigDecimal division to 16 places, truncated (long division, one digit at a time), then the
    // nearest double of that decimal, as BigDecimal#doubleValue gives.
    if (divisor == 0) throw Error(ErrorClass::ArithmeticException, "/ by zero");
    const bool negative = (dividend < 0) != (divisor < 0) && dividend != 0;
    const std::uint64_t d =
        divisor < 0 ? 0 - static_cast<std::uint64_t>(divisor) : static_cast<std::uint64_t>(divisor);
    const std::uint64_t n =
        dividend < 0 ? 0 - static_cast<std::uint64_t>(dividend) : static_cast<std::uint64_t>(dividend);
    std::string text = negative ? "-" : "";
    text += std::to_string(n / d);
    text += '.';
    std::uint64_t remainder = n % d;
    for (int digit = 0; digit < 16; ++digit) {
        // remainder < d <= 2^63, so remainder * 10 needs care only for huge divisors.
        const Uint128 widened = static_cast<Uint128>(remainder) * 10;
        text += static_cast<char>('0' + static_cast<int>(widened / d));
        remainder = static_cast<std::uint64_t>(widened % d);
    }
    return std::strtod(text.c_str(), nullptr);
}

std::map<ManagedUseCase, double> operator_fractions(const ManagedDeclaration& declaration,
                                                    const std::vector<ManagedDeclaration>& group,
                                                    const ConsumerWeights& weights,
                                                    bool state_backend_uses_managed_memory) {
    std::map<ManagedUseCase, std::int64_t> group_operator_weights;
    std::set<ManagedUseCase> group_slot_scope;
    for (const auto& member : group) {
        for (const auto& [use_case, weight] : member.operator_scope)
            group_operator_weights[use_case] += weight;
        group_slot_scope.insert(member.slot_scope.begin(), member.slot_scope.end());
    }
    std::set<ManagedUseCase> all_use_cases = group_slot_scope;
    for (const auto& [use_case, weight] : group_operator_weights) all_use_cases.insert(use_case);

    // ManagedMemoryUtils#convertToFractionOfSlot
    auto to_fraction_of_slot = [&](ManagedUseCase use_case, double fraction_of_use_case) {
        if (use_case == ManagedUseCase::StateBackend && !state_backend_uses_managed_memory) return 0.0;
        std::int32_t total = 0;
        for (ManagedUseCase uc : all_use_cases) {
            if (uc == ManagedUseCase::StateBackend && !state_backend_uses_managed_memory) continue;
            const auto it = weights.find(uc);
            total += it == weights.end() ? 0 : it->second;
        }
        const auto it = weights.find(use_case);
        const std::int32_t weight = it == weights.end() ? 0 : it->second;
        const double use_case_fraction = total > 0 ? fraction_rounded_down(weight, total) : 0.0;
        return fraction_of_use_case * use_case_fraction;
    };

    std::map<ManagedUseCase, double> fractions;
    for (const auto& [use_case, group_weight] : group_operator_weights) {
        const auto own = declaration.operator_scope.find(use_case);
        if (own == declaration.operator_scope.end()) continue;
        const double of_use_case = group_weight > 0 ? fraction_rounded_down(own->second, group_weight) : 0.0;
        fractions[use_case] = to_fraction_of_slot(use_case, of_use_case);
    }
    for (ManagedUseCase use_case : declaration.slot_scope)
        fractions[use_case] = to_fraction_of_slot(use_case, 1.0);
    return fractions;
}

std::optional<RocksDbViolation> validate(const RocksDbMemorySettings& s) {
    if (s.fixed_per_slot && *s.fixed_per_slot <= 0) {
        return RocksDbViolation{RocksDbSetting::FixedPerSlot,
                                Error::illegal_argument("Total memory per slot must be > 0")};
    }
    if (!(s.write_buffer_ratio > 0 && s.write_buffer_ratio < 1.0)) {
        return RocksDbViolation{RocksDbSetting::WriteBufferRatio,
                                Error::illegal_argument(fmt::format("Write Buffer ratio {} must be in (0, 1)",
                                                                    java::to_string(s.write_buffer_ratio)))};
    }
    if (!(s.high_priority_pool_ratio > 0 && s.high_priority_pool_ratio < 1.0)) {
        return RocksDbViolation{
            RocksDbSetting::HighPriorityPoolRatio,
            Error::illegal_argument(fmt::format("High priority pool ratio {} must be in (0, 1)",
                                                java::to_string(s.high_priority_pool_ratio)))};
    }
    // The write buffer manager and the high-priority pool must fit in the cache (FLINK-15512).
    if (2 * s.write_buffer_ratio / (3 - s.write_buffer_ratio) + s.high_priority_pool_ratio >= 1.0) {
        return RocksDbViolation{
            RocksDbSetting::WriteBufferRatio,
            Error::illegal_argument(fmt::format(
                "Invalid configuration: writeBufferRatio {} with highPriPoolRatio {}",
                java::to_string(s.write_buffer_ratio), java::to_string(s.high_priority_pool_ratio)))};
    }
    return std::nullopt;
}

std::string_view describe(RocksDbMemoryKind kind) {
    switch (kind) {
        case RocksDbMemoryKind::SlotSharedUnmanaged:
            return "SLOT_SHARED_UNMANAGED";
        case RocksDbMemoryKind::SlotSharedManaged:
            return "SLOT_SHARED_MANAGED";
        case RocksDbMemoryKind::TaskManagerSharedUnmanaged:
            return "TM_SHARED_UNMANAGED";
        case RocksDbMemoryKind::Unbounded:
            return "UNBOUNDED";
    }
    return "UNBOUNDED";
}

RocksDbMemory rocksdb_memory(const RocksDbMemorySettings& s, std::optional<std::int64_t> managed_bytes) {
    RocksDbMemoryKind kind = RocksDbMemoryKind::Unbounded;
    std::int64_t size = 0;
    if (s.fixed_per_slot) {
        kind = RocksDbMemoryKind::SlotSharedUnmanaged;
        size = *s.fixed_per_slot;
    } else if (s.use_managed_memory && managed_bytes) {
        kind = RocksDbMemoryKind::SlotSharedManaged;
        size = *managed_bytes;
    } else if (s.fixed_per_tm && *s.fixed_per_tm > 0) {
        kind = RocksDbMemoryKind::TaskManagerSharedUnmanaged;
        size = *s.fixed_per_tm;
    }
    if (kind == RocksDbMemoryKind::Unbounded) return {kind, 0, 0, 0};
    const double w = s.write_buffer_ratio;
    // RocksDBMemoryControllerUtils#calculateActualCacheCapacity / #calculateWriteBufferManagerCapacity
    const auto cache = static_cast<std::int64_t>((3 - w) * static_cast<double>(size) / 3);
    const auto write_buffers = static_cast<std::int64_t>(static_cast<double>(2 * size) * w / 3);
    return {kind, size, cache, write_buffers};
}

}  // namespace flinkmem::sim
