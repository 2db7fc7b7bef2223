// The AdaptiveBatchScheduler's automatic parallelism against Flink 1.20's code (WangS-C/flink-1.20,
// flink-runtime/.../scheduler/adaptivebatch/DefaultVertexParallelismAndInputInfosDecider.java,
// "Decider" below; BisectionSearchUtils.java; AdaptiveBatchSchedulerFactory.java). Every expected
// number is derived by hand from those lines in the comment above its check. The 1.17
// (1996fanrui/flink 024e970e) and 1.18 (TanYuxin-tyx/flink aacc7358) factories have the same
// getDefaultMaxParallelism; their decider's #from reads default-source-parallelism without the
// maximum as fallback (the option's default, 1, then).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "flinkmem/sim/adaptive_parallelism.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/settings.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

constexpr std::int64_t kMiB = 1 << 20;

// An all-to-all result of `partitions` producers, `subpartitions` each, `bytes` spread evenly.
ConsumedResult all_to_all(std::int32_t partitions, std::int32_t subpartitions, std::int64_t bytes) {
    ConsumedResult r;
    r.partitions = partitions;
    r.subpartitions_total = std::int64_t{partitions} * subpartitions;
    r.bytes = bytes;
    r.bytes_by_subpartition.assign(static_cast<std::size_t>(subpartitions), bytes / subpartitions);
    return r;
}

std::vector<std::int32_t> range_sizes(const VertexParallelismDecision& d) {
    std::vector<std::int32_t> sizes;
    for (const auto& [first, last] : d.subpartition_ranges) sizes.push_back(last - first + 1);
    return sizes;
}

}  // namespace

TEST_SUITE("sim_adaptive_parallelism") {
    TEST_CASE("all-to-all: 100 MiB over 40 subpartitions at 16 MiB per task gives 7 ranges") {
        AutoParallelismSettings s;
        s.max_parallelism = 40;
        // Decider:320-334: bytesBySubpartition 40 x 2621440; maxRangeSize 32768/40 = 819;
        // computeSubpartitionRanges (487-505) packs floor(16777216 / 2621440) = 6 per range:
        // 6,6,6,6,6,6,4 -> 7, legal in [1, 40] (337).
        const auto d = decide_vertex_parallelism(s, {all_to_all(40, 40, 100 * kMiB)}, 40);
        CHECK(d.parallelism == 7);
        CHECK(d.evenly_distributed_data);
        CHECK(range_sizes(d) == std::vector<std::int32_t>{6, 6, 6, 6, 6, 6, 4});
    }

    TEST_CASE("all-to-all below min-parallelism: bisection to the smallest limit that gives 10") {
        AutoParallelismSettings s;
        s.max_parallelism = 40;
        s.min_parallelism = 10;
        // 7 < 10 (416): findMaxLegalValue(par >= 10, 2621440, 16777216). par(l) = ceil(40 / k),
        // k = floor(l / 2621440); par >= 10 <=> k <= 4 <=> l <= 13107199 -> par 10 (430).
        // findMinLegalValue(par == 10, 2621440, 13107199): k = 4 <=> l >= 10485760 (432-437).
        // Ranges at 10485760: 10 of 4 subpartitions.
        const auto d = decide_vertex_parallelism(s, {all_to_all(40, 40, 100 * kMiB)}, 40);
        CHECK(d.parallelism == 10);
        CHECK(range_sizes(d) == std::vector<std::int32_t>(10, 4));
    }

    TEST_CASE("all-to-all above the maximum: bisection to the largest legal parallelism") {
        AutoParallelismSettings s;
        s.max_parallelism = 5;
        // 7 > 5 (439): findMinLegalValue(par <= 5, 16777216, 104857600): par <= 5 <=> k >= 8 <=>
        // l >= 8 x 2621440 = 20971520 (443-447); ranges there: 5 of 8.
        const auto d = decide_vertex_parallelism(s, {all_to_all(40, 40, 100 * kMiB)}, 5);
        CHECK(d.parallelism == 5);
        CHECK(range_sizes(d) == std::vector<std::int32_t>(5, 8));
    }

    TEST_CASE("point-wise input: ceil(bytes / volume per task), clamped to [min, max]") {
        AutoParallelismSettings s;
        s.max_parallelism = 40;
        ConsumedResult r;
        r.pointwise = true;
        r.partitions = 8;
        r.subpartitions_total = 40;
        // decideParallelism (236-290): ceil(1 GiB / 16 MiB) = 64, max(64, ceil(40 / 32768) = 1),
        // above 40 -> 40 (278-286).
        r.bytes = 1024 * kMiB;
        CHECK(decide_vertex_parallelism(s, {r}, 40).parallelism == 40);
        // ceil(100 MiB / 16 MiB) = ceil(6.25) = 7 (255).
        r.bytes = 100 * kMiB;
        const auto d = decide_vertex_parallelism(s, {r}, 40);
        CHECK(d.parallelism == 7);
        CHECK_FALSE(d.evenly_distributed_data);
        // 0 bytes: ceil(0) = 0, max(0, 1) = 1 = min.
        r.bytes = 0;
        CHECK(decide_vertex_parallelism(s, {r}, 40).parallelism == 1);
    }

    TEST_CASE("broadcast inputs do not count; all broadcast gives the minimum") {
        AutoParallelismSettings s;
        s.max_parallelism = 40;
        s.min_parallelism = 3;
        ConsumedResult b;
        b.broadcast = true;
        b.partitions = 4;
        b.subpartitions_total = 4;
        b.bytes = 1024 * kMiB;
        // All broadcast (157-159) -> evenly distribute subpartitions; no non-broadcast result ->
        // minParallelism (247-249).
        CHECK(decide_vertex_parallelism(s, {b}, 40).parallelism == 3);
        // With a 100 MiB all-to-all input next to it: only that one is counted (316-328) -> 7.
        CHECK(decide_vertex_parallelism(s, {b, all_to_all(40, 40, 100 * kMiB)}, 40).parallelism == 7);
    }

    TEST_CASE("sources: default-source-parallelism, else the maximum, never above the vertex's maximum") {
        AutoParallelismSettings s;
        s.max_parallelism = 128;
        // 122-128 and computeSourceParallelismUpperBound (178-191); #from (553-563) defaults the
        // option to the maximum parallelism.
        CHECK(decide_vertex_parallelism(s, {}, 128).parallelism == 128);
        s.default_source_parallelism = 4;
        CHECK(decide_vertex_parallelism(s, {}, 128).parallelism == 4);
        s.default_source_parallelism = 500;
        CHECK(decide_vertex_parallelism(s, {}, 128).parallelism == 128);
    }

    TEST_CASE("the decider's constructor checks (89-95)") {
        AutoParallelismSettings s;
        s.min_parallelism = 0;
        CHECK_THROWS_WITH(decide_vertex_parallelism(s, {}, 128),
                          "The minimum parallelism must be larger than 0.");
        s.min_parallelism = 200;
        CHECK_THROWS_WITH(decide_vertex_parallelism(s, {}, 128),
                          "Maximum parallelism should be greater than or equal to the minimum parallelism.");
        s.min_parallelism = 1;
        s.default_source_parallelism = 0;
        CHECK_THROWS_WITH(decide_vertex_parallelism(s, {}, 128),
                          "The default source parallelism must be larger than 0.");
    }

    TEST_CASE(
        "settings: the maximum falls back to parallelism.default, then 128 (getDefaultMaxParallelism)") {
        // AdaptiveBatchSchedulerFactory.java:381-390.
        auto settings = read_settings(test::config_of({{"parallelism.default", "40"}}), FlinkVersion{1, 20});
        CHECK(settings.auto_parallelism.max_parallelism == 40);
        settings = read_settings(test::config_of({}), FlinkVersion{1, 20});
        CHECK(settings.auto_parallelism.max_parallelism == 128);
        CHECK_FALSE(settings.auto_parallelism.default_source_parallelism.has_value());
        CHECK(settings.auto_parallelism.data_volume_per_task == 16 * kMiB);
        settings =
            read_settings(test::config_of({{"parallelism.default", "40"},
                                           {"jobmanager.adaptive-batch-scheduler.max-parallelism", "64"}}),
                          FlinkVersion{1, 20});
        CHECK(settings.auto_parallelism.max_parallelism == 64);  // the deprecated key still counts
        // 1.18: default-source-parallelism defaults to 1 (the option table's 1.17-1.18 row).
        settings = read_settings(test::config_of({}), FlinkVersion{1, 18});
        CHECK(settings.auto_parallelism.default_source_parallelism == 1);
        CHECK(settings.sort_max_fan == 128);
    }

    TEST_CASE("a job: open vertices decided from --input-bytes, else planned at the maximum") {
        JobGraph job = read_job_yaml(
            "mode: batch\n"
            "vertices:\n"
            "  - {id: orders}\n"
            "  - {id: join}\n"
            "  - {id: sink, parallelism: 2}\n"
            "edges:\n"
            "  - {from: orders, to: join, ship: hash}\n"
            "  - {from: join, to: sink, ship: rebalance}\n",
            "job.yaml");
        AutoParallelismSettings s;
        s.max_parallelism = 40;
        JobGraph unknown = job;
        const auto range = decide_open_parallelism(unknown, s, true, 1, {});
        REQUIRE(range.vertices.size() == 2);
        CHECK(range.vertices[0].parallelism == 40);  // the source: the maximum
        CHECK(range.vertices[1].low == 1);
        CHECK(range.vertices[1].high == 40);
        CHECK(unknown.vertices[1].parallelism == 40);
        CHECK(unknown.edges[0].undecided_subpartitions == 40);

        InputBytes bytes;
        bytes.only_source = 100 * kMiB;
        const auto decided = decide_open_parallelism(job, s, true, 1, bytes);
        CHECK(job.vertices[1].parallelism == 7);
        CHECK(decided.vertices[1].consumed == 100 * kMiB);
        // Each join subtask reads its range of the 40 subpartitions: one channel per producer and
        // subpartition (SingleInputGateFactory#calculateNumChannels).
        CHECK(job.edges[0].subpartitions_read == std::vector<std::int32_t>{6, 6, 6, 6, 6, 6, 4});
        CHECK(job.vertices[2].parallelism == 2);  // set by the job: kept

        // Streaming, or auto-parallelism off: parallelism.default.
        JobGraph off = read_job_yaml("vertices:\n  - {id: a}\n", "job.yaml");
        decide_open_parallelism(off, s, true, 6, {});
        CHECK(off.vertices[0].parallelism == 6);
    }

    TEST_CASE("--input-bytes must name sources of the job") {
        const JobGraph job = read_job_yaml(
            "mode: batch\nvertices:\n  - {id: orders}\n  - {id: customers}\n  - {id: join}\n"
            "edges:\n  - {from: orders, to: join}\n  - {from: customers, to: join}\n",
            "job.yaml");
        InputBytes bytes;
        bytes.only_source = kMiB;
        CHECK(
            check_input_bytes(job, bytes) ==
            "--input-bytes without a name: the job has 2 sources (orders, customers); give one --input-bytes "
            "NAME=SIZE per source, e.g. --input-bytes orders=10g");
        bytes = {};
        bytes.by_source["join"] = kMiB;
        CHECK(check_input_bytes(job, bytes) ==
              "--input-bytes join=...: 'join' is not a source of the job; its sources are: orders, customers "
              "(give NAME=SIZE for each)");
        bytes = {};
        bytes.by_source["orders"] = kMiB;
        CHECK_FALSE(check_input_bytes(job, bytes).has_value());
    }
}
