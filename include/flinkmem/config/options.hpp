// Flink's memory-related configuration options, declared once as data
// (TaskManagerOptions, JobManagerOptions, NettyShuffleEnvironmentOptions, ExternalResourceOptions
// of Flink 1.20). Parsing, messages, explanations and docs all read this table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace flinkmem {

enum class OptionType { MemorySize, Float, Double, Integer, Long, Boolean, StringList };

struct FallbackKey {
    std::string_view key;
    bool deprecated;
};

struct OptionSpec {
    std::string_view key;
    OptionType type;
    // The default as Flink declares it, written the way a user would; absent when Flink has none.
    std::optional<std::string_view> default_value;
    // How ConfigOption.toString() prints that default ("0.4", "128 mb", "null").
    std::string_view default_display;
    std::span<const FallbackKey> fallback_keys;
    std::string_view description;
};

// ConfigOption.toString(): "Key: 'k' , default: d (fallback keys: [{key=x, isDeprecated=true}])".
std::string describe(const OptionSpec& option);

namespace options {

// TaskManager process memory (TaskManagerOptions).
extern const OptionSpec kTaskManagerProcessSize;
extern const OptionSpec kTaskManagerFlinkSize;
extern const OptionSpec kFrameworkHeap;
extern const OptionSpec kFrameworkOffHeap;
extern const OptionSpec kTaskHeap;
extern const OptionSpec kTaskOffHeap;
extern const OptionSpec kManagedSize;
extern const OptionSpec kManagedFraction;
extern const OptionSpec kNetworkMin;
extern const OptionSpec kNetworkMax;
extern const OptionSpec kNetworkFraction;
extern const OptionSpec kTaskManagerMetaspace;
extern const OptionSpec kTaskManagerOverheadMin;
extern const OptionSpec kTaskManagerOverheadMax;
extern const OptionSpec kTaskManagerOverheadFraction;
extern const OptionSpec kSegmentSize;
extern const OptionSpec kNumTaskSlots;
extern const OptionSpec kCpuCores;
extern const OptionSpec kNetworkNumBuffers;        // deprecated, still honoured in 1.20
extern const OptionSpec kTaskManagerLegacyHeap;    // taskmanager.heap.size
extern const OptionSpec kTaskManagerLegacyHeapMb;  // taskmanager.heap.mb
extern const OptionSpec kExternalResources;

// JobManager process memory (JobManagerOptions).
extern const OptionSpec kJobManagerProcessSize;
extern const OptionSpec kJobManagerFlinkSize;
extern const OptionSpec kJobManagerHeap;
extern const OptionSpec kJobManagerOffHeap;
extern const OptionSpec kJobManagerMetaspace;
extern const OptionSpec kJobManagerOverheadMin;
extern const OptionSpec kJobManagerOverheadMax;
extern const OptionSpec kJobManagerOverheadFraction;
extern const OptionSpec kJobManagerDirectMemoryLimit;
extern const OptionSpec kJobManagerLegacyHeap;    // jobmanager.heap.size
extern const OptionSpec kJobManagerLegacyHeapMb;  // jobmanager.heap.mb

// Every option above, for lookups by key.
std::span<const OptionSpec* const> all();

// The option whose key or fallback key is `key`, if any.
const OptionSpec* find(std::string_view key);

// "external-resource.<name>.amount" (ExternalResourceOptions.getAmountConfigOptionForResource).
std::string external_resource_amount_key(std::string_view resource_name);

}  // namespace options
}  // namespace flinkmem
