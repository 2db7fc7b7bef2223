// Managed memory consumers: the use cases (core/memory/ManagedMemoryUseCase), their weights from
// taskmanager.memory.managed.consumer-weights (ManagedMemoryUtils), the fraction of a slot each
// operator gets (StreamingJobGraphGenerator#setManagedMemoryFraction*), and RocksDB's shared
// block cache and write buffer manager sizes (RocksDBMemoryControllerUtils,
// RocksDBMemoryConfiguration).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/error.hpp"

namespace flinkmem::sim {

enum class ManagedUseCase { Operator, StateBackend, Python };

std::string_view enum_name(ManagedUseCase use_case);                  // "OPERATOR", "STATE_BACKEND", "PYTHON"
std::optional<ManagedUseCase> parse_use_case(std::string_view name);  // case-insensitive

// The effective weight per use case (absent when not configured: such consumers get 0).
using ConsumerWeights = std::map<ManagedUseCase, std::int32_t>;

// ManagedMemoryUtils.getFractionRoundedDown: dividend / divisor as a BigDecimal of scale 16,
// rounded down, then doubleValue().
double fraction_rounded_down(std::int64_t dividend, std::int64_t divisor);

// What one operator declares (Transformation#declareManagedMemoryUseCaseAtOperatorScope /
// AtSlotScope).
struct ManagedDeclaration {
    std::map<ManagedUseCase, std::int32_t> operator_scope;  // use case -> operator weight
    std::vector<ManagedUseCase> slot_scope;                 // STATE_BACKEND, PYTHON
};

// The fraction of the slot's managed memory an operator gets for each use case it declares,
// given every declaration of its slot-sharing group (ManagedMemoryUtils#convertToFractionOfSlot).
// A STATE_BACKEND use counts only when the state backend uses managed memory.
std::map<ManagedUseCase, double> operator_fractions(const ManagedDeclaration& operator_declaration,
                                                    const std::vector<ManagedDeclaration>& group,
                                                    const ConsumerWeights& weights,
                                                    bool state_backend_uses_managed_memory);

// RocksDB's shared memory.
struct RocksDbMemorySettings {
    bool use_managed_memory = true;              // state.backend.rocksdb.memory.managed
    std::optional<std::int64_t> fixed_per_slot;  // ...memory.fixed-per-slot
    std::optional<std::int64_t> fixed_per_tm;    // ...memory.fixed-per-tm (1.17+)
    double write_buffer_ratio = 0.5;             // ...memory.write-buffer-ratio
    double high_priority_pool_ratio = 0.1;       // ...memory.high-prio-pool-ratio
};

// Which RocksDB memory option a broken rule is about, so that the error names its key and line.
enum class RocksDbSetting { FixedPerSlot, WriteBufferRatio, HighPriorityPoolRatio };

struct RocksDbViolation {
    RocksDbSetting setting;
    Error error;  // IllegalArgumentException, with RocksDBMemoryConfiguration's message
};

// RocksDBMemoryConfiguration#validate: the first rule the settings break, if any — "Total memory
// per slot must be > 0", "Write Buffer ratio %s must be in (0, 1)", "High priority pool ratio %s
// must be in (0, 1)", "Invalid configuration: writeBufferRatio %s with highPriPoolRatio %s" (the
// last blamed on the write-buffer ratio).
std::optional<RocksDbViolation> validate(const RocksDbMemorySettings& settings);

enum class RocksDbMemoryKind {
    SlotSharedUnmanaged,
    SlotSharedManaged,
    TaskManagerSharedUnmanaged,
    Unbounded
};
std::string_view describe(RocksDbMemoryKind kind);

struct RocksDbMemory {
    RocksDbMemoryKind kind;
    std::int64_t shared_bytes;        // S (0 when unbounded)
    std::int64_t block_cache_bytes;   // (long)((3 - w) * S / 3)
    std::int64_t write_buffer_bytes;  // (long)(2 * S * w / 3)
};

// RocksDB's sizes for one slot; `managed_bytes_for_state_backend` is the slot MemoryManager's
// computeMemorySize(STATE_BACKEND fraction), used when the shared memory is managed.
RocksDbMemory rocksdb_memory(const RocksDbMemorySettings& settings,
                             std::optional<std::int64_t> managed_bytes_for_state_backend);

}  // namespace flinkmem::sim
