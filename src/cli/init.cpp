#include "init.hpp"

#include <memory>

#include "command.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "flinkmem/readers/operator_memory.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/tuning/init.hpp"
#include "output_file.hpp"

namespace flinkmem::cli {

namespace {

std::optional<MemorySize> size_option(const std::string& name, const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        return MemorySize::parse(text);
    } catch (const Error& e) {
        throw CliError(fmt::format("{} {}: {}", name, text, e.message()));
    }
}

// --memory: a Flink size (4g, 4096m) or, as a container's memory is written on Kubernetes, a
// quantity (4Gi, 4G), read as the operator reads spec.*.resource.memory.
MemorySize budget_option(const std::string& text) {
    try {
        return MemorySize::parse(text);
    } catch (const Error&) {
        // Not Flink's syntax: the Kubernetes quantity below decides, with its own message.
    }
    try {
        return MemorySize::parse(operator_memory_string(text));
    } catch (const Error& e) {
        throw CliError(
            fmt::format("--memory {}: neither a Flink size (4g, 4096m) nor a Kubernetes quantity "
                        "(4Gi): {}",
                        text, e.message()));
    }
}

}  // namespace

namespace {

CLI::App* add_init_options(CLI::App& app, InitArgs& args) {
    CLI::App* init = app.add_subcommand(
        "init", "Write a configuration for a deployment profile, sized to a memory budget");
    init->add_flag("--list", args.list, "List the profiles, one per line");
    init->add_option("--profile", args.profile, "The profile (see --list)");
    init->add_option("--memory", args.memory, "The TaskManager's container / process budget, e.g. 4g");
    init->add_option("--slots", args.slots, "Task slots per TaskManager (default 1)");
    init->add_option(
        "-o,--output", args.output,
        "What to write: config.yaml, flink-conf.yaml or flinkdeployment (default: the profile's)");
    init->add_option("--format", args.format, "Deprecated: -o/--output")
        ->check(CLI::IsMember({"config.yaml", "flink-conf.yaml", "flinkdeployment"}));
    init->add_option("--managed", args.managed, "Managed memory target, solved for exactly");
    init->add_option("--network", args.network, "Network memory target, solved for exactly");
    init->add_option("--task-heap", args.task_heap, "Task heap target, solved for exactly");
    return init;
}

}  // namespace

Command add_init_command(CLI::App& app) {
    auto args = std::make_shared<InitArgs>();
    CLI::App* command = add_init_options(app, *args);
    return {command, [args] { return run_init(*args); }};
}

int run_init(const InitArgs& args) {
    try {
        if (args.list) {
            for (const auto& profile : tuning::profiles()) std::cout << profile.name << '\n';
            return kOk;
        }
        if (args.profile.empty() || args.memory.empty()) {
            throw CliError("init needs --profile NAME and --memory SIZE (or --list)");
        }
        tuning::InitRequest request;
        request.profile = tuning::find_profile(args.profile);
        if (request.profile == nullptr) {
            throw CliError(
                fmt::format("unknown profile '{}'; `flinkmem init --list` names them", args.profile));
        }
        request.memory = budget_option(args.memory);
        request.slots = args.slots;
        std::string format = args.output;
        if (!args.format.empty()) {
            std::cerr << "flinkmem: note: --format is deprecated; use -o/--output " << args.format << '\n';
            format = args.format;
        }
        std::string output_file;
        if (!format.empty() && !tuning::parse_format(format)) {
            // Before -o named the format everywhere, init's -o was the file to write.
            std::cerr << "flinkmem: note: -o FILE is deprecated for init; use --output-file " << format
                      << '\n';
            output_file = format;
            format.clear();
        }
        if (!format.empty()) request.format = tuning::parse_format(format);
        request.targets.managed = size_option("--managed", args.managed);
        request.targets.network = size_option("--network", args.network);
        request.targets.task_heap = size_option("--task-heap", args.task_heap);
        const auto generated = tuning::generate_configuration(request);
        if (output_file.empty()) {
            std::cout << generated.text;
        } else {
            write_atomically(output_file, generated.text);
            std::cerr << fmt::format("flinkmem: wrote {} ({})\n", output_file,
                                     tuning::name_of(generated.format));
        }
        return kOk;
    } catch (const Error& e) {
        report::write_error_text(std::cerr, Component::TaskManager, e);
        return kFlinkRejects;
    }
}

}  // namespace flinkmem::cli
