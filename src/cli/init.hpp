// `flinkmem init`: list the profiles, or write a sized configuration for one of them.
#pragma once

#include <CLI/CLI.hpp>

namespace flinkmem::cli {

struct InitArgs {
    bool list = false;
    std::string profile;
    std::string memory;
    int slots = 1;
    std::string format;
    std::string
        output;  // -o/--output: config.yaml, flink-conf.yaml, flinkdeployment (or, deprecated, a file)
    std::string managed;
    std::string network;
    std::string task_heap;
};

int run_init(const InitArgs& args);

}  // namespace flinkmem::cli
