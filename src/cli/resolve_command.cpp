#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "flinkmem/resolve.hpp"
#include "inputs.hpp"
#include "outputs.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

struct ResolveArgs {
    InputArgs inputs;
    std::string format = "text";
    std::string target;  // empty: the deployment the document implies
    std::string component = "auto";
    std::string flink_version;
    bool json_output = false;  // --json, short for -o json
};

ComponentChoice component_choice(const std::string& name) {
    if (name == "taskmanager") return ComponentChoice::TaskManager;
    if (name == "jobmanager") return ComponentChoice::JobManager;
    if (name == "both") return ComponentChoice::Both;
    return ComponentChoice::Auto;
}

// Flink ignores unknown keys silently; a typo in a memory key changes the result, so say so.
void warn_about_unknown_keys(const Configuration& config, const Release& release,
                             std::vector<std::string>& warnings) {
    for (const auto& unknown : unknown_memory_keys(config, release.options())) {
        std::string message = fmt::format("{}: unknown key '{}' (= '{}') is ignored by Flink {}",
                                          unknown.entry.source.describe(), unknown.key, unknown.entry.value,
                                          release.version().to_string());
        if (unknown.suggestion) message += fmt::format("; did you mean '{}'?", *unknown.suggestion);
        warnings.push_back(std::move(message));
    }
}

int resolve_one(const ResolveArgs& args, const LoadedInput& input) {
    std::optional<Target> target;
    if (!args.target.empty()) target = parse_target(args.target);
    // BashJavaUtils reads the configuration as the start scripts do (also inside a Kubernetes
    // JobManager pod), whatever the target.
    if (args.format == "bash") target = Target::Standalone;
    const Resolution resolution = resolve(
        {input.document, requested_version(args.flink_version), component_choice(args.component), target});
    if (resolution.error)
        throw CliError(resolution.error->message() + "\n  hint: " + resolution.error->hint());
    std::vector<std::string> warnings = input.warnings;
    warn_about_unknown_keys(input.document.config, *resolution.release, warnings);
    return write_outputs({resolution, args.format, warnings,
                          input.named ? input.document.name : std::string(), args.inputs.conf_file},
                         std::cout, std::cerr);
}

int run_resolve(const ResolveArgs& args) {
    const FlinkVersion version = release_for(args.flink_version).version();
    const auto inputs = load_inputs(args.inputs, version);
    // What scripts read (flags, a java command, YAML) carries one answer: a file with several
    // configurations needs --document. Text and tree get a header per configuration, JSON an array.
    if (inputs.size() > 1 && args.format != "text" && args.format != "tree" && args.format != "json") {
        std::string names;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", i + 1, inputs[i].document.name);
        }
        throw CliError(
            fmt::format("-o {} prints one configuration, and {} holds {}: {}; pick one with --document",
                        args.format, args.inputs.conf_file, inputs.size(), names));
    }
    return resolve_each(inputs, args.format == "json",
                        [&args](const LoadedInput& input) { return resolve_one(args, input); });
}

}  // namespace

Command add_resolve_command(CLI::App& app) {
    auto args = std::make_shared<ResolveArgs>();
    CLI::App* resolve = app.add_subcommand(
        "resolve", "Derive the TaskManager and/or JobManager memory breakdown of one configuration");
    add_input_options(*resolve, args->inputs);
    resolve
        ->add_option("--component", args->component,
                     "taskmanager, jobmanager, both, or auto (the processes whose memory the "
                     "configuration sizes; both when it sizes neither)")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    add_flink_version_option(*resolve, args->flink_version);
    add_format_option(
        *resolve, args->format, resolve_formats(),
        "text, json, yaml, flags (JVM flags), dynamic (-D configs), bash (BashJavaUtils' output), "
        "command (the java command line), tree, svg");
    resolve->add_flag("--json", args->json_output, "Short for -o json");
    resolve
        ->add_option("--target", args->target,
                     "standalone, kubernetes or yarn: how Flink starts the process (default: the deployment "
                     "the configuration implies: execution.target, a FlinkDeployment)")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
    return {resolve, [args] {
                if (args->json_output) args->format = "json";
                return run_resolve(*args);
            }};
}

}  // namespace flinkmem::cli
