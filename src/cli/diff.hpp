// `flinkmem diff`: two configurations, one with and without -D changes, or one under two Flink
// releases (--flink-version 1.15 --against 2.0): every figure and outcome that changes.
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
    std::string target;           // empty: the deployment each document implies
    std::string format = "text";  // -o/--output
    std::string document;         // --document: one configuration of a multi-document file
    std::string flink_version;    // the release of the first side (default 1.20)
    std::string against_version;  // the release of the other side (default: the same)
};

// Exit codes as diff(1): 0 nothing changes, 1 something does, 2 bad input.
int run_diff(const DiffArgs& args);

}  // namespace flinkmem::cli
