// The TaskManager (TaskExecutor) memory breakdown, derived exactly as Flink 1.20's standalone
// start script gets it from BashJavaUtils GET_TM_RESOURCE_PARAMS: the legacy heap options mapped
// to Total Flink Memory, then TaskExecutorProcessUtils.processSpecFromConfig.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/model/process_memory.hpp"

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

    double cpu_cores = 0;  // as Flink keeps it: 8 decimal places, truncated
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

    // Every size under its name in flinkmem's JSON: framework_heap, task_heap,
    // framework_off_heap, task_off_heap, network, managed, jvm_metaspace, jvm_overhead,
    // total_flink, total_process, jvm_heap, jvm_direct.
    std::vector<std::pair<std::string_view, MemorySize>> named_sizes() const;
};

// Throws flinkmem::Error exactly where, and with the message, Flink fails.
TaskManagerMemory resolve_task_manager(const Configuration& config);

}  // namespace flinkmem
