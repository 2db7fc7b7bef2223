#include "flinkmem/model/taskmanager.hpp"

#include <fmt/format.h>

#include "flinkmem/java/big_decimal.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/model/legacy_heap.hpp"

namespace flinkmem {

namespace {

namespace o = options;

// MemoryManager.MIN_PAGE_SIZE
constexpr std::int64_t kMinPageSize = 4096;

std::string human(MemorySize size) { return size.to_human_readable_string(); }

const ProcessMemoryOptions& tm_process_options() {
    static const ProcessMemoryOptions options{
        {&o::kTaskHeap, &o::kManagedSize}, &o::kTaskManagerFlinkSize, &o::kTaskManagerProcessSize,
        &o::kTaskManagerMetaspace,          &o::kTaskManagerOverheadMin,
        &o::kTaskManagerOverheadMax,        &o::kTaskManagerOverheadFraction};
    return options;
}

// TaskExecutorFlinkMemory: the six components inside Total Flink Memory.
struct TaskExecutorFlinkMemory {
    Explained framework_heap;
    Explained framework_off_heap;
    Explained task_heap;
    Explained task_off_heap;
    Explained network;
    Explained managed;

    MemorySize total_flink_size() const {
        return framework_heap.size.add(framework_off_heap.size)
            .add(task_heap.size)
            .add(task_off_heap.size)
            .add(network.size)
            .add(managed.size);
    }
};

// ConfigurationParserUtils.getPageSize: the segment size must fit an int, be >= 4096 and a
// power of two.
std::int64_t page_size(const Configuration& config) {
    const MemorySize size = *config.get_memory_size(o::kSegmentSize);
    if (size.bytes() > INT32_MAX) {
        throw Error::illegal_argument(fmt::format("Cannot downcast long value {} to integer.", size.bytes()));
    }
    const auto invalid = [&](std::string_view why) {
        Error error = Error::illegal_configuration(fmt::format(
            "Invalid configuration value for {} : {} - {}", o::kSegmentSize.key, size.bytes(), why));
        if (const auto found = config.lookup(o::kSegmentSize)) {
            error.with_context({std::string(found->key), found->entry->value, found->entry->source});
        }
        return error.with_hint(fmt::format("{} must be a power of two of at least 4096 bytes, e.g. 32kb.",
                                           o::kSegmentSize.key));
    };
    if (size.bytes() < kMinPageSize) {
        throw invalid(fmt::format("Minimum memory segment size is {}", kMinPageSize));
    }
    if ((size.bytes() & (size.bytes() - 1)) != 0) {
        throw invalid("Memory segment size must be a power of 2.");
    }
    return size.bytes();
}

// The deprecated taskmanager.network.numberOfBuffers counts only while no network memory option
// is set at all.
bool uses_legacy_network_config(const Configuration& config) {
    const bool any_network = config.contains(o::kNetworkMin) || config.contains(o::kNetworkMax) ||
                             config.contains(o::kNetworkFraction);
    return !any_network && config.contains(o::kNetworkNumBuffers);
}

Explained legacy_network_memory(const Configuration& config) {
    const std::int64_t buffers = *config.get_int(o::kNetworkNumBuffers);
    const std::int64_t page = page_size(config);
    return {MemorySize(buffers * page),
            fmt::format("{} ({}) x {} ({} bytes)", o::kNetworkNumBuffers.key, buffers,
                        o::kSegmentSize.key, page)};
}

RangeFraction network_range(const Configuration& config) {
    const MemorySize min = read_memory_size(config, o::kNetworkMin);
    const MemorySize max = read_memory_size(config, o::kNetworkMax);
    return read_range_fraction(min, max, o::kNetworkFraction, config);
}

Explained managed_memory(const Configuration& config, MemorySize total_flink) {
    if (config.contains(o::kManagedSize)) return read_explained(config, o::kManagedSize);
    const RangeFraction range =
        read_range_fraction(MemorySize::zero(), MemorySize::max_value(), o::kManagedFraction, config);
    return derive_with_fraction("Total Flink Memory", total_flink, range);
}

// sanityCheckNetworkMemory, under the wrapper Flink puts around it when network memory is the
// remainder of an explicit Total Flink Memory.
void check_network_remainder(const Configuration& config, MemorySize network, MemorySize total_flink) {
    try {
        if (uses_legacy_network_config(config)) {
            const MemorySize configured = legacy_network_memory(config).size;
            if (configured != network) {
                throw Error::illegal_configuration(fmt::format(
                    "Derived Network Memory size ({}) does not match configured Network Memory size ({}).",
                    human(network), human(configured)));
            }
        } else {
            const RangeFraction range = network_range(config);
            if (network.bytes() > range.max.bytes() || network.bytes() < range.min.bytes()) {
                throw Error::illegal_configuration(fmt::format(
                    "Derived Network Memory size ({}) is not in configured Network Memory range [{}, {}].",
                    human(network), human(range.min), human(range.max)));
            }
        }
    } catch (const Error& cause) {
        if (!cause.is(kIllegalConfigurationException)) throw;
        Error error = cause.wrapped(
            kIllegalConfigurationException,
            "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then "
            "the Network Memory size is the rest of the Total Flink memory after subtracting all "
            "other configured types of memory, but the derived Network Memory is inconsistent with "
            "its configuration.");
        if (error.hint().empty()) {
            error.with_hint(fmt::format(
                "Network memory is what is left of Total Flink Memory ({}) here: {}. Either stop "
                "setting every other component, or make the network range ({}, {}) allow it.",
                human(total_flink), human(network), o::kNetworkMin.key, o::kNetworkMax.key));
        }
        throw error;
    }
}

Error sum_exceeds_total_flink(std::string message, MemorySize sum, MemorySize total_flink) {
    return Error::illegal_configuration(std::move(message))
        .with_hint(fmt::format(
            "The components add up to {}, {} more than Total Flink Memory ({}). Raise "
            "taskmanager.memory.process.size (or taskmanager.memory.flink.size), or lower the "
            "explicitly sized components.",
            human(sum), human(sum.subtract(total_flink)), human(total_flink)));
}

// TaskExecutorFlinkMemoryUtils: the two ways to derive the Flink memory components.
struct TaskManagerRules {
    TaskExecutorFlinkMemory from_fine_grained(const Configuration& config) const {
        Explained task_heap = read_explained(config, o::kTaskHeap);
        Explained managed = read_explained(config, o::kManagedSize);
        Explained framework_heap = read_explained(config, o::kFrameworkHeap);
        Explained framework_off_heap = read_explained(config, o::kFrameworkOffHeap);
        Explained task_off_heap = read_explained(config, o::kTaskOffHeap);
        const MemorySize without_network = framework_heap.size.add(framework_off_heap.size)
                                               .add(task_heap.size)
                                               .add(task_off_heap.size)
                                               .add(managed.size);
        Explained network;
        if (config.contains(o::kTaskManagerFlinkSize)) {
            const MemorySize total_flink = read_memory_size(config, o::kTaskManagerFlinkSize);
            if (without_network.bytes() > total_flink.bytes()) {
                throw sum_exceeds_total_flink(exceed_with_task_heap(framework_heap, framework_off_heap,
                                                                    task_heap, task_off_heap, managed,
                                                                    total_flink),
                                              without_network, total_flink);
            }
            network = {total_flink.subtract(without_network), "the rest of Total Flink Memory"};
            check_network_remainder(config, network.size, total_flink);
        } else if (uses_legacy_network_config(config)) {
            network = legacy_network_memory(config);
        } else {
            network = derive_with_inverse_fraction("(all other Flink memory)", without_network,
                                                   network_range(config));
        }
        return {std::move(framework_heap), std::move(framework_off_heap), std::move(task_heap),
                std::move(task_off_heap), std::move(network), std::move(managed)};
    }

    TaskExecutorFlinkMemory from_total_flink(const Configuration& config, MemorySize total_flink) const {
        Explained framework_heap = read_explained(config, o::kFrameworkHeap);
        Explained framework_off_heap = read_explained(config, o::kFrameworkOffHeap);
        Explained task_off_heap = read_explained(config, o::kTaskOffHeap);
        if (config.contains(o::kTaskHeap)) {
            Explained task_heap = read_explained(config, o::kTaskHeap);
            Explained managed = managed_memory(config, total_flink);
            const MemorySize without_network = framework_heap.size.add(framework_off_heap.size)
                                                   .add(task_heap.size)
                                                   .add(task_off_heap.size)
                                                   .add(managed.size);
            if (without_network.bytes() > total_flink.bytes()) {
                throw sum_exceeds_total_flink(exceed_with_task_heap(framework_heap, framework_off_heap,
                                                                    task_heap, task_off_heap, managed,
                                                                    total_flink),
                                              without_network, total_flink);
            }
            Explained network{total_flink.subtract(without_network), "the rest of Total Flink Memory"};
            check_network_remainder(config, network.size, total_flink);
            return {std::move(framework_heap), std::move(framework_off_heap), std::move(task_heap),
                    std::move(task_off_heap), std::move(network), std::move(managed)};
        }
        Explained managed = managed_memory(config, total_flink);
        Explained network = uses_legacy_network_config(config)
                                ? legacy_network_memory(config)
                                : derive_with_fraction("Total Flink Memory", total_flink,
                                                       network_range(config));
        const MemorySize without_task_heap = framework_heap.size.add(framework_off_heap.size)
                                                 .add(task_off_heap.size)
                                                 .add(managed.size)
                                                 .add(network.size);
        if (without_task_heap.bytes() > total_flink.bytes()) {
            throw sum_exceeds_total_flink(
                fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory "
                            "({}), Task Off-Heap Memory ({}), Managed Memory ({}) and Network Memory "
                            "({}) exceed configured Total Flink Memory ({}).",
                            human(framework_heap.size), human(framework_off_heap.size),
                            human(task_off_heap.size), human(managed.size), human(network.size),
                            human(total_flink)),
                without_task_heap, total_flink);
        }
        Explained task_heap{total_flink.subtract(without_task_heap),
                            "the rest of Total Flink Memory after all other components"};
        return {std::move(framework_heap), std::move(framework_off_heap), std::move(task_heap),
                std::move(task_off_heap), std::move(network), std::move(managed)};
    }

private:
    static std::string exceed_with_task_heap(const Explained& framework_heap,
                                             const Explained& framework_off_heap,
                                             const Explained& task_heap, const Explained& task_off_heap,
                                             const Explained& managed, MemorySize total_flink) {
        return fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory "
                           "({}), Task Heap Memory ({}), Task Off-Heap Memory ({}) and Managed Memory "
                           "({}) exceed configured Total Flink Memory ({}).",
                           human(framework_heap.size), human(framework_off_heap.size),
                           human(task_heap.size), human(task_off_heap.size), human(managed.size),
                           human(total_flink));
    }
};

// TaskExecutorProcessUtils.getCpuCoresWithFallback(config, -1.0), kept as a CPUResource.
double cpu_cores(const Configuration& config) {
    const double cores = config.contains(o::kCpuCores)
                             ? *config.get_double(o::kCpuCores)
                             : static_cast<double>(*config.get_int(o::kNumTaskSlots));
    if (cores <= 0) {
        throw Error::illegal_configuration(
                  fmt::format("TaskExecutors need to be started with a positive number of CPU cores. "
                              "Please configure {} accordingly.",
                              o::kCpuCores.key))
            .with_hint(fmt::format("Without {}, the CPU cores are the number of slots ({}), which "
                                   "must then be positive.",
                                   o::kCpuCores.key, o::kNumTaskSlots.key));
    }
    try {
        return java::round_down_to_scale(cores, 8);
    } catch (Error& e) {  // NaN and infinities: CPUResource's BigDecimal rejects them
        if (const auto found = config.lookup(o::kCpuCores)) {
            e.with_context({std::string(found->key), found->entry->value, found->entry->source});
        }
        throw e.with_hint(fmt::format("{} must be a finite positive number.", o::kCpuCores.key));
    }
}

// ExternalResourceUtils.getExternalResourcesCollection, then TaskExecutorProcessSpec's map.
std::vector<ExternalResource> external_resources(const Configuration& config) {
    const auto list = config.lookup(o::kExternalResources);
    if (list && list->entry->value == "none") return {};
    const std::vector<std::string> names = config.get_string_list(o::kExternalResources);

    auto name_set = java::HashMap<bool>::for_collection_of(names.size());
    for (const auto& name : names) name_set.put(name, true);

    java::HashMap<std::int64_t> amounts;
    for (const auto& name : name_set.keys()) {
        const auto amount = config.get_long(o::external_resource_amount_key(name));
        if (amount && *amount > 0) amounts.put(name, *amount);
    }
    java::HashMap<std::int64_t> by_name;
    for (const auto& [name, amount] : amounts.entries()) by_name.put(name, amount);

    std::vector<ExternalResource> resources;
    for (auto& [name, amount] : by_name.entries()) resources.push_back({std::move(name), amount});
    return resources;
}

TaskManagerMemory process_spec(const Configuration& config) {
    auto memory = derive_process_memory<TaskExecutorFlinkMemory>(config, tm_process_options(),
                                                                 TaskManagerRules{});
    TaskManagerMemory result{std::move(memory.flink.framework_heap),
                             std::move(memory.flink.task_heap),
                             std::move(memory.flink.framework_off_heap),
                             std::move(memory.flink.task_off_heap),
                             std::move(memory.flink.network),
                             std::move(memory.flink.managed),
                             std::move(memory.jvm.metaspace),
                             std::move(memory.jvm.overhead),
                             std::move(memory.total_flink),
                             std::move(memory.total_process),
                             0,
                             1,
                             {}};
    result.cpu_cores = cpu_cores(config);
    result.num_slots = *config.get_int(o::kNumTaskSlots);
    result.external_resources = external_resources(config);
    return result;
}

}  // namespace

std::vector<std::pair<std::string_view, MemorySize>> TaskManagerMemory::named_sizes() const {
    return {{"framework_heap", framework_heap.size},
            {"task_heap", task_heap.size},
            {"framework_off_heap", framework_off_heap.size},
            {"task_off_heap", task_off_heap.size},
            {"network", network.size},
            {"managed", managed.size},
            {"jvm_metaspace", jvm_metaspace.size},
            {"jvm_overhead", jvm_overhead.size},
            {"total_flink", total_flink.size},
            {"total_process", total_process.size},
            {"jvm_heap", jvm_heap()},
            {"jvm_direct", jvm_direct()}};
}

TaskManagerMemory resolve_task_manager(const Configuration& config) {
    Configuration mapped;
    try {
        mapped = map_legacy_heap(config, o::kTaskManagerFlinkSize,
                                 {&o::kTaskManagerLegacyHeap, &o::kTaskManagerLegacyHeapMb});
    } catch (const Error& e) {
        if (!e.is(kIllegalConfigurationException)) throw;
        throw e.wrapped_with_prefix("TaskManager failed to map legacy JVM heap option to the new one: ");
    }
    try {
        return process_spec(mapped);
    } catch (const Error& e) {
        if (!e.is(kIllegalConfigurationException)) throw;
        throw e.wrapped_with_prefix("TaskManager memory configuration failed: ");
    }
}

}  // namespace flinkmem
