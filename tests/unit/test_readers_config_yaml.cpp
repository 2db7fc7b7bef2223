#include <doctest/doctest.h>

#include <string>

#include "flinkmem/config/options.hpp"
#include "flinkmem/readers/config_yaml.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"
#include "flinkmem/versions/release.hpp"

using namespace flinkmem;

namespace {

std::string value_of(const Document& document, const char* key) {
    const ConfigEntry* entry = document.config.find(key);
    return entry ? entry->value : "<unset>";
}

// "<class>: <message> / <cause class>: <cause message>" of the error reading `text` throws.
std::string error_of(const std::string& text) {
    try {
        read_config_yaml(text, "conf/config.yaml");
    } catch (const Error& e) {
        std::string out = std::string(e.class_name()) + ": " + e.message();
        for (const auto& cause : e.causes())
            out += " / " + std::string(cause.class_name()) + ": " + cause.message;
        if (e.context()) out += " @ " + e.context()->source.describe();
        return out;
    }
    return "ok";
}

}  // namespace

TEST_SUITE("readers_config_yaml") {
    TEST_CASE("nested and dotted keys flatten with '.', each value keeps its line") {
        const auto document = read_config_yaml(
            "taskmanager:\n"
            "  memory:\n"
            "    process.size: 4g\n"
            "    managed:\n"
            "      fraction: 0.4\n"
            "jobmanager.memory.process.size: 1600m\n",
            "conf/config.yaml");
        CHECK(document.format == InputFormat::ConfigYaml);
        CHECK(value_of(document, "taskmanager.memory.process.size") == "4g");
        CHECK(value_of(document, "taskmanager.memory.managed.fraction") == "0.4");
        CHECK(value_of(document, "jobmanager.memory.process.size") == "1600m");
        CHECK(document.config.find("taskmanager.memory.process.size")->source.describe() ==
              "conf/config.yaml:3");
        CHECK(document.config.find("jobmanager.memory.process.size")->source.describe() ==
              "conf/config.yaml:6");
        CHECK(document.config.entries().size() == 3);
    }

    TEST_CASE("scalars become the string Flink's conversions see") {
        const auto document = read_config_yaml(
            "a: 0x10\nb: 0o17\nc: +12\nd: 1e3\ne: .5\nf: TRUE\ng: yes\nh: '2048'\ni: \"4g\"\nj: 2048\n"
            "k: -.inf\nl: 007\nm: 123456789012345678901234567890\nn: 1.5G\no: !!str 12\np: off\n",
            "c.yaml");
        CHECK(value_of(document, "a") == "16");
        CHECK(value_of(document, "b") == "15");
        CHECK(value_of(document, "c") == "12");
        CHECK(value_of(document, "d") == "1000.0");
        CHECK(value_of(document, "e") == "0.5");
        CHECK(value_of(document, "f") == "true");
        CHECK(value_of(document, "g") == "yes");  // YAML 1.2 core schema: a string, not a boolean
        CHECK(value_of(document, "h") == "2048");
        CHECK(value_of(document, "i") == "4g");
        CHECK(value_of(document, "j") == "2048");
        CHECK(value_of(document, "k") == "-Infinity");
        CHECK(value_of(document, "l") == "7");
        CHECK(value_of(document, "m") == "123456789012345678901234567890");
        CHECK(value_of(document, "n") == "1.5G");
        CHECK(value_of(document, "o") == "12");
        CHECK(value_of(document, "p") == "off");
    }

    TEST_CASE("lists and maps inside lists are one line of flow YAML") {
        const auto document = read_config_yaml(
            "l: [a, b]\nm:\n  - x: 1\n  - 'two words'\n  - '123'\n  - null\nn: []\n", "c.yaml");
        CHECK(value_of(document, "l") == "[a, b]");
        CHECK(value_of(document, "m") == "[{x: 1}, two words, '123', null]");
        CHECK(value_of(document, "n") == "[]");
    }

    TEST_CASE("a list for a list option reads as its elements") {
        const auto document = read_config_yaml("external-resources: [gpu, 'fp;ga']\n", "c.yaml");
        CHECK(value_of(document, "external-resources") == "gpu;'fp;ga'");
        CHECK(document.config.get_string_list(default_release().options()[OptionId::ExternalResources]) ==
              std::vector<std::string>{"gpu", "fp;ga"});
    }

    TEST_CASE("a key flattened twice keeps the later value and says so") {
        const auto document = read_config_yaml(
            "taskmanager.memory.process.size: 1g\ntaskmanager:\n  memory:\n    process:\n      size: 2g\n",
            "c.yaml");
        CHECK(value_of(document, "taskmanager.memory.process.size") == "2g");
        REQUIRE(document.notes.size() == 1);
        CHECK(document.notes[0].kind == ReadNote::Kind::DuplicateKey);
        CHECK(document.notes[0].message ==
              "'taskmanager.memory.process.size' is set again here; this value replaces the one at c.yaml:1");
    }

    TEST_CASE("comments, empty files and placeholders") {
        CHECK(read_config_yaml("# nothing\n", "c.yaml").config.entries().empty());
        CHECK(read_config_yaml("", "c.yaml").config.entries().empty());
        const auto document = read_config_yaml("a: 1g # comment\nb: x#y\nc: ${MEM}\n", "c.yaml");
        CHECK(value_of(document, "a") == "1g");
        CHECK(value_of(document, "b") == "x#y");
        REQUIRE(document.notes.size() == 1);
        CHECK(document.notes[0].kind == ReadNote::Kind::Placeholder);
    }

    TEST_CASE("every error path, with Flink's wrapping") {
        CHECK(
            error_of("a: 1\na: 2\n") ==
            "RuntimeException: Error parsing YAML configuration. / YamlEngineException: while constructing a "
            "mapping\n in reader, line 1, column 1\nfound duplicate key a\n in reader, line 2, column 1\n @ "
            "conf/config.yaml:2");
        CHECK(
            error_of("t:\n  m: 1\n  m: 2\n") ==
            "RuntimeException: Error parsing YAML configuration. / YamlEngineException: while constructing a "
            "mapping\n in reader, line 2, column 3\nfound duplicate key m\n in reader, line 3, column 3\n @ "
            "conf/config.yaml:3");
        // The constructor's checks come before flattening: a later duplicate beats an earlier null.
        CHECK(
            error_of("a:\nb: 1\nl:\n  - {x: 1, x: 2}\n") ==
            "RuntimeException: Error parsing YAML configuration. / YamlEngineException: while constructing a "
            "mapping\n in reader, line 4, column 5\nfound duplicate key x\n in reader, line 4, column 12\n @ "
            "conf/config.yaml:4");
        CHECK(
            error_of("a: [1, 2\nb: c\n") ==
            "RuntimeException: Error parsing YAML configuration. / YamlEngineException: end of sequence flow "
            "not found (line 2, column 2) @ conf/config.yaml:2");
        CHECK(error_of("a:\n") ==
              "RuntimeException: Error parsing YAML configuration. / NullPointerException: Value must not be "
              "null. @ conf/config.yaml:1");
        CHECK(error_of("a: ~\n") ==
              "RuntimeException: Error parsing YAML configuration. / NullPointerException: Value must not be "
              "null. @ conf/config.yaml:1");
        CHECK(
            error_of("1: x\n") ==
            "RuntimeException: Error parsing YAML configuration. / ClassCastException: the key '1' is a YAML "
            "integer, not a string @ conf/config.yaml:1");
        CHECK(error_of("- a\n- b\n") ==
              "RuntimeException: Error parsing YAML configuration. / ClassCastException: the YAML document "
              "is not "
              "a mapping of keys to values @ conf/config.yaml:1");
        CHECK(error_of("a: 1\n---\nb: 2\n") ==
              "RuntimeException: Error parsing YAML configuration. / ComposerException: expected a single "
              "document in the stream @ conf/config.yaml:3");
        // yaml-cpp 0.7's LoadAll would loop forever on this; it is a syntax error here.
        CHECK(error_of(",\ta\n:\n") ==
              "RuntimeException: Error parsing YAML configuration. / YamlEngineException: unexpected token "
              "where a "
              "document should start (line 1, column 1) @ conf/config.yaml:1");
        // Each way a ',' ']' '}' or '?' becomes a token outside every collection still meets the
        // first pass (which the byte pre-check skips only when no such token can exist).
        using namespace std::string_literals;
        for (const std::string& hang :
             {"a: 1\n,\n"s, "&a,\n"s, "!t,\n"s, "[a]]\n"s, "{a: 1}}\n"s, "'x' ,\n"s, "\"x\"]\n"s,
              "\xEF\xBB\xBF,\n"s, "\0,:"s, "a: 1\n---\n,\n"s, "a: 1\n--- ,\n"s, "---\n  a: 1\n,\n"s,
              "a: 1\n...\n,\n"s, " a: 1\n,\n"s, "x\n---\n\"q\" ,\n"s}) {
            CAPTURE(hang);
            CHECK(error_of(hang).find("YamlEngineException") != std::string::npos);
        }
        // snakeyaml-engine's maxAliasesForCollections (50), which also keeps alias bombs out.
        std::string aliases = "a: &a [1]\nb: [";
        for (int i = 0; i < 51; ++i) aliases += i == 0 ? "*a" : ", *a";
        CHECK(error_of(aliases + "]\n") ==
              "RuntimeException: Error parsing YAML configuration. / YamlEngineException: Number of aliases "
              "for "
              "non-scalar nodes exceeds the specified max=50 (line 2, column 205) @ conf/config.yaml:2");
        CHECK(error_of("[a]: x\n") ==
              "RuntimeException: Error parsing YAML configuration. / ClassCastException: a mapping key is a "
              "YAML "
              "collection, not a string @ conf/config.yaml:1");
    }
}

TEST_SUITE("readers_flink_conf_document") {
    TEST_CASE("dropped lines, duplicates, quotes and placeholders become notes") {
        const auto document = read_flink_conf(
            "taskmanager.memory.process.size: 1g\n"
            "broken:line\n"
            "taskmanager.memory.process.size: \"2g\"\n"
            "taskmanager.numberOfTaskSlots: ${SLOTS}\n"
            "empty: \n",
            "conf/flink-conf.yaml");
        CHECK(value_of(document, "taskmanager.memory.process.size") == "\"2g\"");
        REQUIRE(document.notes.size() == 5);
        CHECK(document.notes[0].kind == ReadNote::Kind::DroppedLine);
        CHECK(document.notes[0].where.describe() == "conf/flink-conf.yaml:2");
        CHECK(document.notes[0].key == "broken");
        CHECK(
            document.notes[0].message ==
            "Error while trying to split key and value in configuration file conf/flink-conf.yaml:2: Line is "
            "not a key-value pair (missing space after ':'?)");
        CHECK(document.notes[1].kind == ReadNote::Kind::DuplicateKey);
        CHECK(document.notes[1].message ==
              "'taskmanager.memory.process.size' is set again here; this value "
              "replaces '1g' from conf/flink-conf.yaml:1");
        CHECK(document.notes[2].kind == ReadNote::Kind::QuotedValue);
        CHECK(document.notes[3].kind == ReadNote::Kind::Placeholder);
        CHECK(document.notes[3].message ==
              "'taskmanager.numberOfTaskSlots' = '${SLOTS}' holds a ${} placeholder; Flink reads it "
              "literally unless "
              "something substitutes it first (the official image's entrypoint does, up to 1.18)");
        CHECK(document.notes[4].kind == ReadNote::Kind::DroppedLine);
        CHECK(document.notes[4].where.describe() == "conf/flink-conf.yaml:5");
        // "empty: " trims to "empty:", which has no ": " left: Flink's first warning, not the second.
        CHECK(
            document.notes[4].message ==
            "Error while trying to split key and value in configuration file conf/flink-conf.yaml:5: Line is "
            "not a key-value pair (missing space after ':'?)");
    }
}
