// Large inputs stay readable and cheap: notes and findings stop after 100 of a kind with a count
// of the rest, copies of a configuration share its entries, and key prefixes are found directly.
#include <doctest/doctest.h>

#include <string>

#include "../../src/flinkmem/lint/rule_context.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"

using namespace flinkmem;

TEST_SUITE("large inputs") {
    TEST_CASE("a file of 250 odd lines gets 100 notes and a count of the rest") {
        std::string text = "taskmanager.memory.process.size: 2g\n";
        for (int i = 0; i < 250; ++i) text += "not a key value line " + std::to_string(i) + "\n";
        const Document document = read_flink_conf(text, "big.yaml");
        REQUIRE(document.notes.size() == 101);
        CHECK(document.notes[99].where.line == 101);
        CHECK(document.notes.back().message ==
              "150 more notes about lines of this file are not listed (the first 100 are)");
        CHECK(document.config.find("taskmanager.memory.process.size") != nullptr);
    }

    TEST_CASE("findings: 100 per rule, then one that counts the rest") {
        lint::Findings findings;
        for (int i = 1; i <= 130; ++i) {
            Finding finding;
            finding.rule_id = i % 2 == 0 ? "FM101" : "FM103";
            finding.location = Source::in_file("f.yaml", i);
            findings.push_back(finding);
        }
        lint::cap_findings(findings, 50);
        REQUIRE(findings.size() == 102);
        CHECK(findings[100].rule_id == "FM101");
        CHECK(findings[100].message == "and 15 more FM101 findings in this file, the first at f.yaml:102");
        CHECK(findings[100].location.line == 0);
        CHECK(findings[101].message == "and 15 more FM103 findings in this file, the first at f.yaml:101");
        lint::Findings few(3);
        lint::cap_findings(few, 50);
        CHECK(few.size() == 3);
    }

    TEST_CASE("configuration copies share entries until one changes; prefixes are a range") {
        Configuration config;
        config.set("kubernetes.cluster-id", "a", Source::dynamic_property());
        config.set("taskmanager.memory.process.size", "2g", Source::dynamic_property());
        Configuration copy = config;
        CHECK(&copy.entries() == &config.entries());
        copy.set("yarn.application.name", "b", Source::dynamic_property());
        CHECK(&copy.entries() != &config.entries());
        CHECK(config.find("yarn.application.name") == nullptr);
        CHECK(copy.has_key_with_prefix("yarn."));
        CHECK_FALSE(config.has_key_with_prefix("yarn."));
        CHECK(config.has_key_with_prefix("kubernetes."));
        int taskmanager = 0;
        for (const auto& entry : config.with_prefix("taskmanager."))
            taskmanager += entry.second.value == "2g" ? 1 : 0;
        CHECK(taskmanager == 1);
        const auto replaced = copy.exchange("kubernetes.cluster-id", "c", Source::in_file("f.yaml", 3));
        REQUIRE(replaced);
        CHECK(replaced->value == "a");
        CHECK(copy.find("kubernetes.cluster-id")->value == "c");
        CHECK(config.find("kubernetes.cluster-id")->value == "a");
        CHECK_FALSE(copy.exchange("new.key", "v", Source::dynamic_property()));
    }

    TEST_CASE("a file's values share one copy of its name") {
        const Document document = read_flink_conf("a.b: 1\nc.d: 2\n", "conf/flink-conf.yaml");
        const Source& first = document.config.find("a.b")->source;
        const Source& second = document.config.find("c.d")->source;
        CHECK(&first.name.str() == &second.name.str());
        CHECK(first.describe() == "conf/flink-conf.yaml:1");
        CHECK(second.name == "conf/flink-conf.yaml");
    }
}
