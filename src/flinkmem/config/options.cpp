#include "flinkmem/config/options.hpp"

#include <array>

#include <fmt/format.h>

namespace flinkmem {

std::string describe(const OptionSpec& option) {
    std::string fallbacks;
    for (const auto& fallback : option.fallback_keys) {
        if (!fallbacks.empty()) fallbacks += ", ";
        fallbacks += fmt::format("{{key={}, isDeprecated={}}}", fallback.key, fallback.deprecated);
    }
    return fmt::format("Key: '{}' , default: {} (fallback keys: [{}])", option.key,
                       option.default_display, fallbacks);
}

namespace options {

namespace {
constexpr std::array<FallbackKey, 1> kManagedSizeFallback{{{"taskmanager.memory.size", true}}};
constexpr std::array<FallbackKey, 1> kNetworkMinFallback{{{"taskmanager.network.memory.min", true}}};
constexpr std::array<FallbackKey, 1> kNetworkMaxFallback{{{"taskmanager.network.memory.max", true}}};
constexpr std::array<FallbackKey, 1> kNetworkFractionFallback{
    {{"taskmanager.network.memory.fraction", true}}};
}  // namespace

using T = OptionType;

// --- TaskManager ---------------------------------------------------------------------------

const OptionSpec kTaskManagerProcessSize{
    "taskmanager.memory.process.size", T::MemorySize, std::nullopt, "null", {},
    "Total Process Memory of the TaskExecutor: Total Flink Memory, JVM Metaspace and JVM "
    "Overhead."};
const OptionSpec kTaskManagerFlinkSize{
    "taskmanager.memory.flink.size", T::MemorySize, std::nullopt, "null", {},
    "Total Flink Memory of the TaskExecutor: everything but JVM Metaspace and JVM Overhead."};
const OptionSpec kFrameworkHeap{
    "taskmanager.memory.framework.heap.size", T::MemorySize, "128m", "128 mb", {},
    "JVM heap reserved for the TaskExecutor framework, not for task code."};
const OptionSpec kFrameworkOffHeap{
    "taskmanager.memory.framework.off-heap.size", T::MemorySize, "128m", "128 mb", {},
    "Off-heap (direct or native) memory reserved for the TaskExecutor framework."};
const OptionSpec kTaskHeap{
    "taskmanager.memory.task.heap.size", T::MemorySize, std::nullopt, "null", {},
    "JVM heap for tasks; derived as the rest of Total Flink Memory when not set."};
const OptionSpec kTaskOffHeap{
    "taskmanager.memory.task.off-heap.size", T::MemorySize, "0", "0 bytes", {},
    "Off-heap (direct or native) memory for tasks, e.g. client libraries."};
const OptionSpec kManagedSize{
    "taskmanager.memory.managed.size", T::MemorySize, std::nullopt, "null", kManagedSizeFallback,
    "Managed memory (native, used by RocksDB, batch operators and Python); overrides the "
    "fraction."};
const OptionSpec kManagedFraction{
    "taskmanager.memory.managed.fraction", T::Float, "0.4", "0.4", {},
    "Fraction of Total Flink Memory used as managed memory when its size is not set."};
const OptionSpec kNetworkMin{
    "taskmanager.memory.network.min", T::MemorySize, "64m", "64 mb", kNetworkMinFallback,
    "Lower bound of network memory (network buffers)."};
const OptionSpec kNetworkMax{
    "taskmanager.memory.network.max", T::MemorySize, "9223372036854775807",
    "9223372036854775807 bytes", kNetworkMaxFallback,
    "Upper bound of network memory (network buffers); unlimited since Flink 1.17."};
const OptionSpec kNetworkFraction{
    "taskmanager.memory.network.fraction", T::Float, "0.1", "0.1", kNetworkFractionFallback,
    "Fraction of Total Flink Memory used as network memory, clamped to [min, max]."};
const OptionSpec kTaskManagerMetaspace{
    "taskmanager.memory.jvm-metaspace.size", T::MemorySize, "256m", "256 mb", {},
    "JVM Metaspace of the TaskExecutor (-XX:MaxMetaspaceSize)."};
const OptionSpec kTaskManagerOverheadMin{
    "taskmanager.memory.jvm-overhead.min", T::MemorySize, "192m", "192 mb", {},
    "Lower bound of JVM overhead (thread stacks, code cache, GC, native libraries)."};
const OptionSpec kTaskManagerOverheadMax{
    "taskmanager.memory.jvm-overhead.max", T::MemorySize, "1g", "1 gb", {},
    "Upper bound of JVM overhead."};
const OptionSpec kTaskManagerOverheadFraction{
    "taskmanager.memory.jvm-overhead.fraction", T::Float, "0.1", "0.1", {},
    "Fraction of Total Process Memory used as JVM overhead, clamped to [min, max]."};
const OptionSpec kSegmentSize{
    "taskmanager.memory.segment-size", T::MemorySize, "32kb", "32 kb", {},
    "Size of memory segments (network buffers and managed memory pages)."};
const OptionSpec kNumTaskSlots{
    "taskmanager.numberOfTaskSlots", T::Integer, "1", "1", {},
    "Number of task slots of a TaskExecutor; also the default CPU cores."};
const OptionSpec kCpuCores{
    "taskmanager.cpu.cores", T::Double, std::nullopt, "null", {},
    "CPU cores of the TaskExecutor; defaults to the number of slots."};
const OptionSpec kNetworkNumBuffers{
    "taskmanager.network.numberOfBuffers", T::Integer, "2048", "2048", {},
    "Deprecated: number of network buffers; used only when no network memory option is set."};
const OptionSpec kTaskManagerLegacyHeap{
    "taskmanager.heap.size", T::MemorySize, std::nullopt, "null", {},
    "Deprecated: mapped to taskmanager.memory.flink.size by the standalone start scripts."};
const OptionSpec kTaskManagerLegacyHeapMb{
    "taskmanager.heap.mb", T::Integer, std::nullopt, "null", {},
    "Deprecated: in MiB; mapped to taskmanager.memory.flink.size by the start scripts."};
const OptionSpec kExternalResources{
    "external-resources", T::StringList, "none", "[none]", {},
    "External resources (e.g. gpu), ';'-separated, each with external-resource.<name>.amount."};

// --- JobManager ----------------------------------------------------------------------------

const OptionSpec kJobManagerProcessSize{
    "jobmanager.memory.process.size", T::MemorySize, std::nullopt, "null", {},
    "Total Process Memory of the JobManager."};
const OptionSpec kJobManagerFlinkSize{
    "jobmanager.memory.flink.size", T::MemorySize, std::nullopt, "null", {},
    "Total Flink Memory of the JobManager: JVM heap and off-heap memory."};
const OptionSpec kJobManagerHeap{
    "jobmanager.memory.heap.size", T::MemorySize, std::nullopt, "null", {},
    "JVM heap of the JobManager."};
const OptionSpec kJobManagerOffHeap{
    "jobmanager.memory.off-heap.size", T::MemorySize, "128m", "128 mb", {},
    "Off-heap memory of the JobManager (direct and native)."};
const OptionSpec kJobManagerMetaspace{
    "jobmanager.memory.jvm-metaspace.size", T::MemorySize, "256m", "256 mb", {},
    "JVM Metaspace of the JobManager."};
const OptionSpec kJobManagerOverheadMin{
    "jobmanager.memory.jvm-overhead.min", T::MemorySize, "192m", "192 mb", {},
    "Lower bound of the JobManager's JVM overhead."};
const OptionSpec kJobManagerOverheadMax{
    "jobmanager.memory.jvm-overhead.max", T::MemorySize, "1g", "1 gb", {},
    "Upper bound of the JobManager's JVM overhead."};
const OptionSpec kJobManagerOverheadFraction{
    "jobmanager.memory.jvm-overhead.fraction", T::Float, "0.1", "0.1", {},
    "Fraction of the JobManager's Total Process Memory used as JVM overhead."};
const OptionSpec kJobManagerDirectMemoryLimit{
    "jobmanager.memory.enable-jvm-direct-memory-limit", T::Boolean, "false", "false", {},
    "Whether the JobManager gets -XX:MaxDirectMemorySize (its off-heap size)."};
const OptionSpec kJobManagerLegacyHeap{
    "jobmanager.heap.size", T::MemorySize, std::nullopt, "null", {},
    "Deprecated: mapped to jobmanager.memory.heap.size by the standalone start scripts."};
const OptionSpec kJobManagerLegacyHeapMb{
    "jobmanager.heap.mb", T::Integer, std::nullopt, "null", {},
    "Deprecated: in MiB; mapped to jobmanager.memory.heap.size by the start scripts."};

namespace {
constexpr std::array<const OptionSpec*, 33> kAll{
    &kTaskManagerProcessSize, &kTaskManagerFlinkSize, &kFrameworkHeap, &kFrameworkOffHeap,
    &kTaskHeap, &kTaskOffHeap, &kManagedSize, &kManagedFraction, &kNetworkMin, &kNetworkMax,
    &kNetworkFraction, &kTaskManagerMetaspace, &kTaskManagerOverheadMin,
    &kTaskManagerOverheadMax, &kTaskManagerOverheadFraction, &kSegmentSize, &kNumTaskSlots,
    &kCpuCores, &kNetworkNumBuffers, &kTaskManagerLegacyHeap, &kTaskManagerLegacyHeapMb,
    &kExternalResources, &kJobManagerProcessSize, &kJobManagerFlinkSize, &kJobManagerHeap,
    &kJobManagerOffHeap, &kJobManagerMetaspace, &kJobManagerOverheadMin, &kJobManagerOverheadMax,
    &kJobManagerOverheadFraction, &kJobManagerDirectMemoryLimit, &kJobManagerLegacyHeap,
    &kJobManagerLegacyHeapMb};
}  // namespace

std::span<const OptionSpec* const> all() { return kAll; }

const OptionSpec* find(std::string_view key) {
    for (const OptionSpec* option : kAll) {
        if (option->key == key) return option;
        for (const auto& fallback : option->fallback_keys) {
            if (fallback.key == key) return option;
        }
    }
    return nullptr;
}

std::string external_resource_amount_key(std::string_view resource_name) {
    return fmt::format("external-resource.{}.amount", resource_name);
}

}  // namespace options
}  // namespace flinkmem
