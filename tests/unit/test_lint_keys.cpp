#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_keys") {
    TEST_CASE("FM101: an unknown memory key with did-you-mean") {
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
                                          "taskmanager.memory.task.heap: 1g\n");
        const auto found = findings_of(result, "FM101");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message == "unknown key 'taskmanager.memory.task.heap' (= '1g') is ignored by Flink 1.20");
        CHECK(found[0].hint == "Did you mean 'taskmanager.memory.task.heap.size'?");
        CHECK(found[0].location.line == 2);
        CHECK(found[0].component == Component::TaskManager);
    }

    TEST_CASE("FM101: not for known keys, nor for keys outside the memory namespaces") {
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
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
              "taskmanager.memory.flink.size = 1024m (Total Flink Memory, not the JVM heap it meant before 1.10)");
        CHECK(found[0].hint == "Replace it with 'taskmanager.memory.flink.size: 1024m', which gives the same result.");
    }

    TEST_CASE("FM102: on YARN the legacy heap is the process size, and .mb is MiB") {
        const auto result = validate_conf("execution.target: yarn-per-job\njobmanager.heap.mb: 2048\n");
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{"2: 'jobmanager.heap.mb' is deprecated since Flink 1.10; Flink reads it as "
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
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
                                          "taskmanager.network.memory.max: 1gb\n"
                                          "taskmanager.memory.size: 512\n");
        const auto found = findings_of(result, "FM102");
        REQUIRE(found.size() == 2);
        CHECK(found[0].message == "'taskmanager.network.memory.max' is deprecated; use 'taskmanager.memory.network.max'");
        CHECK(found[0].hint == "Replace it with 'taskmanager.memory.network.max: 1gb', which gives the same result.");
        CHECK(found[1].message == "'taskmanager.memory.size' is deprecated; use 'taskmanager.memory.managed.size'");
        CHECK(found[1].hint == "Replace it with 'taskmanager.memory.managed.size: 512', which gives the same result. "
                               "A number without a unit is bytes.");
    }

    TEST_CASE("FM102: numberOfBuffers with the range that gives the same network memory") {
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
                                          "taskmanager.network.numberOfBuffers: 4096\n");
        const auto found = findings_of(result, "FM102");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message ==
              "'taskmanager.network.numberOfBuffers' is deprecated; it fixes network memory to that many buffers");
        CHECK(found[0].hint == "Replace it with 'taskmanager.memory.network.min: 128 mb' and "
                               "'taskmanager.memory.network.max: 128 mb' (4096 buffers of 32 kb), which gives the "
                               "same network memory.");
    }

    TEST_CASE("FM102: keys removed in 1.10") {
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
                                          "taskmanager.memory.preallocate: false\n");
        CHECK(messages_of(result, "FM102") ==
              std::vector<std::string>{"2: 'taskmanager.memory.preallocate' was removed in Flink 1.10 and is ignored"});
        CHECK(findings_of(result, "FM101").empty());
    }

    TEST_CASE("FM102: not for current keys") {
        const auto result = validate_conf("taskmanager.memory.process.size: 1728m\n"
                                          "taskmanager.memory.network.max: 1g\n");
        CHECK(findings_of(result, "FM102").empty());
    }
}
