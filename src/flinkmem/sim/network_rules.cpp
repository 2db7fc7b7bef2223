#include "flinkmem/sim/network_rules.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "flinkmem/error.hpp"

namespace flinkmem::sim {

namespace {

// One row per release line whose network-buffer code differs from the previous one. Later rows
// win for later versions: 1.19 uses the 1.18 row. Checked against the sources named in
// ../shared/flink-vectors/README.txt (NettyShuffleUtils, InputGateSpecUtils,
// ResultPartitionFactory, NettyShuffleEnvironmentConfiguration, TieredStorageConfiguration and
// the tier factories of each line).
constexpr std::array<NetworkRuleSet, 5> kNetworkRuleSets{{
    // since, gate_spec, tiered, per_dataset, overdraft, channel_buffer_options,
    // tiered storage switch, tiered exclusive buffers, BLOCKING -> HYBRID_FULL, adaptive batch
    {FlinkVersion{1, 16}, false, false, false, 5, true, TieredStorageSwitch::None, 0, false, false},
    {FlinkVersion{1, 17}, true, false, true, 5, true, TieredStorageSwitch::None, 0, false, true},
    {FlinkVersion{1, 18}, true, true, true, 5, true, TieredStorageSwitch::NewModeOption, 512 + 100 + 1, false,
     true},
    {FlinkVersion{1, 20}, true, true, true, 5, true, TieredStorageSwitch::NewModeOption, 100 + 1, true, true},
    {FlinkVersion{2, 0}, true, true, true, 20, false, TieredStorageSwitch::Always, 100 + 1, true, true},
}};

struct TypeTraits {
    PartitionType type;
    std::string_view name;
    bool bounded, blocking, can_pipelined, must_pipelined, pipelined_or_bounded, hybrid;
};

constexpr std::array<TypeTraits, 5> kTypes{{
    {PartitionType::Pipelined, "PIPELINED", false, false, true, true, true, false},
    {PartitionType::PipelinedBounded, "PIPELINED_BOUNDED", true, false, true, true, true, false},
    {PartitionType::Blocking, "BLOCKING", false, true, false, false, false, false},
    {PartitionType::HybridFull, "HYBRID_FULL", false, false, true, false, false, true},
    {PartitionType::HybridSelective, "HYBRID_SELECTIVE", false, false, true, false, false, true},
}};

const TypeTraits& traits(PartitionType type) {
    return kTypes[static_cast<std::size_t>(type)];
}

}  // namespace

std::string_view enum_name(PartitionType type) {
    return traits(type).name;
}

std::optional<PartitionType> parse_partition_type(std::string_view name) {
    for (const auto& t : kTypes) {
        if (t.name == name) return t.type;
    }
    return std::nullopt;
}

bool is_bounded(PartitionType type) {
    return traits(type).bounded;
}
bool is_blocking(PartitionType type) {
    return traits(type).blocking;
}
bool can_be_pipelined_consumed(PartitionType type) {
    return traits(type).can_pipelined;
}
bool must_be_pipelined_consumed(PartitionType type) {
    return traits(type).must_pipelined;
}
bool is_pipelined_or_bounded(PartitionType type) {
    return traits(type).pipelined_or_bounded;
}
bool is_hybrid(PartitionType type) {
    return traits(type).hybrid;
}

const NetworkRuleSet& network_rules(FlinkVersion version) {
    const NetworkRuleSet* chosen = &kNetworkRuleSets.front();
    for (const auto& rules : kNetworkRuleSets) {
        if (rules.since <= version) chosen = &rules;
    }
    return *chosen;
}

bool has_network_rules(FlinkVersion version) {
    return kNetworkRuleSets.front().since <= version;
}

FlinkVersion oldest_network_rules() {
    return kNetworkRuleSets.front().since;
}

std::int32_t buffers_per_input_channel(std::int32_t configured) {
    return configured;
}

MinMax floating_buffers_per_input_gate(std::int32_t floating_buffers_per_gate) {
    // FLINK-16536: at least one floating buffer for local channel state recovery.
    return {1, floating_buffers_per_gate};
}

MinMax result_partition_buffers(const NetworkRuleSet& rules, std::int32_t buffers_per_channel,
                                std::int32_t floating_buffers_per_gate,
                                std::int32_t sort_shuffle_min_parallelism,
                                std::int32_t sort_shuffle_min_buffers, std::int32_t num_subpartitions,
                                bool tiered_storage, std::int32_t tiered_exclusive_buffers,
                                PartitionType type) {
    const bool tiered = rules.tiered_storage_arguments && tiered_storage;
    const bool sort_shuffle = is_blocking(type) && num_subpartitions >= sort_shuffle_min_parallelism;
    std::int32_t min = 0;
    if (sort_shuffle) {
        min = sort_shuffle_min_buffers;
    } else {
        min = tiered ? std::min(tiered_exclusive_buffers, java_add(num_subpartitions, 1))
                     : java_add(num_subpartitions, 1);
    }
    std::int32_t max = 0;
    if (is_bounded(type)) {
        max = java_add(java_mul(num_subpartitions, buffers_per_channel), floating_buffers_per_gate);
    } else if (sort_shuffle) {
        max = std::max(min, java_mul(4, num_subpartitions));
    } else {
        max = kIntMax;
    }
    // Every subpartition gets at least one buffer even with buffers-per-channel 0.
    return {min, std::max(min, max)};
}

std::int32_t effective_max_required_buffers_per_gate(PartitionType type,
                                                     std::optional<std::int32_t> configured,
                                                     bool tiered_storage) {
    if (configured) return *configured;
    // A hybrid partition may overestimate its backlog; all-floating buffers would hurt it.
    const bool stream_like = is_pipelined_or_bounded(type) || (is_hybrid(type) && !tiered_storage);
    return stream_like ? kIntMax : 1000;
}

GateBuffersSpec create_gate_buffers_spec(std::optional<std::int32_t> configured_max_required,
                                         std::int32_t buffers_per_channel,
                                         std::int32_t floating_buffers_per_gate, PartitionType type,
                                         std::int32_t num_input_channels, bool tiered_storage) {
    const std::int32_t max_required =
        effective_max_required_buffers_per_gate(type, configured_max_required, tiered_storage);
    const std::int32_t target_required = java_add(java_mul(num_input_channels, buffers_per_channel), 1);
    const std::int32_t target_total =
        java_add(java_mul(num_input_channels, buffers_per_channel), floating_buffers_per_gate);
    const std::int32_t required_per_gate = std::min(max_required, target_required);
    if (num_input_channels <= 0) throw Error::illegal_argument("Must be positive.");
    if (required_per_gate < 1) throw Error::illegal_argument("Require at least 1 buffer per gate.");
    // At least one buffer of the gate is floating; the rest is spread over the channels.
    const std::int32_t exclusive_per_channel =
        std::min(buffers_per_channel, (required_per_gate - 1) / num_input_channels);
    const std::int32_t exclusive_per_gate = java_mul(exclusive_per_channel, num_input_channels);
    const std::int32_t required_floating = java_sub(required_per_gate, exclusive_per_gate);
    const std::int32_t total_floating = java_sub(target_total, exclusive_per_gate);
    if (required_floating <= 0) throw Error(ErrorClass::IllegalStateException, "Must be positive.");
    if (required_floating > total_floating) {
        throw Error(ErrorClass::IllegalStateException, "Wrong number of floating buffers.");
    }
    return {exclusive_per_channel, required_floating, total_floating, target_total};
}

GateBuffers gate_buffers(const NetworkRuleSet& rules, const NetworkSettings& settings, PartitionType type,
                         std::int32_t num_input_channels) {
    if (!rules.gate_spec_utils) {
        return {floating_buffers_per_input_gate(settings.floating_buffers_per_gate),
                buffers_per_input_channel(settings.buffers_per_channel)};
    }
    const GateBuffersSpec spec =
        create_gate_buffers_spec(settings.max_required_buffers_per_gate, settings.buffers_per_channel,
                                 settings.floating_buffers_per_gate, type, num_input_channels,
                                 rules.tiered_storage_arguments && settings.tiered_storage);
    return {{spec.required_floating_buffers, spec.total_floating_buffers},
            spec.effective_exclusive_buffers_per_channel};
}

PartitionPool partition_pool(const NetworkRuleSet& rules, const NetworkSettings& settings, PartitionType type,
                             std::int32_t num_subpartitions) {
    const MinMax size = result_partition_buffers(
        rules, settings.buffers_per_channel, settings.floating_buffers_per_gate,
        settings.sort_shuffle_min_parallelism, settings.sort_shuffle_min_buffers, num_subpartitions,
        settings.tiered_storage, settings.tiered_exclusive_buffers, type);
    // ResultPartitionFactory#isOverdraftBufferNeeded: only pipelined shuffles overdraw.
    const std::int32_t overdraft =
        is_pipelined_or_bounded(type) ? settings.max_overdraft_buffers_per_gate : 0;
    return {size, num_subpartitions, settings.max_buffers_per_channel, overdraft};
}

std::int32_t network_buffers_for_announcing(const NetworkRuleSet& rules, std::int32_t buffers_per_channel,
                                            std::int32_t floating_buffers_per_gate,
                                            std::optional<std::int32_t> max_required_per_gate,
                                            std::int32_t sort_shuffle_min_parallelism,
                                            std::int32_t sort_shuffle_min_buffers,
                                            const std::vector<ConsumedDataSet>& inputs,
                                            const std::vector<ProducedDataSet>& outputs) {
    std::int32_t for_inputs = 0;
    if (rules.announce_per_dataset) {
        for (const auto& input : inputs) {
            const GateBuffersSpec spec =
                create_gate_buffers_spec(max_required_per_gate, buffers_per_channel,
                                         floating_buffers_per_gate, input.type, input.num_channels, false);
            for_inputs =
                java_add(for_inputs, java_mul(spec.target_total_buffers_per_gate, input.reuse_count));
        }
    } else {
        // 1.16: buffers-per-channel per channel and the floating buffers per gate, in totals.
        std::int32_t channels = 0;
        std::int32_t gates = 0;
        for (const auto& input : inputs) {
            channels = java_add(channels, java_mul(input.num_channels, input.reuse_count));
            gates = java_add(gates, input.reuse_count);
        }
        for_inputs =
            java_add(java_mul(buffers_per_channel, channels), java_mul(floating_buffers_per_gate, gates));
    }
    std::int32_t for_outputs = 0;
    for (const auto& output : outputs) {
        const MinMax size = result_partition_buffers(rules, buffers_per_channel, floating_buffers_per_gate,
                                                     sort_shuffle_min_parallelism, sort_shuffle_min_buffers,
                                                     output.num_subpartitions, false, 0, output.type);
        // Pipelined consumers may hold floating buffers under back pressure: announce the max.
        const std::int32_t announced = can_be_pipelined_consumed(output.type) ? size.max : size.min;
        if (announced == kIntMax) {
            throw Error::illegal_argument(
                "Illegal to announce network memory requirement as Integer.MAX_VALUE, partition type: " +
                std::string(enum_name(output.type)));
        }
        for_outputs = java_add(for_outputs, announced);
    }
    return java_add(for_inputs, for_outputs);
}

}  // namespace flinkmem::sim
