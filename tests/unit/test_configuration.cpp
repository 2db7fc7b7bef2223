#include <doctest/doctest.h>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/versions/release.hpp"

using namespace flinkmem;

namespace {
const OptionCatalog& kOptions = default_release().options();
}  // namespace

TEST_SUITE("configuration") {
    TEST_CASE("contains and lookup follow deprecated keys, the new key winning") {
        Configuration config;
        config.set("taskmanager.network.memory.fraction", "0.2", Source::dynamic_property());
        CHECK(config.contains(kOptions[OptionId::NetworkFraction]));
        CHECK(config.lookup(kOptions[OptionId::NetworkFraction])->key ==
              "taskmanager.network.memory.fraction");
        CHECK(config.get_float(kOptions[OptionId::NetworkFraction]) == 0.2F);
        config.set("taskmanager.memory.network.fraction", "0.3", Source::dynamic_property());
        CHECK(config.get_float(kOptions[OptionId::NetworkFraction]) == 0.3F);
    }

    TEST_CASE("defaults apply only when nothing is set") {
        Configuration config;
        CHECK(config.get_memory_size(kOptions[OptionId::FrameworkHeap])->bytes() == 128LL << 20);
        CHECK_FALSE(config.get_memory_size(kOptions[OptionId::TaskHeap]).has_value());
        CHECK(config.get_float(kOptions[OptionId::ManagedFraction]) == 0.4F);
        CHECK(*config.get_int(kOptions[OptionId::NumTaskSlots]) == 1);
        CHECK_FALSE(config.get_bool(kOptions[OptionId::JobManagerDirectMemoryLimit]));
    }

    TEST_CASE("a value that does not convert names the option's key and keeps the cause") {
        Configuration config;
        config.set("taskmanager.network.memory.fraction", "abc", Source::in_file("conf/flink-conf.yaml", 7));
        try {
            config.get_float(kOptions[OptionId::NetworkFraction]);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.class_name() == "IllegalArgumentException");
            CHECK(e.message() ==
                  "Could not parse value 'abc' for key 'taskmanager.memory.network.fraction'.");
            REQUIRE(e.causes().size() == 1);
            CHECK(e.causes()[0].class_name() == "NumberFormatException");
            CHECK(e.causes()[0].message == "For input string: \"abc\"");
            REQUIRE(e.context().has_value());
            CHECK(e.context()->key == "taskmanager.network.memory.fraction");
            CHECK(e.context()->source.describe() == "conf/flink-conf.yaml:7");
        }
    }

    TEST_CASE("booleans are case-insensitive but not trimmed") {
        Configuration config;
        config.set("jobmanager.memory.enable-jvm-direct-memory-limit", "TrUe", Source::dynamic_property());
        CHECK(config.get_bool(kOptions[OptionId::JobManagerDirectMemoryLimit]));
        config.set("jobmanager.memory.enable-jvm-direct-memory-limit", " true", Source::dynamic_property());
        CHECK_THROWS_WITH_AS(config.get_bool(kOptions[OptionId::JobManagerDirectMemoryLimit]),
                             "Could not parse value ' true' for key "
                             "'jobmanager.memory.enable-jvm-direct-memory-limit'.",
                             Error);
    }

    TEST_CASE("split_escaped handles quotes, empty parts and bad quoting like Flink") {
        CHECK(split_escaped("a;b", ';') == std::vector<std::string>{"a", "b"});
        CHECK(split_escaped("'A;B';C", ';') == std::vector<std::string>{"A;B", "C"});
        CHECK(split_escaped(" a ; b ", ';') == std::vector<std::string>{"a", "b"});
        CHECK(split_escaped("a;;b", ';') == std::vector<std::string>{"a", "", "b"});
        CHECK(split_escaped("\"x\"\"y\"", ';') == std::vector<std::string>{"x\"y"});
        CHECK_THROWS_WITH_AS(split_escaped("'a", ';'),
                             "Could not split string. Quoting was not closed properly.", Error);
        CHECK_THROWS_WITH_AS(split_escaped("'a'b", ';'),
                             "Could not split string. Illegal quoting at position: 2", Error);
    }
}

TEST_SUITE("flink_conf") {
    TEST_CASE("reads key: value lines like GlobalConfiguration's legacy parser") {
        const auto conf = parse_flink_conf(
            "# comment\n"
            "taskmanager.memory.process.size: 1728m   # trailing comment\r\n"
            "jobmanager.memory.process.size: '1600m'\n"
            "broken:line\n"
            ": orphan value\n"
            "taskmanager.numberOfTaskSlots: 2\n"
            "taskmanager.numberOfTaskSlots: 4\n",
            "conf/flink-conf.yaml");
        const auto* process = conf.config.find("taskmanager.memory.process.size");
        REQUIRE(process != nullptr);
        CHECK(process->value == "1728m");
        CHECK(process->source.describe() == "conf/flink-conf.yaml:2");
        CHECK(conf.config.find("jobmanager.memory.process.size")->value == "'1600m'");  // quotes kept
        CHECK(conf.config.find("taskmanager.numberOfTaskSlots")->value == "4");         // last wins
        REQUIRE(conf.warnings.size() == 2);
        CHECK(conf.warnings[0].line == 4);
        CHECK(conf.warnings[0].message ==
              "Error while trying to split key and value in configuration file "
              "conf/flink-conf.yaml:4: Line is not a key-value pair (missing space after ':'?)");
        CHECK(conf.warnings[1].message ==
              "Error after splitting key and value in configuration file conf/flink-conf.yaml:5: Key "
              "or value was empty");
    }
}

#include "flinkmem/lint/unknown_keys.hpp"

TEST_SUITE("unknown_keys") {
    TEST_CASE("typos in memory keys are reported with the closest known key") {
        Configuration config;
        config.set("taskmanager.memory.process-size", "4g", Source::in_file("flink-conf.yaml", 3));
        config.set("jobmanager.memory.heap", "1g", Source::dynamic_property());
        config.set("taskmanager.memory.fraction", "0.7",
                   Source::dynamic_property());  // removed in Flink 1.10
        config.set("taskmanager.memory.process.size", "4g", Source::dynamic_property());
        config.set("taskmanager.network.memory.min", "64m",
                   Source::dynamic_property());  // deprecated, still known
        config.set("taskmanager.network.memory.buffers-per-channel", "2", Source::dynamic_property());
        config.set("state.backend.type", "rocksdb",
                   Source::dynamic_property());  // outside the memory namespaces
        const auto unknown = unknown_memory_keys(config, kOptions);
        REQUIRE(unknown.size() == 3);
        CHECK(unknown[0].key == "jobmanager.memory.heap");
        CHECK(unknown[0].suggestion == "jobmanager.memory.heap.size");
        CHECK(unknown[1].key == "taskmanager.memory.fraction");
        CHECK_FALSE(unknown[1].suggestion.has_value());
        CHECK(unknown[2].key == "taskmanager.memory.process-size");
        CHECK(unknown[2].suggestion == "taskmanager.memory.process.size");
        CHECK(unknown[2].entry.source.describe() == "flink-conf.yaml:3");
    }

    TEST_CASE("what is known depends on the release: 2.0 removed the per-channel buffer keys") {
        Configuration config;
        config.set("taskmanager.network.memory.buffers-per-channel", "2", Source::dynamic_property());
        CHECK(unknown_memory_keys(config, kOptions).empty());
        const auto unknown = unknown_memory_keys(config, find_release({2, 0})->options());
        REQUIRE(unknown.size() == 1);
        CHECK(unknown[0].key == "taskmanager.network.memory.buffers-per-channel");
    }
}
