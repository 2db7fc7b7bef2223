#include <doctest/doctest.h>

#include <sstream>

#include "flinkmem/report/validate_report.hpp"
#include "lint_support.hpp"

using namespace flinkmem;

namespace {

std::vector<ConfigurationResult> sample() {
    std::vector<ConfigurationResult> results;
    results.push_back(
        test::validate_conf("taskmanager.memory.process.size: 1728m\n"
                            "taskmanager.memory.task.heap: 1g\n"
                            "jobmanager.memory.process.size: 500m\n"));
    results.push_back(unreadable_input("missing, odd:name.yaml",
                                       "cannot read missing, odd:name.yaml: No such file or directory"));
    return results;
}

template <typename Write>
std::string render(Write write, report::ValidateReportOptions options = {}) {
    std::ostringstream out;
    write(out, sample(), options);
    return out.str();
}

}  // namespace

TEST_SUITE("report_validate") {
    TEST_CASE("text: compiler style, hints indented, a summary") {
        CHECK(render(report::write_validate_text) ==
              "conf/flink-conf.yaml:2:1: warning: TaskManager: unknown key 'taskmanager.memory.task.heap' (= "
              "'1g') "
              "is ignored by Flink 1.20 [FM101]\n"
              "    hint: Did you mean 'taskmanager.memory.task.heap.size'?\n"
              "conf/flink-conf.yaml:3:1: error: JobManager: JobManager memory configuration failed: The "
              "configured "
              "Total Flink Memory (52.000mb (54525952 bytes)) is less than the configured Off-heap Memory "
              "(128.000mb "
              "(134217728 bytes)). [FM100]\n"
              "    hint: Nothing is left for the JVM heap. The JobManager needs more memory than 128.000mb "
              "(134217728 "
              "bytes) (off-heap) plus JVM Metaspace and Overhead; about 1g of jobmanager.memory.process.size "
              "is a "
              "practical minimum.\n"
              "missing, odd:name.yaml: error: cannot read missing, odd:name.yaml: No such file or directory "
              "[FM001]\n"
              "checked under Flink 1.20: 1 configuration\n"
              "1 configuration checked: 2 errors, 1 warning, 0 notes\n");
    }

    TEST_CASE("text: colour only when asked") {
        report::ValidateReportOptions options;
        options.colour = true;
        const std::string coloured = render(report::write_validate_text, options);
        CHECK(coloured.find("\x1b[1;31merror:\x1b[0m") != std::string::npos);
        CHECK(coloured.find("\x1b[1;35mwarning:\x1b[0m") != std::string::npos);
        CHECK(render(report::write_validate_text).find('\x1b') == std::string::npos);
    }

    TEST_CASE("github: workflow commands with the runner's escaping") {
        CHECK(
            render(report::write_github) ==
            "::warning file=conf/flink-conf.yaml,line=2,title=FM101 unknown-key::TaskManager: unknown key "
            "'taskmanager.memory.task.heap' (= '1g') is ignored by Flink 1.20%0AHint: Did you mean "
            "'taskmanager.memory.task.heap.size'?%0A(checked under Flink 1.20)\n"
            "::error file=conf/flink-conf.yaml,line=3,title=FM100 flink-rejects::JobManager: JobManager "
            "memory "
            "configuration failed: The configured Total Flink Memory (52.000mb (54525952 bytes)) is less "
            "than the "
            "configured Off-heap Memory (128.000mb (134217728 bytes)).%0AHint: Nothing is left for the JVM "
            "heap. The "
            "JobManager needs more memory than 128.000mb (134217728 bytes) (off-heap) plus JVM Metaspace and "
            "Overhead; about 1g of jobmanager.memory.process.size is a practical minimum.%0A(checked under "
            "Flink 1.20)\n"
            "::error file=missing%2C odd%3Aname.yaml,title=FM001 unreadable-input::cannot read missing, "
            "odd:name.yaml: No such file or directory\n");
    }

    TEST_CASE("json: one document with the summary, components and findings") {
        const std::string json = render(report::write_validate_json);
        CHECK(json.starts_with("{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"flinkmem\","));
        CHECK(
            json.find("\"summary\": {\n    \"configurations\": 1,\n    \"errors\": 2,\n    \"warnings\": 1,\n"
                      "    \"notes\": 0\n  }") != std::string::npos);
        CHECK(json.find("\"state\": \"rejected\"") != std::string::npos);
        CHECK(json.find("\"java_class\": \"IllegalConfigurationException\"") != std::string::npos);
        CHECK(json.find("\"format\": null") != std::string::npos);  // the unreadable input
        // The release a checked configuration was checked under, even when it names none.
        CHECK(json.find("\"flink_version\": \"1.20\",\n      \"flink_version_named\": false") !=
              std::string::npos);
    }

    TEST_CASE("sarif: every rule in the driver, physical locations, percent-encoded URIs") {
        const std::string sarif = render(report::write_sarif);
        CHECK(sarif.find("\"version\": \"2.1.0\"") != std::string::npos);
        CHECK(sarif.find(
                  "\"helpUri\": \"https://github.com/flinkmem/flinkmem/blob/main/docs/rules/FM118.md\"") !=
              std::string::npos);
        CHECK(sarif.find("\"region\": {\n                  \"startLine\": 3\n") != std::string::npos);
        CHECK(sarif.find("\"uri\": \"missing%2C%20odd%3Aname.yaml\",\n                  \"uriBaseId\": "
                         "\"%SRCROOT%\"") != std::string::npos);
        CHECK(sarif.find("\"flinkVersion\": \"1.20\"") != std::string::npos);
        CHECK(sarif.find("\"key\": \"taskmanager.memory.task.heap\"") != std::string::npos);
        CHECK(sarif.find("originalUriBaseIds") == std::string::npos);  // no root given
    }

    TEST_CASE("sarif: URIs relative to %SRCROOT% under the root, file:// URIs outside it") {
        std::vector<ConfigurationResult> results;
        for (const char* path : {"./conf/flink-conf.yaml", "../../elsewhere/flink-conf.yaml",
                                 "/etc/flink/flink-conf.yaml", "/repo/deploy/my job.yaml"}) {
            results.push_back(unreadable_input(path, "cannot read"));
        }
        report::ValidateReportOptions options;
        options.working_directory = "/repo/sub";
        options.source_root = "/repo";
        std::ostringstream out;
        report::write_sarif(out, results, options);
        const std::string sarif = out.str();
        CHECK(sarif.find("\"originalUriBaseIds\": {\n        \"%SRCROOT%\": {\n          \"uri\": "
                         "\"file:///repo/\"") != std::string::npos);
        CHECK(sarif.find(
                  "\"uri\": \"sub/conf/flink-conf.yaml\",\n                  \"uriBaseId\": \"%SRCROOT%\"") !=
              std::string::npos);
        CHECK(sarif.find("\"uri\": \"file:///elsewhere/flink-conf.yaml\"\n") != std::string::npos);
        CHECK(sarif.find("\"uri\": \"file:///etc/flink/flink-conf.yaml\"\n") != std::string::npos);
        CHECK(sarif.find(
                  "\"uri\": \"deploy/my%20job.yaml\",\n                  \"uriBaseId\": \"%SRCROOT%\"") !=
              std::string::npos);
        CHECK(sarif.find("\"uri\": \".") == std::string::npos);
    }

    TEST_CASE("sarif: a finding keeps its fingerprint when lines above it move, not when it changes") {
        const auto fingerprints = [](const std::string& conf) {
            std::ostringstream out;
            report::write_sarif(out, {test::validate_conf(conf)}, {});
            std::vector<std::string> found;
            const std::string sarif = out.str();
            for (std::size_t at = sarif.find("flinkmemFinding/v1"); at != std::string::npos;
                 at = sarif.find("flinkmemFinding/v1", at + 1)) {
                found.push_back(sarif.substr(at + 22, 16));
            }
            return found;
        };
        const std::string conf = "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.task.heap: 1g\n";
        const auto before = fingerprints(conf);
        REQUIRE(before.size() == 1);
        CHECK(fingerprints("# a comment\n\n" + conf) == before);
        CHECK(fingerprints("taskmanager.memory.process.size: 1728m\ntaskmanager.memory.task.heap: 2g\n") !=
              before);
        CHECK(fingerprints("taskmanager.memory.process.size: 1728m\ntaskmanager.memory.task.off: 1g\n") !=
              before);
    }

    TEST_CASE("junit: a suite per configuration, a case per component, skipped when not configured") {
        report::ValidateReportOptions options;
        options.timestamp = "2026-11-25T12:00:00";
        const std::string xml = render(report::write_junit, options);
        CHECK(xml.find("<testsuite package=\"flinkmem.validate\" id=\"0\" name=\"conf/flink-conf.yaml\" "
                       "timestamp=\"2026-11-25T12:00:00\" hostname=\"localhost\" tests=\"3\" failures=\"1\" "
                       "errors=\"0\" skipped=\"0\" time=\"0\">") != std::string::npos);
        CHECK(xml.find("<testcase classname=\"conf/flink-conf.yaml\" name=\"taskmanager\" time=\"0\"/>") !=
              std::string::npos);  // a warning does not fail at --fail-on error
        CHECK(xml.find(
                  "<failure message=\"JobManager memory configuration failed: The configured Total Flink "
                  "Memory (52.000mb (54525952 bytes)) is less than the configured Off-heap Memory (128.000mb "
                  "(134217728 bytes)).\" type=\"FM100\">") != std::string::npos);
        CHECK(xml.find("<system-out>conf/flink-conf.yaml:2: warning: unknown key") != std::string::npos);
        options.fail_on = Severity::Warning;
        const std::string strict = render(report::write_junit, options);
        CHECK(strict.find("failures=\"2\"") != std::string::npos);
    }
}

TEST_SUITE("report_validate") {
    TEST_CASE("bytes that are not UTF-8 (a Latin-1 value) become U+FFFD in JSON, SARIF and JUnit") {
        std::vector<ConfigurationResult> results{
            test::validate_conf("taskmanager.memory.process.size: 1728m\n"
                                "taskmanager.memory.task.heap: caf\xE9\n")};
        std::ostringstream json;
        std::ostringstream sarif;
        std::ostringstream junit;
        report::write_validate_json(json, results, {});
        report::write_sarif(sarif, results, {});
        report::ValidateReportOptions options;
        options.fail_on = Severity::Warning;
        report::write_junit(junit, results, options);
        CHECK(json.str().find("(= 'caf\xEF\xBF\xBD')") != std::string::npos);
        CHECK(sarif.str().find("(= 'caf\xEF\xBF\xBD')") != std::string::npos);
        CHECK(junit.str().find("(= &apos;caf\xEF\xBF\xBD&apos;)") != std::string::npos);
        CHECK(junit.str().find('\xE9') == std::string::npos);
    }
}
