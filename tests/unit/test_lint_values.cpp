#include <doctest/doctest.h>

#include "flinkmem/java/time_utils.hpp"
#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_values") {
    TEST_CASE("FM120: Flink's error for a value that is not its option's type") {
        const auto result = validate_conf(
            "parallelism.default: eight\n"
            "restart-strategy.fixed-delay.attempts: 3x\n"
            "pipeline.object-reuse: yes\n");
        const auto found = findings_of(result, "FM120");
        REQUIRE(found.size() == 3);
        CHECK(found[0].message == "Could not parse value 'eight' for key 'parallelism.default'.");
        CHECK(found[0].java_class == "IllegalArgumentException");
        REQUIRE(found[0].causes.size() == 1);
        CHECK(found[0].causes[0].message == "For input string: \"eight\"");
        CHECK(found[0].causes[0].class_name() == "NumberFormatException");
        CHECK(found[0].severity == Severity::Error);
        CHECK(found[0].hint ==
              "parallelism.default expects a whole number; Flink fails where it reads the option.");
        CHECK(found[1].message ==
              "Could not parse value '3x' for key 'restart-strategy.fixed-delay.attempts'.");
        CHECK(found[2].message == "Could not parse value 'yes' for key 'pipeline.object-reuse'.");
        CHECK(found[2].causes[0].message ==
              "Unrecognized option for boolean: yes. Expected either true or false(case insensitive)");
    }

    TEST_CASE("FM120: durations, memory sizes and enum constants") {
        const auto result = validate_conf(
            "execution.checkpointing.interval: 30 seconds please\n"
            "execution.runtime-mode: batch\n"
            "execution.checkpointing.mode: EXACTLY_TWICE\n");
        const auto found = findings_of(result, "FM120");
        REQUIRE(found.size() == 2);
        CHECK(found[1].message ==
              "Could not parse value 'EXACTLY_TWICE' for key 'execution.checkpointing.mode'.");
        CHECK(
            found[0].causes[0].message.starts_with("Time interval unit label 'seconds please' does not match "
                                                   "any of the recognized units: DAYS: (d | day | "
                                                   "days), HOURS"));
    }

    TEST_CASE("FM120: not for good values, placeholders or the memory model's own options") {
        CHECK(findings_of(validate_conf("parallelism.default: 8\nexecution.checkpointing.interval: 1 min\n"
                                        "pipeline.object-reuse: TRUE\nexecution.runtime-mode: Batch\n"),
                          "FM120")
                  .empty());
        CHECK(findings_of(validate_conf("parallelism.default: ${PARALLELISM}\n"), "FM120").empty());
        // FM100 reports Flink's refusal there.
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: lots\n"), "FM120").empty());
    }

    TEST_CASE("FM121: a bare number for a duration is milliseconds") {
        const auto result = validate_conf(
            "execution.checkpointing.interval: 60000\n"
            "execution.checkpointing.min-pause: 0\n"
            "execution.checkpointing.timeout: 10 min\n");
        CHECK(messages_of(result, "FM121") ==
              std::vector<std::string>{
                  "1: 'execution.checkpointing.interval: 60000' has no unit; Flink reads it as "
                  "60000 milliseconds"});
        CHECK(findings_of(result, "FM121")[0].hint ==
              "Write the unit: 'execution.checkpointing.interval: 1 min' is the same duration; if you meant "
              "seconds "
              "or minutes, this one is wrong.");
    }

    TEST_CASE("TimeUtils.parseDuration") {
        CHECK(java::parse_duration(" 10 S ").unit == "s");
        CHECK(java::parse_duration("500").unit.empty());
        CHECK_THROWS_WITH(java::parse_duration("   "), "argument is an empty- or whitespace-only string");
        CHECK_THROWS_WITH(java::parse_duration("-1 s"), "text does not start with a number");
        CHECK_THROWS_AS(java::parse_duration("1 fortnight"), Error);
    }
}
