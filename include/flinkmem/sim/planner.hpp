// Deploys a job into TaskManagers the way Flink 1.20's default scheduler does and counts the
// network buffers and managed memory every TaskManager needs, without allocating anything (fast
// for parallelism in the thousands: per task and edge, not per channel).
//
// Placement (documented in docs/simulate.md): a slot-sharing group occupies as many slots as its
// largest parallelism, subtask i of each of its vertices in its slot i; groups take consecutive
// slots; slots fill TaskManager by TaskManager. Batch jobs: blocking edges cut the job into
// pipelined regions, each region its own slot-sharing group; regions run in waves (a region runs
// when every region it consumes from has finished) and a wave's regions share the TaskManagers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/settings.hpp"

namespace flinkmem::sim {

// One network request of a task, in the order Task#setupPartitionsAndGates and
// SingleInputGate#requestPartitions make them.
struct NetworkRequest {
    enum class Kind { PartitionPool, GatePool, Exclusive };
    Kind kind;
    std::int32_t required;  // pools: numRequiredBuffers; Exclusive: buffers per remote channel
    std::int32_t max;       // pools: maxUsedBuffers; Exclusive: number of remote channels
    std::int32_t num_subpartitions = 0;
    std::int32_t max_buffers_per_channel = 0;
    std::int32_t max_overdraft = 0;
    std::int64_t total() const { return kind == Kind::Exclusive ? std::int64_t{required} * max : required; }
};

struct TaskPlacement {
    std::size_t vertex;
    std::int32_t subtask;
    std::int32_t task_manager;
    std::int32_t slot;  // slot index inside its TaskManager
};

struct RegionSummary {
    std::int32_t id;
    std::int32_t wave;
    std::vector<std::string> vertices;
    std::int64_t max_required_buffers;  // the most any TaskManager needs for this region alone
};

struct NetworkPlan {
    std::int32_t segment_size = 0;
    std::int32_t total_buffers = 0;
    std::int64_t required_buffers = 0;  // the most any TaskManager requires at once
    std::int32_t worst_task_manager = 0;
    std::int32_t worst_wave = 0;
    // The worst TaskManager and wave, by pool type.
    std::int64_t partition_pools = 0, partition_required = 0;
    std::int64_t gate_pools = 0, gate_required = 0;
    std::int64_t remote_channels = 0, exclusive_required = 0;
    std::int64_t local_channels = 0;
    std::vector<RegionSummary> regions;  // batch only
    std::optional<std::int32_t> peak_region;  // the region needing the most buffers
};

struct ManagedConsumer {
    std::string vertex;
    ManagedUseCase use_case;
    double fraction;
    std::int64_t bytes;
    std::int32_t pages;
};

struct ManagedPlan {
    std::int64_t per_slot_bytes = 0;
    std::int64_t per_slot_pages = 0;
    std::int32_t page_size = 0;
    std::vector<ManagedConsumer> consumers;
    std::optional<RocksDbMemory> rocksdb;  // per slot (or per TaskManager when TM-shared)
};

struct Plan {
    std::int32_t task_managers = 0;
    std::int32_t slots_per_task_manager = 0;
    std::int32_t slots_used = 0;
    NetworkPlan network;
    ManagedPlan managed;
    std::optional<Error> failure;  // what Flink would throw first
    std::vector<std::string> notes;
};

struct PlanInput {
    const JobGraph* job = nullptr;
    const SimulationSettings* settings = nullptr;
    std::int64_t network_bytes = 0;  // per TaskManager, resolved
    std::int64_t managed_bytes = 0;  // per TaskManager, resolved
    std::optional<std::int32_t> task_managers;  // default: as many as the slots need
};

Plan plan(const PlanInput& input);

// The requests of one TaskManager in one wave, in deployment order (slot by slot, tasks in
// topological order). Used by the exercise and by tests that run them through a real
// NetworkBufferPool.
std::vector<NetworkRequest> task_manager_requests(const PlanInput& input, std::int32_t task_manager,
                                                  std::int32_t wave);

// Walks requests against `total` buffers the way NetworkBufferPool counts them; the first that
// does not fit gives Flink's IOException.
struct RequestWalk {
    std::int64_t required = 0;            // everything, whether or not it fits
    std::int64_t required_at_failure = 0;  // numTotalRequiredBuffers when the failure happens
    std::optional<Error> failure;
};
RequestWalk walk_requests(const std::vector<NetworkRequest>& requests, std::int32_t total,
                          std::int32_t segment_size);

}  // namespace flinkmem::sim
