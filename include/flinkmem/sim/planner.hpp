// Deploys a job into TaskManagers the way Flink 1.20's schedulers do and counts the network
// buffers and managed memory every TaskManager needs, without allocating anything (per task and
// edge, not per channel, so parallelism in the thousands stays fast).
//
// Scheduling (documented in docs/simulate.md):
// - Pipelined regions are formed per execution vertex (SchedulingPipelinedRegionComputeUtil):
//   subtasks joined through must-be-pipelined results (PIPELINED, PIPELINED_BOUNDED) form one
//   region; BLOCKING and HYBRID results cut regions. Regions of job vertices that form a cycle
//   through non-pipelined results are merged (mergeRegionsOnCycles; here at job-vertex level).
// - Slot-sharing groups as StreamingJobGraphGenerator#setSlotSharing assigns them: a named group
//   is kept; the "default" group is one group for the whole job in streaming and one group per
//   logical pipelined region in batch (allVerticesInSameSlotSharingGroupByDefault is false there).
//   Subtask i of every vertex of a group shares the group's i-th execution slot sharing group.
// - Streaming tasks never finish, so every region runs at once. Batch regions run in waves: a
//   region is ready when the producers of its blocking inputs have finished (hybrid inputs: when
//   they have been scheduled), and ready regions take free slots in topological order; a wave's
//   tasks finish together. A region's slot request is a bulk: it fails when the region alone needs
//   more slots than the cluster has (NoResourceAvailableException).
// - A wave's execution slot sharing groups take slots in order, TaskManager by TaskManager.
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

// A logical pipelined region (job vertices joined by must-be-pipelined results).
struct RegionSummary {
    std::int32_t id;
    std::int32_t wave;  // the first wave any of its subtasks runs in
    std::vector<std::string> vertices;
    std::int64_t max_required_buffers;   // the most any TaskManager needs in one wave for its subtasks
    std::int32_t execution_regions = 0;  // the scheduler's regions (per execution vertex) inside it
};

// One wave of the schedule (batch; streaming has one).
struct WaveSummary {
    std::int32_t index = 0;
    std::int64_t tasks = 0;
    std::int64_t slots = 0;             // slots the wave occupies
    std::int64_t required_buffers = 0;  // the most one TaskManager requires in this wave
    std::int32_t worst_task_manager = 0;
};

// The batch-shuffle read buffer pool (BatchShuffleReadBufferPool), shared by every sort-merge
// and hybrid partition a TaskManager serves.
struct BatchShuffleRead {
    std::int64_t bytes = 0;                // taskmanager.memory.framework.off-heap.batch-shuffle.size
    std::int32_t buffers = 0;              // bytes / segment size
    std::int32_t buffers_per_request = 0;  // min(buffers, max(1, 4 MiB / segment size))
    // The most sort-merge or hybrid partitions one TaskManager serves to running consumers at once.
    std::int64_t concurrent_partitions = 0;
    std::int32_t task_manager = 0;
    std::int32_t wave = 0;
    // More partitions than requests the pool holds: readers wait for buffers, and a wait of 5
    // minutes fails with "Buffer request timeout" (SortMergeResultPartitionReadScheduler). A
    // risk, not a certainty: it depends on how fast consumers drain.
    bool timeout_risk = false;
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
    std::vector<RegionSummary> regions;       // batch, or a streaming job of several regions
    std::optional<std::int32_t> peak_region;  // the region needing the most buffers
    std::int32_t execution_regions = 0;
    std::int64_t largest_region_slots = 0;  // the bulk of the largest execution region
    std::vector<WaveSummary> waves;
    BatchShuffleRead batch_shuffle_read;
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
    std::int32_t task_managers = 0;  // as given by --taskmanagers, else as many as the job needs
    bool task_managers_given = false;
    std::int32_t slots_per_task_manager = 0;
    std::int32_t slots_used = 0;    // the most slots in use at once
    std::int64_t slots_needed = 0;  // streaming: all at once; batch: the largest region's bulk
    NetworkPlan network;
    ManagedPlan managed;
    std::optional<Error> failure;  // what Flink would throw first
    std::vector<std::string> notes;
};

struct PlanInput {
    const JobGraph* job = nullptr;
    const SimulationSettings* settings = nullptr;
    std::int64_t network_bytes = 0;             // per TaskManager, resolved
    std::int64_t managed_bytes = 0;             // per TaskManager, resolved
    std::optional<std::int32_t> task_managers;  // default: as many as the slots need
};

Plan plan(const PlanInput& input);

// The requests of one TaskManager in one wave, in deployment order (slot by slot, tasks in
// topological order). Used by the exercise and by tests that run them through a real
// NetworkBufferPool.
std::vector<NetworkRequest> task_manager_requests(const PlanInput& input, std::int32_t task_manager,
                                                  std::int32_t wave);

// The requests of every TaskManager in every wave it runs tasks in (one layout for all), which
// the exercise replays through a real NetworkBufferPool.
struct TaskManagerRequests {
    std::int32_t task_manager = 0;
    std::int32_t wave = 0;
    std::vector<NetworkRequest> requests;
};
std::vector<TaskManagerRequests> requests_by_task_manager(const PlanInput& input);

// The exchanges of one TaskManager in one wave as the plan places them, which the exercise moves
// records through: the result partitions and input gates of the tasks running there (pools sized
// as the planner sizes them) and every channel with an end there. A channel whose producer subtask
// runs or ran on this TaskManager is local (LocalInputChannel: the consumer takes the producer's
// buffers, no receiver buffers); any other is remote (RemoteInputChannel: exclusive buffers and
// floating credit). An end not running here in this wave is a peer: it takes none of this
// TaskManager's buffers.
struct ExchangePartition {
    std::int32_t edge = 0;
    std::string vertex;
    std::int32_t subtask = 0;
    PartitionPool pool{};
};
struct ExchangeGate {
    std::int32_t edge = 0;
    std::string vertex;
    std::int32_t subtask = 0;
    std::int32_t channels = 0;
    GateBuffers buffers{};
};
struct ExchangeChannel {
    std::int32_t edge = 0;
    std::int32_t partition = -1;  // index into partitions; -1: the producer is a peer
    std::int32_t gate = -1;       // index into gates; -1: the consumer is a peer
    std::int32_t subpartition = 0;
    bool local = false;
    std::int32_t peer_exclusive = 0;  // a remote peer receiver's exclusive buffers (its gate's)
};
struct TaskManagerExchange {
    std::int32_t task_manager = 0;
    std::int32_t wave = 0;
    std::vector<ExchangePartition> partitions;
    std::vector<ExchangeGate> gates;
    std::vector<ExchangeChannel> channels;
    // What the plan counts for the gates here (requests_of), for the exercise to compare with.
    std::int64_t planned_local_channels = 0, planned_remote_channels = 0, planned_exclusive = 0;
};
TaskManagerExchange exchange_of(const PlanInput& input, std::int32_t task_manager, std::int32_t wave);

// Walks requests against `total` buffers the way NetworkBufferPool counts them; the first that
// does not fit gives Flink's IOException.
struct RequestWalk {
    std::int64_t required = 0;             // everything, whether or not it fits
    std::int64_t required_at_failure = 0;  // numTotalRequiredBuffers when the failure happens
    std::optional<Error> failure;
};
RequestWalk walk_requests(const std::vector<NetworkRequest>& requests, std::int32_t total,
                          std::int32_t segment_size);

}  // namespace flinkmem::sim
