// The job readers: Flink's REST plan, the execution plan with default chaining, the YAML shape,
// and every input they reject (with the file and place in the message).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/planner.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

std::string data(const std::string& name) {
    std::ifstream in(std::string(FLINKMEM_TEST_DATA_DIR) + "/sim/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string json_error(const std::string& text) {
    try {
        read_job_json(text, "plan.json", JobMode::Streaming);
        return "ok";
    } catch (const JobFormatError& e) {
        return e.what();
    }
}

std::string yaml_error(const std::string& text) {
    try {
        read_job_yaml(text, "job.yaml");
        return "ok";
    } catch (const JobFormatError& e) {
        return e.what();
    }
}

}  // namespace

TEST_SUITE("sim_job") {
    TEST_CASE("REST plan") {
        const JobGraph job = read_job_json(data("rest_plan.json"), "rest_plan.json", JobMode::Streaming);
        CHECK(job.name == "WordCount");
        REQUIRE(job.vertices.size() == 2);
        CHECK(job.vertices[1].keyed);
        REQUIRE(job.edges.size() == 1);
        CHECK(job.edges[0].ship == ShipStrategy::Hash);
        CHECK(job.edges[0].exchange == PartitionType::PipelinedBounded);
        CHECK(job.mode == JobMode::Streaming);
    }

    TEST_CASE("execution plan: forward edges of equal parallelism chain") {
        const JobGraph job =
            read_job_json(data("execution_plan.json"), "execution_plan.json", JobMode::Streaming);
        REQUIRE(job.vertices.size() == 2);
        CHECK(job.vertices[0].name == "Source: Custom Source -> Map -> Filter");
        CHECK(job.vertices[1].name == "Window(TumblingEventTimeWindows) -> Sink: Print");
        CHECK(job.vertices[1].parallelism == 8);
        REQUIRE(job.edges.size() == 1);
        CHECK(job.edges[0].ship == ShipStrategy::Hash);
        REQUIRE(job.notes.size() == 1);
        CHECK(job.notes[0].starts_with("execution plan: 5 operators chained into 2 job vertices"));
        const JobGraph batch =
            read_job_json(data("execution_plan.json"), "execution_plan.json", JobMode::Batch);
        CHECK(batch.edges[0].exchange == PartitionType::Blocking);
    }

    TEST_CASE("YAML shape: a batch join in three regions") {
        const JobGraph job = read_job_yaml(data("job.yaml"), "job.yaml");
        CHECK(job.mode == JobMode::Batch);
        REQUIRE(job.vertices.size() == 5);
        CHECK(job.edges[2].exchange == PartitionType::PipelinedBounded);
        const auto config = test::config_of(
            {{"taskmanager.memory.process.size", "4g"}, {"taskmanager.numberOfTaskSlots", "8"}});
        const TaskManagerMemory memory = test::task_manager(config).memory;
        const SimulationSettings settings = read_settings(config, kDefaultFlinkVersion);
        PlanInput input{&job, &settings, memory.network.size.bytes(), memory.managed.size.bytes(), {}};
        const Plan p = plan(input);
        REQUIRE(p.network.regions.size() == 4);  // orders, customers, join+aggregate, sink
        CHECK(p.network.regions[2].vertices == std::vector<std::string>{"join", "aggregate"});
        CHECK(p.network.regions[2].wave == 1);
        CHECK(p.network.regions[3].wave == 2);
        // Wave 0 runs both sources (8 + 4 slots): two TaskManagers of 8 slots.
        CHECK(p.task_managers == 2);
        CHECK(p.slots_used == 12);
        // join and aggregate share their slot's OPERATOR memory by weight 256 : 64.
        REQUIRE(p.managed.consumers.size() == 2);
        CHECK(p.managed.consumers[0].fraction == 0.8);
        CHECK(p.managed.consumers[1].fraction == 0.2);
    }

    TEST_CASE("JSON inputs it rejects") {
        CHECK(json_error("{").starts_with("plan.json: not valid JSON: "));
        CHECK(json_error("4e88228\x12").starts_with("plan.json: not valid JSON: "));  // found by fuzz_job
        CHECK(json_error("[]") ==
              "plan.json: expected a Flink job plan: a JSON object with a \"nodes\" array");
        CHECK(json_error(R"({"nodes":[{"id":"a"}]})") == "plan.json: nodes[0]: \"parallelism\" is missing");
        CHECK(json_error(R"({"nodes":[{"id":"a","parallelism":0}]})") ==
              "plan.json: nodes[0]: \"parallelism\" must be an integer from 1 to 32768 (Flink's maximum "
              "parallelism), got 0");
        CHECK(json_error(R"({"nodes":[{"id":"a","parallelism":1},{"id":"a","parallelism":1}]})") ==
              "plan.json: nodes[1]: duplicate vertex id 'a'");
        CHECK(json_error(
                  R"({"nodes":[{"id":"a","parallelism":1,"inputs":[{"id":"b","ship_strategy":"HASH"}]}]})") ==
              "plan.json: nodes[0].inputs[0]: unknown input vertex id \"b\"");
        CHECK(
            json_error(
                R"({"nodes":[{"id":"a","parallelism":1},{"id":"b","parallelism":1,"inputs":[{"id":"a","ship_strategy":"TELEPORT"}]}]})") ==
            "plan.json: nodes[1].inputs[0]: unknown ship_strategy \"TELEPORT\"");
        CHECK(
            json_error(
                R"({"nodes":[{"id":"a","parallelism":1},{"id":"b","parallelism":1,"inputs":[{"id":"a","ship_strategy":"HASH","exchange":"carrier_pigeon"}]}]})") ==
            "plan.json: nodes[1].inputs[0]: unknown exchange \"carrier_pigeon\"");
        CHECK(
            json_error(
                R"({"nodes":[{"id":"a","parallelism":2},{"id":"b","parallelism":3,"inputs":[{"id":"a","ship_strategy":"FORWARD"}]}]})") ==
            "plan.json: forward edge 'a' -> 'b' changes parallelism (2 -> 3); Flink rejects this (\"Forward "
            "partitioning does not allow change of parallelism\"), use rebalance, rescale or hash");
        CHECK(
            json_error(
                R"({"nodes":[{"id":"a","parallelism":1,"inputs":[{"id":"b","ship_strategy":"HASH"}]},{"id":"b","parallelism":1,"inputs":[{"id":"a","ship_strategy":"HASH"}]}]})") ==
            "plan.json: the job graph has a cycle");
        CHECK(json_error(R"({"nodes":[]})") == "plan.json: the job has no vertices");
        CHECK(
            json_error(
                R"({"nodes":[{"id":1,"pact":"Operator","parallelism":1,"predecessors":[{"id":9,"ship_strategy":"HASH"}]}]})") ==
            "plan.json: nodes[0]: unknown predecessor id 9");
    }

    TEST_CASE("YAML inputs it rejects, with lines") {
        CHECK(yaml_error("vertices: [").starts_with("job.yaml:"));
        CHECK(yaml_error("- a") == "job.yaml: a job shape is a YAML mapping with \"vertices\" and \"edges\"");
        CHECK(yaml_error("vertices:\n  - id: a\n    parallelism: 1\n    colour: red\n") ==
              "job.yaml:4: unknown key 'colour' (expected one of: id, name, parallelism, slot_sharing_group, "
              "managed)");
        CHECK(yaml_error("vertices:\n  - id: a\n    parallelism: lots\n") ==
              "job.yaml:3: \"parallelism\" must be an integer from 1 to 32768, got 'lots'");
        CHECK(yaml_error("vertices:\n  - id: a\n    parallelism: 2\nedges:\n  - {from: a, to: b}\n") ==
              "job.yaml:5: unknown vertex 'b'");
        CHECK(yaml_error("vertices:\n  - id: a\n    parallelism: 2\n  - id: b\n    parallelism: 2\nedges:\n  "
                         "- {from: a, to: b, ship: teleport}\n") ==
              "job.yaml:7: \"ship\" must be one of hash, rebalance, broadcast, forward, rescale, got "
              "'teleport'");
        CHECK(yaml_error("mode: realtime\nvertices:\n  - {id: a, parallelism: 1}\n") ==
              "job.yaml:1: \"mode\" must be streaming or batch, got 'realtime'");
        CHECK(yaml_error("vertices:\n  - {id: a, parallelism: 1, managed: {operator: 0}}\n") ==
              "job.yaml:2: \"operator\" must be an integer from 1 to 2147483647, got '0'");
        CHECK(yaml_error("vertices: []\n") == "job.yaml:1: \"vertices\" must be a non-empty list");
    }

    TEST_CASE("the keyBy shortcut") {
        const JobGraph job = keyby_job(3, JobMode::Batch);
        CHECK(job.edges[0].exchange == PartitionType::Blocking);
        CHECK(job.vertices[1].keyed);
        CHECK_THROWS_AS(keyby_job(0, JobMode::Streaming), JobFormatError);
    }
}
