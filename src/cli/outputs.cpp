#include "outputs.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "flinkmem/deploy/command.hpp"
#include "flinkmem/deploy/container.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/report/bash.hpp"
#include "flinkmem/report/command.hpp"
#include "flinkmem/report/container.hpp"
#include "flinkmem/report/flags.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/report/svg.hpp"
#include "flinkmem/report/tree.hpp"
#include "flinkmem/report/yaml.hpp"

namespace flinkmem::cli {

namespace {

using report::ProcessReport;

void write_text(std::ostream& out, const Resolution& resolution, const ProcessReport& report) {
    if (report.component == Component::TaskManager) report::write_text(out, resolution.task_manager->value());
    if (report.component == Component::JobManager) report::write_text(out, resolution.job_manager->value());
    if (report.container) {
        out << '\n';
        report::write_container_text(out, *report.container);
    }
}

bool colour_wanted() {
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) == 1 && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace

const std::vector<std::string>& resolve_formats() {
    static const std::vector<std::string> formats{"text", "json",    "yaml", "flags", "dynamic",
                                                  "bash", "command", "tree", "svg"};
    return formats;
}

bool single_process_format(const std::string& format) {
    return format == "flags" || format == "dynamic" || format == "bash" || format == "command" ||
           format == "svg";
}

int write_outputs(const OutputRequest& request, std::ostream& out, std::ostream& err) {
    const Resolution& resolution = request.resolution;
    const std::string& format = request.format;
    const std::vector<ProcessReport> reports = report::process_reports(resolution);
    if (single_process_format(format) && reports.size() > 1) {
        err << fmt::format(
            "flinkmem: error: -o {} describes one process: add --component taskmanager "
            "or --component jobmanager\n",
            format);
        return kBadInput;
    }
    const bool document = format == "json" || format == "yaml";
    if (!document) {
        for (const auto& warning : request.warnings) err << "flinkmem: warning: " << warning << '\n';
        for (const auto& note : resolution.notes) err << "flinkmem: note: " << note << '\n';
    }
    if (format == "json") report::write_json(out, resolution, reports, request.warnings, request.document);
    if (format == "yaml") report::write_yaml(out, resolution, reports, request.warnings, request.document);
    // stdout is not synchronized with stderr: flush before an error goes to stderr.
    if (format == "text") out << resolution.release_line() << "\n\n" << std::flush;

    int exit_code = kOk;
    bool first = true;
    for (const auto& report : reports) {
        if (!report.process) {
            exit_code = kFlinkRejects;
            if (!document) {
                out << std::flush;
                report::write_error_text(err, report.component, *report.error);
            }
            continue;
        }
        const auto& process = *report.process;
        // Machine-read outputs keep stdout clean: container warnings go to stderr.
        if (report.container && format != "text" && !document) {
            for (const auto& warning : report.container->warnings)
                err << "flinkmem: warning: " << warning << '\n';
        }
        if (!first && (format == "text" || format == "tree")) out << '\n';
        first = false;
        if (format == "text") write_text(out, resolution, report);
        if (format == "flags") report::write_flags(out, process);
        if (format == "dynamic") report::write_dynamic(out, process);
        if (format == "tree") report::write_tree(out, process, {colour_wanted(), 32});
        if (format == "svg") report::write_svg(out, process);
        if (format == "bash") {
            std::string conf_file;
            if (!request.conf_file.empty() && request.conf_file != "-") {
                std::error_code ignored;
                conf_file = std::filesystem::absolute(request.conf_file, ignored).string();
            }
            report::write_bash(out, process, *resolution.effective, conf_file);
        }
        if (format == "command") {
            const auto command = deploy::java_command(*resolution.effective, process);
            for (const auto& warning : command.warnings) err << "flinkmem: warning: " << warning << '\n';
            report::write_command(out, command);
        }
    }
    return exit_code;
}

}  // namespace flinkmem::cli
