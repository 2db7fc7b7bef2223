// `flinkmem diff`: two configurations, or one with and without -D changes, under one Flink version.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace flinkmem::cli {

struct DiffArgs {
    std::string conf_file;
    std::vector<std::string> dynamic_properties;
    std::string against_file;
    std::vector<std::string> changes;
    std::string component = "auto";
    std::string target = "standalone";
};

CLI::App* add_diff_command(CLI::App& app, DiffArgs& args);

// Exit codes as diff(1): 0 nothing changes, 1 something does, 2 bad input.
int run_diff(const DiffArgs& args);

}  // namespace flinkmem::cli
