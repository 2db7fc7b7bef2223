#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "command.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/resolve.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

struct ResolveArgs {
    std::vector<std::string> dynamic_properties;
    std::string conf_file;
    std::string component = "auto";
    std::string flink_version;
    bool json_output = false;
};

// The configuration to resolve, and warnings about how it was read.
Configuration load_configuration(const ResolveArgs& args, std::vector<std::string>& warnings) {
    Configuration config;
    if (!args.conf_file.empty()) {
        std::error_code ignored;
        if (std::filesystem::is_directory(args.conf_file, ignored)) {
            throw CliError(fmt::format("cannot read {}: it is a directory, not a flink-conf.yaml", args.conf_file));
        }
        std::ifstream file(args.conf_file, std::ios::binary);
        if (!file) throw CliError(fmt::format("cannot read {}: {}", args.conf_file, std::strerror(errno)));
        std::ostringstream text;
        text << file.rdbuf();
        FlinkConf conf = parse_flink_conf(text.str(), args.conf_file);
        for (const auto& warning : conf.warnings) warnings.push_back(warning.message);
        config = std::move(conf.config);
    }
    for (const auto& property : args.dynamic_properties) {
        const auto equals = property.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw CliError(fmt::format("-D {}: expected key=value", property));
        }
        config.set(property.substr(0, equals), property.substr(equals + 1), Source::dynamic_property());
    }
    return config;
}

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

int run_resolve(const ResolveArgs& args) {
    const Release& release = release_for(args.flink_version);
    std::vector<std::string> warnings;
    const Configuration config = load_configuration(args, warnings);
    warn_about_unknown_keys(config, release, warnings);
    const Resolution resolution = resolve({config, release, component_choice(args.component)});

    if (args.json_output) {
        report::write_json(std::cout, resolution, warnings);
        return resolution.ok() ? kOk : kFlinkRejects;
    }
    for (const auto& warning : warnings) std::cerr << "flinkmem: warning: " << warning << '\n';
    for (const auto& note : resolution.notes) std::cerr << "flinkmem: note: " << note << '\n';
    std::cout << describe_release_choice(release, args.flink_version) << "\n\n";
    if (resolution.task_manager) {
        if (resolution.task_manager->ok()) {
            report::write_text(std::cout, resolution.task_manager->value());
        } else {
            report::write_error_text(std::cerr, Component::TaskManager, resolution.task_manager->error());
        }
    }
    if (resolution.job_manager) {
        if (resolution.task_manager) std::cout << '\n';
        if (resolution.job_manager->ok()) {
            report::write_text(std::cout, resolution.job_manager->value());
        } else {
            report::write_error_text(std::cerr, Component::JobManager, resolution.job_manager->error());
        }
    }
    return resolution.ok() ? kOk : kFlinkRejects;
}

}  // namespace

Command add_resolve_command(CLI::App& app) {
    auto args = std::make_shared<ResolveArgs>();
    CLI::App* resolve = app.add_subcommand(
        "resolve", "Derive the TaskManager and/or JobManager memory breakdown of one configuration");
    resolve->add_option("-D", args->dynamic_properties, "A configuration entry key=value (repeatable)")
        ->allow_extra_args(false);
    resolve->add_option("--conf", args->conf_file, "A legacy flink-conf.yaml to start from");
    resolve->add_option("--component", args->component,
                        "taskmanager, jobmanager, both, or auto (the processes whose memory the "
                        "configuration sizes; both when it sizes neither)")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    add_flink_version_option(*resolve, args->flink_version);
    resolve->add_flag("--json", args->json_output, "Print JSON instead of text");
    return {resolve, [args] { return run_resolve(*args); }};
}

}  // namespace flinkmem::cli
