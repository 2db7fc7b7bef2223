// The lint engine: component decision, the one call into the resolver, and the rule loop.
#include "flinkmem/lint/validate.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/lint/rules.hpp"
#include "rule_context.hpp"

namespace flinkmem {

namespace lint {

Finding RuleContext::finding(std::string_view rule_id, std::string message, std::string hint,
                             Source location, Component component) const {
    const RuleInfo* rule = find_rule(rule_id);
    Finding result;
    result.rule_id = std::string(rule_id);
    result.severity = rule != nullptr ? rule->severity : Severity::Error;
    result.message = std::move(message);
    result.hint = std::move(hint);
    result.location = std::move(location);
    result.document = document.name;
    result.component = component;
    return result;
}

Source RuleContext::where(std::string_view key) const {
    if (const ConfigEntry* entry = config.find(key)) return entry->source;
    return document_location();
}

Source RuleContext::document_location() const { return Source::in_file(document.path, 0); }

bool RuleContext::on_kubernetes() const {
    if (document.format == InputFormat::FlinkDeployment || document.format == InputFormat::FlinkSessionJob) {
        return true;
    }
    if (const ConfigEntry* target = config.find("execution.target")) {
        if (target->value.starts_with("kubernetes")) return true;
    }
    return std::any_of(config.entries().begin(), config.entries().end(),
                       [](const auto& entry) { return entry.first.starts_with("kubernetes."); });
}

bool RuleContext::on_yarn() const {
    if (const ConfigEntry* target = config.find("execution.target")) {
        if (target->value.starts_with("yarn")) return true;
    }
    return std::any_of(config.entries().begin(), config.entries().end(),
                       [](const auto& entry) { return entry.first.starts_with("yarn."); });
}

namespace {

bool has_unsupported_format_note(const ConfigDocument& document) {
    return std::any_of(document.notes.begin(), document.notes.end(), [](const ReadNote& note) {
        return note.kind == ReadNote::Kind::Other && note.key.empty();
    });
}

// The keys that size a process: options Flink reads for its memory, not tuning keys such as
// taskmanager.numberOfTaskSlots, and not the pre-1.10 keys Flink ignores.
bool sizes(std::string_view key, Component component) {
    const OptionSpec* option = options::find(key);
    if (option == nullptr) return false;
    if (component == Component::TaskManager) {
        return key.starts_with("taskmanager.memory.") || key.starts_with("taskmanager.heap.") ||
               key.starts_with("taskmanager.network.");
    }
    return key.starts_with("jobmanager.memory.") || key.starts_with("jobmanager.heap.");
}

// Which components a document sizes, and why not when it does not. A FlinkDeployment sizes a
// process through spec.<process>.resource.memory or its flinkConfiguration; a plain file only
// through its memory keys (mentioning jobmanager.rpc.address does not size a JobManager).
ComponentState decide(const ConfigDocument& document, const Configuration& config, Component component) {
    const bool task_manager = component == Component::TaskManager;
    const char* process = task_manager ? "TaskManager" : "JobManager";
    ComponentState state;
    if (has_unsupported_format_note(document)) {
        state.not_configured_reason =
            fmt::format("this build has no reader for {} inputs yet", to_string(document.format));
        return state;
    }
    if (document.format == InputFormat::FlinkSessionJob) {
        state.not_configured_reason =
            "a FlinkSessionJob runs on a session cluster that its FlinkDeployment sizes";
        return state;
    }
    const bool by_keys = std::any_of(config.entries().begin(), config.entries().end(),
                                     [component](const auto& entry) { return sizes(entry.first, component); });
    if (document.format == InputFormat::FlinkDeployment) {
        const auto& deployment = task_manager ? document.task_manager : document.job_manager;
        state.configured = by_keys || (deployment && deployment->memory);
        if (!state.configured) {
            state.not_configured_reason = fmt::format(
                "spec.{}.resource.memory is not set and flinkConfiguration sizes no {} memory",
                task_manager ? "taskManager" : "jobManager", process);
        }
        return state;
    }
    state.configured = by_keys;
    if (!state.configured) {
        state.not_configured_reason =
            task_manager ? "no taskmanager.memory.*, taskmanager.heap.* or taskmanager.network.* size is set"
                         : "no jobmanager.memory.* or jobmanager.heap.* size is set";
    }
    return state;
}

// What the operator writes into the configuration from spec.<process>.resource
// (FlinkConfigBuilder.setResource): memory becomes the process size, cpu the Kubernetes CPU amount.
Configuration effective_configuration(const ConfigDocument& document) {
    Configuration config = document.config;
    if (document.format != InputFormat::FlinkDeployment) return config;
    const auto apply = [&config](const std::optional<DeploymentProcess>& process, const OptionSpec& memory_option,
                                 const char* cpu_key) {
        if (!process) return;
        if (process->memory) {
            std::string value = *process->memory;
            try {
                static_cast<void>(MemorySize::parse(value));
            } catch (const Error&) {
                // parseResourceMemoryString: what Flink cannot read goes through Kubernetes' Quantity.
                if (const auto bytes = kubernetes_quantity_bytes(value)) value = std::to_string(*bytes);
            }
            config.set(std::string(memory_option.key), std::move(value), process->where);
        }
        if (process->cpu) config.set(cpu_key, fmt::format("{}", *process->cpu), process->where);
    };
    apply(document.task_manager, options::kTaskManagerProcessSize, "kubernetes.taskmanager.cpu.amount");
    apply(document.job_manager, options::kJobManagerProcessSize, "kubernetes.jobmanager.cpu.amount");
    return config;
}

// The one call into the resolver. When resolve(request) -> outcome with per-version rules lands,
// this is the function to switch; until then Flink 1.20's rules answer for every version.
void resolve_components(RuleContext& context) {
    if (context.task_manager_state.configured) {
        try {
            context.task_manager = resolve_task_manager(context.config);
        } catch (const Error& error) {
            context.task_manager_state.error = error;
        }
    }
    if (context.job_manager_state.configured) {
        try {
            context.job_manager = resolve_job_manager(context.config);
        } catch (const Error& error) {
            context.job_manager_state.error = error;
        }
    }
}

ComponentVerdict verdict(Component component, const ComponentState& state, const Explained* total_process) {
    ComponentVerdict result;
    result.component = component;
    if (!state.configured) {
        result.state = ComponentVerdict::State::NotConfigured;
        result.reason = state.not_configured_reason;
    } else if (state.error) {
        result.state = ComponentVerdict::State::Rejected;
        result.reason = state.error->message();
    } else {
        result.state = ComponentVerdict::State::Resolved;
        if (total_process != nullptr) {
            result.reason = "Total Process Memory " + total_process->size.to_human_readable_string();
        }
    }
    return result;
}

}  // namespace
}  // namespace lint

const char* to_string(ComponentVerdict::State state) {
    switch (state) {
        case ComponentVerdict::State::Resolved: return "resolved";
        case ComponentVerdict::State::Rejected: return "rejected";
        case ComponentVerdict::State::NotConfigured: return "not-configured";
    }
    return "rejected";
}

bool Suppressions::suppresses(const Finding& finding) const {
    if (disabled.contains(finding.rule_id)) return true;
    if (finding.location.kind != Source::Kind::File || finding.location.line <= 0) return false;
    const auto file = inline_ignores.find(finding.location.name);
    if (file == inline_ignores.end()) return false;
    const auto line = file->second.find(finding.location.line);
    if (line == file->second.end()) return false;
    return line->second.empty() || line->second.contains(finding.rule_id);
}

ConfigurationResult validate_document(const ConfigDocument& document, const ValidateOptions& options) {
    const Configuration config = lint::effective_configuration(document);
    lint::RuleContext context{document, config, document.flink_version.value_or(options.default_flink_version),
                              lint::decide(document, config, Component::TaskManager),
                              lint::decide(document, config, Component::JobManager), std::nullopt,
                              std::nullopt};
    lint::resolve_components(context);

    std::vector<Finding> findings;
    for (const RuleInfo& rule : all_rules()) {
        if (options.suppressions.disabled.contains(rule.id)) continue;
        if (const lint::RuleCheck check = lint::check_for(rule.id)) check(context, findings);
    }
    std::erase_if(findings, [&options](const Finding& finding) { return options.suppressions.suppresses(finding); });
    // File order: what a person fixes top to bottom; whole-file findings first.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.location.line, a.component) < std::tie(b.location.line, b.component);
    });

    ConfigurationResult result;
    result.name = document.name;
    result.path = document.path;
    result.format = document.format;
    result.flink_version = document.flink_version;
    result.components.push_back(lint::verdict(Component::TaskManager, context.task_manager_state,
                                              context.task_manager ? &context.task_manager->total_process : nullptr));
    result.components.push_back(lint::verdict(Component::JobManager, context.job_manager_state,
                                              context.job_manager ? &context.job_manager->total_process : nullptr));
    result.findings = std::move(findings);
    return result;
}

ConfigurationResult unreadable_input(const std::string& path, const std::string& message, int line) {
    ConfigurationResult result;
    result.name = path;
    result.path = path;
    result.unreadable = true;
    Finding finding;
    finding.rule_id = "FM001";
    finding.severity = Severity::Error;
    finding.message = message;
    finding.location = Source::in_file(path, line);
    finding.document = path;
    result.findings.push_back(std::move(finding));
    return result;
}

ValidateSummary summarize(const std::vector<ConfigurationResult>& results) {
    ValidateSummary summary;
    for (const auto& result : results) {
        if (result.format) ++summary.configurations;
        summary.any_unreadable = summary.any_unreadable || result.unreadable;
        for (const auto& finding : result.findings) {
            switch (finding.severity) {
                case Severity::Error: ++summary.errors; break;
                case Severity::Warning: ++summary.warnings; break;
                case Severity::Note: ++summary.notes; break;
            }
            if (!summary.worst || finding.severity > *summary.worst) summary.worst = finding.severity;
        }
    }
    return summary;
}

}  // namespace flinkmem
