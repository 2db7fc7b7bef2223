#include "flinkmem/report/yaml.hpp"

#include "flinkmem/deploy/container.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem::report {

std::vector<ProcessReport> process_reports(const Resolution& resolution) {
    std::vector<ProcessReport> reports;
    for (const Component component : {Component::TaskManager, Component::JobManager}) {
        auto process = deploy::process_of(resolution, component);
        if (!process) continue;
        ProcessReport report;
        report.component = component;
        if (process->ok()) {
            try {
                report.container = deploy::container_for(*resolution.effective, process->value());
                report.process = process->value();
            } catch (const Error& error) {
                report.error = error;  // Flink rejects the container options (a limit factor below 1)
            }
        } else {
            report.error = process->error();
        }
        reports.push_back(std::move(report));
    }
    return reports;
}

namespace {

void write_container(std::ostream& out, const deploy::Container& container) {
    out << "  container:\n";
    out << "    target: " << deploy::name_of(container.target) << '\n';
    out << "    process_budget: " << container.process_budget.bytes() << '\n';
    if (const auto& k8s = container.kubernetes) {
        out << "    memory_request_mib: " << k8s->memory_request_mib << '\n';
        out << "    memory_limit_mib: " << k8s->memory_limit_mib << '\n';
        out << "    memory_limit_factor: " << java::to_string(k8s->memory_limit_factor) << '\n';
        out << "    cpu_request: " << yaml_quote(k8s->cpu_request_quantity) << '\n';
        out << "    cpu_limit: " << yaml_quote(k8s->cpu_limit_quantity) << '\n';
        out << "    cpu_limit_factor: " << java::to_string(k8s->cpu_limit_factor) << '\n';
    }
    if (const auto& yarn = container.yarn) {
        out << "    memory_mib: " << yarn->memory_mib << '\n';
        if (yarn->minimum_allocation_mb)
            out << "    minimum_allocation_mb: " << *yarn->minimum_allocation_mb << '\n';
        out << "    allocated_mib: " << yarn->allocated_mib << '\n';
        out << "    vcores: " << yarn->vcores << '\n';
    }
    const auto list = [&out](const char* name, const std::vector<std::string>& items) {
        out << "    " << name << ":" << (items.empty() ? " []\n" : "\n");
        for (const auto& item : items) out << "      - " << yaml_quote(item) << '\n';
    };
    list("warnings", container.warnings);
    list("notes", container.notes);
}

void write_error(std::ostream& out, const Error& error) {
    out << "  ok: false\n";
    out << "  error_class: " << yaml_quote(error.class_name()) << '\n';
    out << "  error_message: " << yaml_quote(error.message()) << '\n';
    out << "  causes:" << (error.causes().empty() ? " []\n" : "\n");
    for (const auto& cause : error.causes()) {
        out << "    - class: " << yaml_quote(cause.class_name()) << '\n';
        out << "      message: " << yaml_quote(cause.message) << '\n';
    }
    if (!error.hint().empty()) out << "  hint: " << yaml_quote(error.hint()) << '\n';
    if (const auto& context = error.context()) {
        out << "  key: " << yaml_quote(context->key) << '\n';
        out << "  value: " << yaml_quote(context->value) << '\n';
        out << "  source: " << yaml_quote(context->source.describe()) << '\n';
    }
}

void write_process(std::ostream& out, const deploy::ResolvedProcess& process) {
    out << "  ok: true\n  memory:\n";
    const auto sizes =
        process.task_manager() ? process.task_manager()->named_sizes() : process.job_manager()->named_sizes();
    for (const auto& [name, size] : sizes) out << "    " << name << ": " << size.bytes() << '\n';
    out << "  jvm_params: " << yaml_quote(process.jvm_parameters) << '\n';
    out << "  dynamic_configs: " << yaml_quote(process.dynamic_configs) << '\n';
    out << "  derivation:\n";
    for (const auto& [name, how] : derivations(process))
        out << "    " << name << ": " << yaml_quote(how) << '\n';
}

}  // namespace

std::vector<std::pair<std::string, std::string>> derivations(const deploy::ResolvedProcess& process) {
    // The breakdown's own list of parts, in its order, each with its rule in words.
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&out](const auto& parts) {
        for (const NamedPart& part : parts) out.emplace_back(part.key, describe(part.value->how));
    };
    if (const auto* m = process.task_manager()) {
        add(m->parts());
    } else {
        add(process.job_manager()->parts());
    }
    return out;
}

std::string yaml_quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (byte < 0x20 || byte == 0x7f) {
                    out += fmt::format("\\x{:02x}", byte);
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

void write_yaml(std::ostream& out, const Resolution& resolution, const std::vector<ProcessReport>& reports,
                const std::vector<std::string>& warnings, std::string_view document) {
    if (!document.empty()) out << "document: " << yaml_quote(document) << '\n';
    out << "flink_version: " << yaml_quote(resolution.release->version().to_string()) << '\n';
    out << "deployment: " << to_string(resolution.deployment) << '\n';
    out << "target: " << to_string(resolution.target) << '\n';
    out << "warnings:" << (warnings.empty() ? " []\n" : "\n");
    for (const auto& warning : warnings) out << "  - " << yaml_quote(warning) << '\n';
    out << "notes:" << (resolution.notes.empty() ? " []\n" : "\n");
    for (const auto& note : resolution.notes) out << "  - " << yaml_quote(note) << '\n';
    for (const auto& report : reports) {
        out << deploy::name_of(report.component) << ":\n";
        if (report.process) {
            write_process(out, *report.process);
        } else if (report.error) {
            write_error(out, *report.error);
        }
        if (report.container) write_container(out, *report.container);
    }
}

}  // namespace flinkmem::report
