// The TaskManager (TaskExecutor) memory breakdown, as Flink's standalone
// start script gets it from BashJavaUtils GET_TM_RESOURCE_PARAMS: the legacy heap options mapped
// to Total Flink Memory, then TaskExecutorProcessUtils.processSpecFromConfig.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flinkmem/memory_size.hpp"
#include "flinkmem/model/derivation.hpp"

namespace flinkmem {

struct ExternalResource {
    std::string name;
    std::int64_t amount;
};

struct TaskManagerMemory {
    Explained framework_heap;
    Explained task_heap;
    Explained framework_off_heap;
    Explained task_off_heap;
    Explained network;
    Explained managed;
    Explained jvm_metaspace;
    Explained jvm_overhead;
    Explained total_flink;
    Explained total_process;

    double cpu_cores = 0;  // as the release keeps it (from 1.14: 8 decimal places, truncated)
    std::int32_t num_slots = 1;
    std::vector<ExternalResource> external_resources;  // in Flink's (HashMap) order

    // -Xmx/-Xms: framework heap + task heap.
    MemorySize jvm_heap() const { return framework_heap.size.add(task_heap.size); }
    // -XX:MaxDirectMemorySize: framework off-heap + task off-heap + network.
    MemorySize jvm_direct() const {
        return framework_off_heap.size.add(task_off_heap.size).add(network.size);
    }
    // Managed memory is native memory, outside the direct memory limit.
    MemorySize total_off_heap() const { return managed.size.add(jvm_direct()); }

    // The six components of Total Flink Memory added up (equal to total_flink.size).
    MemorySize sum_of_flink_components() const;

    // The ten resolved components in the order of flinkmem's JSON: framework_heap, task_heap,
    // framework_off_heap, task_off_heap, network, managed, jvm_metaspace, jvm_overhead,
    // total_flink, total_process.
    std::array<NamedPart, 10> parts() const;
    // parts() as sizes, plus jvm_heap and jvm_direct.
    std::vector<std::pair<std::string_view, MemorySize>> named_sizes() const;
};

}  // namespace flinkmem
