#include "simulate.hpp"

#include <memory>

#include "command.hpp"
#include "flinkmem/sim/network_rules.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "exit_codes.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/readers/input_file.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/report/simulate.hpp"
#include "flinkmem/sim/adaptive_parallelism.hpp"
#include "flinkmem/sim/document_job.hpp"
#include "flinkmem/sim/simulate.hpp"
#include "inputs.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

using namespace flinkmem::sim;

std::string read_file(const std::string& path) {
    try {
        return read_input(path);
    } catch (const Error& e) {
        throw CliError(e.hint().empty() ? e.message() : e.message() + "\n  hint: " + e.hint());
    }
}

// The configuration (any format the readers know, then -D), and warnings about how it was read.
LoadedInput load_configuration(const SimulateArgs& args, const Release& release) {
    InputArgs input;
    input.conf_file = args.conf_file;
    input.dynamic_properties = args.dynamic_properties;
    input.document = args.document;
    auto inputs = load_inputs(input, release.version());
    if (inputs.size() != 1) {
        throw CliError(
            fmt::format("{} holds {} configurations; simulate takes one (pick one with --document)",
                        args.conf_file, inputs.size()));
    }
    LoadedInput loaded = std::move(inputs.front());
    for (const auto& unknown : unknown_memory_keys(loaded.document.config, release.options())) {
        std::string message = fmt::format("{}: unknown key '{}' (= '{}') is ignored by Flink {}",
                                          unknown.entry.source.describe(), unknown.key, unknown.entry.value,
                                          release.version().to_string());
        if (unknown.suggestion) message += fmt::format("; did you mean '{}'?", *unknown.suggestion);
        loaded.warnings.push_back(std::move(message));
    }
    return loaded;
}

// --job, else the job the document describes (sim::document_job, as validate's FM119 takes it),
// --parallelism and --mode overriding it. A parallelism.default Flink cannot read is its error,
// returned as a value.
Outcome<JobGraph> load_job(const SimulateArgs& args, const Document& document, const Resolution& resolution) {
    std::optional<JobMode> mode;
    if (!args.mode.empty()) mode = args.mode == "batch" ? JobMode::Batch : JobMode::Streaming;
    if (!args.job_file.empty()) {
        const std::string text = read_file(args.job_file);
        const auto extension = std::filesystem::path(args.job_file).extension().string();
        if (extension == ".yaml" || extension == ".yml") return read_job_yaml(text, args.job_file);
        return read_job_json(text, args.job_file, mode.value_or(JobMode::Streaming));
    }
    std::int32_t slots = 1;
    try {
        slots = read_settings(*resolution.effective, resolution.release->version()).num_slots;
    } catch (const Error&) {
        slots = 1;  // simulate() reports the bad value with Flink's message
    }
    JobOverrides overrides;
    overrides.parallelism = args.parallelism;
    overrides.mode = mode;
    DocumentJobGraph described = document_job(document, *resolution.release, overrides, slots);
    if (described.error) return *described.error;
    return std::move(described.job);
}

std::optional<std::int64_t> parse_budget(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        const MemorySize size = MemorySize::parse(text);
        if (size.bytes() <= 0) throw CliError(fmt::format("--memory-budget {}: must be positive", text));
        return size.bytes();
    } catch (const Error& e) {
        throw CliError(fmt::format("--memory-budget {}: {}", text, e.message()));
    }
}

// --input-bytes SIZE (the job's only source) or NAME=SIZE (repeatable), in Flink's size syntax.
InputBytes parse_input_bytes(const std::vector<std::string>& texts) {
    InputBytes bytes;
    for (const std::string& text : texts) {
        const auto equals = text.find('=');
        const std::string name = equals == std::string::npos ? std::string() : text.substr(0, equals);
        const std::string size_text = equals == std::string::npos ? text : text.substr(equals + 1);
        std::int64_t size = 0;
        try {
            size = MemorySize::parse(size_text).bytes();
        } catch (const Error& e) {
            throw CliError(
                fmt::format("--input-bytes {}: '{}' is not a size: {}\n  hint: give the bytes a source "
                            "produces in Flink's size syntax, e.g. --input-bytes 10g or "
                            "--input-bytes orders=512m",
                            text, size_text, e.message()));
        }
        if (equals != std::string::npos && name.empty()) {
            throw CliError(
                fmt::format("--input-bytes {}: the source's name is empty\n  hint: NAME=SIZE, e.g. "
                            "--input-bytes orders=512m",
                            text));
        }
        if (name.empty()) {
            if (bytes.only_source) {
                throw CliError(
                    fmt::format("--input-bytes {}: a size without a name is given twice\n  hint: name "
                                "the sources, e.g. --input-bytes orders=512m",
                                text));
            }
            bytes.only_source = size;
        } else if (!bytes.by_source.emplace(name, size).second) {
            throw CliError(fmt::format("--input-bytes {}: source '{}' is given twice", text, name));
        }
    }
    return bytes;
}

extern "C" void on_interrupt(int) {
    request_interrupt();
}

}  // namespace

namespace {

CLI::App* add_simulate_options(CLI::App& app, SimulateArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "simulate",
        "Deploy a job into the resolved TaskManagers: network buffers, managed memory, real pools");
    cmd->add_option("-D", args.dynamic_properties, "A configuration entry key=value (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option(
        "--conf", args.conf_file,
        "The configuration: any format resolve reads (flink-conf.yaml, config.yaml, FlinkDeployment, "
        "ConfigMap, Compose); - reads stdin");
    cmd->add_option("--document", args.document,
                    "One configuration of a file holding several (number or name)");
    cmd->add_option("--job", args.job_file,
                    "The job: REST plan JSON, execution plan JSON, or a YAML job shape (.yaml/.yml)");
    cmd->add_option("--parallelism", args.parallelism,
                    "Simulate source -> keyBy -> sink with this parallelism")
        ->check(CLI::Range(1, 32768));
    cmd->add_option("--mode", args.mode, "streaming or batch (the shortcut's and execution plan's exchanges)")
        ->check(CLI::IsMember({"streaming", "batch"}));
    cmd->add_option("--taskmanagers", args.task_managers,
                    "TaskManagers (default: as many as the job's slots need)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option(
           "--input-bytes", args.input_bytes,
           "Bytes a source produces, for the parallelism Flink decides in batch (AdaptiveBatchScheduler): "
           "SIZE for the only source, else NAME=SIZE per source (repeatable), e.g. 10g")
        ->allow_extra_args(false);
    add_flink_version_option(*cmd, args.flink_version);
    add_format_option(*cmd, args.format, {"text", "json"}, "text or json");
    cmd->add_flag("--json", args.json_output, "Deprecated: -o json");
    cmd->add_flag("--no-exercise", args.no_exercise, "Plan only; allocate nothing");
    cmd->add_option("--spill-dir", args.spill_dir, "Where the sort spills (default: the system temp dir)");
    cmd->add_option("--memory-budget", args.memory_budget,
                    "Memory the exercise may allocate, e.g. 2g (default: 256m or a quarter of what is "
                    "available, whichever is smaller)");
    return cmd;
}

}  // namespace

Command add_simulate_command(CLI::App& app) {
    auto args = std::make_shared<SimulateArgs>();
    CLI::App* command = add_simulate_options(app, *args);
    return {command, [args] {
                if (args->json_output) std::cerr << "flinkmem: note: --json is deprecated; use -o json\n";
                args->json_output = args->json_output || args->format == "json";
                return run_simulate(*args);
            }};
}

int run_simulate(const SimulateArgs& args) {
    try {
        if (!args.job_file.empty() && args.parallelism)
            throw CliError("--job and --parallelism exclude each other");
        const Release& release = release_for(args.flink_version);
        LoadedInput input = load_configuration(args, release);
        std::vector<std::string> warnings = std::move(input.warnings);
        const Resolution resolution = resolve({input.document, requested_version(args.flink_version),
                                               ComponentChoice::TaskManager, std::nullopt});
        if (resolution.error) throw CliError(resolution.error->message());
        if (!has_network_rules(resolution.release->version())) {
            throw CliError(
                fmt::format("Flink {}: the simulator knows the network rules of Flink {} and later "
                            "(pick one with --flink-version)",
                            resolution.release->version().to_string(), oldest_network_rules().to_string()));
        }
        SimulationRequest request;
        request.resolution = &resolution;
        const Outcome<JobGraph> job = load_job(args, input.document, resolution);
        if (!job.ok()) {
            report::write_error_text(std::cerr, Component::TaskManager, job.error());
            return kFlinkRejects;  // parallelism.default Flink cannot read
        }
        request.job = job.value();
        request.input_bytes = parse_input_bytes(args.input_bytes);
        if (const auto wrong = check_input_bytes(request.job, request.input_bytes)) throw CliError(*wrong);
        request.task_managers = args.task_managers;
        request.exercise = !args.no_exercise;
        request.exercise_options.spill_dir = args.spill_dir;
        request.exercise_options.memory_budget = parse_budget(args.memory_budget);
        if (!args.json_output) {
            for (const auto& warning : warnings) std::cerr << "flinkmem: warning: " << warning << '\n';
        }
        std::signal(SIGINT, on_interrupt);
        std::signal(SIGTERM, on_interrupt);
        // The configuration itself is what Flink rejects.
        const auto rejected = [&](const Error& e) {
            if (args.json_output) {
                std::cout << report::simulation_rejected_json(e, warnings) << '\n';
            } else {
                report::write_error_text(std::cerr, Component::TaskManager, e);
            }
            return kFlinkRejects;
        };
        SimulationReport report;
        try {
            report = simulate(request);
        } catch (const Error& e) {
            if (e.is(ErrorClass::SpillDirectoryException)) throw CliError(e.message());
            if (e.is(ErrorClass::InterruptedException)) {
                std::cerr << "flinkmem: interrupted; spill files removed\n";
                return 130;
            }
            return rejected(e);  // what the exercise's allocations throw, as Flink's would
        }
        if (report.configuration_rejected && report.error) return rejected(*report.error);
        if (args.json_output) {
            std::cout << report::simulation_json(report, warnings) << '\n';
        } else {
            std::cout << report::simulation_text(report);
        }
        return report.ok ? kOk : kFlinkRejects;
    } catch (const JobFormatError& e) {
        std::cerr << "flinkmem: error: " << e.what() << '\n';
        return kBadInput;
    }
}

}  // namespace flinkmem::cli
