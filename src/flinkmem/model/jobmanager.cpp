#include "flinkmem/model/jobmanager.hpp"

#include <fmt/format.h>

#include "flinkmem/model/legacy_heap.hpp"

namespace flinkmem {

namespace {

namespace o = options;

std::string human(MemorySize size) { return size.to_human_readable_string(); }

const ProcessMemoryOptions& jm_process_options() {
    static const ProcessMemoryOptions options{
        {&o::kJobManagerHeap}, &o::kJobManagerFlinkSize, &o::kJobManagerProcessSize,
        &o::kJobManagerMetaspace, &o::kJobManagerOverheadMin, &o::kJobManagerOverheadMax,
        &o::kJobManagerOverheadFraction};
    return options;
}

struct JobManagerFlinkMemory {
    Explained jvm_heap;
    Explained off_heap;
    MemorySize total_flink_size() const { return jvm_heap.size.add(off_heap.size); }
};

// JobManagerFlinkMemoryUtils.
struct JobManagerRules {
    JobManagerFlinkMemory from_fine_grained(const Configuration& config) const {
        Explained heap = read_explained(config, o::kJobManagerHeap);
        Explained off_heap = read_explained(config, o::kJobManagerOffHeap);
        if (config.contains(o::kJobManagerFlinkSize)) {
            const MemorySize total_flink = read_memory_size(config, o::kJobManagerFlinkSize);
            if (config.contains(o::kJobManagerOffHeap)) {
                if (heap.size.add(off_heap.size).bytes() != total_flink.bytes()) {
                    throw Error::illegal_configuration(
                              fmt::format("Sum of the configured JVM Heap Memory ({}) and the "
                                          "configured Off-heap Memory ({}) does not match the "
                                          "configured Total Flink Memory ({}). Please, make the "
                                          "configuration consistent or configure only one option: "
                                          "either JVM Heap or Total Flink Memory.",
                                          human(heap.size), human(off_heap.size), human(total_flink)))
                        .with_hint(fmt::format("Heap + off-heap is {}, not {}; drop {} or fix one "
                                               "of the three.",
                                               human(heap.size.add(off_heap.size)), human(total_flink),
                                               o::kJobManagerFlinkSize.key));
                }
            } else {
                if (total_flink.bytes() < heap.size.bytes()) {
                    throw Error::illegal_configuration(
                              fmt::format("The configured JVM Heap Memory ({}) exceeds the configured "
                                          "Total Flink Memory ({}). Please, make the configuration "
                                          "consistent or configure only one option: either JVM Heap "
                                          "or Total Flink Memory.",
                                          human(heap.size), human(total_flink)))
                        .with_hint(fmt::format("{} must be at least {}.", o::kJobManagerFlinkSize.key,
                                               human(heap.size)));
                }
                off_heap = {total_flink.subtract(heap.size),
                            "Total Flink Memory - JVM Heap (the default off-heap size is ignored)"};
            }
        }
        return {std::move(heap), std::move(off_heap)};
    }

    JobManagerFlinkMemory from_total_flink(const Configuration& config, MemorySize total_flink) const {
        Explained off_heap = read_explained(config, o::kJobManagerOffHeap);
        // compareTo(...) < 1: an off-heap size equal to the total fails too.
        if (total_flink.bytes() <= off_heap.size.bytes()) {
            throw Error::illegal_configuration(
                      fmt::format("The configured Total Flink Memory ({}) is less than the configured "
                                  "Off-heap Memory ({}).",
                                  human(total_flink), human(off_heap.size)))
                .with_hint(fmt::format("Nothing is left for the JVM heap. The JobManager needs more "
                                       "memory than {} (off-heap) plus JVM Metaspace and Overhead; "
                                       "about 1g of {} is a practical minimum.",
                                       human(off_heap.size), o::kJobManagerProcessSize.key));
        }
        return {{total_flink.subtract(off_heap.size), "Total Flink Memory - Off-heap Memory"},
                std::move(off_heap)};
    }
};

}  // namespace

std::vector<std::pair<std::string_view, MemorySize>> JobManagerMemory::named_sizes() const {
    return {{"jvm_heap", jvm_heap.size},           {"off_heap", off_heap.size},
            {"jvm_metaspace", jvm_metaspace.size}, {"jvm_overhead", jvm_overhead.size},
            {"total_flink", total_flink.size},     {"total_process", total_process.size}};
}

JobManagerMemory resolve_job_manager(const Configuration& config) {
    JobManagerMemory result;
    try {
        const Configuration mapped = map_legacy_heap(
            config, o::kJobManagerHeap, {&o::kJobManagerLegacyHeap, &o::kJobManagerLegacyHeapMb});
        auto memory = derive_process_memory<JobManagerFlinkMemory>(mapped, jm_process_options(),
                                                                   JobManagerRules{});
        result = JobManagerMemory{std::move(memory.flink.jvm_heap), std::move(memory.flink.off_heap),
                                  std::move(memory.jvm.metaspace),  std::move(memory.jvm.overhead),
                                  std::move(memory.total_flink),    std::move(memory.total_process),
                                  false};
    } catch (const Error& e) {
        if (!e.is(kIllegalConfigurationException)) throw;
        throw e.wrapped_with_prefix("JobManager memory configuration failed: ");
    }
    // Read when the JVM parameters are generated, after the memory spec (BashJavaUtils order).
    result.direct_memory_limit = config.get_bool(o::kJobManagerDirectMemoryLimit);
    return result;
}

}  // namespace flinkmem
