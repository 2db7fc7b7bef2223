// The network-buffer formulas of Flink's Netty shuffle, per Flink version, in one place:
// ResultPartitionType's predicates, NettyShuffleUtils (partition pool sizes, the announced
// requirement) and InputGateSpecUtils (gate pool and exclusive buffers). A new Flink version is
// a new row of kNetworkRuleSets (network_rules.cpp) when its formulas match one of the shapes
// below, and a new flag when they do not.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "flinkmem/flink_version.hpp"

namespace flinkmem::sim {

inline constexpr std::int32_t kIntMax = 2147483647;  // Integer.MAX_VALUE (unbounded pools)

// org.apache.flink.runtime.io.network.partition.ResultPartitionType (the five kinds a job uses).
enum class PartitionType { Pipelined, PipelinedBounded, Blocking, HybridFull, HybridSelective };

std::string_view enum_name(PartitionType type);  // "PIPELINED_BOUNDED"
std::optional<PartitionType> parse_partition_type(std::string_view enum_name);

bool is_bounded(PartitionType type);
bool is_blocking(PartitionType type);  // isBlockingOrBlockingPersistentResultPartition
bool can_be_pipelined_consumed(PartitionType type);
bool must_be_pipelined_consumed(PartitionType type);
bool is_pipelined_or_bounded(PartitionType type);  // isPipelinedOrPipelinedBoundedResultPartition
bool is_hybrid(PartitionType type);

enum class TieredStorageSwitch {
    None,           // 1.16, 1.17: hybrid shuffle without tiered storage
    NewModeOption,  // 1.18-1.20: hybrid modes and taskmanager.network.hybrid-shuffle.enable-new-mode
    Always,         // 2.0: hybrid modes
};

// How one release line computes network buffers. Only what differs between versions is a field.
struct NetworkRuleSet {
    FlinkVersion since;  // first release line these rules apply to
    // 1.17+ (FLINK-30473): the gate's required buffers come from InputGateSpecUtils; before, every
    // channel takes buffers-per-channel exclusive buffers and the floating pool is (1, fpg).
    bool gate_spec_utils;
    // 1.18+: getMinMaxNetworkBuffersPerResultPartition and createGateBuffersSpec take tiered
    // storage arguments (hybrid shuffle's tiered storage).
    bool tiered_storage_arguments;
    // 1.17+: computeNetworkBuffersForAnnouncing takes per-dataset maps and the optional
    // read-buffer.required-per-gate.max; 1.16 takes channel and gate totals.
    bool announce_per_dataset;
    // ResultPartitionFactory#isOverdraftBufferNeeded: overdraft buffers for pipelined types.
    std::int32_t default_overdraft_buffers_per_gate;
    // 2.0 removed buffers-per-channel, floating-buffers-per-gate and sort-shuffle.min-parallelism
    // (FLINK-36198 series): they are fixed at 2, 8 and 1.
    bool channel_buffer_options;
    // NettyShuffleEnvironmentConfiguration#fromConfiguration: when a hybrid
    // execution.batch-shuffle-mode switches tiered storage on.
    TieredStorageSwitch tiered_storage;
    // The exclusive buffers of a tiered partition's producer (the pool minimum is
    // min(this, subpartitions + 1)), without the remote tier's 1 (added when
    // taskmanager.network.hybrid-shuffle.remote.path is set). 1.18, 1.19:
    // TieredStorageConfiguration#getTotalExclusiveBufferNum = sort accumulator 512 + memory tier
    // 100 + disk tier 1; 1.20, 2.0: ResultPartitionFactory#getNumTotalGuaranteedBuffers = memory
    // tier 100 + disk tier 1.
    std::int32_t tiered_exclusive_buffers;
    // 1.20+ ResultPartitionFactory#create: under tiered storage a BLOCKING partition is created as
    // HYBRID_FULL (its pool still sized as BLOCKING; consumers' gates still see BLOCKING).
    bool tiered_replaces_blocking;
    // A batch job without jobmanager.scheduler runs under the AdaptiveBatchScheduler on a dynamic
    // graph (1.17+; StreamGraphGenerator#setDynamic in 1.20); before, only when configured.
    bool adaptive_batch_by_default;
};

// The rules for `version` (1.16 and later; 1.18, 1.19 and 2.0 answer as 1.20).
const NetworkRuleSet& network_rules(FlinkVersion version);
// Whether the table has rules for `version` (it starts with the oldest release line ported).
bool has_network_rules(FlinkVersion version);
// The oldest release line the table has rules for.
FlinkVersion oldest_network_rules();

// The network options the formulas read (NettyShuffleEnvironmentOptions), already resolved.
struct NetworkSettings {
    std::int32_t buffers_per_channel = 2;                       // ...network.memory.buffers-per-channel
    std::int32_t floating_buffers_per_gate = 8;                 // ...network.memory.floating-buffers-per-gate
    std::optional<std::int32_t> max_required_buffers_per_gate;  // read-buffer.required-per-gate.max
    std::int32_t sort_shuffle_min_parallelism = 1;              // ...network.sort-shuffle.min-parallelism
    std::int32_t sort_shuffle_min_buffers = 512;                // ...network.sort-shuffle.min-buffers
    std::int32_t max_buffers_per_channel = 10;                  // ...network.memory.max-buffers-per-channel
    std::int32_t max_overdraft_buffers_per_gate = 5;            // ...max-overdraft-buffers-per-gate
    bool tiered_storage = false;                                // hybrid shuffle with tiered storage
    std::int32_t tiered_exclusive_buffers = 0;
};

struct MinMax {
    std::int32_t min;
    std::int32_t max;
    friend bool operator==(const MinMax&, const MinMax&) = default;
};

// NettyShuffleUtils.getNetworkBuffersPerInputChannel.
std::int32_t buffers_per_input_channel(std::int32_t configured_buffers_per_channel);
// NettyShuffleUtils.getMinMaxFloatingBuffersPerInputGate: (1, fpg).
MinMax floating_buffers_per_input_gate(std::int32_t floating_buffers_per_gate);
// NettyShuffleUtils.getMinMaxNetworkBuffersPerResultPartition (the tiered arguments count only
// where the version has them).
MinMax result_partition_buffers(const NetworkRuleSet& rules, std::int32_t buffers_per_channel,
                                std::int32_t floating_buffers_per_gate,
                                std::int32_t sort_shuffle_min_parallelism,
                                std::int32_t sort_shuffle_min_buffers, std::int32_t num_subpartitions,
                                bool tiered_storage, std::int32_t tiered_exclusive_buffers,
                                PartitionType type);

// GateBuffersSpec.
struct GateBuffersSpec {
    std::int32_t effective_exclusive_buffers_per_channel;
    std::int32_t required_floating_buffers;
    std::int32_t total_floating_buffers;
    std::int32_t target_total_buffers_per_gate;
    friend bool operator==(const GateBuffersSpec&, const GateBuffersSpec&) = default;
};

// InputGateSpecUtils.getEffectiveMaxRequiredBuffersPerGate (1.17+).
std::int32_t effective_max_required_buffers_per_gate(PartitionType type,
                                                     std::optional<std::int32_t> configured,
                                                     bool tiered_storage);
// InputGateSpecUtils.createGateBuffersSpec (1.17+). Throws IllegalArgumentException "Must be
// positive." / "Require at least 1 buffer per gate." and IllegalStateException "Must be
// positive." / "Wrong number of floating buffers." as Flink does.
GateBuffersSpec create_gate_buffers_spec(std::optional<std::int32_t> configured_max_required,
                                         std::int32_t buffers_per_channel,
                                         std::int32_t floating_buffers_per_gate, PartitionType type,
                                         std::int32_t num_input_channels, bool tiered_storage);

// The gate of a consuming task as the given version builds it: the floating LocalBufferPool's
// (required, max) and the exclusive buffers each remote channel requests.
struct GateBuffers {
    MinMax floating_pool;
    std::int32_t exclusive_per_remote_channel;
};
GateBuffers gate_buffers(const NetworkRuleSet& rules, const NetworkSettings& settings, PartitionType type,
                         std::int32_t num_input_channels);

// The partition pool of a producing task: createBufferPool's arguments
// (ResultPartitionFactory#createBufferPoolFactory).
struct PartitionPool {
    MinMax size;
    std::int32_t num_subpartitions;
    std::int32_t max_buffers_per_channel;
    std::int32_t max_overdraft_buffers_per_gate;
};
PartitionPool partition_pool(const NetworkRuleSet& rules, const NetworkSettings& settings, PartitionType type,
                             std::int32_t num_subpartitions);

// NettyShuffleUtils.computeNetworkBuffersForAnnouncing.
struct ConsumedDataSet {
    PartitionType type;
    std::int32_t num_channels;
    std::int32_t reuse_count;
};
struct ProducedDataSet {
    PartitionType type;
    std::int32_t num_subpartitions;
};
// Throws IllegalArgumentException "Illegal to announce network memory requirement as
// Integer.MAX_VALUE, partition type: <T>" for an unbounded pipelined output.
std::int32_t network_buffers_for_announcing(const NetworkRuleSet& rules, std::int32_t buffers_per_channel,
                                            std::int32_t floating_buffers_per_gate,
                                            std::optional<std::int32_t> max_required_per_gate,
                                            std::int32_t sort_shuffle_min_parallelism,
                                            std::int32_t sort_shuffle_min_buffers,
                                            const std::vector<ConsumedDataSet>& inputs,
                                            const std::vector<ProducedDataSet>& outputs);

// Java int arithmetic (two's complement wrap), as the formulas compute in int.
constexpr std::int32_t java_add(std::int32_t a, std::int32_t b) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}
constexpr std::int32_t java_mul(std::int32_t a, std::int32_t b) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b));
}
constexpr std::int32_t java_sub(std::int32_t a, std::int32_t b) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) - static_cast<std::uint32_t>(b));
}

}  // namespace flinkmem::sim
