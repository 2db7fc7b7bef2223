#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_flink") {
    TEST_CASE("FM100: Flink's error with its exact text, at the key that sized the process") {
        const auto result = validate_conf(
            "# a JobManager too small for its off-heap memory\n"
            "jobmanager.memory.process.size: 500m\n");
        const auto found = findings_of(result, "FM100");
        REQUIRE(found.size() == 1);
        CHECK(found[0].severity == Severity::Error);
        CHECK(found[0].component == Component::JobManager);
        CHECK(found[0].location == Source::in_file("conf/flink-conf.yaml", 2));
        CHECK(found[0].java_class == "IllegalConfigurationException");
        CHECK(found[0].message ==
              "JobManager memory configuration failed: The configured Total Flink Memory (52.000mb (54525952 "
              "bytes)) is less than the configured Off-heap Memory (128.000mb (134217728 bytes)).");
        CHECK(found[0].hint ==
              "Nothing is left for the JVM heap. The JobManager needs more memory than 128.000mb (134217728 "
              "bytes) "
              "(off-heap) plus JVM Metaspace and Overhead; about 1g of jobmanager.memory.process.size is a "
              "practical minimum.");
        CHECK(result.components[1].state == ComponentVerdict::State::Rejected);
    }

    TEST_CASE("FM100: an unparsable value is located at its own line") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.managed.fraction: abc\n");
        const auto found = findings_of(result, "FM100");
        REQUIRE(found.size() == 1);
        CHECK(found[0].location.line == 2);
        CHECK(found[0].message ==
              "Could not parse value 'abc' for key 'taskmanager.memory.managed.fraction'.");
        CHECK(found[0].java_class == "IllegalArgumentException");
    }

    TEST_CASE("FM100: not for a configuration Flink accepts") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "jobmanager.memory.process.size: 1600m\n");
        CHECK(findings_of(result, "FM100").empty());
        CHECK(result.components[0].state == ComponentVerdict::State::Resolved);
        CHECK(result.components[1].state == ComponentVerdict::State::Resolved);
    }

    TEST_CASE("FM109: network memory as the rest of Total Flink Memory, against its fraction") {
        const auto result = validate_conf(
            "taskmanager.memory.flink.size: 1g\n"
            "taskmanager.memory.task.heap.size: 256m\n"
            "taskmanager.memory.managed.size: 256m\n"
            "taskmanager.memory.network.fraction: 0.1\n");
        CHECK(messages_of(result, "FM109") ==
              std::vector<std::string>{"4: The derived Network Memory size (256.000mb (268435456 bytes)) "
                                       "does not match the configured "
                                       "Network Memory fraction (0.1) from the configured Total Flink Memory "
                                       "size (1024.000mb (1073741824 "
                                       "bytes)). The derived Network Memory size will be used."});
        CHECK(findings_of(result, "FM109")[0].severity == Severity::Note);
        const auto matching = validate_conf(
            "taskmanager.memory.flink.size: 1g\n"
            "taskmanager.memory.task.heap.size: 256m\n"
            "taskmanager.memory.managed.size: 256m\n"
            "taskmanager.memory.network.fraction: 0.25\n");
        CHECK(findings_of(matching, "FM109").empty());
    }

    TEST_CASE("FM109: JVM Overhead as the rest of the process, against its fraction") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 2g\n"
            "taskmanager.memory.flink.size: 1536m\n"
            "taskmanager.memory.jvm-overhead.fraction: 0.1\n");
        CHECK(
            messages_of(result, "FM109") ==
            std::vector<std::string>{
                "3: The derived JVM Overhead size (256.000mb (268435456 bytes)) does not match the "
                "configured JVM "
                "Overhead fraction (0.1) from the configured Total Process Memory size (2.000gb (2147483648 "
                "bytes)). The derived JVM Overhead size will be used."});
        const auto matching = validate_conf(
            "taskmanager.memory.process.size: 2g\n"
            "taskmanager.memory.flink.size: 1536m\n"
            "taskmanager.memory.jvm-overhead.fraction: 0.125\n");
        CHECK(findings_of(matching, "FM109").empty());
    }

    TEST_CASE("FM110: a JobManager heap below 128 mb") {
        const auto result = validate_conf("jobmanager.memory.heap.size: 100m\n");
        CHECK(messages_of(result, "FM110") ==
              std::vector<std::string>{
                  "1: The configured or derived JVM heap memory size (100.000mb (104857600 "
                  "bytes)) is less than its recommended minimum value (128.000mb (134217728 "
                  "bytes))"});
        CHECK(findings_of(validate_conf("jobmanager.memory.heap.size: 128m\n"), "FM110").empty());
    }

    TEST_CASE("FM110: located at a legacy heap key too") {
        const auto result = validate_conf("jobmanager.heap.size: 64m\n");
        REQUIRE(findings_of(result, "FM110").size() == 1);
        CHECK(findings_of(result, "FM110")[0].location.line == 1);
    }
}

TEST_SUITE("lint_flink") {
    TEST_CASE("FM100: a memory segment size that is not a power of two, even in a file that sizes nothing") {
        const auto result = validate_conf("taskmanager.memory.segment-size: 16768\n");
        CHECK(messages_of(result, "FM100") ==
              std::vector<std::string>{
                  "1: Invalid configuration value for taskmanager.memory.segment-size : 16768 - "
                  "Memory segment size must be a power of 2."});
        CHECK(messages_of(validate_conf("taskmanager.memory.segment-size: 2kb\n"), "FM100") ==
              std::vector<std::string>{
                  "1: Invalid configuration value for taskmanager.memory.segment-size : 2048 - "
                  "Minimum memory segment size is 4096"});
        CHECK(findings_of(validate_conf("taskmanager.memory.segment-size: 64kb\n"), "FM100").empty());
    }
}
