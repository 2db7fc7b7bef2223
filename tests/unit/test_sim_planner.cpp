// The planner against the "Done when" cases, and against Flink's own recorded pool
// sequences (the requests it generates, run through the ported NetworkBufferPool).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/planner.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;
using flinkmem::test::config_of;

namespace {

struct Case {
    Plan plan;
    std::string error;  // "<class>: <message>" or "ok"
};

Case run(const JobGraph& job, const char* slots, std::optional<std::int32_t> task_managers = std::nullopt,
         const char* process_size = "1728m") {
    const Configuration config = config_of(
        {{"taskmanager.memory.process.size", process_size}, {"taskmanager.numberOfTaskSlots", slots}});
    const TaskManagerMemory memory = test::task_manager(config).memory;
    const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
    PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), task_managers};
    Case c{plan(input), "ok"};
    if (c.plan.failure)
        c.error = std::string(c.plan.failure->class_name()) + ": " + c.plan.failure->message();
    return c;
}

std::string insufficient(int required, int available) {
    return "IOException: " + insufficient_buffers_message(required, available, 4096, 32768);
}

}  // namespace

TEST_SUITE("sim_planner") {
    TEST_CASE("streaming keyBy on one TaskManager: 60 fits with 3720, 64 fails with 4224") {
        const Case p60 = run(keyby_job(60, JobMode::Streaming), "60");
        CHECK(p60.error == "ok");
        CHECK(p60.plan.network.total_buffers == 4096);
        CHECK(p60.plan.network.required_buffers == 3720);
        CHECK(p60.plan.task_managers == 1);

        const Case p64 = run(keyby_job(64, JobMode::Streaming), "64");
        CHECK(p64.plan.network.required_buffers == 4224);
        // Flink's own replay (keyBy-1tm-p64) fails at the 63rd partition: 62 * 66 = 4092 taken.
        CHECK(p64.error == insufficient(65, 4));
    }

    TEST_CASE("streaming keyBy on two TaskManagers: 64 on 2x32 fails with 4160, 62 on 2x31 fits with 3906") {
        const Case p64 = run(keyby_job(64, JobMode::Streaming), "32", 2);
        CHECK(p64.plan.task_managers == 2);
        CHECK(p64.plan.network.required_buffers == 4160);
        CHECK(p64.error == insufficient(2, 0));  // keyBy-2tm-p64-tmSlots32 step 1088

        const Case p62 = run(keyby_job(62, JobMode::Streaming), "31");
        CHECK(p62.plan.task_managers == 2);
        CHECK(p62.error == "ok");
        CHECK(p62.plan.network.required_buffers == 3906);
        CHECK(p62.plan.network.remote_channels == 31 * 31);
        CHECK(p62.plan.network.local_channels == 31 * 31);
    }

    TEST_CASE("batch keyBy on one TaskManager: the producer region needs 8 x 512, 9 slots fail") {
        const Case p8 = run(keyby_job(8, JobMode::Batch), "8");
        CHECK(p8.error == "ok");
        CHECK(p8.plan.network.required_buffers == 4096);
        REQUIRE(p8.plan.network.regions.size() == 2);
        CHECK(p8.plan.network.peak_region == 0);
        CHECK(p8.plan.network.regions[0].max_required_buffers == 4096);
        CHECK(p8.plan.network.regions[1].max_required_buffers == 8);
        CHECK(p8.plan.network.regions[1].wave == 1);

        const Case p9 = run(keyby_job(9, JobMode::Batch), "9");
        CHECK(p9.plan.network.required_buffers == 9 * 512);
        CHECK(p9.error == insufficient(512, 0));  // batch-sortshuffle-producers9 step 16
    }

    TEST_CASE("more slots than the TaskManagers have: NoResourceAvailableException") {
        const Case c = run(keyby_job(10, JobMode::Streaming), "4", 2);
        CHECK(c.error ==
              "NoResourceAvailableException: Slot request bulk is not fulfillable! Could not allocate "
              "the required slot within slot request timeout");
    }

    TEST_CASE("requests replayed through the ported NetworkBufferPool agree with the arithmetic walk") {
        for (int parallelism : {5, 40, 63, 64}) {
            for (const char* slots : {"32", "64"}) {
                const JobGraph job = keyby_job(parallelism, JobMode::Streaming);
                const Configuration config = config_of(
                    {{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.numberOfTaskSlots", slots}});
                const TaskManagerMemory memory = test::task_manager(config).memory;
                const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
                PlanInput input{
                    &job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
                const auto requests = task_manager_requests(input, 0, 0);
                const RequestWalk walk = walk_requests(requests, 4096, 32768);
                NetworkBufferPool pool(4096, 32768);
                std::string failure = "ok";
                for (const NetworkRequest& r : requests) {
                    try {
                        if (r.kind == NetworkRequest::Kind::Exclusive) {
                            for (int c = 0; c < r.max; ++c) pool.request_unpooled_segments(r.required);
                        } else if (r.kind == NetworkRequest::Kind::PartitionPool) {
                            pool.create_buffer_pool(r.required, r.max, r.num_subpartitions,
                                                    r.max_buffers_per_channel, r.max_overdraft);
                        } else {
                            const PoolId id = pool.create_buffer_pool(r.required, r.max);
                            pool.reserve_segments(id, 1);
                        }
                    } catch (const Error& e) {
                        failure = std::string(e.class_name()) + ": " + e.message();
                        break;
                    }
                }
                const std::string walked =
                    walk.failure ? std::string(walk.failure->class_name()) + ": " + walk.failure->message()
                                 : "ok";
                CAPTURE(parallelism);
                CAPTURE(slots);
                CHECK(walked == failure);
                CHECK(walk.required_at_failure == pool.num_total_required_buffers());
            }
        }
    }

    TEST_CASE("pointwise edges: rescale from 4 to 2 gives each consumer 2 channels, 2 to 4 one") {
        JobGraph job;
        job.vertices = {{"a", "a", 4, false, "default", {}, false, false},
                        {"b", "b", 2, false, "default", {}, false, false},
                        {"c", "c", 4, false, "default", {}, false, false}};
        job.edges = {{0, 1, ShipStrategy::Rescale, PartitionType::PipelinedBounded, false, 0, {}},
                     {1, 2, ShipStrategy::Rescale, PartitionType::PipelinedBounded, false, 0, {}}};
        finish_graph(job, "test");
        const Case c = run(job, "4");
        // a: 4 partitions of 1 subpartition (2+... ) and b, c gates; all local on one TM.
        // a_i: (1+1) each = 8; b_j: gate 1 + partition of 2 subpartitions (3) = 4 each -> 8;
        // c_k: gate 1 each -> 4. Total 20.
        CHECK(c.plan.network.required_buffers == 20);
        CHECK(c.plan.network.local_channels == 2 * 2 + 4);
        CHECK(c.plan.network.remote_channels == 0);
    }
}

TEST_SUITE("sim_planner_managed") {
    TEST_CASE("a consumer whose weight is 0 fails with Flink's zero-fraction message") {
        JobGraph job = keyby_job(2, JobMode::Batch);  // the keyed vertex sorts in managed memory
        const Configuration config =
            config_of({{"taskmanager.memory.process.size", "1728m"},
                       {"taskmanager.numberOfTaskSlots", "2"},
                       {"taskmanager.memory.managed.consumer-weights", "OPERATOR:0,PYTHON:30"}});
        const TaskManagerMemory memory = test::task_manager(config).memory;
        const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
        PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
        const Plan p = plan(input);
        REQUIRE(p.failure);
        CHECK(std::string(p.failure->class_name()) + ": " + p.failure->message() ==
              "IllegalArgumentException: The fraction of memory to allocate should not be 0. Please make "
              "sure that all "
              "types of managed memory consumers contained in the job are configured with a non-negative "
              "weight via "
              "`taskmanager.memory.managed.consumer-weights`.");
    }

    TEST_CASE("streaming keyed state in managed RocksDB takes the whole slot") {
        JobGraph job = keyby_job(4, JobMode::Streaming);
        const Configuration config = config_of({{"taskmanager.memory.process.size", "2g"},
                                                {"taskmanager.numberOfTaskSlots", "4"},
                                                {"state.backend.type", "rocksdb"}});
        const TaskManagerMemory memory = test::task_manager(config).memory;
        const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
        PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
        const Plan p = plan(input);
        CHECK_FALSE(p.failure);
        CHECK(p.managed.per_slot_bytes == memory.managed.size.bytes() / 4);
        REQUIRE(p.managed.consumers.size() == 1);
        CHECK(p.managed.consumers[0].use_case == ManagedUseCase::StateBackend);
        CHECK(p.managed.consumers[0].fraction == 1.0);
        REQUIRE(p.managed.rocksdb);
        CHECK(p.managed.rocksdb->shared_bytes == p.managed.per_slot_bytes);
        CHECK(p.managed.rocksdb->block_cache_bytes ==
              static_cast<std::int64_t>(2.5 * static_cast<double>(p.managed.per_slot_bytes) / 3));
    }
}

TEST_SUITE("sim_planner_managed") {
    // ManagedMemoryUtils#convertToFractionOfSlot asks StateBackendLoader whether the backend uses
    // managed memory; EmbeddedRocksDBStateBackend extends AbstractManagedMemoryStateBackend, whose
    // useManagedMemory() is true whatever state.backend.rocksdb.memory.managed says.
    TEST_CASE("RocksDB outside managed memory still weighs STATE_BACKEND 0.7 against PYTHON 0.3") {
        for (const char* managed : {"false", "true"}) {
            CAPTURE(managed);
            JobGraph job = keyby_job(2, JobMode::Streaming);
            JobVertex& keyed = job.vertices.back();
            keyed.managed_declared = true;
            keyed.managed.slot_scope = {ManagedUseCase::StateBackend, ManagedUseCase::Python};
            const Configuration config = config_of({{"taskmanager.memory.process.size", "2g"},
                                                    {"taskmanager.numberOfTaskSlots", "2"},
                                                    {"state.backend.type", "rocksdb"},
                                                    {"state.backend.rocksdb.memory.managed", managed}});
            const TaskManagerMemory memory = test::task_manager(config).memory;
            const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
            PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
            const Plan p = plan(input);
            CHECK_FALSE(p.failure);
            std::map<ManagedUseCase, const ManagedConsumer*> by_use_case;
            for (const auto& c : p.managed.consumers) by_use_case[c.use_case] = &c;
            REQUIRE(by_use_case.size() == 2);
            CHECK(by_use_case[ManagedUseCase::StateBackend]->fraction == 0.7);
            CHECK(by_use_case[ManagedUseCase::Python]->fraction == 0.3);
            // The Python worker takes its 0.3 either way; RocksDB takes 0.7 only when managed.
            CHECK(by_use_case[ManagedUseCase::Python]->bytes > 0);
            REQUIRE(p.managed.rocksdb);
            if (std::string(managed) == "false") {
                CHECK(by_use_case[ManagedUseCase::StateBackend]->bytes == 0);
                CHECK(p.managed.rocksdb->kind == RocksDbMemoryKind::Unbounded);
            } else {
                CHECK(by_use_case[ManagedUseCase::StateBackend]->bytes > 0);
                CHECK(p.managed.rocksdb->kind == RocksDbMemoryKind::SlotSharedManaged);
            }
        }
    }

    TEST_CASE("the heap state backend declares no managed memory: PYTHON takes the whole slot") {
        JobGraph job = keyby_job(2, JobMode::Streaming);
        JobVertex& keyed = job.vertices.back();
        keyed.managed_declared = true;
        keyed.managed.slot_scope = {ManagedUseCase::StateBackend, ManagedUseCase::Python};
        const Configuration config = config_of({{"taskmanager.memory.process.size", "2g"},
                                                {"taskmanager.numberOfTaskSlots", "2"},
                                                {"state.backend.type", "hashmap"}});
        const TaskManagerMemory memory = test::task_manager(config).memory;
        const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
        PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
        const Plan p = plan(input);
        for (const auto& c : p.managed.consumers) {
            CHECK(c.fraction == (c.use_case == ManagedUseCase::Python ? 1.0 : 0.0));
        }
    }
}

TEST_SUITE("sim_planner_scheduling") {
    // SchedulingPipelinedRegionComputeUtil: one region per subtask when every result is blocking.
    TEST_CASE("p50 all-blocking batch job on one 4 GiB TaskManager with 8 slots deploys in waves") {
        const Case c = run(keyby_job(50, JobMode::Batch), "8", 1, "4g");
        CHECK(c.error == "ok");
        CHECK(c.plan.task_managers == 1);
        CHECK(c.plan.task_managers_given);
        CHECK(c.plan.slots_used == 8);
        CHECK(c.plan.network.execution_regions == 100);
        // 50 sources 8 at a time (7 waves), then 50 consumers once every source has finished.
        REQUIRE(c.plan.network.waves.size() == 14);
        CHECK(c.plan.network.waves[6].tasks == 2);
        CHECK(c.plan.network.waves[7].tasks == 8);
        // Eight sort-shuffle partitions of 512 buffers at once.
        CHECK(c.plan.network.required_buffers == 8 * 512);
    }

    TEST_CASE("without --taskmanagers a batch wave takes as many TaskManagers as its ready regions want") {
        const Case c = run(keyby_job(50, JobMode::Batch), "8", std::nullopt, "4g");
        CHECK(c.plan.task_managers == 7);
        CHECK_FALSE(c.plan.task_managers_given);
        CHECK(c.plan.network.waves.size() == 2);
    }

    TEST_CASE("--taskmanagers 10 with 4 slots at parallelism 100: 40 slots, the job needs 100") {
        const Case c = run(keyby_job(100, JobMode::Streaming), "4", 10, "4g");
        REQUIRE(c.plan.failure);
        CHECK(c.plan.failure->is(ErrorClass::NoResourceAvailableException));
        CHECK(c.plan.failure->hint().find("10 \u00d7 4 = 40 slots, the job needs 100") != std::string::npos);
        CHECK(c.plan.task_managers == 10);  // as given, even though the network is counted for 25
        CHECK(c.plan.slots_needed == 100);
    }

    TEST_CASE("a batch region larger than the cluster fails; smaller regions only wait") {
        // source -(pipelined, all-to-all)-> map: one region of 2 x 10 subtasks sharing 10 slots.
        JobGraph job = keyby_job(10, JobMode::Batch);
        job.edges[0].exchange = PartitionType::PipelinedBounded;
        const Case big = run(job, "4", 2, "4g");
        REQUIRE(big.plan.failure);
        CHECK(big.plan.failure->hint().find(
                  "2 \u00d7 4 = 8 slots, the job's largest pipelined region needs 10") != std::string::npos);
        const Case fits = run(job, "4", 3, "4g");
        CHECK(fits.error == "ok");
        CHECK(fits.plan.network.waves.size() == 1);
    }

    TEST_CASE("hybrid results cut regions but the consumer runs alongside its producer") {
        JobGraph job = keyby_job(4, JobMode::Batch);
        job.edges[0].exchange = PartitionType::HybridFull;
        const Case c = run(job, "8", std::nullopt, "4g");
        CHECK(c.error == "ok");
        CHECK(c.plan.network.execution_regions == 8);
        CHECK(c.plan.network.waves.size() == 1);
        CHECK(c.plan.slots_used == 8);  // separate slot-sharing groups per logical region in batch
        REQUIRE(c.plan.network.regions.size() == 2);
    }

    TEST_CASE("named slot-sharing groups are kept; streaming's default group is shared") {
        JobGraph job = keyby_job(4, JobMode::Streaming);
        const Case shared = run(job, "8");
        CHECK(shared.plan.slots_used == 4);
        job.vertices[1].slot_sharing_group = "sinks";
        const Case split = run(job, "8");
        CHECK(split.plan.slots_used == 8);
    }
}
