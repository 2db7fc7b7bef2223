// Real memory, real work: allocate every managed page and network segment a TaskManager would
// have (scaled down by a stated factor when the machine's budget is smaller), then sort records
// in each slot's managed pages (normalized-key prefixes, spilling sorted runs and merging them)
// and shuffle records through LocalBufferPools with credit-based flow control over threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace flinkmem::sim {

struct ExerciseOptions {
    std::string spill_dir;                    // empty: the system temp dir (like io.tmp.dirs)
    std::optional<std::int64_t> memory_budget;  // bytes; default: half of what the machine allows
    std::int32_t max_threads = 0;             // 0: hardware concurrency, at most 4
};

struct SortReport {
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    std::int64_t runs = 0;
    std::int64_t spilled_bytes = 0;
    double records_per_second = 0;
    bool verified = false;
};

struct ShuffleReport {
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    double bytes_per_second = 0;
    std::int64_t producers = 0;
    std::int64_t consumers = 0;
    std::int64_t credits_announced = 0;
    bool verified = false;
};

struct ExerciseReport {
    std::int64_t budget_bytes = 0;
    double scale = 1.0;  // share of the TaskManager's pools really allocated
    std::int64_t managed_pages = 0;  // really allocated
    std::int64_t network_segments = 0;
    std::int64_t bytes_allocated = 0;
    std::int64_t bytes_touched = 0;
    std::int64_t peak_rss_bytes = 0;
    double allocation_bytes_per_second = 0;  // allocate + first touch
    double memset_bytes_per_second = 0;      // memset of the same bytes, measured in the same run
    SortReport sort;
    ShuffleReport shuffle;
};

struct ExerciseInput {
    std::int64_t managed_per_slot_bytes = 0;
    std::int32_t slots = 1;
    std::int32_t segment_size = 32768;
    std::int32_t network_segments = 0;
    std::int32_t buffers_per_channel = 2;
    std::int32_t floating_buffers_per_gate = 8;
    std::int32_t parallelism = 2;  // producers and consumers of the shuffle
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
