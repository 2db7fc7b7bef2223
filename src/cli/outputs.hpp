// `resolve --output FORMAT --target TARGET`: every output of one resolved configuration
// (text, json, yaml, flags, dynamic, bash, command, tree, svg) on every deployment target
// (standalone, kubernetes, yarn). app.cpp registers the options and hands over to run_outputs.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"

namespace flinkmem::cli {

struct OutputOptions {
    std::string output = "text";
    std::string target = "standalone";
};

// Adds --output and --target to `resolve`.
void add_output_options(CLI::App& command, OutputOptions& options);

// Whether run_outputs must answer (anything but today's standalone text or JSON).
bool wants_outputs(const OutputOptions& options);

struct OutputRequest {
    const Configuration& config;
    std::vector<std::string> warnings;  // from reading the configuration; printed to stderr (or in the document)
    bool task_manager = true;
    bool job_manager = false;
    std::string conf_file;              // the --conf file as given, empty if none
    FlinkVersion version = kDefaultFlinkVersion;
};

// Writes the requested output to `out` (warnings and errors to `err`); returns the exit code.
int run_outputs(const OutputOptions& options, const OutputRequest& request, std::ostream& out, std::ostream& err);

}  // namespace flinkmem::cli
