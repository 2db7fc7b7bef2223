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

#include "flinkmem/resolve.hpp"

namespace {

struct Case {
    bool task_manager;
    flinkmem::Document document;
};

std::vector<Case> load(const std::string& path) {
    std::vector<Case> cases;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto vector = nlohmann::json::parse(line);
        Case c{vector.at("component") == "taskmanager", {}};
        for (const auto& [key, value] : vector.at("config").items())
            c.document.config.set(key, value.get<std::string>(), flinkmem::Source::batch_line(0));
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<Case> generate() {
    std::vector<Case> cases;
    for (int mib = 1024; mib < 1024 + 2000 * 7; mib += 7) {
        Case tm{true, {}};
        tm.document.config.set("taskmanager.memory.process.size", std::to_string(mib) + "m",
                               flinkmem::Source::dynamic_property());
        cases.push_back(std::move(tm));
        Case jm{false, {}};
        jm.document.config.set("jobmanager.memory.process.size", std::to_string(mib) + "m",
                               flinkmem::Source::dynamic_property());
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

    const flinkmem::Release& release = flinkmem::default_release();
    std::size_t answered = 0;
    std::size_t output_bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < rounds; ++round) {
        for (const auto& c : cases) {
            const flinkmem::Resolution resolution =
                flinkmem::resolve({c.document, release.version(),
                                   c.task_manager ? flinkmem::ComponentChoice::TaskManager
                                                  : flinkmem::ComponentChoice::JobManager});
            if (resolution.task_manager) {
                const auto& tm = *resolution.task_manager;
                output_bytes += tm.ok() ? tm.value().jvm_parameters.size() + tm.value().dynamic_configs.size()
                                        : tm.error().message().size();
            }
            if (resolution.job_manager) {
                const auto& jm = *resolution.job_manager;
                output_bytes += jm.ok() ? jm.value().jvm_parameters.size() : jm.error().message().size();
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
