// Each error path of the TaskManager derivation, with Flink's exact messages (taken from the
// golden vectors Flink produced), and the invariants every breakdown must satisfy.
#include <doctest/doctest.h>

#include <string>

#include "flinkmem/model/taskmanager.hpp"
#include "support.hpp"

using namespace flinkmem;
using flinkmem::test::config_of;

namespace {

std::string outcome(const Configuration& config) {
    return test::describe_outcome(test::task_manager_outcome(config, default_release()));
}

Error error_of(const Configuration& config) {
    return test::error_of(test::task_manager_outcome(config, default_release()));
}

const std::string kFailed = "IllegalConfigurationException: TaskManager memory configuration failed: ";

}  // namespace

TEST_SUITE("taskmanager") {
    TEST_CASE("the distribution default 1728m gives Flink's bytes") {
        const auto m_result = test::task_manager(config_of({{"taskmanager.memory.process.size", "1728m"}}));
        const auto& m = m_result.memory;
        CHECK(m.total_process.size.bytes() == 1811939328);
        CHECK(m.total_flink.size.bytes() == 1342177280);
        CHECK(m.framework_heap.size.bytes() == 134217728);
        CHECK(m.task_heap.size.bytes() == 402653174);
        CHECK(m.managed.size.bytes() == 536870920);
        CHECK(m.network.size.bytes() == 134217730);
        CHECK(m.jvm_metaspace.size.bytes() == 268435456);
        CHECK(m.jvm_overhead.size.bytes() == 201326592);
        CHECK(m.cpu_cores == 1.0);
        CHECK(m_result.jvm_parameters ==
              "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456");
        CHECK(describe(m.managed.how) == "0.4 x Total Flink Memory (taskmanager.memory.managed.fraction)");
        CHECK(describe(m.jvm_overhead.how).find("raised to the minimum 192.000mb") != std::string::npos);
        // The derivation is data: a lint rule or a diff asks it directly.
        CHECK(m.jvm_overhead.how.rule == Derivation::Rule::Fraction);
        CHECK(m.jvm_overhead.how.clamp == Derivation::Clamp::RaisedToMin);
        CHECK(m.jvm_overhead.how.bound.bytes() == 192LL << 20);
        CHECK(m.jvm_overhead.how.unclamped.bytes() == 181193935);
        CHECK(m.total_process.how.is_configured());
        CHECK(m.total_process.how.source == Source::dynamic_property());
        CHECK(m.framework_heap.how.rule == Derivation::Rule::Default);
    }

    TEST_CASE("components always add up, whatever entry point is used") {
        for (long long mib = 1024; mib <= 65536; mib = mib * 3 / 2 + 7) {
            const std::string size = std::to_string(mib) + "m";
            for (const std::string key :
                 {"taskmanager.memory.process.size", "taskmanager.memory.flink.size"}) {
                CAPTURE(size);
                CAPTURE(key);
                const auto m_result = test::task_manager(config_of({{key.c_str(), size.c_str()}}));
                const auto& m = m_result.memory;
                const MemorySize sum = m.framework_heap.size.add(m.task_heap.size)
                                           .add(m.framework_off_heap.size)
                                           .add(m.task_off_heap.size)
                                           .add(m.network.size)
                                           .add(m.managed.size);
                CHECK(sum == m.total_flink.size);
                CHECK(m.total_flink.size.add(m.jvm_metaspace.size).add(m.jvm_overhead.size) ==
                      m.total_process.size);
                CHECK(m.jvm_overhead.size.bytes() >= 192LL << 20);
                CHECK(m.jvm_overhead.size.bytes() <= 1LL << 30);
                CHECK(m.network.size.bytes() >= 64LL << 20);
                CHECK(
                    m_result.jvm_parameters.starts_with("-Xmx" + std::to_string(m.jvm_heap().bytes()) + " "));
            }
        }
    }

    TEST_CASE("fine-grained task heap and managed memory derive network by inverse fraction") {
        const auto m_result = test::task_manager(config_of(
            {{"taskmanager.memory.task.heap.size", "512m"}, {"taskmanager.memory.managed.size", "512m"}}));
        const auto& m = m_result.memory;
        CHECK(describe(m.total_flink.how) == "sum of its components");
        CHECK(describe(m.network.how).find("/ (1 - 0.1)") != std::string::npos);
        CHECK(m.total_flink.size == m.framework_heap.size.add(m.task_heap.size)
                                        .add(m.framework_off_heap.size)
                                        .add(m.task_off_heap.size)
                                        .add(m.network.size)
                                        .add(m.managed.size));
    }

    TEST_CASE("sum with task heap exceeding Total Flink Memory") {
        CHECK(outcome(config_of(
                  {{"taskmanager.heap.size", "512m"}, {"taskmanager.memory.task.heap.size", "256m"}})) ==
              kFailed +
                  "Sum of configured Framework Heap Memory (128.000mb (134217728 bytes)), Framework "
                  "Off-Heap Memory (128.000mb (134217728 bytes)), Task Heap Memory (256.000mb (268435456 "
                  "bytes)), Task Off-Heap Memory (0 bytes) and Managed Memory (204.800mb (214748368 "
                  "bytes)) exceed configured Total Flink Memory (512.000mb (536870912 bytes)).");
    }

    TEST_CASE("sum with network exceeding Total Flink Memory, with a hint") {
        const Error e = error_of(config_of({{"taskmanager.memory.flink.size", "300mb"}}));
        CHECK(e.message() ==
              "TaskManager memory configuration failed: Sum of configured Framework Heap Memory "
              "(128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), "
              "Task Off-Heap Memory (0 bytes), Managed Memory (120.000mb (125829121 bytes)) and Network "
              "Memory (64.000mb (67108864 bytes)) exceed configured Total Flink Memory (300.000mb "
              "(314572800 bytes)).");
        REQUIRE(e.causes().size() == 1);
        CHECK(e.causes()[0].message ==
              e.message().substr(std::string("TaskManager memory configuration failed: ").size()));
        CHECK(e.hint().find("more than Total Flink Memory") != std::string::npos);
    }

    TEST_CASE("network remainder outside its range is wrapped with Flink's explanation") {
        const Error e = error_of(config_of({{"taskmanager.memory.task.heap.size", "512m"},
                                            {"taskmanager.memory.flink.size", "2g"},
                                            {"taskmanager.network.memory.min", "abc"}}));
        CHECK(e.message() ==
              "TaskManager memory configuration failed: If Total Flink, Task Heap and (or) Managed "
              "Memory sizes are explicitly configured then the Network Memory size is the rest of the "
              "Total Flink memory after subtracting all other configured types of memory, but the "
              "derived Network Memory is inconsistent with its configuration.");
        REQUIRE(e.causes().size() == 4);
        CHECK(e.causes()[1].message ==
              "Cannot read memory size from config option 'taskmanager.memory.network.min'.");
        CHECK(e.causes()[3].message == "text does not start with a number");
        REQUIRE(e.context().has_value());
        CHECK(e.context()->key == "taskmanager.network.memory.min");

        const Error range = error_of(config_of({{"taskmanager.memory.task.heap.size", "512m"},
                                                {"taskmanager.memory.managed.size", "512m"},
                                                {"taskmanager.memory.flink.size", "4g"},
                                                {"taskmanager.memory.network.max", "256m"}}));
        REQUIRE(range.causes().size() == 2);
        CHECK(
            range.causes()[1].message.starts_with("Derived Network Memory size (2.750gb (2952790016 bytes)) "
                                                  "is not in configured Network Memory range"));
    }

    TEST_CASE("legacy number of buffers must match a network remainder") {
        const Error e = error_of(config_of({{"taskmanager.memory.task.heap.size", "512m"},
                                            {"taskmanager.memory.managed.size", "512m"},
                                            {"taskmanager.memory.flink.size", "2g"},
                                            {"taskmanager.network.numberOfBuffers", "2048"}}));
        REQUIRE(e.causes().size() == 2);
        CHECK(e.causes()[1].message ==
              "Derived Network Memory size (768.000mb (805306368 bytes)) does not match configured "
              "Network Memory size (64.000mb (67108864 bytes)).");
    }

    TEST_CASE("metaspace and overhead larger than the process") {
        CHECK(outcome(config_of({{"taskmanager.memory.process.size", "1"}})) ==
              kFailed +
                  "Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead "
                  "(192.000mb (201326592 bytes)) exceed configured Total Process Memory (1 bytes).");
    }

    TEST_CASE("process smaller than Total Flink Memory plus metaspace, and overhead out of range") {
        CHECK(outcome(config_of(
                  {{"taskmanager.memory.flink.size", "2g"}, {"taskmanager.memory.process.size", "2g"}})) ==
              kFailed +
                  "The configured Total Process Memory size (2.000gb (2147483648 bytes)) is less than "
                  "the sum of the derived Total Flink Memory size (2.000gb (2147483648 bytes)) and the "
                  "configured or default JVM Metaspace size  (256.000mb (268435456 bytes)).");
        CHECK(outcome(config_of(
                  {{"taskmanager.memory.flink.size", "1g"}, {"taskmanager.memory.process.size", "4g"}})) ==
              kFailed +
                  "Derived JVM Overhead size (2.750gb (2952790016 bytes)) is not in configured JVM "
                  "Overhead range [192.000mb (201326592 bytes), 1024.000mb (1073741824 bytes)].");
    }

    TEST_CASE("fractions outside 0 to 1 and inverted ranges") {
        CHECK(outcome(config_of({{"taskmanager.memory.flink.size", "1280m"},
                                 {"taskmanager.memory.jvm-overhead.fraction", "1"}})) ==
              kFailed +
                  "Inconsistently configured Key: 'taskmanager.memory.jvm-overhead.fraction' , default: "
                  "0.1 (fallback keys: []) (1.0) and its min (192.000mb (201326592 bytes)), max "
                  "(1024.000mb (1073741824 bytes)) value");
        CHECK(outcome(config_of({{"taskmanager.memory.flink.size", "1gB"},
                                 {"taskmanager.memory.network.fraction", "2"}})) ==
              kFailed +
                  "Inconsistently configured Key: 'taskmanager.memory.network.fraction' , default: 0.1 "
                  "(fallback keys: [{key=taskmanager.network.memory.fraction, isDeprecated=true}]) (2.0) "
                  "and its min (64.000mb (67108864 bytes)), max (8388608.000tb (9223372036854775807 "
                  "bytes)) value");
        const Error inverted = error_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                                   {"taskmanager.memory.jvm-overhead.min", "1g"},
                                                   {"taskmanager.memory.jvm-overhead.max", "192m"}}));
        REQUIRE(inverted.causes().size() == 2);
        CHECK(inverted.causes()[1].message == "min value must be less or equal to max value");
    }

    TEST_CASE("nothing configured") {
        CHECK(outcome(Configuration()) ==
              kFailed +
                  "Either required fine-grained memory (taskmanager.memory.task.heap.size and "
                  "taskmanager.memory.managed.size), or Total Flink Memory size (Key: "
                  "'taskmanager.memory.flink.size' , default: null (fallback keys: [])), or Total Process "
                  "Memory size (Key: 'taskmanager.memory.process.size' , default: null (fallback keys: "
                  "[])) need to be configured explicitly.");
    }

    TEST_CASE("CPU cores: positive, from slots by default, truncated to 8 decimals") {
        CHECK(outcome(config_of(
                  {{"taskmanager.memory.process.size", "2g"}, {"taskmanager.numberOfTaskSlots", "0"}})) ==
              kFailed +
                  "TaskExecutors need to be started with a positive number of CPU cores. Please "
                  "configure taskmanager.cpu.cores accordingly.");
        CHECK(test::task_manager(config_of({{"taskmanager.memory.process.size", "2g"},
                                            {"taskmanager.numberOfTaskSlots", "16"}}))
                  .memory.cpu_cores == 16.0);
        const auto m_result = test::task_manager(
            config_of({{"taskmanager.memory.process.size", "2g"}, {"taskmanager.cpu.cores", "0.123456789"}}));
        CHECK(m_result.dynamic_configs.find("-D taskmanager.cpu.cores=0.12345678 ") != std::string::npos);
        CHECK(outcome(
                  config_of({{"taskmanager.memory.process.size", "2g"}, {"taskmanager.cpu.cores", "NaN"}})) ==
              "NumberFormatException: Character N is neither a decimal digit number, decimal point, nor "
              "\"e\" notation exponential mark.");
    }

    TEST_CASE("CPU cores NaN or Infinity: BigDecimal.valueOf rejects them in every release") {
        // 1.10-1.13 keep the cores at full precision and 1.14+ cut them to 8 decimals, but both
        // build the CPUResource through BigDecimal.valueOf, which throws (not wrapped: the
        // wrappers catch IllegalConfigurationException only).
        const std::string nan =
            "NumberFormatException: Character N is neither a decimal digit number, decimal "
            "point, nor \"e\" notation exponential mark.";
        const std::string infinity =
            "NumberFormatException: Character I is neither a decimal digit number, "
            "decimal point, nor \"e\" notation exponential mark.";
        for (const Release& release : releases()) {
            CAPTURE(release.version().to_string());
            const auto with = [&release](const char* cores) {
                return test::describe_outcome(test::task_manager_outcome(
                    config_of({{"taskmanager.memory.process.size", "2g"}, {"taskmanager.cpu.cores", cores}}),
                    release));
            };
            CHECK(with("NaN") == nan);
            CHECK(with("Infinity") == infinity);
            CHECK(with("-Infinity").find("positive number of CPU cores") != std::string::npos);
            const double kept = test::task_manager(config_of({{"taskmanager.memory.process.size", "2g"},
                                                              {"taskmanager.cpu.cores", "0.123456789"}}),
                                                   release)
                                    .memory.cpu_cores;
            CHECK(kept ==
                  (release.traits().cpu_cores == CpuCoresText::FullPrecision ? 0.123456789 : 0.12345678));
        }
        CHECK(find_release({1, 13})->traits().cpu_cores == CpuCoresText::FullPrecision);
        CHECK(find_release({1, 14})->traits().cpu_cores == CpuCoresText::EightDecimals);
    }

    TEST_CASE("segment size must be a power of two of at least 4096 that fits an int") {
        CHECK(outcome(config_of({{"taskmanager.memory.flink.size", "2g"},
                                 {"taskmanager.network.numberOfBuffers", "2048"},
                                 {"taskmanager.memory.segment-size", "1kb"}})) ==
              kFailed +
                  "Invalid configuration value for taskmanager.memory.segment-size : 1024 - Minimum memory "
                  "segment size is 4096");
        CHECK(outcome(config_of({{"taskmanager.memory.process.size", "2g"},
                                 {"taskmanager.network.numberOfBuffers", "2048"},
                                 {"taskmanager.memory.segment-size", "48kb"}})) ==
              kFailed +
                  "Invalid configuration value for taskmanager.memory.segment-size : 49152 - Memory segment "
                  "size must be a power of 2.");
        CHECK(outcome(config_of({{"taskmanager.memory.flink.size", "2g"},
                                 {"taskmanager.network.numberOfBuffers", "2048"},
                                 {"taskmanager.memory.segment-size", "8g"}})) ==
              "IllegalArgumentException: Cannot downcast long value 8589934592 to integer.");
    }

    TEST_CASE("legacy heap options map to Total Flink Memory, or fail with their own prefix") {
        const auto m_result = test::task_manager(config_of({{"taskmanager.heap.mb", "1280"}}));
        const auto& m = m_result.memory;
        CHECK(m.total_flink.size.bytes() == 1280LL << 20);
        CHECK(m.total_flink.how.rule == Derivation::Rule::LegacyHeap);
        CHECK(describe(m.total_flink.how) ==
              "taskmanager.heap.mb = 1280 (-D), the legacy heap size the start scripts map to "
              "taskmanager.memory.flink.size");
        CHECK(outcome(config_of({{"taskmanager.heap.size", "abc"}})) ==
              "IllegalConfigurationException: TaskManager failed to map legacy JVM heap option to the "
              "new one: Cannot read memory size from config option 'taskmanager.heap.size'.");
        CHECK(outcome(config_of({{"taskmanager.heap.mb", "-5"}})) ==
              "IllegalConfigurationException: TaskManager failed to map legacy JVM heap option to the "
              "new one: Configured total process memory size (-5MB) must not be less than 0.");
        CHECK(outcome(config_of({{"taskmanager.heap.mb", " 1024"}})) ==
              "IllegalArgumentException: Could not parse value ' 1024' for key 'taskmanager.heap.mb'.");
    }

    TEST_CASE("Java arithmetic failures pass through unwrapped") {
        CHECK(outcome(config_of({{"taskmanager.memory.process.size", "2g"},
                                 {"taskmanager.network.numberOfBuffers", "-1"}})) ==
              "IllegalArgumentException: bytes must be >= 0");
        CHECK(outcome(config_of({{"taskmanager.memory.task.heap.size", "8388607t"},
                                 {"taskmanager.memory.managed.size", "1t"}})) ==
              "ArithmeticException: long overflow");
    }

    TEST_CASE("external resources: positive amounts only, in Flink's order, list quoted") {
        const auto none_result = test::task_manager(config_of({{"taskmanager.memory.process.size", "4g"},
                                                               {"external-resources", "gpu"},
                                                               {"external-resource.gpu.amount", "0"}}));
        const auto& none = none_result.memory;
        CHECK(none.external_resources.empty());
        CHECK(none_result.dynamic_configs.find("-D external-resources=none") != std::string::npos);
        const auto gpus_result = test::task_manager(config_of({{"taskmanager.memory.process.size", "4g"},
                                                               {"external-resources", "gpu;fpga"},
                                                               {"external-resource.gpu.amount", "2"},
                                                               {"external-resource.fpga.amount", "1"}}));
        REQUIRE(gpus_result.memory.external_resources.size() == 2);
        CHECK(gpus_result.dynamic_configs.find("-D external-resource.gpu.amount=2") != std::string::npos);
        CHECK(gpus_result.dynamic_configs.find("-D external-resources=\"") != std::string::npos);
        CHECK(
            outcome(config_of({{"taskmanager.memory.process.size", "4g"},
                               {"external-resources", "gpu"},
                               {"external-resource.gpu.amount", "two"}})) ==
            "IllegalArgumentException: Could not parse value 'two' for key 'external-resource.gpu.amount'.");
    }
}
