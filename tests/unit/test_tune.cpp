// tune: each REST shape and the Prometheus scrape read, the proposal of the issue's "done when"
// (a 4 GiB / 4-slot hashmap TaskManager using 300 MB of heap) proven, and the refusals.
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "flinkmem/doctor/tune.hpp"
#include "support.hpp"

namespace flinkmem::doctor {

namespace {

std::string tune_fixture(const std::string& name) {
    std::ifstream file(std::string(FLINKMEM_TEST_DATA_DIR) + "/tune/" + name, std::ios::binary);
    REQUIRE(file);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::vector<Response> saved(std::initializer_list<const char*> names) {
    std::vector<Response> out;
    for (const char* name : names) out.push_back({name, "", tune_fixture(name)});
    return out;
}

const std::initializer_list<const char*> kAll = {
    "config.json",      "jobmanager-config.json",   "taskmanagers.json",
    "taskmanager.json", "taskmanager-metrics.json", "jobs-overview.json",
    "job-plan.json"};

}  // namespace

TEST_CASE("tune: the REST shapes of Flink 1.20") {
    const Observation seen = read_observation(saved(kAll));
    CHECK(seen.has_config);
    REQUIRE(seen.version);
    CHECK(seen.version->to_string() == "1.20");
    REQUIRE(seen.samples.size() == 1);
    const TaskManagerSample& s = seen.samples.front();
    CHECK(s.id == "172.18.0.3:42187-5e1f0c");
    CHECK(s.heap_used == std::int64_t{314572800});
    CHECK(s.metaspace_used == std::int64_t{94371840});
    CHECK(s.managed_used == std::int64_t{0});
    CHECK(s.segments_used == std::int64_t{120});
    CHECK(s.gc_time_ms == std::int64_t{312});
    CHECK(seen.running_jobs == std::vector<std::string>{"WordCount"});
    REQUIRE(seen.job);
    CHECK(seen.job->vertices.size() == 2);
    CHECK(seen.readings() == 1);
}

TEST_CASE("tune: a Prometheus scrape of Flink's reporter") {
    const Observation seen = read_observation(saved({"prometheus.txt"}));
    REQUIRE(seen.samples.size() == 1);
    CHECK(seen.samples.front().heap_used == std::int64_t{314572800});
    CHECK(seen.samples.front().metaspace_used == std::int64_t{94371840});
    CHECK(seen.samples.front().managed_used == std::int64_t{0});
}

TEST_CASE("tune: entries of the wrong shape are skipped or refused, never read out of bounds") {
    const Observation seen =
        read_observation({{"c.json", "", R"([{"key":"a","value":"b"},{"value":"x"},7])"}});
    CHECK(seen.config.find("a") != nullptr);
    CHECK_THROWS_AS(read_observation({{"j.json", "", R"({"jobs":[{"state":"RUNNING","name":5}]})"}}), Error);
}

TEST_CASE("tune: a response that is not Flink's is said to be so") {
    CHECK_THROWS_AS(read_observation({{"page.html", "", "<html>It works!</html>"}}), Error);
    CHECK_THROWS_AS(read_observation({{"x.json", "", "{\"hello\": 1}"}}), Error);
}

TEST_CASE("tune: 4 GiB / 4 slots / hashmap using 300 MB of heap shrinks heap and managed, proven") {
    TuneRequest request;
    request.observation = read_observation(saved(kAll));
    const TuneReport report = tune(request);
    REQUIRE_FALSE(report.refused);
    REQUIRE(report.proposal);
    const Proposal& p = *report.proposal;
    CHECK(p.verified);
    REQUIRE(p.task_manager_after->ok());
    const auto& before = p.task_manager_before->value().memory;
    const auto& after = p.task_manager_after->value().memory;
    CHECK(after.jvm_heap() < before.jvm_heap());
    CHECK(after.jvm_heap().bytes() >= 314572800 + 314572800 / 4);  // headroom above the used heap
    CHECK(after.managed.size.bytes() == 0);
    CHECK(before.managed.size.bytes() > 0);
    CHECK(after.total_process.size < before.total_process.size);
    REQUIRE(report.simulator_network_bytes);
    CHECK(after.network.size.bytes() >= *report.simulator_network_bytes);
    REQUIRE(report.operator_estimate);
    REQUIRE(report.operator_estimate->network);
    // The operator counts every gate of every vertex for every slot: never below the exact need here.
    CHECK(report.operator_estimate->network->bytes() >= *report.simulator_network_bytes);
}

TEST_CASE("tune: --keep-process-size rebalances inside today's process") {
    TuneRequest request;
    request.observation = read_observation(saved(kAll));
    request.keep_process_size = true;
    const TuneReport report = tune(request);
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(report.proposal->task_manager_after->value().memory.total_process.size ==
          report.proposal->task_manager_before->value().memory.total_process.size);
}

TEST_CASE("tune: no running job, nothing shrunk") {
    TuneRequest request;
    request.observation = read_observation(saved({"config.json", "jobmanager-config.json", "taskmanager.json",
                                                  "taskmanager-metrics.json", "jobs-overview-idle.json"}));
    const TuneReport report = tune(request);
    CHECK(report.refused);
    CHECK(report.refusal.find("no job is running") != std::string::npos);
}

TEST_CASE("tune: RocksDB keeps its managed memory") {
    TuneRequest request;
    request.observation = read_observation(saved(kAll));
    Configuration config = request.observation.config;
    config.set("state.backend.type", "rocksdb", Source::dynamic_property());
    request.config = config;
    const TuneReport report = tune(request);
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(report.proposal->task_manager_after->value().memory.managed.size ==
          report.proposal->task_manager_before->value().memory.managed.size);
}

}  // namespace flinkmem::doctor
