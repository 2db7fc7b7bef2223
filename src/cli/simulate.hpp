// `flinkmem simulate`: deploy a job into resolved TaskManagers, count every network buffer pool
// and managed-memory consumer, and exercise real pools. All logic lives in the core
// (flinkmem/sim); this file only reads the command line and files and renders the report.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace flinkmem::cli {

struct SimulateArgs {
    std::vector<std::string> dynamic_properties;
    std::string conf_file;
    std::string document;  // --document
    std::string job_file;
    std::optional<int> parallelism;
    std::string mode;  // "streaming" or "batch"; empty: execution.runtime-mode of the document
    std::optional<int> task_managers;
    std::string flink_version;    // empty: the release the configuration names, else the default
    std::string format = "text";  // -o/--output
    bool json_output = false;     // -o json (or the deprecated --json)
    bool no_exercise = false;
    std::string spill_dir;
    std::string memory_budget;
    std::vector<std::string> input_bytes;  // --input-bytes SIZE or NAME=SIZE (repeatable)
};

// Runs it; returns the exit code (0 the job fits, 1 Flink would fail, 2 bad input).
int run_simulate(const SimulateArgs& args);

}  // namespace flinkmem::cli
