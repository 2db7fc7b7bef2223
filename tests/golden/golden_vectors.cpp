// Runs every golden case produced by Flink's own Java code through the flinkmem library and
// requires Flink's exact answer: byte counts, JVM flags, dynamic configs, or error class and
// message.
//
// Usage: flinkmem_golden_vectors FILE.jsonl [--show N]
// Prints one line per mismatch and a final "N passed, N failed"; exits 1 on any mismatch and on
// a missing or empty file (a golden test that checks nothing must not pass).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flinkmem/model/jvm_args.hpp"

namespace {

using json = nlohmann::json;
using flinkmem::Configuration;
using flinkmem::Error;

template <typename Memory>
std::map<std::string, std::int64_t> memory_of(const Memory& memory) {
    std::map<std::string, std::int64_t> out;
    for (const auto& [name, size] : memory.named_sizes()) out.emplace(name, size.bytes());
    return out;
}

struct Outcome {
    bool ok = false;
    std::map<std::string, std::int64_t> memory;
    std::string jvm_params;
    std::string dynamic_configs;
    std::string error_class;
    std::string error_message;
};

template <typename Resolve>
Outcome run(const Configuration& config, Resolve resolve) {
    Outcome outcome;
    try {
        const auto memory = resolve(config);
        outcome.ok = true;
        outcome.memory = memory_of(memory);
        outcome.jvm_params = flinkmem::jvm_parameters(memory);
        outcome.dynamic_configs = flinkmem::dynamic_configs(memory);
    } catch (const Error& e) {
        outcome.error_class = std::string(e.class_name());
        outcome.error_message = e.message();
    }
    return outcome;
}

std::vector<std::string> compare(const json& expect, const Outcome& got) {
    std::vector<std::string> diffs;
    if (expect.at("ok").get<bool>() != got.ok) {
        diffs.push_back(got.ok ? "expected failure " + expect.at("error_class").get<std::string>() + ": " +
                                     expect.at("error_message").get<std::string>() + ", got success"
                               : "expected success, got " + got.error_class + ": " + got.error_message);
        return diffs;
    }
    if (got.ok) {
        for (const auto& [key, value] : expect.at("memory").items()) {
            const auto it = got.memory.find(key);
            if (it == got.memory.end() || it->second != value.get<std::int64_t>()) {
                diffs.push_back("memory." + key + ": expected " + value.dump() + ", got " +
                                (it == got.memory.end() ? "nothing" : std::to_string(it->second)));
            }
        }
        if (expect.at("jvm_params") != got.jvm_params) {
            diffs.push_back("jvm_params: expected " + expect.at("jvm_params").dump() + ", got \"" +
                            got.jvm_params + "\"");
        }
        if (expect.at("dynamic_configs") != got.dynamic_configs) {
            diffs.push_back("dynamic_configs: expected " + expect.at("dynamic_configs").dump() +
                            ", got \"" + got.dynamic_configs + "\"");
        }
    } else {
        if (expect.at("error_class") != got.error_class) {
            diffs.push_back("error_class: expected " + expect.at("error_class").dump() + ", got " + got.error_class);
        }
        if (expect.at("error_message") != got.error_message) {
            diffs.push_back("error_message: expected " + expect.at("error_message").dump() + ", got \"" +
                            got.error_message + "\"");
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
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const json vector = json::parse(line);
        Configuration config;
        for (const auto& [key, value] : vector.at("config").items()) config.set(key, value.get<std::string>(), flinkmem::Source::batch_line(0));
        const std::string component = vector.at("component");
        const Outcome outcome = component == "taskmanager" ? run(config, flinkmem::resolve_task_manager)
                                                           : run(config, flinkmem::resolve_job_manager);
        const auto diffs = compare(vector.at("expect"), outcome);
        if (diffs.empty()) {
            ++passed;
            continue;
        }
        if (++failed <= show) {
            std::cout << "MISMATCH " << vector.at("id").get<std::string>() << " " << vector.at("config").dump() << "\n";
            for (const auto& diff : diffs) std::cout << "    " << diff << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}
