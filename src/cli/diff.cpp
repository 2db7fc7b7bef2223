#include "diff.hpp"

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

struct DiffInputError {
    std::string message;
};

Configuration read_conf(const std::string& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw DiffInputError{fmt::format("cannot read {}: it is a directory, not a flink-conf.yaml", path)};
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) throw DiffInputError{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
    std::ostringstream text;
    text << file.rdbuf();
    return parse_flink_conf(text.str(), path).config;
}

void apply(Configuration& config, const std::vector<std::string>& properties, const char* option) {
    for (const auto& property : properties) {
        const auto equals = property.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw DiffInputError{fmt::format("{} {}: expected key=value", option, property)};
        }
        config.set(property.substr(0, equals), property.substr(equals + 1), Source::dynamic_property());
    }
}

report::ProcessReport resolve_report(const Configuration& config, deploy::Component component, deploy::Target target) {
    report::ProcessReport out;
    out.component = component;
    try {
        auto process = deploy::resolve_process(config, component, target);
        out.container = deploy::container_for(config, process);
        out.process = std::move(process);
    } catch (const Error& e) {
        out.container.reset();
        out.error = e;
    }
    return out;
}

bool mentions(const Configuration& config, std::string_view prefix) {
    for (const auto& [key, entry] : config.entries()) {
        if (key.starts_with(prefix)) return true;
    }
    return false;
}

}  // namespace

CLI::App* add_diff_command(CLI::App& app, DiffArgs& args) {
    CLI::App* diff = app.add_subcommand(
        "diff", "What changes between two configurations, or with some -D changes (same Flink version)");
    diff->add_option("--conf", args.conf_file, "The flink-conf.yaml to start from");
    diff->add_option("-D", args.dynamic_properties, "A configuration entry key=value for both sides (repeatable)")
        ->allow_extra_args(false);
    diff->add_option("--against", args.against_file, "The other flink-conf.yaml (default: the same as --conf)");
    diff->add_option("--change", args.changes, "key=value applied to the other side only (repeatable)")
        ->allow_extra_args(false);
    diff->add_option("--component", args.component, "taskmanager, jobmanager, both, or auto")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    diff->add_option("--target", args.target, "standalone, kubernetes or yarn")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
    return diff;
}

int run_diff(const DiffArgs& args) {
    try {
        if (args.against_file.empty() && args.changes.empty()) {
            throw DiffInputError{"diff needs --against FILE or at least one --change key=value"};
        }
        Configuration before = args.conf_file.empty() ? Configuration{} : read_conf(args.conf_file);
        Configuration after = args.against_file.empty() ? before : read_conf(args.against_file);
        apply(before, args.dynamic_properties, "-D");
        apply(after, args.dynamic_properties, "-D");
        apply(after, args.changes, "--change");
        const deploy::Target target = *deploy::parse_target(args.target);
        bool task_manager = args.component == "taskmanager" || args.component == "both";
        bool job_manager = args.component == "jobmanager" || args.component == "both";
        if (args.component == "auto") {
            for (const auto* config : {&before, &after}) {
                task_manager = task_manager || mentions(*config, "taskmanager.");
                job_manager = job_manager || mentions(*config, "jobmanager.");
            }
            if (!task_manager && !job_manager) task_manager = job_manager = true;
        }
        std::vector<report::Change> changes;
        for (const auto component : {deploy::Component::TaskManager, deploy::Component::JobManager}) {
            if (component == deploy::Component::TaskManager ? !task_manager : !job_manager) continue;
            const auto found = report::diff_reports(resolve_report(before, component, target),
                                                    resolve_report(after, component, target));
            changes.insert(changes.end(), found.begin(), found.end());
        }
        if (changes.empty()) {
            std::cout << "no differences\n";
            return kOk;
        }
        report::write_diff(std::cout, changes);
        return 1;
    } catch (const DiffInputError& e) {
        std::cerr << "flinkmem: error: " << e.message << '\n';
        return kBadInput;
    }
}

}  // namespace flinkmem::cli
