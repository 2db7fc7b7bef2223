// Throughput of the resolver: how many TaskManager/JobManager configurations per second the
// library derives (the work behind `flinkmem batch`), on the golden vectors' configurations or,
// without a file, on generated ones. Prints figures; checks nothing.
//
// Usage: bench_resolve [VECTORS.jsonl] [--rounds N]
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flinkmem/model/jvm_args.hpp"

namespace {

struct Case {
    bool task_manager;
    flinkmem::Configuration config;
};

std::vector<Case> load(const std::string& path) {
    std::vector<Case> cases;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto vector = nlohmann::json::parse(line);
        Case c{vector.at("component") == "taskmanager", {}};
        for (const auto& [key, value] : vector.at("config").items()) c.config.set(key, value.get<std::string>(), flinkmem::Source::batch_line(0));
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<Case> generate() {
    std::vector<Case> cases;
    for (int mib = 1024; mib < 1024 + 2000 * 7; mib += 7) {
        Case tm{true, {}};
        tm.config.set("taskmanager.memory.process.size", std::to_string(mib) + "m");
        cases.push_back(std::move(tm));
        Case jm{false, {}};
        jm.config.set("jobmanager.memory.process.size", std::to_string(mib) + "m");
        cases.push_back(std::move(jm));
    }
    return cases;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    int rounds = 20;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
        } else {
            path = arg;
        }
    }
    const std::vector<Case> cases = path.empty() ? generate() : load(path);
    if (cases.empty()) {
        std::cerr << "bench_resolve: no cases\n";
        return 2;
    }

    std::size_t answered = 0;
    std::size_t output_bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < rounds; ++round) {
        for (const auto& c : cases) {
            try {
                if (c.task_manager) {
                    const auto m = flinkmem::resolve_task_manager(c.config);
                    output_bytes += flinkmem::jvm_parameters(m).size() + flinkmem::dynamic_configs(m).size();
                } else {
                    const auto m = flinkmem::resolve_job_manager(c.config);
                    output_bytes += flinkmem::jvm_parameters(m).size() + flinkmem::dynamic_configs(m).size();
                }
            } catch (const flinkmem::Error& e) {
                output_bytes += e.message().size();
            }
            ++answered;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("cases: {} ({}) x {} rounds\n", cases.size(), path.empty() ? "generated" : path, rounds);
    fmt::print("resolved: {} in {:.3f} s\n", answered, seconds);
    fmt::print("throughput: {:.0f} configurations/s, {:.2f} us each\n", answered / seconds,
               seconds / static_cast<double>(answered) * 1e6);
    fmt::print("peak RSS: {} KiB (checksum {})\n", usage.ru_maxrss, output_bytes);
    return 0;
}
