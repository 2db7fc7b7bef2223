// Real memory, real work: allocate every managed page and network segment a TaskManager would
// have (scaled down by a stated factor when the machine's budget is smaller), then sort records
// in each slot's managed pages (normalized-key prefixes, spilling sorted runs and merging them)
// and move records through the busiest TaskManager's exchange as the plan places it (its result
// partitions and input gates, local and remote channels) with credit-based flow control.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/sim/planner.hpp"

namespace flinkmem::sim {

// A fault to inject, so that every check of the exercise can be seen failing (tests only).
enum class ExerciseFault {
    None,
    CorruptManagedPage,
    CorruptNetworkSegment,
    DropSortedRecord,
    DropShuffledRecord,
    SendWithoutCredit,        // a sender ignores the announced credit
    MiscountNetworkPool,      // the replayed pools count one buffer fewer than the plan
    LocalChannelTakesBuffer,  // a local channel takes a receiver buffer (LocalInputChannel has none)
    MiscountChannels,         // a remote channel of a gate is taken for a local one
    StallExchange,            // a channel never moves its buffers
};

// The default budget: the smaller of 256 MiB and a quarter of what the machine allows. A shared
// CI runner has several jobs on it and little headroom; 256 MiB of really touched pages is
// enough to exercise every pool (the scale is stated) and keeps the default run under a second.
inline constexpr std::int64_t kDefaultMemoryBudget = 256LL << 20;

struct ExerciseOptions {
    std::string spill_dir;                      // empty: the system temp dir (like io.tmp.dirs)
    std::optional<std::int64_t> memory_budget;  // bytes; default: kDefaultMemoryBudget (see above)
    std::int32_t max_threads = 0;               // 0: hardware concurrency, at most 4
    ExerciseFault fault = ExerciseFault::None;
    // Most runs one merge reads at once (taskmanager.runtime.max-fan, default 128; simulate() sets
    // it from the configuration; fewer when the slot has fewer read pages): more runs are first
    // merged in groups into new runs, as Flink's UnilateralSortMerger does.
    std::int32_t max_fan_in = 128;
    // Records sorted per slot, as a multiple of what its sort buffer holds (more: more runs).
    double sort_volume = 1.5;
};

struct SortReport {
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    std::int64_t runs = 0;
    std::int64_t spilled_bytes = 0;
    std::int64_t merge_passes = 0;  // intermediate merges forced by the fan-in
    double records_per_second = 0;
    bool verified = false;
    std::string not_run;  // "not run, because ...": nothing was verified
};

// Records moved through one TaskManager's exchange as the plan places it (exchange_of): the
// result partitions and input gates of its tasks in one wave, local and remote channels.
struct ShuffleReport {
    std::int32_t task_manager = 0;  // the busiest TaskManager, in the wave it needs the most
    std::int32_t wave = 0;
    std::int64_t partitions = 0, gates = 0;  // replayed
    std::int64_t planned_partitions = 0, planned_gates = 0, planned_channels = 0;
    std::int64_t local_channels = 0, remote_channels = 0;  // replayed, with an end here
    std::int64_t records_per_channel = 0;
    std::string scaled;  // what was left out to fit the budget; empty: the whole exchange
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    double bytes_per_second = 0;
    std::int64_t credits_announced = 0;       // buffers receivers announced as credit
    std::int64_t backlogs_announced = 0;      // buffers sent, each with the sender's backlog
    std::int64_t backpressure_waits = 0;      // a producer waited for a buffer or a sender for credit
    std::int64_t backlog_announcements = 0;   // backlogs announced without a buffer (no credit)
    std::int64_t credit_violations = 0;       // buffers sent without credit (must be 0)
    std::int64_t exclusive_segments = 0;      // exclusive buffers of the remote channels here
    std::int64_t local_receiver_buffers = 0;  // receiver buffers local channels took (must be 0)
    std::string channel_mismatch;             // the gates' channels differ from the plan's count
    bool channels_compared = false;           // only when every gate and channel ran
    bool stalled = false;                     // a round in which no buffer moved
    bool verified = false;
    std::string not_run;  // "not run, because ...": nothing was verified
};

// Every TaskManager's network requests of the plan (every wave), replayed through the ported
// NetworkBufferPool of the TaskManager's full size: segment indices only, no memory, so nothing is
// scaled. The pools must take exactly what the plan counts (numTotalRequiredBuffers, exclusive
// buffers included), and fail where and as the plan says.
struct PoolReplayReport {
    std::int64_t task_managers = 0;  // (TaskManager, wave) pairs replayed
    std::int64_t pools = 0;          // LocalBufferPools created
    std::int64_t exclusive_segments = 0;
    std::int64_t mismatches = 0;
    std::string first_mismatch;
    bool verified = false;
    std::string not_run;
};

struct ExerciseReport {
    std::int64_t budget_bytes = 0;
    double scale = 1.0;              // share of the TaskManager's pools really allocated
    std::int64_t managed_pages = 0;  // really allocated
    std::int64_t network_segments = 0;
    std::int64_t bytes_allocated = 0;
    std::int64_t bytes_touched = 0;
    std::int64_t peak_rss_bytes = 0;
    double allocation_bytes_per_second = 0;  // allocate + first touch
    double memset_bytes_per_second = 0;      // memset of the same bytes, measured in the same run
    // Every byte of every managed page and network segment read back as written.
    bool read_back_verified = false;
    std::int64_t read_back_mismatches = 0;
    PoolReplayReport pools;
    SortReport sort;
    ShuffleReport shuffle;
    // Every check that ran passed (what did not run is not counted, and says why).
    bool passed() const;
    // The first check that failed, in words; empty when passed().
    std::string failure() const;
};

struct ExerciseInput {
    std::int64_t managed_per_slot_bytes = 0;
    std::int32_t slots = 1;
    std::int32_t segment_size = 32768;
    std::int32_t network_segments = 0;
    // The exchange the records move through: the plan's, of its busiest TaskManager and wave.
    std::optional<TaskManagerExchange> exchange;
    // The plan's requests of every TaskManager and wave, and a TaskManager's network buffers.
    std::vector<TaskManagerRequests> task_manager_requests;
    std::int32_t total_buffers = 0;
};

// Throws flinkmem::Error ("SpillDirectoryException") for a spill dir that is missing, not a
// directory, read-only or full, and for an interrupted run (Ctrl-C); never leaves a spill file.
ExerciseReport exercise(const ExerciseInput& input, const ExerciseOptions& options);

// Memory this process may use: the smaller of MemAvailable and the cgroup limit minus usage.
std::int64_t available_memory_bytes();
// VmHWM of this process.
std::int64_t peak_rss_bytes();

// Set by a SIGINT handler the CLI installs; the exercise stops, removes its files and throws.
void request_interrupt();

}  // namespace flinkmem::sim
