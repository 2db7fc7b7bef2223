#include "app.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch.hpp"
#include "exit_codes.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/model/jvm_args.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "render.hpp"
#include "simulate.hpp"

namespace flinkmem::cli {

namespace {

using json = nlohmann::ordered_json;

// A problem with what the user gave us (not with the Flink configuration itself).
struct InputError {
    std::string message;
};

struct ResolveArgs {
    std::vector<std::string> dynamic_properties;
    std::string conf_file;
    std::string component = "auto";
    bool json_output = false;
};

// The configuration to resolve, and warnings about how it was read.
Configuration load_configuration(const ResolveArgs& args, std::vector<std::string>& warnings) {
    Configuration config;
    if (!args.conf_file.empty()) {
        std::error_code ignored;
        if (std::filesystem::is_directory(args.conf_file, ignored)) {
            throw InputError{fmt::format("cannot read {}: it is a directory, not a flink-conf.yaml",
                                         args.conf_file)};
        }
        std::ifstream file(args.conf_file, std::ios::binary);
        if (!file) throw InputError{fmt::format("cannot read {}: {}", args.conf_file, std::strerror(errno))};
        std::ostringstream text;
        text << file.rdbuf();
        FlinkConf conf = parse_flink_conf(text.str(), args.conf_file);
        for (const auto& warning : conf.warnings) warnings.push_back(warning.message);
        config = std::move(conf.config);
    }
    for (const auto& property : args.dynamic_properties) {
        const auto equals = property.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw InputError{fmt::format("-D {}: expected key=value", property)};
        }
        config.set(property.substr(0, equals), property.substr(equals + 1), Source::dynamic_property());
    }
    return config;
}

// "auto" resolves the components the configuration talks about (both if it mentions neither),
// so `-D taskmanager.memory.process.size=4g` does not fail on an unconfigured JobManager.
std::pair<bool, bool> components_to_resolve(const ResolveArgs& args, const Configuration& config) {
    if (args.component == "taskmanager") return {true, false};
    if (args.component == "jobmanager") return {false, true};
    if (args.component == "both") return {true, true};
    bool task_manager = false;
    bool job_manager = false;
    for (const auto& [key, entry] : config.entries()) {
        task_manager = task_manager || key.starts_with("taskmanager.") ||
                       key.starts_with("external-resource");
        job_manager = job_manager || key.starts_with("jobmanager.");
    }
    if (!task_manager && !job_manager) return {true, true};
    return {task_manager, job_manager};
}

template <typename Resolve>
int resolve_component(const char* name, const Configuration& config, bool json_output, json& report,
                      Resolve resolve) {
    try {
        const auto memory = resolve(config);
        if (json_output) {
            report[name] = json{{"ok", true},
                                {"memory", memory_json(memory)},
                                {"jvm_params", jvm_parameters(memory)},
                                {"dynamic_configs", dynamic_configs(memory)},
                                {"derivation", derivation_json(memory)}};
        } else {
            std::cout << render_text(memory);
        }
        return kOk;
    } catch (const Error& e) {
        if (json_output) {
            json failure{{"ok", false}};
            failure.update(error_json(e));
            report[name] = std::move(failure);
        } else {
            std::cerr << render_error(name, e);
        }
        return kFlinkRejects;
    }
}

// Flink ignores unknown keys silently; a typo in a memory key changes the result, so say so.
void warn_about_unknown_keys(const Configuration& config, std::vector<std::string>& warnings) {
    for (const auto& unknown : unknown_memory_keys(config)) {
        std::string message = fmt::format("{}: unknown key '{}' (= '{}') is ignored by Flink",
                                          unknown.entry.source.describe(), unknown.key,
                                          unknown.entry.value);
        if (unknown.suggestion) message += fmt::format("; did you mean '{}'?", *unknown.suggestion);
        warnings.push_back(std::move(message));
    }
}

int run_resolve(const ResolveArgs& args) {
    std::vector<std::string> warnings;
    const Configuration config = load_configuration(args, warnings);
    warn_about_unknown_keys(config, warnings);
    const auto [task_manager, job_manager] = components_to_resolve(args, config);
    json report = json::object();
    report["warnings"] = warnings;
    if (!args.json_output) {
        for (const auto& warning : warnings) std::cerr << "flinkmem: warning: " << warning << '\n';
    }
    int exit_code = kOk;
    if (task_manager) {
        exit_code = std::max(exit_code, resolve_component("taskmanager", config, args.json_output,
                                                          report, resolve_task_manager));
    }
    if (job_manager) {
        if (task_manager && !args.json_output) std::cout << '\n';
        exit_code = std::max(exit_code, resolve_component("jobmanager", config, args.json_output,
                                                          report, resolve_job_manager));
    }
    if (args.json_output) std::cout << report.dump(2) << '\n';
    return exit_code;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"flinkmem: Apache Flink's memory model, byte-exact (Flink 1.20)"};
    app.set_version_flag("--version", "flinkmem 0.1.0 (Flink 1.20 rules)");
    app.require_subcommand(1);

    ResolveArgs resolve_args;
    CLI::App* resolve = app.add_subcommand(
        "resolve", "Derive the TaskManager and/or JobManager memory breakdown of one configuration");
    resolve->add_option("-D", resolve_args.dynamic_properties, "A configuration entry key=value (repeatable)")
        ->allow_extra_args(false);
    resolve->add_option("--conf", resolve_args.conf_file, "A legacy flink-conf.yaml to start from");
    resolve->add_option("--component", resolve_args.component,
                        "taskmanager, jobmanager, both, or auto (the ones the configuration mentions)")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    resolve->add_flag("--json", resolve_args.json_output, "Print JSON instead of text");

    app.add_subcommand("batch", "Answer JSON Lines requests from stdin, one JSON line each");
    SimulateArgs simulate_args;
    add_simulate_command(app, simulate_args);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kBadInput;
    }

    try {
        if (app.got_subcommand("batch")) return run_batch(std::cin, std::cout);
        if (app.got_subcommand("simulate")) return run_simulate(simulate_args);
        return run_resolve(resolve_args);
    } catch (const InputError& e) {
        std::cerr << "flinkmem: error: " << e.message << '\n';
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "flinkmem: internal error: " << e.what() << '\n';
        return kInternalError;
    }
}

}  // namespace flinkmem::cli
