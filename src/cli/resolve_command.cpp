#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "inputs.hpp"
#include "outputs.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/resolve.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

struct ResolveArgs {
    InputArgs inputs;
    OutputOptions outputs;
    std::string component = "auto";
    std::string flink_version;
    bool json_output = false;
};

ComponentChoice component_choice(const std::string& name) {
    if (name == "taskmanager") return ComponentChoice::TaskManager;
    if (name == "jobmanager") return ComponentChoice::JobManager;
    if (name == "both") return ComponentChoice::Both;
    return ComponentChoice::Auto;
}

// Flink ignores unknown keys silently; a typo in a memory key changes the result, so say so.
void warn_about_unknown_keys(const Configuration& config, const Release& release, std::vector<std::string>& warnings) {
    for (const auto& unknown : unknown_memory_keys(config, release.options())) {
        std::string message = fmt::format("{}: unknown key '{}' (= '{}') is ignored by Flink {}",
                                          unknown.entry.source.describe(), unknown.key, unknown.entry.value,
                                          release.version().to_string());
        if (unknown.suggestion) message += fmt::format("; did you mean '{}'?", *unknown.suggestion);
        warnings.push_back(std::move(message));
    }
}

// The release an input is resolved for: --flink-version, else the version the input names
// (a FlinkDeployment's flinkVersion, an image tag), else the default.
const Release& release_of(const ResolveArgs& args, const LoadedInput& input, std::string& chosen_by) {
    if (!args.flink_version.empty() || !input.flink_version) {
        chosen_by = args.flink_version;
        return release_for(args.flink_version);
    }
    const Release* named = find_release(*input.flink_version);
    if (named == nullptr) {
        throw CliError(fmt::format("{}names Flink {}, which flinkmem does not know; supported: {} (or set "
                                   "--flink-version)",
                                   input.name.empty() ? "the input " : input.name + " ",
                                   input.flink_version->to_string(), supported_versions_text()));
    }
    chosen_by = "the input";
    return *named;
}

int resolve_one(const ResolveArgs& args, const LoadedInput& input) {
    std::string chosen_by;
    const Release& release = release_of(args, input, chosen_by);
    std::vector<std::string> warnings = input.warnings;
    warn_about_unknown_keys(input.config, release, warnings);
    if (wants_outputs(args.outputs)) {
        const auto components = component_choice(args.component) == ComponentChoice::Auto
                                    ? components_sized_by(input.config, release)
                                    : std::vector<Component>{};
        const auto wants = [&](Component c, ComponentChoice only) {
            const auto choice = component_choice(args.component);
            return choice == ComponentChoice::Both || choice == only ||
                   std::find(components.begin(), components.end(), c) != components.end();
        };
        return run_outputs(args.outputs,
                           {input.config, warnings, wants(Component::TaskManager, ComponentChoice::TaskManager),
                            wants(Component::JobManager, ComponentChoice::JobManager), args.inputs.conf_file,
                            release.version()},
                           std::cout, std::cerr);
    }
    const Resolution resolution = resolve({input.config, release, component_choice(args.component)});

    if (args.json_output) {
        report::write_json(std::cout, resolution, warnings, input.name);
        return resolution.ok() ? kOk : kFlinkRejects;
    }
    for (const auto& warning : warnings) std::cerr << "flinkmem: warning: " << warning << '\n';
    for (const auto& note : resolution.notes) std::cerr << "flinkmem: note: " << note << '\n';
    // stdout is not synchronized with stderr: flush before an error goes to stderr.
    std::cout << describe_release_choice(release, chosen_by) << "\n\n" << std::flush;
    if (resolution.task_manager) {
        if (resolution.task_manager->ok()) {
            report::write_text(std::cout, resolution.task_manager->value());
        } else {
            report::write_error_text(std::cerr, Component::TaskManager, resolution.task_manager->error());
        }
    }
    if (resolution.job_manager) {
        if (resolution.task_manager) std::cout << '\n' << std::flush;
        if (resolution.job_manager->ok()) {
            report::write_text(std::cout, resolution.job_manager->value());
        } else {
            report::write_error_text(std::cerr, Component::JobManager, resolution.job_manager->error());
        }
    }
    return resolution.ok() ? kOk : kFlinkRejects;
}

int run_resolve(const ResolveArgs& args) {
    const FlinkVersion version = release_for(args.flink_version).version();
    return resolve_each(load_inputs(args.inputs, version), args.json_output,
                        [&args](const LoadedInput& input) { return resolve_one(args, input); });
}

}  // namespace

Command add_resolve_command(CLI::App& app) {
    auto args = std::make_shared<ResolveArgs>();
    CLI::App* resolve = app.add_subcommand(
        "resolve", "Derive the TaskManager and/or JobManager memory breakdown of one configuration");
    add_input_options(*resolve, args->inputs);
    resolve->add_option("--component", args->component,
                        "taskmanager, jobmanager, both, or auto (the processes whose memory the "
                        "configuration sizes; both when it sizes neither)")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    add_flink_version_option(*resolve, args->flink_version);
    resolve->add_flag("--json", args->json_output, "Print JSON instead of text (short for --output json)");
    add_output_options(*resolve, args->outputs);
    return {resolve, [args] {
                if (args->json_output) args->outputs.output = "json";
                args->json_output = args->outputs.output == "json";
                return run_resolve(*args);
            }};
}

}  // namespace flinkmem::cli
