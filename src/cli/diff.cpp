#include "diff.hpp"

#include <memory>

#include "command.hpp"
#include "flinkmem/resolve.hpp"
#include "inputs.hpp"
#include "release_option.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "flinkmem/deploy/container.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/report/diff.hpp"

namespace flinkmem::cli {

namespace {

// One configuration from a file of any format the readers know.
Configuration read_conf(const std::string& path, FlinkVersion version) {
    InputArgs input;
    input.conf_file = path;
    auto inputs = load_inputs(input, version);
    if (inputs.size() != 1) {
        throw CliError(fmt::format("{} holds {} configurations; diff compares one with one", path, inputs.size()));
    }
    return std::move(inputs.front().config);
}

void apply(Configuration& config, const std::vector<std::string>& properties, const char* option) {
    for (const auto& property : properties) {
        const auto equals = property.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw CliError(fmt::format("{} {}: expected key=value", option, property));
        }
        config.set(property.substr(0, equals), property.substr(equals + 1), Source::dynamic_property());
    }
}

report::ProcessReport resolve_report(const Configuration& config, Component component, deploy::Target target,
                                     FlinkVersion version) {
    report::ProcessReport out;
    out.component = component;
    try {
        auto process = deploy::resolve_process(config, component, target, version);
        out.container = deploy::container_for(config, process);
        out.process = std::move(process);
    } catch (const Error& e) {
        out.container.reset();
        out.error = e;
    }
    return out;
}

}  // namespace

namespace {

CLI::App* add_diff_options(CLI::App& app, DiffArgs& args) {
    CLI::App* diff = app.add_subcommand(
        "diff", "What changes between two configurations, with some -D changes, or between two Flink releases");
    diff->add_option("--conf", args.conf_file, "The flink-conf.yaml to start from");
    diff->add_option("-D", args.dynamic_properties, "A configuration entry key=value for both sides (repeatable)")
        ->allow_extra_args(false);
    diff->add_option("--against", args.against_file,
                     "The other configuration file, or a Flink release such as 2.0 (default: the same as --conf)");
    add_flink_version_option(*diff, args.flink_version);
    diff->add_option("--against-version", args.against_version, "The Flink release of the other side");
    diff->add_option("--change", args.changes, "key=value applied to the other side only (repeatable)")
        ->allow_extra_args(false);
    diff->add_option("--component", args.component, "taskmanager, jobmanager, both, or auto")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    diff->add_option("--target", args.target, "standalone, kubernetes or yarn")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
    return diff;
}

}  // namespace

Command add_diff_command(CLI::App& app) {
    auto args = std::make_shared<DiffArgs>();
    CLI::App* command = add_diff_options(app, *args);
    return {command, [args] { return run_diff(*args); }};
}

int run_diff(const DiffArgs& given) {
    DiffArgs args = given;
    // `--against 2.0`: a release rather than a file, as long as no such file exists.
    std::error_code ignored;
    if (!args.against_file.empty() && !std::filesystem::exists(args.against_file, ignored) &&
        FlinkVersion::parse(args.against_file)) {
        args.against_version = args.against_file;
        args.against_file.clear();
    }
    if (args.against_file.empty() && args.changes.empty() && args.against_version.empty()) {
        throw CliError("diff needs --against FILE|VERSION, --against-version or at least one --change key=value");
    }
    const Release& before_release = release_for(args.flink_version);
    const Release& after_release = release_for(args.against_version.empty() ? args.flink_version : args.against_version);
    Configuration before = args.conf_file.empty() ? Configuration{} : read_conf(args.conf_file, before_release.version());
    Configuration after = args.against_file.empty() ? before : read_conf(args.against_file, after_release.version());
    apply(before, args.dynamic_properties, "-D");
    apply(after, args.dynamic_properties, "-D");
    apply(after, args.changes, "--change");
    const deploy::Target target = *deploy::parse_target(args.target);
    bool task_manager = args.component == "taskmanager" || args.component == "both";
    bool job_manager = args.component == "jobmanager" || args.component == "both";
    if (args.component == "auto") {
        for (const auto& [config, release] : {std::pair{&before, &before_release}, std::pair{&after, &after_release}}) {
            for (const Component component : components_sized_by(*config, *release)) {
                task_manager = task_manager || component == Component::TaskManager;
                job_manager = job_manager || component == Component::JobManager;
            }
        }
    }
    // Flink 1.10 has no JobManager model to compare.
    job_manager = job_manager && before_release.traits().job_manager_model && after_release.traits().job_manager_model;
    std::vector<report::Change> changes;
    for (const auto component : {Component::TaskManager, Component::JobManager}) {
        if (component == Component::TaskManager ? !task_manager : !job_manager) continue;
        const auto found = report::diff_reports(resolve_report(before, component, target, before_release.version()),
                                                resolve_report(after, component, target, after_release.version()));
        changes.insert(changes.end(), found.begin(), found.end());
    }
    if (changes.empty()) {
        std::cout << "no differences\n";
        return kOk;
    }
    report::write_diff(std::cout, changes);
    return 1;
}

}  // namespace flinkmem::cli
