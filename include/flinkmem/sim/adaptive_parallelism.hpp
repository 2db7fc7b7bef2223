// The AdaptiveBatchScheduler's automatic parallelism (Flink 1.17+, as 1.20's
// DefaultVertexParallelismAndInputInfosDecider and AdaptiveBatchSchedulerFactory decide it): a
// batch job vertex whose parallelism the job leaves open gets it from the bytes its inputs
// produced, once they have finished; a source gets default-source-parallelism (or the maximum).
// The bytes are an input (`simulate --input-bytes`); without them the decision is a range, and
// the plan takes its upper bound.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/job.hpp"

namespace flinkmem::sim {

// execution.batch.adaptive.auto-parallelism.* (jobmanager.adaptive-batch-scheduler.* up to 1.16),
// as the scheduler reads them.
struct AutoParallelismSettings {
    bool enabled = true;
    std::int32_t min_parallelism = 1;
    // AdaptiveBatchSchedulerFactory#getDefaultMaxParallelism: max-parallelism when configured,
    // else parallelism.default when configured, else max-parallelism's default (128).
    std::int32_t max_parallelism = 128;
    std::string max_parallelism_from;  // which of the three, for the report
    std::int64_t data_volume_per_task = 16LL << 20;
    // Unset from 1.19: the scheduler's maximum parallelism
    // (DefaultVertexParallelismAndInputInfosDecider#from).
    std::optional<std::int32_t> default_source_parallelism;
};

// What one consumed result tells the decider (BlockingResultInfo): how many producer subtasks
// (partitions), how many subpartitions each, its bytes per subpartition index summed over the
// partitions (all-to-all) or in total (point-wise).
struct ConsumedResult {
    bool pointwise = false;
    bool broadcast = false;
    std::int32_t partitions = 1;
    std::int64_t subpartitions_total = 1;             // summed over the partitions
    std::int64_t bytes = 0;                           // getNumBytesProduced (a broadcast: one copy)
    std::vector<std::int64_t> bytes_by_subpartition;  // all-to-all: aggregated per subpartition index
};

struct VertexParallelismDecision {
    std::int32_t parallelism = 1;
    // Consumer subtask i reads subpartitions [first, last] of every non-broadcast input
    // (all-to-all, data evenly distributed); empty otherwise.
    std::vector<std::pair<std::int32_t, std::int32_t>> subpartition_ranges;
    bool evenly_distributed_data = false;
};

// DefaultVertexParallelismAndInputInfosDecider#decideParallelismAndInputInfosForVertex for a
// vertex without initial parallelism. `consumed` empty: a source. Throws Error
// (IllegalArgumentException) for the settings the decider's constructor rejects.
VertexParallelismDecision decide_vertex_parallelism(const AutoParallelismSettings& settings,
                                                    const std::vector<ConsumedResult>& consumed,
                                                    std::int32_t vertex_max_parallelism);

// Bytes the sources produce, from `--input-bytes`: one size for the only source, or per source
// vertex id.
struct InputBytes {
    std::optional<std::int64_t> only_source;
    std::map<std::string, std::int64_t> by_source;
    bool empty() const { return !only_source && by_source.empty(); }
};

// Checks --input-bytes against the job: an unnamed size needs a job with one source; a name
// must be a source vertex. The error message says what is wrong and how to give it.
std::optional<std::string> check_input_bytes(const JobGraph& job, const InputBytes& bytes);

struct OpenVertex {
    std::string vertex;
    std::int32_t parallelism = 1;          // as planned
    std::int32_t low = 1, high = 1;        // what Flink can pick
    std::optional<std::int64_t> consumed;  // non-broadcast bytes it reads, when known
    std::string how;                       // in words, for the report
};

struct ParallelismDecisions {
    std::vector<OpenVertex> vertices;
    std::vector<std::string> notes;
    std::optional<Error> failure;  // a setting the scheduler rejects
};

// Gives every open vertex of `job` its parallelism: decided by the scheduler for a batch job
// under the AdaptiveBatchScheduler with auto-parallelism on (from `bytes`, else the range's upper
// bound), else `default_parallelism` (parallelism.default). The decided edges get the
// subpartitions their producers create while the consumer is undecided and the subpartitions each
// consumer subtask reads (JobEdge::undecided_subpartitions, ::subpartitions_read).
ParallelismDecisions decide_open_parallelism(JobGraph& job, const AutoParallelismSettings& settings,
                                             bool adaptive, std::int32_t default_parallelism,
                                             const InputBytes& bytes);

}  // namespace flinkmem::sim
