// A job as the simulator sees it: job vertices (operator chains) with parallelism, slot-sharing
// group and managed-memory use, joined by edges with a ship strategy and an exchange (result
// partition) type. Readers build it from Flink's REST plan JSON, from the pre-deployment
// execution plan (operators chained the way Flink's default chaining does), from a small YAML
// shape (docs/simulate.md) or from the --parallelism shortcut.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/sim/managed_memory.hpp"
#include "flinkmem/sim/network_rules.hpp"

namespace flinkmem::sim {

enum class ShipStrategy { Forward, Rescale, Hash, Rebalance, Broadcast, Shuffle, Global, Custom };
std::string_view enum_name(ShipStrategy ship);  // "HASH"
// Forward and rescale connect producers and consumers point-wise; the others all-to-all.
bool is_pointwise(ShipStrategy ship);

enum class JobMode { Streaming, Batch };

struct JobVertex {
    std::string id;
    std::string name;
    std::int32_t parallelism = 1;
    // The job sets no parallelism for it (no setParallelism): under the AdaptiveBatchScheduler
    // Flink decides it (adaptive_parallelism.hpp), else it is parallelism.default.
    bool parallelism_open = false;
    std::string slot_sharing_group = "default";
    ManagedDeclaration managed;
    bool keyed = false;  // consumes a hash edge: its state lives in the state backend
    // Declared by the job description; otherwise the planner derives it (keyed state in
    // RocksDB, sorted inputs of keyed operators in batch).
    bool managed_declared = false;
};

struct JobEdge {
    std::size_t source;  // index into JobGraph::vertices
    std::size_t target;
    ShipStrategy ship;
    PartitionType exchange;
    // The reader took the exchange from the job's mode (the input did not say): a batch job's
    // such edges follow execution.batch-shuffle-mode (apply_batch_shuffle_mode).
    bool exchange_from_mode = false;
    // Dynamic graph, consumer decided by the scheduler: the subpartitions each producer subtask
    // created while the consumer was undecided (its max parallelism; 0: the static rule), and
    // the subpartitions each consumer subtask reads, one input channel each (empty: one).
    std::int32_t undecided_subpartitions = 0;
    std::vector<std::int32_t> subpartitions_read;
};

struct JobGraph {
    std::string name;
    JobMode mode = JobMode::Streaming;
    std::vector<JobVertex> vertices;  // topologically sorted
    std::vector<JobEdge> edges;
    // What the reader could not know and assumed (stated in the report).
    std::vector<std::string> notes;
};

// A job description that cannot be read: the message names the file, the place and the value.
class JobFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// `GET /jobs/<id>/plan` JSON or StreamExecutionEnvironment#getExecutionPlan JSON (told apart by
// the nodes' "inputs" or "predecessors"). `origin` names the file in messages. `mode` decides
// the exchange of execution-plan edges, which that JSON does not carry.
JobGraph read_job_json(std::string_view text, const std::string& origin, JobMode mode);
// The YAML job shape of docs/simulate.md.
JobGraph read_job_yaml(std::string_view text, const std::string& origin);
// source -> keyBy -> sink: two vertices of `parallelism` joined by a hash edge, the keyed
// operator chained with the sink; pipelined_bounded in streaming, blocking in batch.
JobGraph keyby_job(std::int32_t parallelism, JobMode mode);

// Gives a batch job's edges whose exchange came from the mode the type `exchange`
// (batch_exchange(execution.batch-shuffle-mode)); states it in the notes when it is not BLOCKING.
void apply_batch_shuffle_mode(JobGraph& graph, PartitionType exchange);

// Checks the graph (positive parallelism, edges between known vertices, forward edges between
// equal parallelism, no cycles) and sorts the vertices topologically. Readers call it.
void finish_graph(JobGraph& graph, const std::string& origin);

}  // namespace flinkmem::sim
