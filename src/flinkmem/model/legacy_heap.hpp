// Pre-1.10 heap options (taskmanager.heap.size/.mb, jobmanager.heap.size/.mb) mapped onto the new
// memory model, as Flink's MemoryBackwardsCompatibilityUtils does for the start scripts.
#pragma once

#include <optional>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/config/options.hpp"
#include "flinkmem/model/derivation.hpp"

namespace flinkmem {

// Null where the release no longer has the key (2.0 removed them all).
struct LegacyHeapOptions {
    const OptionSpec* heap;     // MemorySize, e.g. taskmanager.heap.size
    const OptionSpec* heap_mb;  // Integer MiB, e.g. taskmanager.heap.mb
};

// If `target` is not configured, the legacy heap size (".size" first, then ".mb") becomes its
// value. The standalone scripts use Total Flink Memory as the TaskManager target and JVM Heap as
// the JobManager target. The FLINK_TM_HEAP / FLINK_JM_HEAP environment variables are not
// consulted: the library has no environment.
struct LegacyHeapMapping {
    Configuration config;  // the input with `target` set
    Derivation how;        // which legacy key, value and source it came from
};

// The mapped configuration, or nothing when no mapping applies (the common case, which then
// costs no copy).
std::optional<LegacyHeapMapping> map_legacy_heap(const Configuration& config, const OptionSpec& target,
                                                 const LegacyHeapOptions& legacy);

// Where the mapped target is the value a component was read from, say it came from the legacy key.
void attribute_to_legacy_key(Explained& component, const OptionSpec& target,
                             const LegacyHeapMapping& mapping);

}  // namespace flinkmem
