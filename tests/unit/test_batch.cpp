#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flinkmem/batch.hpp"

using namespace flinkmem;

namespace {

// The same request with a field the one-pass reader does not know, so that nlohmann's full reader
// answers it: both readers must give the same answer for every request the one-pass reader takes.
std::string through_full_reader(const std::string& line) {
    const auto brace = line.find('{');
    REQUIRE(brace != std::string::npos);
    return line.substr(0, brace + 1) + "\"zz\": [1, {\"x\": null}], " + line.substr(brace + 1);
}

const std::vector<std::string> kRequests = {
    R"({"id": "a", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1728m"}})",
    R"({"id":"b","component":"jobmanager","config":{"jobmanager.memory.process.size":"1600m"},"flink_version":"1.11"})",
    R"({"id": 42, "component": "taskmanager", "config": {"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}})",
    R"({"id": null, "component": "jobmanager", "config": {"jobmanager.memory.process.size": "500m"}})",
    R"({"id": 0, "component": "taskmanager", "config": {}})",
    R"({"component": "taskmanager", "config": {"taskmanager.memory.process.size": "1g"}})",
    R"(  { "id" : "ws" ,	"component" : "taskmanager" , "config" : { "taskmanager.memory.process.size" : "1g" } }  )",
    // Escapes, \u with surrogate pairs, duplicate keys (the last one counts).
    R"({"id": "esc", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1g\n", "k\u00e9y": "v\ud83d\ude00\\\/\"\t\b\f\r"}})",
    R"({"id": "dup", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1g", "taskmanager.memory.process.size": "2g"}})",
    R"({"id": "nul", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1g\u0000"}})",
    // Outputs.
    R"({"id": "f", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1728m"}, "output": "flags"})",
    R"({"id": "d", "component": "jobmanager", "config": {"jobmanager.memory.process.size": "1600m"}, "output": "dynamic", "flink_version": "1.11"})",
    R"({"id": "b1", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "1728m"}, "output": "bash", "flink_version": "1.10"})",
    R"({"id": "b2", "component": "jobmanager", "config": {"jobmanager.heap.size": "1g"}, "output": "bash", "flink_version": "1.16"})",
    R"({"id": "r", "component": "taskmanager", "config": {"taskmanager.memory.process.size": "100m"}, "output": "bash"})",
    // What the one-pass reader leaves to the full one.
    R"({"id": "jm110", "component": "jobmanager", "config": {}, "flink_version": "1.10"})",
    R"({"id": "gpu", "component": "gpu", "config": {}})",
    R"({"id": "v", "component": "taskmanager", "config": {}, "flink_version": "9.9"})",
    R"({"id": "o", "component": "taskmanager", "config": {}, "output": "xml"})",
    R"({"id": "n", "component": "taskmanager", "config": {"taskmanager.memory.process.size": 1728}})",
    R"({"id": {"nested": [1, 2.5e3]}, "component": "taskmanager", "config": {}})",
    R"({"id": "caf\u00e9", "component": "taskmanager", "config": {}})",
    R"({"id": 1.0, "component": "taskmanager", "config": {}})",
    R"({"id": -7, "component": "taskmanager", "config": {}})",
};

}  // namespace

TEST_SUITE("batch") {
    TEST_CASE("the one-pass reader answers every request exactly as the full reader does") {
        for (const auto& line : kRequests) {
            CAPTURE(line);
            const BatchAnswer fast = answer_batch_line(line, 7);
            const BatchAnswer full = answer_batch_line(through_full_reader(line), 7);
            CHECK(fast.json == full.json);
            CHECK(fast.invalid_request == full.invalid_request);
            CHECK(nlohmann::json::accept(fast.json));
        }
    }

    TEST_CASE("an output field carries what resolve --output prints") {
        const auto answer = nlohmann::json::parse(answer_batch_line(kRequests[10], 1).json);
        CHECK(
            answer["output"] ==
            "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456\n");
        const auto bash = nlohmann::json::parse(answer_batch_line(kRequests[13], 1).json);
        const std::string text = bash["output"];
        CHECK(text.find("INFO  [] - Loading dynamic configuration property: jobmanager.heap.size, 1g\n") !=
              std::string::npos);
        CHECK(text.ends_with("BASH_JAVA_UTILS_EXEC_RESULT:" + bash["dynamic_configs"].get<std::string>() +
                             "\n"));
        const auto rejected = nlohmann::json::parse(answer_batch_line(kRequests[14], 1).json);
        CHECK(rejected["ok"] == false);
        CHECK(rejected["output"] == "");
    }

    TEST_CASE("run_batch answers every line in order, across blocks and threads") {
        std::string input;
        std::vector<std::string> ids;
        for (int i = 0; i < 3000; ++i) {
            const std::string size = std::to_string(1000 + i) + "m";
            ids.push_back(std::to_string(i));
            input += R"({"id": )" + ids.back() +
                     R"(, "component": "taskmanager", "config": {"taskmanager.memory.process.size": ")" +
                     size + "\"}}\n";
            if (i % 500 == 0) input += "\n   \n";  // blank lines are skipped
        }
        input += R"({"id": "last", "component": "taskmanager", "config": {}})";  // no newline at the end
        std::istringstream in(input);
        std::ostringstream out;
        CHECK(run_batch(in, out) == 0);
        std::istringstream answers(out.str());
        std::string line;
        std::size_t count = 0;
        while (std::getline(answers, line)) {
            const auto answer = nlohmann::json::parse(line);
            if (count < ids.size()) {
                CHECK(answer["id"].dump() == ids[count]);
            } else {
                CHECK(answer["id"] == "last");
            }
            ++count;
        }
        CHECK(count == ids.size() + 1);
    }

    TEST_CASE("a lone surrogate is not valid JSON") {
        const auto answer =
            answer_batch_line(R"({"id": "lone", "component": "taskmanager", "config": {"k": "\ud800"}})", 1);
        CHECK(answer.invalid_request);
        CHECK(answer.json.find("not valid JSON") != std::string::npos);
    }

    TEST_CASE("an invalid request counts, and its line number is the line's in the input") {
        std::istringstream in("\n{\"id\": 1, \"component\": \"taskmanager\", \"config\": {}}\nnot json\n");
        std::ostringstream out;
        CHECK(run_batch(in, out) == 1);
        CHECK(out.str().find("\"error_message\":\"line 3: not valid JSON") != std::string::npos);
    }
}
