// The lint engine: component decision, the one call into the resolver, and the rule loop.
#include "flinkmem/lint/validate.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/resolve.hpp"
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

const OptionSpec& RuleContext::option(OptionId id) const {
    if (const OptionSpec* spec = option_in_or_after(release, id)) return *spec;
    return release.options()[id];  // no release has it: a bug in the rule, reported by operator[]
}

const OptionSpec* RuleContext::find_option(std::string_view key) const { return option_in_or_after(release, key); }

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


// The first key that tunes a process without sizing it, for the "not configured" reason.
std::optional<std::string> tuning_key(const Configuration& config, const OptionCatalog& options,
                                      Component component) {
    const std::string_view prefix = component == Component::TaskManager ? "taskmanager." : "jobmanager.";
    for (const auto& [key, entry] : config.entries()) {
        const OptionSpec* option = options.find(key);
        if (key.starts_with(prefix) && option != nullptr && option->id != OptionId::NumTaskSlots &&
            option->id != OptionId::CpuCores) {
            return key;
        }
    }
    return std::nullopt;
}

// Which components a document sizes, and why not when it does not. A FlinkDeployment sizes a
// process through spec.<process>.resource.memory or its flinkConfiguration; a plain file only
// through its memory keys (mentioning jobmanager.rpc.address does not size a JobManager).
ComponentState decide(const ConfigDocument& document, const Configuration& config, const Release& release,
                      Component component) {
    const bool task_manager = component == Component::TaskManager;
    const char* process = task_manager ? "TaskManager" : "JobManager";
    ComponentState state;
    if (document.format == InputFormat::FlinkSessionJob) {
        state.not_configured_reason =
            "a FlinkSessionJob runs on a session cluster that its FlinkDeployment sizes";
        return state;
    }
    const bool by_keys = sizes_process(config, release, component);
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
        const char* entry_points = task_manager ? "taskmanager.memory.process.size, taskmanager.memory.flink.size "
                                                  "or taskmanager.memory.task.heap.size and managed.size"
                                                : "jobmanager.memory.process.size, jobmanager.memory.flink.size or "
                                                  "jobmanager.memory.heap.size";
        if (const auto tuned = tuning_key(config, release.options(), component)) {
            state.not_configured_reason = fmt::format(
                "it tunes the {} ({}) but sets none of {}: the size comes from elsewhere", process, *tuned,
                entry_points);
        } else {
            state.not_configured_reason = fmt::format("it sets none of {}", entry_points);
        }
    }
    return state;
}

bool on_kubernetes_or_yarn(const ConfigDocument& document, const Configuration& config) {
    if (document.format == InputFormat::FlinkDeployment || document.format == InputFormat::FlinkSessionJob) {
        return true;
    }
    if (const ConfigEntry* target = config.find("execution.target")) {
        if (target->value.starts_with("kubernetes") || target->value.starts_with("yarn")) return true;
    }
    return std::any_of(config.entries().begin(), config.entries().end(), [](const auto& entry) {
        return entry.first.starts_with("kubernetes.") || entry.first.starts_with("yarn.");
    });
}

// YARN and Kubernetes (the active resource managers and the client) map the legacy heap keys to
// the process size, not to what the standalone scripts use (MemoryBackwardsCompatibilityUtils
// with TOTAL_PROCESS_MEMORY): ".size" first, then ".mb" in MiB, only if the process size is unset.
// The legacy keys are then dropped so that the resolver's standalone mapping does not apply too.
Configuration map_legacy_heap_to_process(const Configuration& config, const OptionCatalog& options) {
    using enum OptionId;
    struct Legacy {
        const OptionSpec* size;
        const OptionSpec* mebibytes;
        const OptionSpec& process;
    };
    const Legacy processes[] = {
        {options.find(TaskManagerLegacyHeap), options.find(TaskManagerLegacyHeapMb), options[TaskManagerProcessSize]},
        {options.find(JobManagerLegacyHeap), options.find(JobManagerLegacyHeapMb), options[JobManagerProcessSize]}};
    Configuration mapped;
    for (const auto& [key, entry] : config.entries()) {
        const OptionSpec* option = options.find(key);
        const bool legacy = option != nullptr && std::any_of(std::begin(processes), std::end(processes),
                                                             [option](const Legacy& l) {
                                                                 return option == l.size || option == l.mebibytes;
                                                             });
        if (!legacy) mapped.set(key, entry.value, entry.source);
    }
    for (const Legacy& legacy : processes) {
        if (config.contains(legacy.process)) continue;
        if (const ConfigEntry* size = legacy.size ? config.find(legacy.size->key) : nullptr) {
            mapped.set(std::string(legacy.process.key), size->value, size->source);
        } else if (const ConfigEntry* mebibytes = legacy.mebibytes ? config.find(legacy.mebibytes->key) : nullptr) {
            mapped.set(std::string(legacy.process.key), mebibytes->value + "m", mebibytes->source);
        }
    }
    return mapped;
}

// What Flink reads: on YARN and Kubernetes the legacy heap is the process size. (A
// FlinkDeployment's spec.<process>.resource is already in the document's configuration: the
// readers write it there as the operator's FlinkConfigBuilder does.)
Configuration effective_configuration(const ConfigDocument& document, const Release& release) {
    if (on_kubernetes_or_yarn(document, document.config)) {
        return map_legacy_heap_to_process(document.config, release.options());
    }
    return document.config;
}

// The one call into the resolver.
void resolve_components(RuleContext& context) {
    if (context.task_manager_state.configured) {
        const auto outcome = resolve_task_manager(context.config, context.release);
        if (outcome.ok()) {
            context.task_manager = outcome.value().memory;
        } else {
            context.task_manager_state.error = outcome.error();
        }
    }
    if (context.job_manager_state.configured && context.release.traits().job_manager_model) {
        const auto outcome = resolve_job_manager(context.config, context.release);
        if (outcome.ok()) {
            context.job_manager = outcome.value().memory;
        } else {
            context.job_manager_state.error = outcome.error();
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
    const Release* named = find_release(document.flink_version.value_or(options.default_flink_version));
    const Release& release = named != nullptr ? *named : default_release();
    const Configuration config = lint::effective_configuration(document, release);
    lint::RuleContext context{document,
                              config,
                              release,
                              lint::decide(document, config, release, Component::TaskManager),
                              lint::decide(document, config, release, Component::JobManager),
                              std::nullopt,
                              std::nullopt};
    lint::resolve_components(context);

    std::vector<Finding> findings;
    for (const RuleInfo& rule : all_rules()) {
        if (options.suppressions.disabled.contains(rule.id)) continue;
        const lint::RuleCheck check = lint::check_for(rule.id);
        if (check == nullptr) continue;
        try {
            check(context, findings);
        } catch (const Error&) {
            // A value a rule cannot read is Flink's to reject (FM100); the rule has nothing to add.
        }
    }
    std::erase_if(findings, [&options](const Finding& finding) { return options.suppressions.suppresses(finding); });
    // The key each finding's line sets, for reports that track a finding by its key.
    for (Finding& finding : findings) {
        if (finding.location.kind != Source::Kind::File || finding.location.line <= 0) continue;
        for (const auto& [key, entry] : document.config.entries()) {
            if (entry.source == finding.location) {
                finding.key = key;
                break;
            }
        }
    }
    // File order: what a person fixes top to bottom; whole-file findings first.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.location.line, a.component) < std::tie(b.location.line, b.component);
    });

    ConfigurationResult result;
    result.name = document.name;
    result.path = document.path;
    result.format = document.format;
    result.flink_version = release.version();
    result.flink_version_named = named != nullptr && document.flink_version.has_value();
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
