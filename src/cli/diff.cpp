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
#include "flinkmem/report/diff.hpp"
#include "flinkmem/report/yaml.hpp"

namespace flinkmem::cli {

namespace {

// One configuration from a file of any format the readers know (--document picks one of several).
Document read_document(const std::string& path, const std::string& document, FlinkVersion version) {
    InputArgs input;
    input.conf_file = path;
    input.document = document;
    auto inputs = load_inputs(input, version);
    if (inputs.size() != 1) {
        throw CliError(
            fmt::format("{} holds {} configurations; diff compares one with one (pick one with "
                        "--document)",
                        path, inputs.size()));
    }
    return std::move(inputs.front().document);
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

}  // namespace

namespace {

CLI::App* add_diff_options(CLI::App& app, DiffArgs& args) {
    CLI::App* diff = app.add_subcommand(
        "diff",
        "What changes between two configurations, with some -D changes, or between two Flink releases");
    diff->add_option("--conf", args.conf_file,
                     "The configuration to start from (any format resolve reads; - reads stdin)");
    diff->add_option("--document", args.document,
                     "One configuration of a file holding several (number or name)");
    diff->add_option("-D", args.dynamic_properties,
                     "A configuration entry key=value for both sides (repeatable)")
        ->allow_extra_args(false);
    diff->add_option(
        "--against", args.against_file,
        "The other configuration file, or a Flink release such as 2.0 (default: the same as --conf)");
    add_flink_version_option(*diff, args.flink_version);
    diff->add_option("--against-version", args.against_version, "The Flink release of the other side");
    diff->add_option("--change", args.changes, "key=value applied to the other side only (repeatable)")
        ->allow_extra_args(false);
    add_format_option(*diff, args.format, {"text", "json"}, "text or json");
    diff->add_option("--component", args.component, "taskmanager, jobmanager, both, or auto")
        ->check(CLI::IsMember({"auto", "taskmanager", "jobmanager", "both"}));
    diff->add_option("--target", args.target,
                     "standalone, kubernetes or yarn (default: the deployment each configuration implies)")
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
    // "--against 1.99" is a release too (refused below with the known ones), not a missing file.
    if (!args.against_file.empty() && !std::filesystem::exists(args.against_file, ignored) &&
        FlinkVersion::parse(args.against_file)) {
        args.against_version = args.against_file;
        args.against_file.clear();
    }
    if (args.against_file.empty() && args.changes.empty() && args.against_version.empty()) {
        throw CliError(
            "diff needs --against FILE|VERSION, --against-version or at least one --change key=value");
    }
    const Release& before_release = release_for(args.flink_version);
    const std::string& after_name = args.against_version.empty() ? args.flink_version : args.against_version;
    const Release& after_release =
        release_for(after_name, args.against_version.empty()    ? "--flink-version"
                                : given.against_version.empty() ? "--against"
                                                                : "--against-version");
    // No --flink-version: each side answers for the release its document names (or the default).
    const auto requested = [](const std::string& name, const Release& release) {
        return name.empty() ? std::nullopt : std::optional(release.version());
    };
    const auto before_version = requested(args.flink_version, before_release);
    const auto after_version = requested(after_name, after_release);
    Document before = args.conf_file.empty()
                          ? Document::of({}, "-D")
                          : read_document(args.conf_file, args.document, before_release.version());
    Document after = args.against_file.empty()
                         ? before
                         : read_document(args.against_file, args.document, after_release.version());
    apply(before.config, args.dynamic_properties, "-D");
    apply(after.config, args.dynamic_properties, "-D");
    apply(after.config, args.changes, "--change");
    std::optional<Target> target;
    if (!args.target.empty()) target = parse_target(args.target);
    const auto choice = args.component == "taskmanager"  ? ComponentChoice::TaskManager
                        : args.component == "jobmanager" ? ComponentChoice::JobManager
                        : args.component == "both"       ? ComponentChoice::Both
                                                         : ComponentChoice::Auto;
    Resolution old_side = resolve({before, before_version, choice, target});
    Resolution new_side = resolve({after, after_version, choice, target});
    if (choice == ComponentChoice::Auto) {
        // Both sides compare the same processes: those either side sizes.
        const auto sized = [&](const ProcessSizing& a, const ProcessSizing& b) { return a.sized || b.sized; };
        const bool task_manager = sized(old_side.task_manager_sizing, new_side.task_manager_sizing);
        const bool job_manager = sized(old_side.job_manager_sizing, new_side.job_manager_sizing);
        const auto both_or = [&](bool tm, bool jm) {
            if (tm == jm) return ComponentChoice::Both;
            return tm ? ComponentChoice::TaskManager : ComponentChoice::JobManager;
        };
        old_side = resolve({before, before_version, both_or(task_manager, job_manager), target});
        new_side = resolve({after, after_version, both_or(task_manager, job_manager), target});
    }
    for (const Resolution* side : {&old_side, &new_side}) {
        if (side->error) throw CliError(side->error->message());
    }
    const auto old_reports = report::process_reports(old_side);
    const auto new_reports = report::process_reports(new_side);
    std::vector<report::Change> changes;
    for (const auto& old_report : old_reports) {
        // Flink 1.10 has no JobManager model to compare: a process only one side resolves is left out.
        for (const auto& new_report : new_reports) {
            if (new_report.component != old_report.component) continue;
            const auto found = report::diff_reports(old_report, new_report);
            changes.insert(changes.end(), found.begin(), found.end());
        }
    }
    if (args.format == "json") {
        report::write_diff_json(std::cout, old_side.release->version().to_string(),
                                new_side.release->version().to_string(), changes);
    } else if (changes.empty()) {
        std::cout << "no differences\n";
    } else {
        report::write_diff(std::cout, changes);
    }
    return changes.empty() ? kOk : kFound;
}

}  // namespace flinkmem::cli
