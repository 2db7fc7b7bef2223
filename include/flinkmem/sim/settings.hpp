// Everything the simulator reads from a Flink configuration beyond the resolved memory sizes:
// segment size, slots, the network options of NettyShuffleEnvironmentOptions, the managed
// consumer weights and the state backend's memory options. All keys and defaults are read in one
// file (settings.cpp) so they can move into the option table as a whole.
#pragma once

#include <cstdint>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/sim/managed_memory.hpp"
#include "flinkmem/sim/network_rules.hpp"

namespace flinkmem::sim {

struct SimulationSettings {
    FlinkVersion version = kDefaultFlinkVersion;
    std::int32_t segment_size = 32768;  // taskmanager.memory.segment-size
    std::int32_t num_slots = 1;         // taskmanager.numberOfTaskSlots (-1 means 1)
    NetworkSettings network;
    ConsumerWeights consumer_weights;   // taskmanager.memory.managed.consumer-weights
    bool rocksdb = false;               // state.backend.type is rocksdb
    RocksDbMemorySettings rocksdb_memory;
    bool python_uses_managed_memory = true;  // python.fn-execution.memory.managed
    std::int64_t buffers_request_timeout_ms = 30000;

    bool state_backend_uses_managed_memory() const { return rocksdb && rocksdb_memory.use_managed_memory; }
};

// Throws flinkmem::Error with Flink's class and message (and the key, value and source) for a
// value Flink would reject: ConfigurationParserUtils#getPageSize, #getSlot,
// NettyShuffleEnvironmentConfiguration, ManagedMemoryUtils, RocksDBMemoryConfiguration.
SimulationSettings read_settings(const Configuration& config, FlinkVersion version);

}  // namespace flinkmem::sim
