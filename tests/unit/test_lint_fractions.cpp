#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_fractions") {
    TEST_CASE("FM107: managed size and fraction both set") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.managed.size: 512m\n"
            "taskmanager.memory.managed.fraction: 0.2\n");
        CHECK(messages_of(result, "FM107") ==
              std::vector<std::string>{"3: 'taskmanager.memory.managed.fraction' is ignored because "
                                       "'taskmanager.memory.managed.size' is set to 512m"});
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: 1728m\n"
                                        "taskmanager.memory.managed.size: 512m\n"),
                          "FM107")
                  .empty());
    }

    TEST_CASE("FM107: a range with equal ends fixes the size") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.network.min: 256m\n"
            "taskmanager.memory.network.max: 256m\n"
            "taskmanager.memory.network.fraction: 0.2\n");
        CHECK(messages_of(result, "FM107") ==
              std::vector<std::string>{
                  "4: 'taskmanager.memory.network.fraction' is ignored: "
                  "'taskmanager.memory.network.min' and 'taskmanager.memory.network.max' are "
                  "both 256m, which fixes the size"});
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: 1728m\n"
                                        "taskmanager.memory.network.min: 64m\n"
                                        "taskmanager.memory.network.max: 1g\n"
                                        "taskmanager.memory.network.fraction: 0.2\n"),
                          "FM107")
                  .empty());
    }

    TEST_CASE("FM108: the overhead fraction when process and Flink memory are both set") {
        const auto result = validate_conf(
            "jobmanager.memory.process.size: 2g\n"
            "jobmanager.memory.flink.size: 1536m\n"
            "jobmanager.memory.jvm-overhead.fraction: 0.125\n");
        CHECK(messages_of(result, "FM108") ==
              std::vector<std::string>{
                  "3: 'jobmanager.memory.jvm-overhead.fraction' has no effect: with "
                  "jobmanager.memory.process.size and the Flink memory both set, JVM Overhead "
                  "is the rest of the process"});
        CHECK(findings_of(result, "FM108")[0].component == Component::JobManager);
        CHECK(findings_of(validate_conf("jobmanager.memory.process.size: 2g\n"
                                        "jobmanager.memory.jvm-overhead.fraction: 0.125\n"),
                          "FM108")
                  .empty());
    }

    TEST_CASE("FM108: the network fraction when every other TaskManager component is explicit") {
        const auto result = validate_conf(
            "taskmanager.memory.flink.size: 1g\n"
            "taskmanager.memory.task.heap.size: 256m\n"
            "taskmanager.memory.managed.size: 256m\n"
            "taskmanager.memory.network.fraction: 0.25\n");
        REQUIRE(findings_of(result, "FM108").size() == 1);
        CHECK(findings_of(result, "FM108")[0].location.line == 4);
        CHECK(findings_of(validate_conf("taskmanager.memory.flink.size: 1g\n"
                                        "taskmanager.memory.network.fraction: 0.25\n"),
                          "FM108")
                  .empty());
    }
}
