#include "flinkmem/model/jobmanager.hpp"

#include <fmt/format.h>

#include "derive.hpp"
#include "legacy_heap.hpp"
#include "process_memory.hpp"

namespace flinkmem {

namespace {

using enum OptionId;

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

ProcessMemoryOptions jm_process_options(const Release& release) {
    const OptionCatalog& o = release.options();
    return {&release.traits(),         {&o[JobManagerHeap]},          &o[JobManagerFlinkSize],
            &o[JobManagerProcessSize], &o[JobManagerMetaspace],       &o[JobManagerOverheadMin],
            &o[JobManagerOverheadMax], &o[JobManagerOverheadFraction]};
}

struct JobManagerFlinkMemory {
    Explained jvm_heap;
    Explained off_heap;
    MemorySize total_flink_size() const { return jvm_heap.size.add(off_heap.size); }
};

// JobManagerFlinkMemoryUtils.
struct JobManagerRules {
    const OptionCatalog& o;

    Outcome<JobManagerFlinkMemory> from_fine_grained(const Configuration& config) const {
        Outcome<Explained> read_heap = read_explained(config, o[JobManagerHeap]);
        if (!read_heap.ok()) return std::move(read_heap).error();
        Outcome<Explained> read_off_heap = read_explained(config, o[JobManagerOffHeap]);
        if (!read_off_heap.ok()) return std::move(read_off_heap).error();
        Explained heap = std::move(read_heap).value();
        Explained off_heap = std::move(read_off_heap).value();
        if (config.contains(o[JobManagerFlinkSize])) {
            Outcome<MemorySize> read_total_flink = memory_size_of(config, o[JobManagerFlinkSize]);
            if (!read_total_flink.ok()) return std::move(read_total_flink).error();
            const MemorySize total_flink = read_total_flink.value();
            if (config.contains(o[JobManagerOffHeap])) {
                if (heap.size.add(off_heap.size).bytes() != total_flink.bytes()) {
                    return Error::illegal_configuration(
                               fmt::format("Sum of the configured JVM Heap Memory ({}) and the "
                                           "configured Off-heap Memory ({}) does not match the "
                                           "configured Total Flink Memory ({}). Please, make the "
                                           "configuration consistent or configure only one option: "
                                           "either JVM Heap or Total Flink Memory.",
                                           human(heap.size), human(off_heap.size), human(total_flink)))
                        .with_hint(fmt::format("Heap + off-heap is {}, not {}; drop {} or fix one "
                                               "of the three.",
                                               human(heap.size.add(off_heap.size)), human(total_flink),
                                               o[JobManagerFlinkSize].key));
                }
            } else {
                if (total_flink.bytes() < heap.size.bytes()) {
                    return Error::illegal_configuration(
                               fmt::format("The configured JVM Heap Memory ({}) exceeds the configured "
                                           "Total Flink Memory ({}). Please, make the configuration "
                                           "consistent or configure only one option: either JVM Heap "
                                           "or Total Flink Memory.",
                                           human(heap.size), human(total_flink)))
                        .with_hint(fmt::format("{} must be at least {}.", o[JobManagerFlinkSize].key,
                                               human(heap.size)));
                }
                off_heap = {total_flink.subtract(heap.size),
                            Derivation::remainder(
                                "Total Flink Memory - JVM Heap (the default off-heap size is ignored)")};
            }
        }
        return JobManagerFlinkMemory{std::move(heap), std::move(off_heap)};
    }

    Outcome<JobManagerFlinkMemory> from_total_flink(const Configuration& config,
                                                    MemorySize total_flink) const {
        Outcome<Explained> read_off_heap = read_explained(config, o[JobManagerOffHeap]);
        if (!read_off_heap.ok()) return std::move(read_off_heap).error();
        Explained off_heap = std::move(read_off_heap).value();
        // compareTo(...) < 1: an off-heap size equal to the total fails too.
        if (total_flink.bytes() <= off_heap.size.bytes()) {
            return Error::illegal_configuration(
                       fmt::format("The configured Total Flink Memory ({}) is less than the configured "
                                   "Off-heap Memory ({}).",
                                   human(total_flink), human(off_heap.size)))
                .with_hint(fmt::format("Nothing is left for the JVM heap. The JobManager needs more "
                                       "memory than {} (off-heap) plus JVM Metaspace and Overhead; "
                                       "about 1g of {} is a practical minimum.",
                                       human(off_heap.size), o[JobManagerProcessSize].key));
        }
        return JobManagerFlinkMemory{{total_flink.subtract(off_heap.size),
                                      Derivation::remainder("Total Flink Memory - Off-heap Memory")},
                                     std::move(off_heap)};
    }
};

}  // namespace

std::array<NamedPart, 6> JobManagerMemory::parts() const {
    return {{{"jvm_heap", "JVM Heap", &jvm_heap},
             {"off_heap", "Off-heap", &off_heap},
             {"jvm_metaspace", "JVM Metaspace", &jvm_metaspace},
             {"jvm_overhead", "JVM Overhead", &jvm_overhead},
             {"total_flink", "Total Flink Memory", &total_flink},
             {"total_process", "Total Process Memory", &total_process}}};
}

std::vector<std::pair<std::string_view, MemorySize>> JobManagerMemory::named_sizes() const {
    std::vector<std::pair<std::string_view, MemorySize>> sizes;
    for (const NamedPart& part : parts()) sizes.emplace_back(part.key, part.value->size);
    return sizes;
}

Outcome<JobManagerMemory> derive_job_manager(const Configuration& config, const Release& release) {
    const OptionCatalog& o = release.options();
    JobManagerMemory result;
    // The wrapper this release puts around an IllegalConfigurationException of the derivation.
    const auto wrapped = [&release](const Error& e) -> Error {
        const auto& prefix = release.traits().job_manager_error_prefix;
        if (!e.is(ErrorClass::IllegalConfigurationException) || prefix.empty()) return e;
        return e.wrapped_with_prefix(std::string(prefix));
    };
    try {
        const std::optional<LegacyHeapMapping> mapped = map_legacy_heap(
            config, o[JobManagerHeap], {o.find(JobManagerLegacyHeap), o.find(JobManagerLegacyHeapMb)});
        auto derived = derive_process_memory<JobManagerFlinkMemory>(
            mapped ? mapped->config : config, jm_process_options(release), JobManagerRules{o});
        if (!derived.ok()) return wrapped(std::move(derived).error());
        ProcessMemory<JobManagerFlinkMemory> memory = std::move(derived).value();
        result = JobManagerMemory{std::move(memory.flink.jvm_heap),
                                  std::move(memory.flink.off_heap),
                                  std::move(memory.jvm.metaspace),
                                  std::move(memory.jvm.overhead),
                                  std::move(memory.total_flink),
                                  std::move(memory.total_process),
                                  false};
        if (mapped) attribute_to_legacy_key(result.jvm_heap, o[JobManagerHeap], *mapped);
    } catch (const Error& e) {
        return wrapped(e);
    }
    // Read when the JVM parameters are generated, after the memory spec (BashJavaUtils order).
    try {
        result.direct_memory_limit = config.get_bool(o[JobManagerDirectMemoryLimit]);
    } catch (const Error& e) {
        return e;
    }
    return result;
}

}  // namespace flinkmem
