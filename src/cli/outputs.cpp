#include "outputs.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
#include "render.hpp"

namespace flinkmem::cli {

namespace {

using json = nlohmann::ordered_json;
using deploy::Component;
using report::ProcessReport;

// Outputs that describe exactly one process (a start script asks for one at a time).
bool single_process_output(const std::string& output) {
    return output == "flags" || output == "dynamic" || output == "bash" || output == "command" || output == "svg";
}

json container_json(const deploy::Container& container) {
    json out{{"target", std::string(deploy::name_of(container.target))},
             {"process_budget", container.process_budget.bytes()}};
    if (const auto& k8s = container.kubernetes) {
        out["memory_request_mib"] = k8s->memory_request_mib;
        out["memory_limit_mib"] = k8s->memory_limit_mib;
        out["memory_limit_factor"] = k8s->memory_limit_factor;
        out["cpu_request"] = k8s->cpu_request_quantity;
        out["cpu_limit"] = k8s->cpu_limit_quantity;
        out["cpu_limit_factor"] = k8s->cpu_limit_factor;
    }
    if (const auto& yarn = container.yarn) {
        out["memory_mib"] = yarn->memory_mib;
        if (yarn->minimum_allocation_mb) out["minimum_allocation_mb"] = *yarn->minimum_allocation_mb;
        out["allocated_mib"] = yarn->allocated_mib;
        out["vcores"] = yarn->vcores;
    }
    out["warnings"] = container.warnings;
    out["notes"] = container.notes;
    return out;
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
    if (const auto* tm = report.process->task_manager()) out << render_text(*tm);
    if (const auto* jm = report.process->job_manager()) out << render_text(*jm);
    if (report.container) {
        out << '\n';
        report::write_container_text(out, *report.container);
    }
}

json document_json(const OutputRequest& request, const std::vector<ProcessReport>& reports) {
    json document = json::object();
    document["warnings"] = request.warnings;
    for (const auto& report : reports) {
        json entry;
        if (report.process) {
            const auto& p = *report.process;
            entry = json{{"ok", true},
                         {"memory", p.task_manager() ? memory_json(*p.task_manager()) : memory_json(*p.job_manager())},
                         {"jvm_params", p.jvm_parameters},
                         {"dynamic_configs", p.dynamic_configs},
                         {"derivation", p.task_manager() ? derivation_json(*p.task_manager())
                                                         : derivation_json(*p.job_manager())}};
        } else {
            entry = json{{"ok", false}};
            entry.update(error_json(*report.error));
        }
        if (report.container) entry["container"] = container_json(*report.container);
        document[std::string(deploy::name_of(report.component))] = std::move(entry);
    }
    return document;
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
    if (options.output == "json") out << document_json(request, reports).dump(2) << '\n';
    if (options.output == "yaml") report::write_yaml(out, request.warnings, reports);

    int exit_code = kOk;
    bool first = true;
    for (const auto& report : reports) {
        if (!report.process) {
            exit_code = kFlinkRejects;
            if (!document) err << render_error(std::string(deploy::name_of(report.component)), *report.error);
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
            err << render_error(std::string(deploy::name_of(report.component)), e);
            exit_code = kFlinkRejects;
        }
    }
    return exit_code;
}

}  // namespace flinkmem::cli
