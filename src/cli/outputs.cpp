#include "outputs.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <unistd.h>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "flinkmem/deploy/command.hpp"
#include "flinkmem/deploy/container.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/report/bash.hpp"
#include "flinkmem/report/command.hpp"
#include "flinkmem/report/container.hpp"
#include "flinkmem/report/flags.hpp"
#include "flinkmem/report/svg.hpp"
#include "flinkmem/report/tree.hpp"
#include "flinkmem/report/yaml.hpp"
#include "flinkmem/report/resolution.hpp"

namespace flinkmem::cli {

namespace {

using report::ProcessReport;

// Outputs that describe exactly one process (a start script asks for one at a time).
bool single_process_output(const std::string& output) {
    return output == "flags" || output == "dynamic" || output == "bash" || output == "command" || output == "svg";
}

ProcessReport resolve_one(const OutputRequest& request, Component component, deploy::Target target) {
    ProcessReport report;
    report.component = component;
    try {
        auto process = deploy::resolve_process(request.config, component, target, request.version);
        report.container = deploy::container_for(request.config, process);
        report.process = std::move(process);
    } catch (const Error& e) {
        report.container.reset();
        report.error = e;
    }
    return report;
}

void write_text(std::ostream& out, const ProcessReport& report) {
    const auto& p = *report.process;
    if (const auto* tm = p.task_manager()) report::write_text(out, TaskManagerResult{*tm, p.jvm_parameters, p.dynamic_configs});
    if (const auto* jm = p.job_manager()) report::write_text(out, JobManagerResult{*jm, p.jvm_parameters, p.dynamic_configs});
    if (report.container) {
        out << '\n';
        report::write_container_text(out, *report.container);
    }
}

// The `resolve --json` document with each process's container ("container") added.
void write_document_json(std::ostream& out, const OutputRequest& request, const std::vector<ProcessReport>& reports) {
    std::string text;
    report::JsonWriter json(text, 2);
    json.begin_object().field("flink_version", request.version.to_string()).key("warnings").begin_array();
    for (const auto& warning : request.warnings) json.value(warning);
    json.end_array();
    for (const auto& entry : reports) {
        json.key(deploy::name_of(entry.component)).begin_object().field("ok", entry.process.has_value());
        if (entry.process) {
            const auto& p = *entry.process;
            if (const auto* tm = p.task_manager()) {
                report::write_result_fields(json, TaskManagerResult{*tm, p.jvm_parameters, p.dynamic_configs}, true);
            } else {
                report::write_result_fields(json, JobManagerResult{*p.job_manager(), p.jvm_parameters,
                                                                   p.dynamic_configs},
                                            true);
            }
        } else {
            report::write_error_fields(json, *entry.error);
        }
        if (entry.container) {
            json.key("container");
            report::write_container_json(json, *entry.container);
        }
        json.end_object();
    }
    json.end_object();
    out << text << '\n';
}

bool colour_wanted() {
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) == 1 && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace

void add_output_options(CLI::App& command, OutputOptions& options) {
    command.add_option("--output", options.output,
                       "text, json, yaml, flags (JVM flags), dynamic (-D configs), bash (BashJavaUtils' output), "
                       "command (the java command line), tree, svg")
        ->check(CLI::IsMember({"text", "json", "yaml", "flags", "dynamic", "bash", "command", "tree", "svg"}));
    command.add_option("--target", options.target,
                       "standalone, kubernetes or yarn: how Flink starts the process (container size, command)")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
}

bool wants_outputs(const OutputOptions& options) {
    return (options.output != "text" && options.output != "json") || options.target != "standalone";
}

int run_outputs(const OutputOptions& options, const OutputRequest& request, std::ostream& out, std::ostream& err) {
    // BashJavaUtils always reads the configuration as the start scripts do (also inside a
    // Kubernetes JobManager pod), whatever the target.
    const deploy::Target target =
        options.output == "bash" ? deploy::Target::Standalone : *deploy::parse_target(options.target);
    if (single_process_output(options.output) && request.task_manager && request.job_manager) {
        err << fmt::format("flinkmem: error: --output {} describes one process: add --component taskmanager "
                           "or --component jobmanager\n",
                           options.output);
        return kBadInput;
    }
    std::vector<ProcessReport> reports;
    if (request.task_manager) reports.push_back(resolve_one(request, Component::TaskManager, target));
    if (request.job_manager) reports.push_back(resolve_one(request, Component::JobManager, target));

    const bool document = options.output == "json" || options.output == "yaml";
    if (!document) {
        for (const auto& warning : request.warnings) err << "flinkmem: warning: " << warning << '\n';
    }
    if (options.output == "json") write_document_json(out, request, reports);
    if (options.output == "yaml") report::write_yaml(out, request.warnings, reports);

    int exit_code = kOk;
    bool first = true;
    for (const auto& report : reports) {
        if (!report.process) {
            exit_code = kFlinkRejects;
            if (!document) report::write_error_text(err, report.component, *report.error);
            continue;
        }
        const auto& process = *report.process;
        // Machine-read outputs keep stdout clean: container warnings go to stderr.
        if (report.container && options.output != "text" && !document) {
            for (const auto& warning : report.container->warnings) err << "flinkmem: warning: " << warning << '\n';
        }
        if (!first && (options.output == "text" || options.output == "tree")) out << '\n';
        first = false;
        try {
            if (options.output == "text") write_text(out, report);
            if (options.output == "flags") report::write_flags(out, process);
            if (options.output == "dynamic") report::write_dynamic(out, process);
            if (options.output == "tree") report::write_tree(out, process, {colour_wanted(), 32});
            if (options.output == "svg") report::write_svg(out, process);
            if (options.output == "bash") {
                std::string conf_file;
                if (!request.conf_file.empty()) {
                    std::error_code ignored;
                    conf_file = std::filesystem::absolute(request.conf_file, ignored).string();
                }
                report::write_bash(out, process, request.config, conf_file);
            }
            if (options.output == "command") {
                const auto command = deploy::java_command(request.config, process);
                for (const auto& warning : command.warnings) err << "flinkmem: warning: " << warning << '\n';
                report::write_command(out, command);
            }
        } catch (const Error& e) {
            report::write_error_text(err, report.component, e);
            exit_code = kFlinkRejects;
        }
    }
    return exit_code;
}

}  // namespace flinkmem::cli
