#include "flinkmem/report/doctor.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "flinkmem/report/resolution.hpp"
#include "flinkmem/report/yaml.hpp"

namespace flinkmem::report {

namespace {

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

template <typename Result>
ProcessReport process_report(Component component, Target target, FlinkVersion version,
                             const std::optional<Outcome<Result>>& outcome) {
    ProcessReport report;
    report.component = component;
    if (outcome->ok()) {
        deploy::ResolvedProcess process;
        process.component = component;
        process.target = target;
        process.version = version;
        process.memory = outcome->value().memory;
        process.jvm_parameters = outcome->value().jvm_parameters;
        if constexpr (std::is_same_v<Result, TaskManagerResult>) {
            process.dynamic_configs = outcome->value().dynamic_configs;
        } else {
            process.dynamic_configs = outcome->value().dynamic_configs.value_or("");
        }
        report.process = std::move(process);
    } else {
        report.error = outcome->error();
    }
    return report;
}

const char* origin_name(doctor::ConfigOrigin origin) {
    switch (origin) {
        case doctor::ConfigOrigin::Given:
            return "given";
        case doctor::ConfigOrigin::Log:
            return "log";
        case doctor::ConfigOrigin::Defaults:
            return "defaults";
    }
    return "defaults";
}

bool is_process_size(const std::string& key) {
    return key == "taskmanager.memory.process.size" || key == "jobmanager.memory.process.size";
}

template <typename Result>
void write_breakdown(JsonWriter& json, const char* name, const std::optional<Outcome<Result>>& outcome) {
    if (!outcome) return;
    json.key(name).begin_object().field("ok", outcome->ok());
    if (outcome->ok()) {
        write_result_fields(json, outcome->value(), false);
    } else {
        write_error_fields(json, outcome->error());
    }
    json.end_object();
}

}  // namespace

std::vector<Change> proposal_diff(const doctor::Proposal& proposal, Target target) {
    std::vector<Change> changes;
    const FlinkVersion version = kDefaultFlinkVersion;  // only labels the process; the results are resolved
    if (proposal.task_manager_before && proposal.task_manager_after) {
        const auto found = diff_reports(
            process_report(Component::TaskManager, target, version, proposal.task_manager_before),
            process_report(Component::TaskManager, target, version, proposal.task_manager_after));
        changes.insert(changes.end(), found.begin(), found.end());
    }
    if (proposal.job_manager_before && proposal.job_manager_after) {
        const auto found =
            diff_reports(process_report(Component::JobManager, target, version, proposal.job_manager_before),
                         process_report(Component::JobManager, target, version, proposal.job_manager_after));
        changes.insert(changes.end(), found.begin(), found.end());
    }
    return changes;
}

void write_proposal_conf(std::ostream& out, const doctor::Proposal& proposal) {
    for (const auto& [key, value] : proposal.changes) out << key << ": " << value << '\n';
    for (const auto& key : proposal.removals) out << "# remove: " << key << '\n';
    for (const auto& [name, value] : proposal.environment)
        out << "# environment: " << name << '=' << value << '\n';
}

void write_proposal_flags(std::ostream& out, const doctor::Proposal& proposal) {
    for (const auto& [key, value] : proposal.changes) out << "-D" << key << '=' << value << '\n';
}

void write_proposal(std::ostream& out, const doctor::Proposal& proposal, std::string_view form) {
    if (form == "flags") write_proposal_flags(out, proposal);
    if (form == "conf") write_proposal_conf(out, proposal);
    if (form == "patch") write_proposal_patch(out, proposal);
}

void write_proposal_patch(std::ostream& out, const doctor::Proposal& proposal) {
    out << "spec:\n";
    bool configuration = false;
    for (const auto& [key, value] : proposal.changes) {
        if (is_process_size(key)) continue;
        if (!configuration) out << "  flinkConfiguration:\n";
        configuration = true;
        out << "    " << key << ": " << yaml_quote(value) << '\n';
    }
    for (const auto& key : proposal.removals) {
        if (!configuration) out << "  flinkConfiguration:\n";
        configuration = true;
        out << "    " << key << ": null\n";
    }
    // Each process once: its resource memory (the operator writes it over flinkConfiguration's
    // process size) and, for the TaskManager, the environment in the pod template.
    for (const char* process : {"jobManager", "taskManager"}) {
        const bool task_manager = std::string_view(process) == "taskManager";
        std::optional<std::string> memory;
        for (const auto& [key, value] : proposal.changes) {
            if (is_process_size(key) && key.starts_with("taskmanager.") == task_manager) memory = value;
        }
        const bool environment = task_manager && !proposal.environment.empty();
        if (!memory && !environment) continue;
        out << "  " << process << ":\n";
        if (memory) out << "    resource:\n      memory: " << yaml_quote(*memory) << '\n';
        if (environment) {
            out << "    podTemplate:\n      spec:\n        containers:\n"
                   "          - name: flink-main-container\n            env:\n";
            for (const auto& [name, value] : proposal.environment) {
                out << "              - name: " << name << "\n                value: " << yaml_quote(value)
                    << '\n';
            }
        }
    }
}

void write_proposal_json(JsonWriter& json, const doctor::Proposal& proposal, Target target) {
    json.begin_object();
    json.key("changes").begin_object();
    for (const auto& [key, value] : proposal.changes) json.field(key, value);
    json.end_object();
    json.key("removals").begin_array();
    for (const auto& key : proposal.removals) json.value(key);
    json.end_array();
    json.key("environment").begin_object();
    for (const auto& [name, value] : proposal.environment) json.field(name, value);
    json.end_object();
    json.key("before").begin_object();
    write_breakdown(json, "taskmanager", proposal.task_manager_before);
    write_breakdown(json, "jobmanager", proposal.job_manager_before);
    json.end_object();
    json.key("after").begin_object();
    write_breakdown(json, "taskmanager", proposal.task_manager_after);
    write_breakdown(json, "jobmanager", proposal.job_manager_after);
    json.end_object();
    json.field("verified", proposal.verified);
    json.key("checks").begin_array();
    for (const auto& check : proposal.checks) json.value(check);
    json.end_array();
    json.key("diff").begin_array();
    for (const auto& change : proposal_diff(proposal, target)) {
        json.begin_object()
            .field("what", change.what)
            .field("before", change.before)
            .field("after", change.after);
        if (change.delta) json.field("delta", *change.delta);
        json.end_object();
    }
    json.end_array();
    json.key("notes").begin_array();
    for (const auto& note : proposal.notes) json.value(note);
    json.end_array();
    json.end_object();
}

void write_proposal_text(std::ostream& out, const doctor::Proposal& proposal, Target target) {
    if (proposal.empty()) {
        out << "Proposal: nothing to change.\n";
        return;
    }
    out << (proposal.verified ? "Proposal (verified):\n" : "Proposal (NOT verified):\n");
    for (const auto& [key, value] : proposal.changes) out << "  set    " << key << ": " << value << '\n';
    for (const auto& key : proposal.removals) out << "  remove " << key << '\n';
    for (const auto& [name, value] : proposal.environment) out << "  env    " << name << '=' << value << '\n';
    out << "Checks:\n";
    for (const auto& check : proposal.checks) out << "  " << check << '\n';
    for (const auto& note : proposal.notes) out << "Note: " << note << '\n';
    const auto diff = proposal_diff(proposal, target);
    if (!diff.empty()) {
        out << "What changes (resolved before -> after):\n";
        std::ostringstream lines;
        write_diff(lines, diff);
        std::istringstream in(lines.str());
        for (std::string line; std::getline(in, line);) out << "  " << line << '\n';
    }
    if (!proposal.changes.empty()) {
        out << "As -D flags:\n";
        for (const auto& [key, value] : proposal.changes) out << "  -D" << key << '=' << value << '\n';
    }
}

void write_doctor_text(std::ostream& out, const doctor::DoctorReport& report) {
    out << report.release_line << '\n';
    out << "Configuration: " << report.origin_text << '\n';
    out << "Deployment: " << deploy::name_of(report.target) << '\n';
    for (const auto& name : report.unrecognised)
        out << "Unrecognised: " << name << ": nothing in it is a failure flinkmem recognises\n";
    if (report.diagnoses.empty()) {
        out << "No failure recognised in the evidence.\n";
        return;
    }
    int number = 0;
    for (const auto& d : report.diagnoses) {
        out << fmt::format("\n[{}] {} on the {}", ++number, d.kind_name, to_string(d.process));
        if (!d.component.empty()) out << " (component: " << d.component << ")";
        out << '\n';
        out << "  Evidence: " << d.evidence.front().describe();
        if (d.evidence.size() > 1) out << fmt::format(" and {} more", d.evidence.size() - 1);
        out << "\n    "
            << (d.evidence_text.size() > 160 ? d.evidence_text.substr(0, 157) + "..." : d.evidence_text)
            << '\n';
        if (d.configured) out << "  Configured: " << human(*d.configured) << " = " << d.derivation << '\n';
        out << "  Why: " << d.explanation << '\n';
        if (d.need) out << "  Need: " << human(*d.need) << " (" << d.need_basis << ")\n";
        if (!d.remedy.empty()) out << "  Remedy: " << d.remedy << '\n';
        if (!d.fixable) out << "  No configuration change fixes this.\n";
        if (!d.blocked.empty()) out << "  Not sized: " << d.blocked << '\n';
    }
    for (const auto& note : report.notes) out << "\nNote: " << note << '\n';
    out << '\n';
    if (report.proposal) {
        write_proposal_text(out, *report.proposal, report.target);
    } else if (report.unfixable()) {
        out << "Proposal: none; no configuration change fixes this failure.\n";
    } else if (std::any_of(report.diagnoses.begin(), report.diagnoses.end(),
                           [](const doctor::Diagnosis& d) { return !d.determined; })) {
        out << "Proposal: none; the cause is undetermined.\n";
    } else if (report.blocked()) {
        out << "Proposal: none; the process the evidence is about does not resolve under this "
               "configuration.\n";
    } else {
        out << "Proposal: nothing to change.\n";
    }
}

void write_doctor_json(std::ostream& out, const doctor::DoctorReport& report) {
    std::string text;
    JsonWriter json(text, 2);
    json.begin_object();
    json.field("flink_version", report.release->version().to_string()).field("release", report.release_line);
    json.key("configuration")
        .begin_object()
        .field("origin", origin_name(report.origin))
        .field("source", report.origin_text)
        .end_object();
    json.field("target", deploy::name_of(report.target));
    json.key("diagnoses").begin_array();
    for (const auto& d : report.diagnoses) {
        json.begin_object()
            .field("kind", d.kind_name)
            .field("process", to_string(d.process))
            .field("component", d.component);
        json.key("evidence").begin_array();
        for (const auto& where : d.evidence) json.value(where.describe());
        json.end_array();
        json.field("evidence_text", d.evidence_text).field("explanation", d.explanation);
        json.key("configured_bytes");
        if (d.configured)
            json.value(d.configured->bytes());
        else
            json.null();
        json.field("derivation", d.derivation);
        json.key("need_bytes");
        if (d.need)
            json.value(d.need->bytes());
        else
            json.null();
        json.field("need_basis", d.need_basis)
            .field("remedy", d.remedy)
            .field("fixable", d.fixable)
            .field("determined", d.determined);
        if (!d.blocked.empty()) json.field("blocked", d.blocked);
        json.end_object();
    }
    json.end_array();
    json.key("unrecognised").begin_array();
    for (const auto& name : report.unrecognised) json.value(name);
    json.end_array();
    json.key("notes").begin_array();
    for (const auto& note : report.notes) json.value(note);
    json.end_array();
    json.key("proposal");
    if (report.proposal)
        write_proposal_json(json, *report.proposal, report.target);
    else
        json.null();
    json.end_object();
    out << text << '\n';
}

namespace {

std::string bytes_or_none(const std::optional<std::int64_t>& value) {
    return value ? human(MemorySize(*value)) : std::string("not measured");
}

void write_estimate_text(std::ostream& out, const doctor::OperatorEstimate& e,
                         const doctor::TuneReport& report) {
    out << fmt::format(
        "The operator's MemoryTuning on the same metrics (usage x {:.1f}): heap {}, metaspace {}, managed {}",
        1 + e.overhead, human(e.heap), human(e.metaspace), human(e.managed));
    if (e.network)
        out << ", network " << human(*e.network) << " (every gate of every vertex, times the slots)";
    out << '\n';
    if (e.network && report.simulator_network_bytes) {
        const MemorySize exact(*report.simulator_network_bytes);
        const std::int64_t difference = e.network->bytes() - exact.bytes();
        out << fmt::format(
            "  network: the operator's estimate is {} {} than the simulator's exact requirement ({})\n",
            human(MemorySize(difference < 0 ? -difference : difference)), difference >= 0 ? "more" : "less",
            human(exact));
    }
}

}  // namespace

void write_tune_text(std::ostream& out, const doctor::TuneReport& report, Target target) {
    out << report.release_line << '\n';
    out << "Configuration: " << report.config_origin << '\n';
    out << fmt::format("Readings: {} per TaskManager, {} TaskManager(s)\n", report.readings,
                       report.task_managers);
    for (const auto& peak : report.peaks) {
        out << fmt::format("  {:<14} observed {}, configured {}", peak.component,
                           bytes_or_none(peak.observed), bytes_or_none(peak.configured));
        if (peak.proposed_at_least)
            out << ", proposed at least " << human(MemorySize(*peak.proposed_at_least));
        out << "\n    (" << peak.basis << ")\n";
    }
    for (const auto& note : report.notes) out << "Note: " << note << '\n';
    if (report.operator_estimate && !report.peaks.empty())
        write_estimate_text(out, *report.operator_estimate, report);
    out << '\n';
    if (report.refused) {
        out << "Proposal: none; " << report.refusal << ".\n";
        return;
    }
    if (report.proposal) write_proposal_text(out, *report.proposal, target);
}

void write_tune_json(std::ostream& out, const doctor::TuneReport& report, Target target) {
    std::string text;
    JsonWriter json(text, 2);
    json.begin_object();
    json.field("flink_version", report.release->version().to_string()).field("release", report.release_line);
    json.key("configuration").begin_object().field("source", report.config_origin).end_object();
    json.field("readings", report.readings)
        .field("task_managers", static_cast<std::int64_t>(report.task_managers));
    json.key("diagnoses").begin_array();
    for (const auto& peak : report.peaks) {
        json.begin_object().field("kind", "usage").field("component", peak.component);
        json.field("evidence", fmt::format("observed {}", bytes_or_none(peak.observed)));
        json.field("explanation", peak.basis);
        json.key("observed_bytes");
        if (peak.observed)
            json.value(*peak.observed);
        else
            json.null();
        json.key("configured_bytes");
        if (peak.configured)
            json.value(*peak.configured);
        else
            json.null();
        json.key("need_bytes");
        if (peak.proposed_at_least)
            json.value(*peak.proposed_at_least);
        else
            json.null();
        json.end_object();
    }
    json.end_array();
    json.field("refused", report.refused).field("refusal", report.refusal);
    json.key("operator_estimate");
    if (report.operator_estimate) {
        const auto& e = *report.operator_estimate;
        json.begin_object()
            .field("overhead", e.overhead)
            .field("heap", e.heap.bytes())
            .field("metaspace", e.metaspace.bytes())
            .field("managed", e.managed.bytes());
        json.key("network");
        if (e.network)
            json.value(e.network->bytes());
        else
            json.null();
        json.key("simulator_network");
        if (report.simulator_network_bytes)
            json.value(*report.simulator_network_bytes);
        else
            json.null();
        json.end_object();
    } else {
        json.null();
    }
    json.key("notes").begin_array();
    for (const auto& note : report.notes) json.value(note);
    json.end_array();
    json.key("proposal");
    if (report.proposal && !report.refused)
        write_proposal_json(json, *report.proposal, target);
    else
        json.null();
    json.end_object();
    out << text << '\n';
}

}  // namespace flinkmem::report
