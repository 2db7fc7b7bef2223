#include <doctest/doctest.h>

#include <string>

#include "flinkmem/model/jobmanager.hpp"
#include "support.hpp"

using namespace flinkmem;
using flinkmem::test::config_of;

namespace {

std::string outcome(const Configuration& config) {
    return test::describe_outcome(test::job_manager_outcome(config, default_release()));
}

const std::string kFailed = "IllegalConfigurationException: JobManager memory configuration failed: ";

}  // namespace

TEST_SUITE("jobmanager") {
    TEST_CASE("the distribution default 1600m") {
        const auto m_result = test::job_manager(config_of({{"jobmanager.memory.process.size", "1600m"}}));
        const auto& m = m_result.memory;
        CHECK(m.total_flink.size.bytes() == 1207959552);
        CHECK(m.jvm_heap.size.bytes() == 1073741824);
        CHECK(m.off_heap.size.bytes() == 134217728);
        CHECK(m_result.jvm_parameters == "-Xmx1073741824 -Xms1073741824 -XX:MaxMetaspaceSize=268435456");
        CHECK(
            m_result.dynamic_configs ==
            "-D jobmanager.memory.off-heap.size=134217728b -D jobmanager.memory.jvm-overhead.min=201326592b "
            "-D jobmanager.memory.jvm-metaspace.size=268435456b -D jobmanager.memory.heap.size=1073741824b "
            "-D jobmanager.memory.jvm-overhead.max=201326592b");
    }

    TEST_CASE("the direct memory limit adds -XX:MaxDirectMemorySize") {
        const auto m_result =
            test::job_manager(config_of({{"jobmanager.memory.process.size", "1600m"},
                                         {"jobmanager.memory.enable-jvm-direct-memory-limit", "true"}}));
        CHECK(
            m_result.jvm_parameters ==
            "-Xmx1073741824 -Xms1073741824 -XX:MaxDirectMemorySize=134217728 -XX:MaxMetaspaceSize=268435456");
        CHECK(outcome(config_of({{"jobmanager.memory.process.size", "1600m"},
                                 {"jobmanager.memory.enable-jvm-direct-memory-limit", "1"}})) ==
              "IllegalArgumentException: Could not parse value '1' for key "
              "'jobmanager.memory.enable-jvm-direct-memory-limit'.");
    }

    TEST_CASE("heap, off-heap and Total Flink Memory must agree") {
        CHECK(outcome(config_of({{"jobmanager.memory.heap.size", "1398m"},
                                 {"jobmanager.memory.off-heap.size", "1933307249"},
                                 {"jobmanager.memory.flink.size", "3399216498"}})) ==
              kFailed +
                  "Sum of the configured JVM Heap Memory (1.365gb (1465909248 bytes)) and the configured "
                  "Off-heap Memory (1.801gb (1933307249 bytes)) does not match the configured Total Flink "
                  "Memory (3.166gb (3399216498 bytes)). Please, make the configuration consistent or "
                  "configure only one option: either JVM Heap or Total Flink Memory.");
        CHECK(outcome(config_of(
                  {{"jobmanager.memory.heap.size", "300t"}, {"jobmanager.memory.flink.size", "1088"}})) ==
              kFailed +
                  "The configured JVM Heap Memory (300.000tb (329853488332800 bytes)) exceeds the "
                  "configured Total Flink Memory (1.063kb (1088 bytes)). Please, make the configuration "
                  "consistent or configure only one option: either JVM Heap or Total Flink Memory.");
        const auto derived_result = test::job_manager(
            config_of({{"jobmanager.memory.heap.size", "1g"}, {"jobmanager.memory.flink.size", "1280m"}}));
        const auto& derived = derived_result.memory;
        CHECK(derived.off_heap.size.bytes() == 256LL << 20);
    }

    TEST_CASE("Total Flink Memory must exceed off-heap") {
        CHECK(outcome(config_of({{"jobmanager.memory.flink.size", "  1024kb"}})) ==
              kFailed +
                  "The configured Total Flink Memory (1024.000kb (1048576 bytes)) is less than the "
                  "configured Off-heap Memory (128.000mb (134217728 bytes)).");
        // Equal sizes fail as well (compareTo < 1).
        CHECK(outcome(config_of({{"jobmanager.memory.flink.size", "128m"}}))
                  .starts_with(kFailed + "The configured Total Flink Memory"));
    }

    TEST_CASE("legacy heap options map to the JVM heap inside the JobManager wrapper") {
        CHECK(outcome(
                  config_of({{"jobmanager.heap.mb", "-100"}, {"jobmanager.memory.off-heap.size", "256m"}})) ==
              kFailed + "Configured total process memory size (-100MB) must not be less than 0.");
        CHECK(test::job_manager(config_of({{"jobmanager.heap.size", "1g"}})).memory.jvm_heap.size.bytes() ==
              1LL << 30);
        CHECK(
            outcome(config_of({{"jobmanager.heap.size", "64t"}, {"jobmanager.memory.process.size", "4g"}})) ==
            kFailed +
                "The configured Total Process Memory size (4.000gb (4294967296 bytes)) is less than the "
                "sum of the derived Total Flink Memory size (64.000tb (70368878395392 bytes)) and the "
                "configured or default JVM Metaspace size  (256.000mb (268435456 bytes)).");
    }

    TEST_CASE("overflow is an ArithmeticException, as in Java") {
        CHECK(outcome(config_of({{"jobmanager.memory.heap.size", "9223372036854775807bytes"}})) ==
              "ArithmeticException: long overflow");
    }
}
