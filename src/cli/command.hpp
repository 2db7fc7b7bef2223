// What every command of the CLI shares: how it is registered and how it fails.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "exit_codes.hpp"

namespace flinkmem::cli {

// A problem with what the user gave us (not with the Flink configuration itself), with the exit
// code it ends the run with, as CLI11's own errors carry theirs.
class CliError : public std::runtime_error {
public:
    explicit CliError(std::string message, int exit_code = kBadInput)
        : std::runtime_error(std::move(message)), exit_code_(exit_code) {}
    int exit_code() const { return exit_code_; }

private:
    int exit_code_;
};

// A registered subcommand: run() is called when the command line chose it.
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

Command add_resolve_command(CLI::App& app);
Command add_batch_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_init_command(CLI::App& app);
Command add_diff_command(CLI::App& app);
Command add_simulate_command(CLI::App& app);
Command add_doctor_command(CLI::App& app);
Command add_tune_command(CLI::App& app);
Command add_completion_command(CLI::App& app);

}  // namespace flinkmem::cli
