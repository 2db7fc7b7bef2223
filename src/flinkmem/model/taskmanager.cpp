#include "flinkmem/model/taskmanager.hpp"

#include <fmt/format.h>

#include "derive.hpp"
#include "flinkmem/java/big_decimal.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"
#include "legacy_heap.hpp"
#include "process_memory.hpp"

namespace flinkmem {

namespace {

using enum OptionId;

// MemoryManager.MIN_PAGE_SIZE
constexpr std::int64_t kMinPageSize = 4096;

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

ProcessMemoryOptions tm_process_options(const Release& release) {
    const OptionCatalog& o = release.options();
    return {&release.traits(),          {&o[TaskHeap], &o[ManagedSize]}, &o[TaskManagerFlinkSize],
            &o[TaskManagerProcessSize], &o[TaskManagerMetaspace],        &o[TaskManagerOverheadMin],
            &o[TaskManagerOverheadMax], &o[TaskManagerOverheadFraction]};
}

// TaskExecutorFlinkMemory: the six components inside Total Flink Memory.
struct TaskExecutorFlinkMemory {
    Explained framework_heap;
    Explained framework_off_heap;
    Explained task_heap;
    Explained task_off_heap;
    Explained network;
    Explained managed;

    // The order of the additions follows Flink's (an overflow throws at the same place).
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
std::int64_t page_size(const OptionCatalog& o, const Configuration& config) {
    const MemorySize size = *config.get_memory_size(o[SegmentSize]);
    if (size.bytes() > INT32_MAX) {
        throw Error::illegal_argument(fmt::format("Cannot downcast long value {} to integer.", size.bytes()));
    }
    const auto invalid = [&](std::string_view why) {
        Error error = Error::illegal_configuration(fmt::format("Invalid configuration value for {} : {} - {}",
                                                               o[SegmentSize].key, size.bytes(), why));
        error.with_context(config.context_of(o[SegmentSize]));
        return error.with_hint(
            fmt::format("{} must be a power of two of at least 4096 bytes, e.g. 32kb.", o[SegmentSize].key));
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
bool uses_legacy_network_config(const OptionCatalog& o, const Configuration& config) {
    const OptionSpec* buffers = o.find(NetworkNumBuffers);  // removed in Flink 2.0
    const bool any_network = config.contains(o[NetworkMin]) || config.contains(o[NetworkMax]) ||
                             config.contains(o[NetworkFraction]);
    return buffers != nullptr && !any_network && config.contains(*buffers);
}

Explained legacy_network_memory(const OptionCatalog& o, const Configuration& config) {
    const std::int64_t buffers = *config.get_int(o[NetworkNumBuffers]);
    const std::int64_t page = page_size(o, config);
    Derivation how;
    how.rule = Derivation::Rule::LegacyNetworkBuffers;
    how.key = o[NetworkNumBuffers].key;
    how.buffers = buffers;
    how.page = page;
    how.page_key = o[SegmentSize].key;
    return {MemorySize(buffers * page), std::move(how)};
}

Outcome<RangeFraction> network_range(const OptionCatalog& o, const Configuration& config) {
    Outcome<MemorySize> min = memory_size_of(config, o[NetworkMin]);
    if (!min.ok()) return std::move(min).error();
    Outcome<MemorySize> max = memory_size_of(config, o[NetworkMax]);
    if (!max.ok()) return std::move(max).error();
    return read_range_fraction(min.value(), max.value(), o[NetworkFraction], config);
}

Outcome<Explained> managed_memory(const OptionCatalog& o, const Configuration& config,
                                  MemorySize total_flink) {
    if (config.contains(o[ManagedSize])) return read_explained(config, o[ManagedSize]);
    Outcome<RangeFraction> range =
        read_range_fraction(MemorySize::zero(), MemorySize::max_value(), o[ManagedFraction], config);
    if (!range.ok()) return std::move(range).error();
    return derive_with_fraction("Total Flink Memory", total_flink, range.value());
}

// Flink's network memory derived with a fraction, or Flink's error.
Outcome<Explained> network_with_fraction(const OptionCatalog& o, const Configuration& config,
                                         std::string_view base_name, MemorySize base, bool inverse) {
    Outcome<RangeFraction> range = network_range(o, config);
    if (!range.ok()) return std::move(range).error();
    return inverse ? derive_with_inverse_fraction(base_name, base, range.value())
                   : derive_with_fraction(base_name, base, range.value());
}

// sanityCheckNetworkMemory, under the wrapper Flink puts around it when network memory is the
// remainder of an explicit Total Flink Memory.
// sanityCheckNetworkMemory, under the wrapper Flink puts around it when network memory is the
// remainder of an explicit Total Flink Memory: Flink's error, if any, as a value.
std::optional<Error> check_network_remainder(const OptionCatalog& o, const Configuration& config,
                                             MemorySize network, MemorySize total_flink) {
    const auto wrapped = [&](const Error& cause) {
        if (!cause.is(ErrorClass::IllegalConfigurationException)) return cause;
        Error error = cause.wrapped(
            ErrorClass::IllegalConfigurationException,
            "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then "
            "the Network Memory size is the rest of the Total Flink memory after subtracting all "
            "other configured types of memory, but the derived Network Memory is inconsistent with "
            "its configuration.");
        if (error.hint().empty()) {
            error.with_hint(
                fmt::format("Network memory is what is left of Total Flink Memory ({}) here: {}. Either stop "
                            "setting every other component, or make the network range ({}, {}) allow it.",
                            human(total_flink), human(network), o[NetworkMin].key, o[NetworkMax].key));
        }
        return error;
    };
    try {
        if (uses_legacy_network_config(o, config)) {
            const MemorySize configured = legacy_network_memory(o, config).size;
            if (configured != network) {
                return wrapped(Error::illegal_configuration(fmt::format(
                    "Derived Network Memory size ({}) does not match configured Network Memory size ({}).",
                    human(network), human(configured))));
            }
            return std::nullopt;
        }
        Outcome<RangeFraction> range = network_range(o, config);
        if (!range.ok()) return wrapped(std::move(range).error());
        if (network.bytes() > range.value().max.bytes() || network.bytes() < range.value().min.bytes()) {
            return wrapped(Error::illegal_configuration(fmt::format(
                "Derived Network Memory size ({}) is not in configured Network Memory range [{}, {}].",
                human(network), human(range.value().min), human(range.value().max))));
        }
    } catch (const Error& cause) {
        return wrapped(cause);
    }
    return std::nullopt;
}

Error sum_exceeds_total_flink(std::string message, MemorySize sum, MemorySize total_flink) {
    return Error::illegal_configuration(std::move(message))
        .with_hint(
            fmt::format("The components add up to {}, {} more than Total Flink Memory ({}). Raise "
                        "taskmanager.memory.process.size (or taskmanager.memory.flink.size), or lower the "
                        "explicitly sized components.",
                        human(sum), human(sum.subtract(total_flink)), human(total_flink)));
}

// TaskExecutorFlinkMemoryUtils: the two ways to derive the Flink memory components.
struct TaskManagerRules {
    const OptionCatalog& o;

    Outcome<TaskExecutorFlinkMemory> from_fine_grained(const Configuration& config) const {
        Outcome<Explained> task_heap = read_explained(config, o[TaskHeap]);
        if (!task_heap.ok()) return std::move(task_heap).error();
        Outcome<Explained> managed = read_explained(config, o[ManagedSize]);
        if (!managed.ok()) return std::move(managed).error();
        Outcome<Explained> framework_heap = read_explained(config, o[FrameworkHeap]);
        if (!framework_heap.ok()) return std::move(framework_heap).error();
        Outcome<Explained> framework_off_heap = read_explained(config, o[FrameworkOffHeap]);
        if (!framework_off_heap.ok()) return std::move(framework_off_heap).error();
        Outcome<Explained> task_off_heap = read_explained(config, o[TaskOffHeap]);
        if (!task_off_heap.ok()) return std::move(task_off_heap).error();
        const MemorySize without_network = framework_heap.value()
                                               .size.add(framework_off_heap.value().size)
                                               .add(task_heap.value().size)
                                               .add(task_off_heap.value().size)
                                               .add(managed.value().size);
        Explained network;
        if (config.contains(o[TaskManagerFlinkSize])) {
            Outcome<MemorySize> total_flink = memory_size_of(config, o[TaskManagerFlinkSize]);
            if (!total_flink.ok()) return std::move(total_flink).error();
            if (without_network.bytes() > total_flink.value().bytes()) {
                return sum_exceeds_total_flink(
                    exceed_with_task_heap(framework_heap.value(), framework_off_heap.value(),
                                          task_heap.value(), task_off_heap.value(), managed.value(),
                                          total_flink.value()),
                    without_network, total_flink.value());
            }
            network = {total_flink.value().subtract(without_network),
                       Derivation::remainder("the rest of Total Flink Memory")};
            if (auto error = check_network_remainder(o, config, network.size, total_flink.value())) {
                return std::move(*error);
            }
        } else if (uses_legacy_network_config(o, config)) {
            network = legacy_network_memory(o, config);
        } else {
            Outcome<Explained> derived =
                network_with_fraction(o, config, "(all other Flink memory)", without_network, true);
            if (!derived.ok()) return std::move(derived).error();
            network = std::move(derived).value();
        }
        return TaskExecutorFlinkMemory{std::move(framework_heap).value(),
                                       std::move(framework_off_heap).value(),
                                       std::move(task_heap).value(),
                                       std::move(task_off_heap).value(),
                                       std::move(network),
                                       std::move(managed).value()};
    }

    Outcome<TaskExecutorFlinkMemory> from_total_flink(const Configuration& config,
                                                      MemorySize total_flink) const {
        Outcome<Explained> framework_heap = read_explained(config, o[FrameworkHeap]);
        if (!framework_heap.ok()) return std::move(framework_heap).error();
        Outcome<Explained> framework_off_heap = read_explained(config, o[FrameworkOffHeap]);
        if (!framework_off_heap.ok()) return std::move(framework_off_heap).error();
        Outcome<Explained> task_off_heap = read_explained(config, o[TaskOffHeap]);
        if (!task_off_heap.ok()) return std::move(task_off_heap).error();
        if (config.contains(o[TaskHeap])) {
            Outcome<Explained> task_heap = read_explained(config, o[TaskHeap]);
            if (!task_heap.ok()) return std::move(task_heap).error();
            Outcome<Explained> managed = managed_memory(o, config, total_flink);
            if (!managed.ok()) return std::move(managed).error();
            const MemorySize without_network = framework_heap.value()
                                                   .size.add(framework_off_heap.value().size)
                                                   .add(task_heap.value().size)
                                                   .add(task_off_heap.value().size)
                                                   .add(managed.value().size);
            if (without_network.bytes() > total_flink.bytes()) {
                return sum_exceeds_total_flink(
                    exceed_with_task_heap(framework_heap.value(), framework_off_heap.value(),
                                          task_heap.value(), task_off_heap.value(), managed.value(),
                                          total_flink),
                    without_network, total_flink);
            }
            Explained network{total_flink.subtract(without_network),
                              Derivation::remainder("the rest of Total Flink Memory")};
            if (auto error = check_network_remainder(o, config, network.size, total_flink)) {
                return std::move(*error);
            }
            return TaskExecutorFlinkMemory{std::move(framework_heap).value(),
                                           std::move(framework_off_heap).value(),
                                           std::move(task_heap).value(),
                                           std::move(task_off_heap).value(),
                                           std::move(network),
                                           std::move(managed).value()};
        }
        Outcome<Explained> managed = managed_memory(o, config, total_flink);
        if (!managed.ok()) return std::move(managed).error();
        Explained network;
        if (uses_legacy_network_config(o, config)) {
            network = legacy_network_memory(o, config);
        } else {
            Outcome<Explained> derived =
                network_with_fraction(o, config, "Total Flink Memory", total_flink, false);
            if (!derived.ok()) return std::move(derived).error();
            network = std::move(derived).value();
        }
        const MemorySize without_task_heap = framework_heap.value()
                                                 .size.add(framework_off_heap.value().size)
                                                 .add(task_off_heap.value().size)
                                                 .add(managed.value().size)
                                                 .add(network.size);
        if (without_task_heap.bytes() > total_flink.bytes()) {
            return sum_exceeds_total_flink(
                fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory "
                            "({}), Task Off-Heap Memory ({}), Managed Memory ({}) and Network Memory "
                            "({}) exceed configured Total Flink Memory ({}).",
                            human(framework_heap.value().size), human(framework_off_heap.value().size),
                            human(task_off_heap.value().size), human(managed.value().size),
                            human(network.size), human(total_flink)),
                without_task_heap, total_flink);
        }
        Explained task_heap{
            total_flink.subtract(without_task_heap),
            Derivation::remainder("the rest of Total Flink Memory after all other components")};
        return TaskExecutorFlinkMemory{std::move(framework_heap).value(),
                                       std::move(framework_off_heap).value(),
                                       std::move(task_heap),
                                       std::move(task_off_heap).value(),
                                       std::move(network),
                                       std::move(managed).value()};
    }

private:
    static std::string exceed_with_task_heap(const Explained& framework_heap,
                                             const Explained& framework_off_heap, const Explained& task_heap,
                                             const Explained& task_off_heap, const Explained& managed,
                                             MemorySize total_flink) {
        return fmt::format(
            "Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory "
            "({}), Task Heap Memory ({}), Task Off-Heap Memory ({}) and Managed Memory "
            "({}) exceed configured Total Flink Memory ({}).",
            human(framework_heap.size), human(framework_off_heap.size), human(task_heap.size),
            human(task_off_heap.size), human(managed.size), human(total_flink));
    }
};

// TaskExecutorProcessUtils.getCpuCoresWithFallback(config, -1.0), kept as a CPUResource: from
// 1.14 on cut to 8 decimal places, before at full precision.
double cpu_cores(const Release& release, const Configuration& config) {
    const OptionCatalog& o = release.options();
    const double cores = config.contains(o[CpuCores]) ? *config.get_double(o[CpuCores])
                                                      : static_cast<double>(*config.get_int(o[NumTaskSlots]));
    if (cores <= 0) {
        throw Error::illegal_configuration(
            fmt::format("TaskExecutors need to be started with a positive number of CPU cores. "
                        "Please configure {} accordingly.",
                        o[CpuCores].key))
            .with_hint(fmt::format("Without {}, the CPU cores are the number of slots ({}), which "
                                   "must then be positive.",
                                   o[CpuCores].key, o[NumTaskSlots].key));
    }
    try {
        // Every release keeps the cores as BigDecimal.valueOf(cores) (Resource's constructor), which
        // rejects NaN and infinities; from 1.14 CPUResource also cuts it to 8 decimal places.
        if (release.traits().cpu_cores == CpuCoresText::FullPrecision)
            return java::big_decimal_value_of(cores);
        return java::round_down_to_scale(cores, 8);
    } catch (Error& e) {
        e.with_context(config.context_of(o[CpuCores]));
        throw e.with_hint(fmt::format("{} must be a finite positive number.", o[CpuCores].key));
    }
}

// ExternalResourceUtils.getExternalResourcesCollection, then TaskExecutorProcessSpec's map.
std::vector<ExternalResource> external_resources(const OptionCatalog& o, const Configuration& config) {
    const auto list = config.lookup(o[ExternalResources]);
    if (list && list->entry->value == "none") return {};
    const std::vector<std::string> names = config.get_string_list(o[ExternalResources]);

    auto name_set = java::HashMap<bool>::for_collection_of(names.size());
    for (const auto& name : names) name_set.put(name, true);

    java::HashMap<std::int64_t> amounts;
    for (const auto& name : name_set.keys()) {
        const auto amount = config.get_long(external_resource_amount_key(name));
        if (amount && *amount > 0) amounts.put(name, *amount);
    }
    java::HashMap<std::int64_t> by_name;
    for (const auto& [name, amount] : amounts.entries()) by_name.put(name, amount);

    std::vector<ExternalResource> resources;
    for (auto& [name, amount] : by_name.entries()) resources.push_back({std::move(name), amount});
    return resources;
}

Outcome<TaskManagerMemory> process_spec(const Release& release, const Configuration& config) {
    const OptionCatalog& o = release.options();
    auto derived = derive_process_memory<TaskExecutorFlinkMemory>(config, tm_process_options(release),
                                                                  TaskManagerRules{o});
    if (!derived.ok()) return std::move(derived).error();
    ProcessMemory<TaskExecutorFlinkMemory> memory = std::move(derived).value();
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
    result.cpu_cores = cpu_cores(release, config);
    // Slots and external resources became part of the TaskExecutorProcessSpec with the dynamic
    // configs that carry them; before that Flink never read (or rejected) them here.
    if (release.traits().task_manager_dynamic_configs == DynamicConfigKeys::All) {
        result.num_slots = *config.get_int(o[NumTaskSlots]);
        result.external_resources = external_resources(o, config);
    }
    return result;
}

}  // namespace

MemorySize TaskManagerMemory::sum_of_flink_components() const {
    return framework_heap.size.add(task_heap.size)
        .add(framework_off_heap.size)
        .add(task_off_heap.size)
        .add(network.size)
        .add(managed.size);
}

std::array<NamedPart, 10> TaskManagerMemory::parts() const {
    return {{{"framework_heap", "Framework Heap", &framework_heap},
             {"task_heap", "Task Heap", &task_heap},
             {"framework_off_heap", "Framework Off-Heap", &framework_off_heap},
             {"task_off_heap", "Task Off-Heap", &task_off_heap},
             {"network", "Network", &network},
             {"managed", "Managed", &managed},
             {"jvm_metaspace", "JVM Metaspace", &jvm_metaspace},
             {"jvm_overhead", "JVM Overhead", &jvm_overhead},
             {"total_flink", "Total Flink Memory", &total_flink},
             {"total_process", "Total Process Memory", &total_process}}};
}

std::vector<std::pair<std::string_view, MemorySize>> TaskManagerMemory::named_sizes() const {
    std::vector<std::pair<std::string_view, MemorySize>> sizes;
    for (const NamedPart& part : parts()) sizes.emplace_back(part.key, part.value->size);
    sizes.emplace_back("jvm_heap", jvm_heap());
    sizes.emplace_back("jvm_direct", jvm_direct());
    return sizes;
}

Outcome<TaskManagerMemory> derive_task_manager(const Configuration& config, const Release& release) {
    const OptionCatalog& o = release.options();
    const ReleaseTraits& traits = release.traits();
    // The wrapper Flink puts around an IllegalConfigurationException of this stage, if any.
    const auto wrapped = [](const Error& e, std::string_view prefix) -> Error {
        if (!e.is(ErrorClass::IllegalConfigurationException) || prefix.empty()) return e;
        return e.wrapped_with_prefix(std::string(prefix));
    };
    std::optional<LegacyHeapMapping> mapped;
    try {
        mapped = map_legacy_heap(config, o[TaskManagerFlinkSize],
                                 {o.find(TaskManagerLegacyHeap), o.find(TaskManagerLegacyHeapMb)});
    } catch (const Error& e) {
        return wrapped(e, traits.task_manager_legacy_heap_error_prefix);
    }
    try {
        Outcome<TaskManagerMemory> memory = process_spec(release, mapped ? mapped->config : config);
        if (!memory.ok()) return wrapped(std::move(memory).error(), traits.task_manager_error_prefix);
        if (!mapped) return memory;
        TaskManagerMemory with_legacy = std::move(memory).value();
        attribute_to_legacy_key(with_legacy.total_flink, o[TaskManagerFlinkSize], *mapped);
        return with_legacy;
    } catch (const Error& e) {
        return wrapped(e, traits.task_manager_error_prefix);
    }
}

}  // namespace flinkmem
