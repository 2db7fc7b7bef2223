// The exercise: real pages, the sort that spills and merges, the credit-based shuffle, budget
// scaling, and the spill directory's errors. Nothing may be left in the spill directory.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/exercise.hpp"
#include "flinkmem/sim/planner.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "flinkmem-test-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(path, ignored);
    }
    bool empty() const { return std::filesystem::is_empty(path); }
};

// The plan's exchange of TaskManager `task_manager` in `wave` for source -> keyBy -> sink at
// `parallelism` on TaskManagers of 2 slots and 512 network buffers.
TaskManagerExchange planned_exchange(std::int32_t parallelism, JobMode mode, std::int32_t task_manager = 0,
                                     std::int32_t wave = 0, const char* per_gate_max = nullptr) {
    const JobGraph job = keyby_job(parallelism, mode);
    Configuration config = test::config_of({{"taskmanager.numberOfTaskSlots", "2"}});
    if (per_gate_max != nullptr) {
        config.set("taskmanager.network.memory.read-buffer.required-per-gate.max", per_gate_max,
                   Source::generated("test"));
    }
    const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
    const PlanInput input{&job, &settings, 512LL * 32768, 8LL << 20, std::nullopt};
    return exchange_of(input, task_manager, wave);
}

// A TaskManager of 2 slots running subtasks 0 and 1 of a keyBy job of parallelism 3: each of its
// 2 gates has 2 local channels and 1 remote one (subtask 2 runs on the other TaskManager), each of
// its 2 partitions a subpartition for that remote consumer.
ExerciseInput small_task_manager() {
    ExerciseInput input;
    input.managed_per_slot_bytes = 4 << 20;
    input.slots = 2;
    input.segment_size = 32768;
    input.network_segments = 512;
    input.exchange = planned_exchange(3, JobMode::Streaming);
    return input;
}

std::string error_of(const ExerciseInput& input, const ExerciseOptions& options) {
    try {
        exercise(input, options);
        return "ok";
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
}

}  // namespace

TEST_SUITE("sim_exercise") {
    TEST_CASE("sort spills and merges, shuffle delivers every record once, nothing left behind") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        const ExerciseReport r = exercise(small_task_manager(), options);
        CHECK(r.scale == 1.0);
        CHECK(r.managed_pages == 2 * 128);
        CHECK(r.network_segments == 512);
        CHECK(r.bytes_allocated == (256 + 512) * 32768);
        CHECK(r.peak_rss_bytes >= r.bytes_allocated);
        CHECK(r.sort.verified);
        CHECK(r.sort.runs >= 4);  // at least one spilled run per slot plus the in-memory one
        CHECK(r.sort.spilled_bytes > 0);
        CHECK(r.shuffle.verified);
        CHECK(r.shuffle.partitions == 2);
        CHECK(r.shuffle.gates == 2);
        CHECK(r.shuffle.local_channels == 4);
        CHECK(r.shuffle.remote_channels == 4);     // 2 into the gates here, 2 out to subtask 2
        CHECK(r.shuffle.exclusive_segments == 4);  // 2 per remote channel into a gate here
        CHECK(r.shuffle.scaled.empty());
        CHECK(r.shuffle.channels_compared);
        CHECK(r.shuffle.records == 8 * r.shuffle.records_per_channel);
        CHECK(r.shuffle.credits_announced > 0);
        CHECK(r.shuffle.backlogs_announced > 0);
        CHECK(r.shuffle.credit_violations == 0);
        CHECK(dir.empty());
    }

    TEST_CASE("a budget smaller than the pools scales the allocation, not the accounting") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 12 << 20;  // half of the 24 MiB the pools have
        const ExerciseReport r = exercise(small_task_manager(), options);
        CHECK(r.scale == doctest::Approx(0.5));
        CHECK(r.managed_pages == 2 * 64);
        CHECK(r.network_segments == 256);
        CHECK(r.sort.verified);
        CHECK(r.shuffle.verified);
        CHECK(dir.empty());
    }

    TEST_CASE("spill directory errors") {
        ExerciseOptions options;
        options.spill_dir = "/nonexistent/flinkmem-spill";
        CHECK(error_of(small_task_manager(), options) ==
              "SpillDirectoryException: spill directory /nonexistent/flinkmem-spill does not exist");
        options.spill_dir = "/etc/hostname";
        CHECK(error_of(small_task_manager(), options) ==
              "SpillDirectoryException: spill directory /etc/hostname is not a directory");
        if (::geteuid() != 0) {
            TempDir dir;
            std::filesystem::permissions(
                dir.path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
            options.spill_dir = dir.path.string();
            CHECK(error_of(small_task_manager(), options) == "SpillDirectoryException: spill directory " +
                                                                 dir.path.string() +
                                                                 " is not writable: Permission denied");
        }
    }

    TEST_CASE("machine figures") {
        CHECK(available_memory_bytes() > 0);
        CHECK(peak_rss_bytes() > 0);
    }
}

TEST_SUITE("sim_exercise_checks") {
    // Every check of the exercise fails when its fault is injected, and the report says which.
    TEST_CASE("each check can fail") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        const ExerciseReport clean = exercise(small_task_manager(), options);
        CHECK(clean.passed());
        CHECK(clean.read_back_verified);
        CHECK(clean.read_back_mismatches == 0);

        options.fault = ExerciseFault::CorruptManagedPage;
        const ExerciseReport page = exercise(small_task_manager(), options);
        CHECK_FALSE(page.passed());
        CHECK(page.read_back_mismatches == 1);
        CHECK(page.failure().find("did not read back") != std::string::npos);

        options.fault = ExerciseFault::CorruptNetworkSegment;
        const ExerciseReport segment = exercise(small_task_manager(), options);
        CHECK_FALSE(segment.passed());
        CHECK(segment.read_back_mismatches == 1);

        options.fault = ExerciseFault::DropSortedRecord;
        const ExerciseReport sort = exercise(small_task_manager(), options);
        CHECK_FALSE(sort.sort.verified);
        CHECK(sort.failure().starts_with("the sort's output"));

        options.fault = ExerciseFault::DropShuffledRecord;
        const ExerciseReport shuffle = exercise(small_task_manager(), options);
        CHECK_FALSE(shuffle.shuffle.verified);
        CHECK(shuffle.failure().starts_with("the shuffle did not deliver"));

        options.fault = ExerciseFault::SendWithoutCredit;
        const ExerciseReport credit = exercise(small_task_manager(), options);
        CHECK_FALSE(credit.shuffle.verified);
        CHECK(credit.shuffle.credit_violations > 0);
        CHECK(credit.failure().find("without credit") != std::string::npos);

        options.fault = ExerciseFault::LocalChannelTakesBuffer;
        const ExerciseReport local = exercise(small_task_manager(), options);
        CHECK_FALSE(local.shuffle.verified);
        CHECK(local.shuffle.local_receiver_buffers == 1);
        CHECK(local.failure() == "local channels took 1 receiver buffer(s); a LocalInputChannel takes none");

        options.fault = ExerciseFault::MiscountChannels;
        const ExerciseReport miscount = exercise(small_task_manager(), options);
        CHECK_FALSE(miscount.shuffle.verified);
        CHECK(miscount.failure() ==
              "the exchange's channels differ from the plan: TaskManager 0 (wave 0): the gates have 5 local "
              "and 1 remote channels with 2 exclusive buffers where the plan counts 4, 2 and 4");

        options.fault = ExerciseFault::StallExchange;
        const ExerciseReport stall = exercise(small_task_manager(), options);
        CHECK_FALSE(stall.shuffle.verified);
        CHECK(stall.shuffle.stalled);
        CHECK(stall.failure() ==
              "the exchange of TaskManager 0 (wave 0) stalled: a round moved no buffer with records still to "
              "move");
        CHECK(dir.empty());
    }

    TEST_CASE("the plan's network requests replay through NetworkBufferPool, and a miscount fails") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        ExerciseInput input = small_task_manager();
        input.total_buffers = 512;
        // A producer of 3 subpartitions (3 + 1 required), a gate (1) and 3 remote channels of 2
        // exclusive buffers: 4 + 1 + 6 = 11, as walk_requests counts them.
        input.task_manager_requests = {{0,
                                        0,
                                        {{NetworkRequest::Kind::PartitionPool, 4, 14, 3, 10, 5},
                                         {NetworkRequest::Kind::GatePool, 1, 8},
                                         {NetworkRequest::Kind::Exclusive, 2, 3}}}};
        const ExerciseReport clean = exercise(input, options);
        CHECK(clean.pools.verified);
        CHECK(clean.pools.pools == 2);
        CHECK(clean.pools.exclusive_segments == 6);
        CHECK(clean.passed());

        options.fault = ExerciseFault::MiscountNetworkPool;
        const ExerciseReport miscount = exercise(input, options);
        CHECK_FALSE(miscount.pools.verified);
        CHECK(miscount.failure() ==
              "the network pools did not replay as planned: TaskManager 0 (wave 0): the pool requires 10 "
              "buffers "
              "where the plan counts 11");

        // 8 buffers: the second remote channel's exclusive request fails, in the pool as in the plan.
        options.fault = ExerciseFault::None;
        input.total_buffers = 8;
        const ExerciseReport short_of_buffers = exercise(input, options);
        CHECK(short_of_buffers.pools.verified);
        CHECK(short_of_buffers.pools.exclusive_segments == 2);
        CHECK(dir.empty());
    }

    TEST_CASE("the exchange is the plan's: pools, local and remote channels, waves") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        ExerciseInput input = small_task_manager();
        // 3 subpartitions: 3 + 1 required, 3 x 2 + 8 at most (buffers-per-channel 2, floating 8).
        REQUIRE(input.exchange->partitions.size() == 2);
        CHECK(input.exchange->partitions[0].pool.size.min == 4);
        CHECK(input.exchange->partitions[0].pool.size.max == 14);
        CHECK(input.exchange->gates[0].channels == 3);
        CHECK(input.exchange->gates[0].buffers.exclusive_per_remote_channel == 2);
        CHECK(input.exchange->planned_local_channels == 4);
        CHECK(input.exchange->planned_remote_channels == 2);
        const ExerciseReport pipelined = exercise(input, options);
        CHECK(pipelined.shuffle.verified);
        CHECK(pipelined.shuffle.backlogs_announced > 0);

        // Batch, blocking: the sources run in wave 0, the consumers in wave 1. In wave 0 the
        // TaskManager has only producers (sort-merge: sort-shuffle.min-buffers 512 required); their
        // consumers 0 and 1 will run here (local), 2 elsewhere (remote).
        input.network_segments = 2048;
        input.exchange = planned_exchange(3, JobMode::Batch, 0, 0);
        CHECK(input.exchange->partitions.size() == 2);
        CHECK(input.exchange->partitions[0].pool.size.min == 512);
        CHECK(input.exchange->gates.empty());
        const ExerciseReport producers = exercise(input, options);
        CHECK(producers.shuffle.local_channels == 4);
        CHECK(producers.shuffle.remote_channels == 2);
        CHECK(producers.shuffle.verified);
        // In wave 1 only consumers: producers 0 and 1 ran here (local), 2 elsewhere (remote).
        input.exchange = planned_exchange(3, JobMode::Batch, 0, 1);
        CHECK(input.exchange->partitions.empty());
        CHECK(input.exchange->gates.size() == 2);
        const ExerciseReport consumers = exercise(input, options);
        CHECK(consumers.shuffle.local_channels == 4);
        CHECK(consumers.shuffle.remote_channels == 2);
        CHECK(consumers.shuffle.exclusive_segments == 4);
        CHECK(consumers.shuffle.verified);

        // read-buffer.required-per-gate.max 1: the gate has no exclusive buffers
        // (InputGateSpecUtils); senders announce their backlog without a buffer and run on
        // floating credit.
        input.network_segments = 512;
        input.exchange = planned_exchange(3, JobMode::Streaming, 0, 0, "1");
        CHECK(input.exchange->gates[0].buffers.exclusive_per_remote_channel == 0);
        const ExerciseReport floating_only = exercise(input, options);
        CHECK(floating_only.shuffle.exclusive_segments == 0);
        CHECK(floating_only.shuffle.backlog_announcements > 0);
        CHECK(floating_only.shuffle.credit_violations == 0);
        CHECK(floating_only.shuffle.verified);
        CHECK(dir.empty());
    }

    TEST_CASE("an exchange larger than the segments is cut to what fits, and says so") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        ExerciseInput input = small_task_manager();
        // Parallelism 200: each partition requires 201 buffers, each gate 1 + 198 x 2 exclusive.
        input.exchange = planned_exchange(200, JobMode::Streaming);
        const ExerciseReport r = exercise(input, options);
        CHECK(r.shuffle.partitions == 1);
        CHECK(r.shuffle.gates == 0);
        CHECK(r.shuffle.scaled ==
              "1 of 2 result partitions and 0 of 2 input gates with their channels (the rest do not fit 512 "
              "network segments)");
        CHECK(r.shuffle.remote_channels == 198);
        CHECK_FALSE(r.shuffle.channels_compared);  // not every gate ran
        CHECK(r.shuffle.channel_mismatch.empty());
        CHECK(r.shuffle.verified);
        CHECK(r.passed());
        CHECK(dir.empty());
    }

    TEST_CASE("too few pages or too small a network pool: not run, because ..., never verified") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        ExerciseInput input = small_task_manager();
        input.managed_per_slot_bytes = 32768;  // one page per slot
        input.network_segments = 3;            // no shuffle fits
        const ExerciseReport r = exercise(input, options);
        CHECK_FALSE(r.sort.verified);
        CHECK(r.sort.not_run.starts_with("not run, because a slot has 1 managed page(s)"));
        CHECK_FALSE(r.shuffle.verified);
        CHECK(r.shuffle.not_run ==
              "not run, because 3 network segments hold none of TaskManager 0's result partitions and input "
              "gates (wave 0); the first needs 4");
        CHECK(r.pools.not_run == "not run, because the plan makes no network requests");
        CHECK(r.passed());  // nothing that ran failed; what did not run says so
    }
}

TEST_SUITE("sim_exercise_checks") {
    TEST_CASE("more runs than the fan-in are merged in passes, and the output is still verified") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        options.sort_volume = 5.0;  // about five runs per slot
        options.max_fan_in = 2;
        const ExerciseReport r = exercise(small_task_manager(), options);
        CHECK(r.sort.runs >= 8);
        CHECK(r.sort.merge_passes >= 4);
        CHECK(r.sort.verified);
        options.max_fan_in = 128;
        const ExerciseReport wide = exercise(small_task_manager(), options);
        CHECK(wide.sort.merge_passes == 0);
        CHECK(wide.sort.verified);
        CHECK(dir.empty());
    }

    TEST_CASE(
        "the merge reads each run through one managed page: 3 read pages merge at most 3 runs at once") {
        TempDir dir;
        ExerciseOptions options;
        options.spill_dir = dir.path.string();
        options.memory_budget = 1LL << 30;
        options.sort_volume = 5.0;
        options.max_fan_in = 128;
        ExerciseInput input = small_task_manager();
        input.managed_per_slot_bytes = 4 * 32768;  // 3 sort pages (then read pages) + 1 write page
        const ExerciseReport r = exercise(input, options);
        // About 7 runs per slot: 7 -> 5 -> 3 takes 2 passes in each of the 2 slots.
        CHECK(r.sort.runs >= 10);
        CHECK(r.sort.merge_passes >= 4);
        CHECK(r.sort.verified);
        CHECK(r.passed());
        CHECK(dir.empty());
    }
}
