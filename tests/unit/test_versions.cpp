// Flink versions as data: parsing version names, the release table, and the option catalog each
// release sees.
#include <doctest/doctest.h>

#include <stdexcept>

#include "flinkmem/versions/release.hpp"
#include "support.hpp"

using namespace flinkmem;

TEST_SUITE("versions") {
    TEST_CASE("version names as users and manifests write them") {
        CHECK(FlinkVersion::parse("1.20") == FlinkVersion{1, 20});
        CHECK(FlinkVersion::parse("1.20.1") == FlinkVersion{1, 20});
        CHECK(FlinkVersion::parse("v1_19") == FlinkVersion{1, 19});
        CHECK(FlinkVersion::parse("2.0") == FlinkVersion{2, 0});
        CHECK_FALSE(FlinkVersion::parse("1").has_value());
        CHECK_FALSE(FlinkVersion::parse("1.x").has_value());
        CHECK_FALSE(FlinkVersion::parse("1.20-SNAPSHOT").has_value());
        CHECK_FALSE(FlinkVersion::parse("").has_value());
        CHECK(FlinkVersion{1, 9} < FlinkVersion{1, 10});
        CHECK(FlinkVersion{1, 20}.to_string() == "1.20");
    }

    TEST_CASE("the release table: every line from 1.10 to 2.2, oldest first, 1.20 the default") {
        CHECK(supported_versions_text() ==
              "1.10, 1.11, 1.12, 1.13, 1.14, 1.15, 1.16, 1.17, 1.18, 1.19, 1.20, 2.0, 2.1, 2.2");
        CHECK(default_release().version() == FlinkVersion{1, 20});
        CHECK(find_release({1, 9}) == nullptr);
        CHECK(find_release({3, 0}) == nullptr);
        const auto all = releases();
        for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].version() < all[i].version());
        CHECK_FALSE(find_release({1, 10})->traits().job_manager_model);
        CHECK(find_release({1, 11})->traits().job_manager_model);
    }

    TEST_CASE("a catalog holds the options and defaults of its release") {
        const auto& v116 = find_release({1, 16})->options();
        const auto& v117 = find_release({1, 17})->options();
        CHECK(v116[OptionId::NetworkMax].default_value == "1g");
        CHECK(v117[OptionId::NetworkMax].default_value == "9223372036854775807");
        CHECK(describe(v116[OptionId::NetworkFraction]) ==
              "Key: 'taskmanager.memory.network.fraction' , default: 0.1 (fallback keys: "
              "[{key=taskmanager.network.memory.fraction, isDeprecated=true}])");
        // 2.0 removed the legacy heap keys and the number of network buffers.
        const auto& v20 = find_release({2, 0})->options();
        CHECK(v20.find(OptionId::TaskManagerLegacyHeap) == nullptr);
        CHECK(v20.find("taskmanager.network.numberOfBuffers") == nullptr);
        CHECK(v20.find("taskmanager.network.memory.min") ==
              v20.find(OptionId::NetworkMin));  // still deprecated
        CHECK_THROWS_AS(v20[OptionId::TaskManagerLegacyHeap], std::logic_error);
        // 1.10 has no JobManager memory options.
        CHECK(find_release({1, 10})->options().find("jobmanager.memory.process.size") == nullptr);
    }

    TEST_CASE("the same configuration under releases that changed the network maximum") {
        const auto config = test::config_of({{"taskmanager.memory.process.size", "16g"}});
        CHECK(test::task_manager(config, test::release("1.16")).memory.network.size.bytes() == 1073741824);
        CHECK(test::task_manager(config, test::release("1.17")).memory.network.size.bytes() == 1583769214);
    }

    TEST_CASE("2.1 and 2.2 answer as 2.0: legacy heap keys are ignored, JobManager errors unwrapped") {
        const auto legacy = test::config_of({{"taskmanager.heap.size", "1g"}});
        const auto jm = test::config_of({{"jobmanager.memory.process.size", "500m"}});
        for (const char* version : {"2.0", "2.1", "2.2"}) {
            CAPTURE(version);
            const auto tm = test::task_manager_outcome(legacy, test::release(version));
            REQUIRE_FALSE(tm.ok());
            CHECK(
                tm.error().message().starts_with("TaskManager memory configuration failed: Either required"));
            CHECK(test::describe_outcome(test::job_manager_outcome(jm, test::release(version))) ==
                  "IllegalConfigurationException: The configured Total Flink Memory (52.000mb (54525952 "
                  "bytes)) "
                  "is less than the configured Off-heap Memory (128.000mb (134217728 bytes)).");
        }
        CHECK(test::task_manager(legacy, test::release("1.20")).memory.total_flink.size.bytes() == 1LL << 30);
    }

    TEST_CASE("release traits shape the dynamic configs: 1.11 eight keys with trailing spaces") {
        const auto config = test::config_of({{"taskmanager.memory.process.size", "1728m"}});
        const auto v111 = test::task_manager(config, test::release("1.11"));
        CHECK(v111.dynamic_configs ==
              "-D taskmanager.memory.framework.off-heap.size=134217728b -D "
              "taskmanager.memory.network.max=134217730b "
              "-D taskmanager.memory.network.min=134217730b -D "
              "taskmanager.memory.framework.heap.size=134217728b "
              "-D taskmanager.memory.managed.size=536870920b -D taskmanager.cpu.cores=1.0 "
              "-D taskmanager.memory.task.heap.size=402653174b -D taskmanager.memory.task.off-heap.size=0b ");
        const auto jm111 = test::job_manager(test::config_of({{"jobmanager.memory.process.size", "1600m"}}),
                                             test::release("1.11"));
        CHECK_FALSE(jm111.dynamic_configs.has_value());
        const auto cores = test::config_of(
            {{"taskmanager.memory.process.size", "2g"}, {"taskmanager.cpu.cores", "0.123456789"}});
        CHECK(test::task_manager(cores, test::release("1.13")).memory.cpu_cores == 0.123456789);
        CHECK(test::task_manager(cores, test::release("1.14")).memory.cpu_cores == 0.12345678);
    }
}
