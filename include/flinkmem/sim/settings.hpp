// Everything the simulator reads from a Flink configuration beyond the resolved memory sizes:
// segment size, slots, the network options of NettyShuffleEnvironmentOptions, the managed
// consumer weights and the state backend's memory options. All keys and defaults are read in one
// file (settings.cpp) so they can move into the option table as a whole.
#pragma once

#include <cstdint>
#include <string_view>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/sim/adaptive_parallelism.hpp"
#include "flinkmem/sim/managed_memory.hpp"
#include "flinkmem/sim/network_rules.hpp"

namespace flinkmem::sim {

// execution.batch-shuffle-mode (BatchShuffleMode).
enum class BatchShuffleMode {
    AllExchangesPipelined,
    AllExchangesBlocking,
    AllExchangesHybridFull,
    AllExchangesHybridSelective
};
std::string_view enum_name(BatchShuffleMode mode);  // "ALL_EXCHANGES_BLOCKING"
// The result type StreamGraphGenerator#deriveGlobalStreamExchangeModeBatch and
// StreamingJobGraphGenerator give a batch job's edges under that mode.
PartitionType batch_exchange(BatchShuffleMode mode);

struct SimulationSettings {
    FlinkVersion version = kDefaultFlinkVersion;
    std::int32_t segment_size = 32768;  // taskmanager.memory.segment-size
    std::int32_t num_slots = 1;         // taskmanager.numberOfTaskSlots (-1 means 1)
    NetworkSettings network;
    ConsumerWeights consumer_weights;  // taskmanager.memory.managed.consumer-weights
    bool rocksdb = false;              // state.backend.type is rocksdb
    RocksDbMemorySettings rocksdb_memory;
    bool python_uses_managed_memory = true;  // python.fn-execution.memory.managed
    std::int64_t buffers_request_timeout_ms = 30000;
    BatchShuffleMode batch_shuffle_mode = BatchShuffleMode::AllExchangesBlocking;
    // taskmanager.memory.framework.off-heap.batch-shuffle.size: BatchShuffleReadBufferPool's memory.
    std::int64_t batch_shuffle_read_bytes = 64LL << 20;
    // A batch job runs under the AdaptiveBatchScheduler on a dynamic graph (the default for batch
    // jobs from 1.17 unless jobmanager.scheduler says otherwise;
    // DefaultSlotPoolServiceSchedulerFactory#getSchedulerType).
    bool adaptive_batch_scheduler = false;
    // execution.batch.adaptive.auto-parallelism.*: what the scheduler decides for open vertices.
    AutoParallelismSettings auto_parallelism;
    std::int32_t default_parallelism = 1;  // parallelism.default
    std::int32_t sort_max_fan = 128;       // taskmanager.runtime.max-fan

    // StateBackend#useManagedMemory: RocksDB (an AbstractManagedMemoryStateBackend) always says
    // yes, whatever state.backend.rocksdb.memory.managed says, so ManagedMemoryUtils
    // #convertToFractionOfSlot keeps STATE_BACKEND's weight in the slot split
    // (StateBackendLoader#stateBackendFromApplicationOrConfigOrDefaultUseManagedMemory).
    bool state_backend_uses_managed_memory() const { return rocksdb; }
    // Whether the backend then takes its fraction out of the MemoryManager
    // (RocksDBOperationUtils#allocateSharedCachesIfConfigured): not with memory.managed false or
    // a fixed-per-slot size.
    bool state_backend_acquires_managed_memory() const {
        return rocksdb && rocksdb_memory.use_managed_memory && !rocksdb_memory.fixed_per_slot;
    }
};

// Throws flinkmem::Error with Flink's class and message (and the key, value and source) for a
// value Flink would reject: ConfigurationParserUtils#getPageSize, #getSlot,
// NettyShuffleEnvironmentConfiguration, ManagedMemoryUtils, RocksDBMemoryConfiguration.
SimulationSettings read_settings(const Configuration& config, FlinkVersion version);

}  // namespace flinkmem::sim
