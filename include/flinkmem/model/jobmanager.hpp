// The JobManager memory breakdown (Flink 1.11+), as the standalone start script gets it from
// BashJavaUtils GET_JM_RESOURCE_PARAMS: the legacy heap options mapped to the JVM heap, then
// JobManagerProcessUtils.processSpecFromConfig.
#pragma once

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "flinkmem/memory_size.hpp"
#include "flinkmem/model/derivation.hpp"

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

    // The resolved components in the order of flinkmem's JSON: jvm_heap, off_heap,
    // jvm_metaspace, jvm_overhead, total_flink, total_process.
    std::array<NamedPart, 6> parts() const;
    std::vector<std::pair<std::string_view, MemorySize>> named_sizes() const;
};

}  // namespace flinkmem
