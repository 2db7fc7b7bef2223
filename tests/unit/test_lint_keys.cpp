#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_keys") {
    TEST_CASE("FM101: an unknown memory key with did-you-mean") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.task.heap: 1g\n");
        const auto found = findings_of(result, "FM101");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message ==
              "unknown key 'taskmanager.memory.task.heap' (= '1g') is ignored by Flink 1.20");
        CHECK(found[0].hint == "Did you mean 'taskmanager.memory.task.heap.size'?");
        CHECK(found[0].location.line == 2);
        CHECK(found[0].component == Component::TaskManager);
    }

    TEST_CASE("FM101: not for known keys, nor for keys outside the memory namespaces") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.managed.consumer-weights: OPERATOR:70,PYTHON:30\n"
            "taskmanager.rpc.port: 6122\n");
        CHECK(findings_of(result, "FM101").empty());
    }

    TEST_CASE("FM102: the legacy TaskManager heap on a standalone cluster, with its equivalent") {
        const auto result = validate_conf("taskmanager.heap.size: 1024m\n");
        const auto found = findings_of(result, "FM102");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message ==
              "'taskmanager.heap.size' is deprecated since Flink 1.10; Flink reads it as "
              "taskmanager.memory.flink.size = 1024m (Total Flink Memory, not the JVM heap it meant before "
              "1.10)");
        CHECK(found[0].hint ==
              "Replace it with 'taskmanager.memory.flink.size: 1024m', which gives the same result.");
    }

    TEST_CASE("FM102: on YARN the legacy heap is the process size, and .mb is MiB") {
        const auto result = validate_conf("execution.target: yarn-per-job\njobmanager.heap.mb: 2048\n");
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{
                  "2: 'jobmanager.heap.mb' is deprecated since Flink 1.10; Flink reads it as "
                  "jobmanager.memory.process.size = 2048m"});
        // And the resolver sees it the same way: a 2 GiB process, not a 2 GiB heap.
        CHECK(result.components[1].reason == "Total Process Memory 2.000gb (2147483648 bytes)");
    }

    TEST_CASE("FM102: a legacy heap next to its target is ignored") {
        const auto result = validate_conf("taskmanager.memory.flink.size: 2g\ntaskmanager.heap.size: 1g\n");
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{"2: 'taskmanager.heap.size' is deprecated and ignored here because "
                                       "taskmanager.memory.flink.size is set"});
    }

    TEST_CASE("FM102: removed in Flink 2.0") {
        Document document = read_flink_conf("taskmanager.heap.size: 1g\n", "conf/flink-conf.yaml");
        document.flink_version = FlinkVersion{2, 0};
        const auto result = validate_document(document, {});
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{"1: 'taskmanager.heap.size' was removed in Flink 2.0 and is ignored"});
    }

    TEST_CASE("FM102: deprecated network keys, and the bytes pitfall of a bare number") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.network.memory.max: 1gb\n"
            "taskmanager.memory.size: 512\n");
        const auto found = findings_of(result, "FM102");
        REQUIRE(found.size() == 2);
        CHECK(found[0].message ==
              "'taskmanager.network.memory.max' is deprecated; use 'taskmanager.memory.network.max'");
        CHECK(found[0].hint ==
              "Replace it with 'taskmanager.memory.network.max: 1gb', which gives the same result.");
        CHECK(found[1].message ==
              "'taskmanager.memory.size' is deprecated; use 'taskmanager.memory.managed.size'");
        CHECK(found[1].hint ==
              "Replace it with 'taskmanager.memory.managed.size: 512', which gives the same result. "
              "A number without a unit is bytes.");
    }

    TEST_CASE("FM102: numberOfBuffers with the range that gives the same network memory") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.network.numberOfBuffers: 4096\n");
        const auto found = findings_of(result, "FM102");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message ==
              "'taskmanager.network.numberOfBuffers' is deprecated; it fixes network memory to that many "
              "buffers");
        CHECK(found[0].hint ==
              "Replace it with 'taskmanager.memory.network.min: 128 mb' and "
              "'taskmanager.memory.network.max: 128 mb' (4096 buffers of 32 kb), which gives the "
              "same network memory.");
    }

    TEST_CASE("FM102: keys removed in 1.10") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.preallocate: false\n");
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{
                  "2: 'taskmanager.memory.preallocate' was removed in Flink 1.10 and is ignored"});
        CHECK(findings_of(result, "FM101").empty());
    }

    TEST_CASE("FM102: not for current keys") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.network.max: 1g\n");
        CHECK(findings_of(result, "FM102").empty());
    }
}

#include <algorithm>
#include <fstream>
#include <sstream>

TEST_SUITE("lint_keys_catalog") {
    TEST_CASE("FM101: typos in any namespace get the key they meant") {
        const auto result = validate_conf(
            "taskmanger.memory.process.size: 4g\n"
            "taskmanager.numberOfTaskslots: 4\n"
            "paralelism.default: 8\n"
            "state.backend.typ: rocksdb\n");
        const auto found = findings_of(result, "FM101");
        REQUIRE(found.size() == 4);
        CHECK(found[0].message ==
              "unknown key 'taskmanger.memory.process.size' (= '4g') is ignored by Flink 1.20");
        CHECK(found[0].hint == "Did you mean 'taskmanager.memory.process.size'?");
        CHECK(found[0].location.line == 1);
        CHECK(found[1].hint == "Did you mean 'taskmanager.numberOfTaskSlots'?");
        CHECK(found[2].message == "unknown key 'paralelism.default' (= '8') is ignored by Flink 1.20");
        CHECK(found[2].hint == "Did you mean 'parallelism.default'?");
        CHECK(found[2].component == Component::Configuration);
        CHECK(found[3].hint == "Did you mean 'state.backend.type'?");
    }

    TEST_CASE("FM101: a key only a later release has") {
        Document document = read_flink_conf("restart-strategy.type: fixed-delay\n", "conf/flink-conf.yaml");
        document.flink_version = FlinkVersion{1, 15};
        CHECK(messages_of(validate_document(document, {}), "FM101") ==
              std::vector<std::string>{
                  "1: 'restart-strategy.type' does not exist in Flink 1.15 (it came with 1.17) "
                  "and is ignored"});
    }

    TEST_CASE("FM101: custom keys far from Flink's stay quiet; near ones warn and can be suppressed") {
        CHECK(
            findings_of(validate_conf("orders.kafka.topic: orders\nmy.app.setting.1: x\n"), "FM101").empty());
        CHECK(findings_of(validate_conf("rest.portt: 1\n"), "FM101").size() == 1);
        CHECK(findings_of(validate_conf("rest.portt: 1  # flinkmem: ignore[FM101]\n"), "FM101").empty());
    }

    TEST_CASE("FM101: real keys of every namespace are known under 1.20") {
        const auto result = validate_conf(
            "pipeline.name: x\nrestart-strategy.type: fixed-delay\nhigh-availability.type: zookeeper\n"
            "high-availability.storageDir: s3://b/ha\nstate.checkpoints.dir: s3://b/cp\nrest.port: 8081\n"
            "metrics.reporter.prom.factory.class: "
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory\n"
            "metrics.reporter.prom.port: 9249\ns3.endpoint: http://minio\ncontainerized.master.env.TZ: "
            "UTC\n");
        CHECK(findings_of(result, "FM101").empty());
    }

    TEST_CASE("FM102: a key the release removed, with the release and its successor") {
        Document document =
            read_flink_conf("taskmanager.network.memory.buffers-per-channel: 4\n", "conf/flink-conf.yaml");
        document.flink_version = FlinkVersion{2, 0};
        CHECK(messages_of(validate_document(document, {}), "FM102") ==
              std::vector<std::string>{
                  "1: 'taskmanager.network.memory.buffers-per-channel' was removed in Flink 2.0 "
                  "(last read by 1.20) and is ignored"});
        CHECK(findings_of(validate_document(document, {}), "FM101").empty());
    }

    TEST_CASE("FM102: a deprecated key outside the memory namespaces") {
        const auto found = findings_of(validate_conf("state.backend: rocksdb\n"), "FM102");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message == "'state.backend' is deprecated; use 'state.backend.type'");
        CHECK(found[0].hint == "Replace it with 'state.backend.type: rocksdb', which gives the same result.");
        CHECK(found[0].component == Component::Configuration);
    }

    TEST_CASE("the typo fixture: a warning at each misspelt line, nothing on the real and custom keys") {
        std::ifstream in(std::string(FLINKMEM_TEST_DATA_DIR) + "/validate/typos/flink-conf.yaml");
        std::stringstream text;
        text << in.rdbuf();
        const auto result = validate_conf(text.str());
        const auto found = findings_of(result, "FM101");
        std::vector<int> lines;
        for (const auto& finding : found) lines.push_back(finding.location.line);
        std::sort(lines.begin(), lines.end());
        CHECK(lines == std::vector<int>{2, 3, 4, 5, 6, 7});
        for (const auto& finding : found) CHECK(finding.hint.starts_with("Did you mean '"));
        // 1.20 reads state.checkpoints.dir as the deprecated key of execution.checkpointing.dir.
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{
                  "15: 'state.checkpoints.dir' is deprecated; use 'execution.checkpointing.dir'"});
    }
}
