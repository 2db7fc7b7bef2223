#include <doctest/doctest.h>

#include <string>

#include "flinkmem/config/options.hpp"
#include "flinkmem/versions/release.hpp"

using namespace flinkmem;

namespace {

const OptionCatalog& catalog(FlinkVersion version) {
    return find_release(version)->options();
}

}  // namespace

TEST_SUITE("option_catalog") {
    TEST_CASE("every release knows the keys of every namespace, not only memory keys") {
        for (const Release& release : releases()) {
            const OptionCatalog& options = release.options();
            CAPTURE(release.version().to_string());
            CHECK(options.all().size() > 400);
            for (const char* key :
                 {"parallelism.default", "rest.port", "high-availability.storageDir",
                  "jobmanager.rpc.address", "taskmanager.numberOfTaskSlots", "env.java.home"}) {
                CAPTURE(key);
                CHECK(options.knows(key));
            }
        }
        const OptionCatalog& v120 = catalog({1, 20});
        for (const char* key : {"pipeline.name", "restart-strategy.type", "high-availability.type",
                                "high-availability.storageDir", "state.checkpoints.dir", "rest.port",
                                "metrics.reporter.prom.factory.class"}) {
            CAPTURE(key);
            CHECK(v120.knows(key));
        }
    }

    TEST_CASE("types, defaults and enum constants come from Flink's tables") {
        const OptionSpec* parallelism = catalog({1, 20}).find("parallelism.default");
        REQUIRE(parallelism != nullptr);
        CHECK(parallelism->type == OptionType::Integer);
        CHECK(parallelism->default_value == "1");
        CHECK(parallelism->id == OptionId::ParallelismDefault);  // curated: the simulator reads it
        const OptionSpec* port = catalog({1, 20}).find("rest.port");
        REQUIRE(port != nullptr);
        CHECK(port->type == OptionType::Integer);
        CHECK(port->default_value == "8081");
        CHECK(port->id == OptionId::Unnamed);
        const OptionSpec* mode = catalog({1, 20}).find("execution.runtime-mode");
        REQUIRE(mode != nullptr);
        CHECK(mode->type == OptionType::Enum);
        CHECK(mode->enum_values == "STREAMING,BATCH,AUTOMATIC");
        // The curated rows win: the memory model's options keep their ids and display strings.
        const OptionSpec* slots = catalog({1, 20}).find("taskmanager.numberOfTaskSlots");
        REQUIRE(slots != nullptr);
        CHECK(slots->id == OptionId::NumTaskSlots);
    }

    TEST_CASE("deprecated keys find their option; fallback keys that are not deprecated say so") {
        const OptionSpec* backend = catalog({1, 20}).find("state.backend");
        REQUIRE(backend != nullptr);
        CHECK(backend->key == "state.backend.type");
        const OptionSpec* ha = catalog({1, 20}).find("high-availability");
        REQUIRE(ha != nullptr);
        CHECK(ha->key == "high-availability.type");
        CHECK(catalog({1, 16}).find("high-availability")->key == "high-availability");
    }

    TEST_CASE("key families: patterns and the entries of a map option") {
        const OptionCatalog& options = catalog({1, 20});
        CHECK(options.find_family("metrics.reporter.prom.port") != nullptr);
        CHECK(options.find_family("metrics.reporter.prom.factory.class") != nullptr);
        CHECK(options.find_family("containerized.master.env.JAVA_HOME") != nullptr);
        CHECK(options.find_family("s3.access-key") != nullptr);
        CHECK(options.find_family("fs.s3a.connection.maximum") != nullptr);
        CHECK(options.find_family("flink.hadoop.dfs.replication") != nullptr);
        CHECK(options.find_family("pipeline.global-job-parameters.region") != nullptr);
        CHECK(options.find_family("kubernetes.operator.job.upgrade.mode") != nullptr);
        CHECK(options.find_family("orders.kafka.topic") == nullptr);
        CHECK(options.find_family("metrics.reporter.") == nullptr);
        CHECK(catalog({1, 12}).find_family("flink.hadoop.dfs.replication") == nullptr);  // since 1.13
    }

    TEST_CASE("key_matches_pattern: <x> is one segment, the rest in last place, .* any rest") {
        CHECK(key_matches_pattern("metrics.reporter.<name>.factory.class",
                                  "metrics.reporter.jmx.factory.class"));
        CHECK_FALSE(key_matches_pattern("metrics.reporter.<name>.factory.class",
                                        "metrics.reporter.a.b.factory.class"));
        CHECK_FALSE(
            key_matches_pattern("metrics.reporter.<name>.factory.class", "metrics.reporter..factory.class"));
        CHECK(key_matches_pattern("metrics.reporter.<name>.<parameter>",
                                  "metrics.reporter.prom.filter.includes"));
        CHECK(key_matches_pattern("s3.*", "s3.endpoint"));
        CHECK_FALSE(key_matches_pattern("s3.*", "s3."));
        CHECK_FALSE(key_matches_pattern("s3.*", "s3"));
    }

    TEST_CASE("near_key: one edit or one transposition, namespace included, case ignored") {
        const OptionCatalog& options = catalog({1, 20});
        CHECK(options.near_key("taskmanger.memory.process.size") == "taskmanager.memory.process.size");
        CHECK(options.near_key("taskmanager.numberOfTaskslots") == "taskmanager.numberOfTaskSlots");
        CHECK(options.near_key("taskmanager.numberoftaskslots") == "taskmanager.numberOfTaskSlots");
        CHECK(options.near_key("paralelism.default") == "parallelism.default");
        CHECK(options.near_key("state.backend.typ") == "state.backend.type");
        CHECK(options.near_key("parallelsim.default") == "parallelism.default");  // transposition
        CHECK(options.near_key("rest.portt") == "rest.port");
        CHECK_FALSE(options.near_key("orders.kafka.topic").has_value());
        CHECK_FALSE(options.near_key("my.app.setting.1").has_value());
        CHECK_FALSE(options.near_key("paralelism.defaults").has_value());  // two edits
    }

    TEST_CASE("elsewhere: the releases around one that lacks a key") {
        const auto removed = catalog({2, 0}).elsewhere("taskmanager.heap.size");
        REQUIRE(removed.has_value());
        CHECK(removed->last_before == FlinkVersion{1, 20});
        CHECK_FALSE(removed->first_after.has_value());
        const auto later = catalog({1, 15}).elsewhere("restart-strategy.type");
        REQUIRE(later.has_value());
        CHECK(later->first_after == FlinkVersion{1, 17});
        CHECK_FALSE(catalog({1, 20}).elsewhere("orders.kafka.topic").has_value());
    }
}
