// Runs every golden case produced by Flink's own Java code through the library's batch protocol
// (the same resolve() entry point the CLI uses) and requires Flink's exact answer: byte counts, JVM
// flags, dynamic configs, or error class and message.
//
// Usage: flinkmem_golden_vectors FILE.jsonl [--show N]
// Prints one line per mismatch and a final "N passed, N failed"; exits 1 on any mismatch and on
// a missing or empty file (a golden test that checks nothing must not pass).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flinkmem/batch.hpp"

namespace {

using json = nlohmann::json;

std::vector<std::string> compare(const json& expect, const json& got) {
    std::vector<std::string> diffs;
    if (expect.at("ok") != got.at("ok")) {
        diffs.push_back("expected " + expect.dump() + ", got " + got.dump());
        return diffs;
    }
    if (expect.at("ok").get<bool>()) {
        for (const auto& [key, value] : expect.at("memory").items()) {
            if (got.at("memory").value(key, json()) != value) {
                diffs.push_back("memory." + key + ": expected " + value.dump() + ", got " +
                                got.at("memory").value(key, json()).dump());
            }
        }
        for (const char* key : {"jvm_params", "dynamic_configs"}) {
            if (expect.contains(key) && expect.at(key) != got.value(key, json())) {
                diffs.push_back(std::string(key) + ": expected " + expect.at(key).dump() + ", got " +
                                got.value(key, json()).dump());
            }
        }
    } else {
        for (const char* key : {"error_class", "error_message"}) {
            if (expect.at(key) != got.value(key, json())) {
                diffs.push_back(std::string(key) + ": expected " + expect.at(key).dump() + ", got " +
                                got.value(key, json()).dump());
            }
        }
    }
    return diffs;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: flinkmem_golden_vectors FILE.jsonl [--show N]\n";
        return 2;
    }
    const int show = argc >= 4 && std::string(argv[2]) == "--show" ? std::atoi(argv[3]) : 20;
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot read golden vectors " << argv[1] << "\n";
        return 1;
    }
    int passed = 0;
    int failed = 0;
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
        if (line.empty()) continue;
        const json vector = json::parse(line);
        json request{
            {"id", vector.at("id")}, {"component", vector.at("component")}, {"config", vector.at("config")}};
        if (vector.contains("flink_version")) request["flink_version"] = vector.at("flink_version");
        const json answer = json::parse(flinkmem::answer_batch_line(request.dump(), line_number).json);
        const auto diffs = compare(vector.at("expect"), answer);
        if (diffs.empty()) {
            ++passed;
            continue;
        }
        if (++failed <= show) {
            std::cout << "MISMATCH " << vector.at("id").get<std::string>() << " "
                      << vector.at("config").dump() << "\n";
            for (const auto& diff : diffs) std::cout << "    " << diff << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}
