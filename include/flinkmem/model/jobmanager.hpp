// The JobManager memory breakdown, derived exactly as Flink 1.20's standalone start script gets it
// from BashJavaUtils GET_JM_RESOURCE_PARAMS: the legacy heap options mapped to the JVM heap, then
// JobManagerProcessUtils.processSpecFromConfig.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/model/process_memory.hpp"

namespace flinkmem {

struct JobManagerMemory {
    Explained jvm_heap;
    Explained off_heap;
    Explained jvm_metaspace;
    Explained jvm_overhead;
    Explained total_flink;
    Explained total_process;
    // jobmanager.memory.enable-jvm-direct-memory-limit: whether -XX:MaxDirectMemorySize is set.
    bool direct_memory_limit = false;

    // Every size under its name in flinkmem's JSON: jvm_heap, off_heap, jvm_metaspace,
    // jvm_overhead, total_flink, total_process.
    std::vector<std::pair<std::string_view, MemorySize>> named_sizes() const;
};

// Throws flinkmem::Error exactly where, and with the message, Flink fails.
JobManagerMemory resolve_job_manager(const Configuration& config);

}  // namespace flinkmem
