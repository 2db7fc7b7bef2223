// Hybrid shuffle and tiered storage per release line, against the Flink sources named in
// ../shared/flink-vectors/README.txt. Lines cited are of those snapshots:
//   1.20 (WangS-C/flink-1.20 bf393918): NettyShuffleEnvironmentConfiguration.java:426-431 turns
//     tiered storage on for ALL_EXCHANGES_HYBRID_FULL/SELECTIVE when
//     taskmanager.network.hybrid-shuffle.enable-new-mode (default true) is set;
//     ResultPartitionFactory.java:176-180 replaces BLOCKING by HYBRID_FULL, :383-397 sizes the pool
//     with the descriptor's type and getNumTotalGuaranteedBuffers (:420-427: memory tier 100,
//     MemoryTierFactory.java:50, + disk tier 1, DiskTierFactory.java:69); NettyShuffleUtils.java:80-83
//     min(tiered exclusive, subpartitions + 1); InputGateSpecUtils.java:86-95 caps a hybrid gate at
//     1000 under tiered storage.
//   1.18 (TanYuxin-tyx/flink aacc7358), 1.19 (maoxingda/flink-1.19-source e4ac2ee6):
//     TieredStorageConfiguration#getTotalExclusiveBufferNum = accumulator 512 + memory 100 + disk 1
//     (+ remote 1 with a remote path); no BLOCKING replacement.
//   2.0 (JunRuiLee/flink 5f9eb876): NettyShuffleEnvironmentConfiguration.java:371-374, tiered storage
//     for the hybrid modes without the enable-new-mode option.
#include <doctest/doctest.h>

#include <string>

#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/sim/planner.hpp"
#include "flinkmem/sim/settings.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;
using flinkmem::test::config_of;

namespace {

SimulationSettings settings_of(FlinkVersion version,
                               std::initializer_list<std::pair<std::string, std::string>> extra) {
    std::vector<std::pair<std::string, std::string>> entries{{"taskmanager.memory.process.size", "4g"},
                                                             {"taskmanager.numberOfTaskSlots", "4"}};
    entries.insert(entries.end(), extra.begin(), extra.end());
    Configuration config;
    for (const auto& [k, v] : entries) config.set(k, v, Source::generated("test"));
    return read_settings(config, version);
}

constexpr FlinkVersion k116{1, 16}, k117{1, 17}, k118{1, 18}, k119{1, 19}, k120{1, 20}, k20{2, 0};

}  // namespace

TEST_SUITE("sim_tiered") {
    TEST_CASE("a hybrid execution.batch-shuffle-mode switches tiered storage on from 1.18") {
        for (const char* mode : {"ALL_EXCHANGES_HYBRID_FULL", "all_exchanges_hybrid_selective"}) {
            CAPTURE(mode);
            CHECK_FALSE(settings_of(k116, {{"execution.batch-shuffle-mode", mode}}).network.tiered_storage);
            CHECK_FALSE(settings_of(k117, {{"execution.batch-shuffle-mode", mode}}).network.tiered_storage);
            for (FlinkVersion v : {k118, k119, k120, k20}) {
                CHECK(settings_of(v, {{"execution.batch-shuffle-mode", mode}}).network.tiered_storage);
            }
            // The legacy mode of 1.18-1.20; 2.0 has no such option.
            for (FlinkVersion v : {k118, k119, k120}) {
                CHECK_FALSE(settings_of(v, {{"execution.batch-shuffle-mode", mode},
                                            {"taskmanager.network.hybrid-shuffle.enable-new-mode", "false"}})
                                .network.tiered_storage);
            }
            CHECK(settings_of(k20, {{"execution.batch-shuffle-mode", mode},
                                    {"taskmanager.network.hybrid-shuffle.enable-new-mode", "false"}})
                      .network.tiered_storage);
        }
        CHECK_FALSE(settings_of(k120, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_BLOCKING"}})
                        .network.tiered_storage);
        CHECK_FALSE(settings_of(k120, {}).network.tiered_storage);
    }

    TEST_CASE("an unknown batch-shuffle mode is Flink's parse error") {
        CHECK_THROWS_WITH_AS(settings_of(k120, {{"execution.batch-shuffle-mode", "ALL_HYBRID"}}),
                             "Could not parse value 'ALL_HYBRID' for key 'execution.batch-shuffle-mode'.",
                             Error);
    }

    TEST_CASE("tiered exclusive buffers: 613 in 1.18/1.19, 101 in 1.20/2.0, one more with a remote tier") {
        const auto exclusive = [](FlinkVersion v, bool remote) {
            if (remote) {
                return settings_of(
                           v, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"},
                               {"taskmanager.network.hybrid-shuffle.remote.path", "s3://bucket/shuffle"}})
                    .network.tiered_exclusive_buffers;
            }
            return settings_of(v, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"}})
                .network.tiered_exclusive_buffers;
        };
        CHECK(exclusive(k118, false) == 613);
        CHECK(exclusive(k119, false) == 613);
        CHECK(exclusive(k120, false) == 101);
        CHECK(exclusive(k20, false) == 101);
        CHECK(exclusive(k119, true) == 614);
        CHECK(exclusive(k120, true) == 102);
    }

    TEST_CASE("a hybrid partition of 700 subpartitions: min(tiered exclusive, 701), unbounded") {
        const auto pool = [](FlinkVersion v, bool tiered) {
            const SimulationSettings s = settings_of(
                v, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"},
                    {"taskmanager.network.hybrid-shuffle.enable-new-mode", tiered ? "true" : "false"}});
            return partition_pool(network_rules(v), s.network, PartitionType::HybridFull, 700);
        };
        CHECK(pool(k120, true).size == MinMax{101, kIntMax});
        CHECK(pool(k119, true).size == MinMax{613, kIntMax});
        CHECK(pool(k120, false).size == MinMax{701, kIntMax});
        CHECK(pool(k117, false).size == MinMax{701, kIntMax});
        CHECK(pool(k120, true).max_overdraft_buffers_per_gate == 0);  // hybrid does not overdraw
    }

    TEST_CASE("a hybrid gate of 600 channels is capped at 1000 required buffers under tiered storage") {
        const SimulationSettings tiered =
            settings_of(k120, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"}});
        const GateBuffers capped =
            gate_buffers(network_rules(k120), tiered.network, PartitionType::HybridFull, 600);
        CHECK(capped.exclusive_per_remote_channel == 1);
        CHECK(capped.floating_pool == MinMax{400, 608});
        const SimulationSettings legacy =
            settings_of(k120, {{"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"},
                               {"taskmanager.network.hybrid-shuffle.enable-new-mode", "false"}});
        const GateBuffers uncapped =
            gate_buffers(network_rules(k120), legacy.network, PartitionType::HybridFull, 600);
        CHECK(uncapped.exclusive_per_remote_channel == 2);
        CHECK(uncapped.floating_pool == MinMax{1, 8});
        // A BLOCKING gate keeps BLOCKING's cap either way; a BLOCKING pool keeps sort-shuffle's 512.
        CHECK(gate_buffers(network_rules(k120), tiered.network, PartitionType::Blocking, 600).floating_pool ==
              MinMax{400, 608});
        CHECK(partition_pool(network_rules(k120), tiered.network, PartitionType::Blocking, 600).size ==
              MinMax{512, 2400});
    }

    TEST_CASE("rule table: BLOCKING becomes HYBRID_FULL under tiered storage from 1.20") {
        CHECK_FALSE(network_rules(k118).tiered_replaces_blocking);
        CHECK_FALSE(network_rules(k119).tiered_replaces_blocking);
        CHECK(network_rules(k120).tiered_replaces_blocking);
        CHECK(network_rules(k20).tiered_replaces_blocking);
    }

    TEST_CASE("a keyBy batch job under ALL_EXCHANGES_HYBRID_FULL is planned with tiered storage's numbers") {
        Configuration config;
        for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
                 {"taskmanager.memory.process.size", "4g"},
                 {"taskmanager.numberOfTaskSlots", "4"},
                 {"execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_FULL"}}) {
            config.set(k, v, Source::generated("test"));
        }
        const SimulationSettings settings = read_settings(config, k120);
        JobGraph job = keyby_job(200, JobMode::Batch);
        apply_batch_shuffle_mode(job, batch_exchange(settings.batch_shuffle_mode));
        REQUIRE(job.edges[0].exchange == PartitionType::HybridFull);
        const TaskManagerMemory memory = test::task_manager(config).memory;
        PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
        const Plan p = plan(input);
        CHECK_FALSE(p.failure);
        // Hybrid: consumers run alongside their producers, in one wave.
        CHECK(p.network.waves.size() == 1);
        // TaskManager 0 holds four sources: each partition requires min(101, 201) buffers.
        const auto requests = task_manager_requests(input, 0, 0);
        REQUIRE(requests.size() == 4);
        for (const auto& r : requests) {
            CHECK(r.kind == NetworkRequest::Kind::PartitionPool);
            CHECK(r.required == 101);
            CHECK(r.max == kIntMax);
        }
        bool noted = false;
        for (const auto& note : p.notes) noted = noted || note.starts_with("tiered storage is on");
        CHECK(noted);
    }
}

TEST_SUITE("sim_adaptive_batch") {
    // IntermediateResultPartition#computeNumberOfSubpartitionsForDynamicGraph (1.20, lines 148-179).
    TEST_CASE("a dynamic graph: 1 subpartition for a broadcast, ceil(q/p) point-wise") {
        Configuration config;
        config.set("taskmanager.memory.process.size", "4g", Source::generated("test"));
        config.set("taskmanager.numberOfTaskSlots", "16", Source::generated("test"));
        const SimulationSettings adaptive = read_settings(config, k120);
        CHECK(adaptive.adaptive_batch_scheduler);
        config.set("jobmanager.scheduler", "Default", Source::generated("test"));
        const SimulationSettings fixed = read_settings(config, k120);
        CHECK_FALSE(fixed.adaptive_batch_scheduler);
        CHECK_FALSE(read_settings(config_of({{"taskmanager.numberOfTaskSlots", "1"}}), k116)
                        .adaptive_batch_scheduler);

        JobGraph job = keyby_job(3, JobMode::Batch);
        job.vertices[1].parallelism = 8;
        job.edges[0].ship = ShipStrategy::Broadcast;
        const auto first_pool = [&](const SimulationSettings& s) {
            PlanInput input{&job, &s, 512LL << 20, 0, {}};
            const auto requests = task_manager_requests(input, 0, 0);
            REQUIRE_FALSE(requests.empty());
            return requests.front().num_subpartitions;
        };
        CHECK(first_pool(adaptive) == 1);
        CHECK(first_pool(fixed) == 8);
        job.edges[0].ship = ShipStrategy::Rescale;  // 3 producers, 8 consumers
        CHECK(first_pool(adaptive) == 3);           // ceil(8 / 3)
        CHECK(first_pool(fixed) == 3);              // producer 0 feeds consumers [0, 3)
        job.vertices[0].parallelism = 5;  // 5 producers, 8 consumers: ceil(8/5) = 2 for every producer
        CHECK(first_pool(adaptive) == 2);
        CHECK(first_pool(fixed) == 2);
    }
}

TEST_SUITE("sim_batch_shuffle_read") {
    TEST_CASE("a batch-shuffle read size below the segment size is BatchShuffleReadBufferPool's error") {
        const Configuration config =
            config_of({{"taskmanager.memory.process.size", "4g"},
                       {"taskmanager.numberOfTaskSlots", "2"},
                       {"taskmanager.memory.framework.off-heap.batch-shuffle.size", "16k"}});
        const SimulationSettings settings = read_settings(config, k120);
        const JobGraph job = keyby_job(2, JobMode::Streaming);
        const TaskManagerMemory memory = test::task_manager(config).memory;
        const Plan p = plan({&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}});
        REQUIRE(p.failure);
        CHECK(p.failure->message() ==
              "Illegal configuration, config value for "
              "'taskmanager.memory.framework.off-heap.batch-shuffle.size' must "
              "be no smaller than 'taskmanager.memory.segment-size', please increase "
              "'taskmanager.memory.framework.off-heap.batch-shuffle.size' to at least 32768 bytes.");
    }

    TEST_CASE(
        "many sort-merge partitions read at once from one TaskManager are a named risk, not a failure") {
        const auto run = [](const char* read_size) {
            const Configuration config =
                config_of({{"taskmanager.memory.process.size", "4g"},
                           {"taskmanager.numberOfTaskSlots", "8"},
                           {"taskmanager.memory.framework.off-heap.batch-shuffle.size", read_size}});
            const SimulationSettings settings = read_settings(config, k120);
            const JobGraph job = keyby_job(50, JobMode::Batch);
            const TaskManagerMemory memory = test::task_manager(config).memory;
            return plan({&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), 1});
        };
        const Plan small = run("64m");
        CHECK_FALSE(small.failure);
        CHECK(small.network.batch_shuffle_read.buffers == 2048);
        CHECK(small.network.batch_shuffle_read.buffers_per_request == 128);
        CHECK(small.network.batch_shuffle_read.concurrent_partitions == 50);
        CHECK(small.network.batch_shuffle_read.timeout_risk);
        const Plan large = run("256m");
        CHECK_FALSE(large.network.batch_shuffle_read.timeout_risk);  // 8192 buffers >= 50 x 128
    }
}
