#include <doctest/doctest.h>

#include "flinkmem/lint/rules.hpp"
#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_engine") {
    TEST_CASE("the rule table has unique IDs, names and summaries") {
        std::set<std::string_view> ids;
        for (const RuleInfo& rule : all_rules()) {
            CHECK(ids.insert(rule.id).second);
            CHECK(rule.id.starts_with("FM"));
            CHECK_FALSE(rule.name.empty());
            CHECK_FALSE(rule.summary.empty());
            CHECK(find_rule(rule.id) == &rule);
        }
        CHECK(find_rule("FM999") == nullptr);
        CHECK(rule_help_uri("FM101") == "https://github.com/flinkmem/flinkmem/blob/main/docs/rules/FM101.md");
    }

    TEST_CASE("a TaskManager-only file does not configure the JobManager it mentions") {
        const auto result = validate_conf(
            "jobmanager.rpc.address: flink-jobmanager\n"
            "taskmanager.memory.process.size: 1728m\n");
        REQUIRE(result.components.size() == 2);
        CHECK(result.components[0].component == Component::TaskManager);
        CHECK(result.components[0].state == ComponentVerdict::State::Resolved);
        CHECK(result.components[0].reason == "Total Process Memory 1.688gb (1811939328 bytes)");
        CHECK(result.components[1].state == ComponentVerdict::State::NotConfigured);
        CHECK(result.components[1].reason ==
              "it sets none of jobmanager.memory.process.size, jobmanager.memory.flink.size or "
              "jobmanager.memory.heap.size");
        CHECK(findings_of(result, "FM100").empty());
    }

    TEST_CASE("a file that only tunes a process says so instead of failing it") {
        const auto result = validate_conf("taskmanager.memory.network.max: 1g\n");
        CHECK(result.components[0].state == ComponentVerdict::State::NotConfigured);
        CHECK(result.components[0].reason ==
              "it tunes the TaskManager (taskmanager.memory.network.max) but sets none of "
              "taskmanager.memory.process.size, taskmanager.memory.flink.size or "
              "taskmanager.memory.task.heap.size "
              "and taskmanager.memory.managed.size: the size comes from elsewhere");
        CHECK(result.findings.empty());
    }

    TEST_CASE("a FlinkDeployment sizes a process through resource.memory") {
        const auto result = validate_document(test::deployment("2048m", std::nullopt), {});
        CHECK(result.components[0].state == ComponentVerdict::State::Resolved);
        CHECK(result.components[0].reason == "Total Process Memory 2.000gb (2147483648 bytes)");
        CHECK(result.components[1].state == ComponentVerdict::State::NotConfigured);
        CHECK(result.components[1].reason ==
              "spec.jobManager.resource.memory is not set and flinkConfiguration sizes no JobManager memory");
    }

    TEST_CASE("a FlinkSessionJob sizes nothing") {
        Document document;
        document.name = document.path = "job.yaml";
        document.format = InputFormat::FlinkSessionJob;
        const auto result = validate_document(document, {});
        CHECK(result.components[0].reason ==
              "a FlinkSessionJob runs on a session cluster that its FlinkDeployment sizes");
    }

    TEST_CASE("--disable and .flinkmem.yaml switch a rule off everywhere") {
        ValidateOptions options;
        options.suppressions.disabled.insert("FM101");
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.process-size: 4g\n",
            options);
        CHECK(findings_of(result, "FM101").empty());
        const auto without = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.process-size: 4g\n");
        CHECK(findings_of(without, "FM101").size() == 1);
    }

    TEST_CASE("an inline ignore silences only the named rule on its own line") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.process-size: 4g  # flinkmem: ignore[FM101]\n"
            "taskmanager.memory.managed.size: 512m\n"
            "taskmanager.memory.managed.fraction: 0.2 # flinkmem: ignore[FM101, FM999]\n"
            "jobmanager.memory.heap-size: 1g\n");
        CHECK(findings_of(result, "FM101").size() == 1);  // line 5 only
        CHECK(findings_of(result, "FM101")[0].location.line == 5);
        CHECK(findings_of(result, "FM107").size() == 1);  // line 4 ignores FM101, not FM107
    }

    TEST_CASE("a bare inline ignore silences every rule on its line") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.memory.process-size: 4g # flinkmem: ignore\n");
        CHECK(result.findings.empty());
    }

    TEST_CASE("an unreadable input is one FM001 error of that file") {
        const auto result =
            unreadable_input("missing.yaml", "cannot read missing.yaml: No such file or directory");
        CHECK(result.unreadable);
        REQUIRE(result.findings.size() == 1);
        CHECK(result.findings[0].rule_id == "FM001");
        CHECK(result.findings[0].severity == Severity::Error);
        CHECK(result.findings[0].message == "cannot read missing.yaml: No such file or directory");
        const auto summary = summarize({result});
        CHECK(summary.any_unreadable);
        CHECK(summary.errors == 1);
        CHECK(summary.configurations == 0);
    }

    TEST_CASE("FM002: what the reader notes about how the input is read") {
        const auto documents = read_documents(
            "services:\n  tm:\n    image: flink\n    environment:\n"
            "      - FLINK_PROPERTIES=taskmanager.numberOfTaskSlots: 2\n",
            "docker-compose.yml");
        REQUIRE(documents.size() == 1);
        const auto result = validate_document(documents[0], {});
        const auto notes = test::findings_of(result, "FM002");
        REQUIRE_FALSE(notes.empty());
        CHECK(notes[0].severity == Severity::Note);
        CHECK(notes[0].message.find("names no Flink version") != std::string::npos);
    }

    TEST_CASE("findings come in file order, whole-file findings first") {
        const auto result = validate_conf(
            "taskmanager.memory.process-size: 4g\n"
            "taskmanager.heap.size: 1g\n"
            "taskmanager.memory.task.heap.size: 4g\n"
            "taskmanager.memory.managed.size: 4g\n"
            "taskmanager.memory.flink.size: 2g\n");
        int previous = -1;
        for (const auto& finding : result.findings) {
            CHECK(finding.location.line >= previous);
            previous = finding.location.line;
        }
    }
}

#include <filesystem>
#include <fstream>

TEST_SUITE("lint_engine") {
    TEST_CASE("every rule has its docs page, and every page a rule") {
        const std::filesystem::path docs =
            std::filesystem::path(FLINKMEM_TEST_DATA_DIR) / ".." / ".." / "docs" / "rules";
        std::size_t pages = 0;
        for (const auto& entry : std::filesystem::directory_iterator(docs)) {
            ++pages;
            CHECK_MESSAGE(find_rule(entry.path().stem().string()) != nullptr, entry.path().string());
        }
        CHECK(pages == all_rules().size());
        for (const RuleInfo& rule : all_rules()) {
            std::ifstream page(docs / (std::string(rule.id) + ".md"));
            std::string first_line;
            std::getline(page, first_line);
            CHECK(first_line == "# " + std::string(rule.id) + " " + std::string(rule.name));
        }
    }
}
