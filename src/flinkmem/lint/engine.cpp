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

// The options that size a process: its entry points (process size, Total Flink Memory, the
// fine-grained heap and managed sizes) and the legacy heap keys mapped onto them. A file that only
// tunes a process (network range, metaspace) leaves its size to another file or to -D.
bool sizes(const Configuration& config, Component component) {
    namespace o = options;
    static constexpr std::array<const OptionSpec*, 6> kTaskManager{
        &o::kTaskManagerProcessSize, &o::kTaskManagerFlinkSize,    &o::kTaskHeap,
        &o::kManagedSize,            &o::kTaskManagerLegacyHeap, &o::kTaskManagerLegacyHeapMb};
    static constexpr std::array<const OptionSpec*, 5> kJobManager{
        &o::kJobManagerProcessSize, &o::kJobManagerFlinkSize, &o::kJobManagerHeap, &o::kJobManagerLegacyHeap,
        &o::kJobManagerLegacyHeapMb};
    const auto set = [&config](const OptionSpec* option) { return config.contains(*option); };
    return component == Component::TaskManager ? std::any_of(kTaskManager.begin(), kTaskManager.end(), set)
                                               : std::any_of(kJobManager.begin(), kJobManager.end(), set);
}

// The first key that tunes a process without sizing it, for the "not configured" reason.
std::optional<std::string> tuning_key(const Configuration& config, Component component) {
    const std::string_view prefix = component == Component::TaskManager ? "taskmanager." : "jobmanager.";
    for (const auto& [key, entry] : config.entries()) {
        if (key.starts_with(prefix) && options::find(key) != nullptr && key != options::kNumTaskSlots.key &&
            key != options::kCpuCores.key) {
            return key;
        }
    }
    return std::nullopt;
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
    const bool by_keys = sizes(config, component);
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
        if (const auto tuned = tuning_key(config, component)) {
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
Configuration map_legacy_heap_to_process(const Configuration& config) {
    struct Legacy {
        const OptionSpec* size;
        const OptionSpec* mebibytes;
        const OptionSpec* process;
    };
    Configuration mapped;
    for (const auto& [key, entry] : config.entries()) {
        const OptionSpec* option = options::find(key);
        const bool legacy = option == &options::kTaskManagerLegacyHeap || option == &options::kTaskManagerLegacyHeapMb ||
                            option == &options::kJobManagerLegacyHeap || option == &options::kJobManagerLegacyHeapMb;
        if (!legacy) mapped.set(key, entry.value, entry.source);
    }
    for (const Legacy& legacy : {Legacy{&options::kTaskManagerLegacyHeap, &options::kTaskManagerLegacyHeapMb,
                                        &options::kTaskManagerProcessSize},
                                 Legacy{&options::kJobManagerLegacyHeap, &options::kJobManagerLegacyHeapMb,
                                        &options::kJobManagerProcessSize}}) {
        if (config.contains(*legacy.process)) continue;
        if (const ConfigEntry* size = config.find(legacy.size->key)) {
            mapped.set(std::string(legacy.process->key), size->value, size->source);
        } else if (const ConfigEntry* mebibytes = config.find(legacy.mebibytes->key)) {
            mapped.set(std::string(legacy.process->key), mebibytes->value + "m", mebibytes->source);
        }
    }
    return mapped;
}

// What Flink reads: on YARN and Kubernetes the legacy heap is the process size, and the operator
// writes a FlinkDeployment's spec.<process>.resource into the configuration
// (FlinkConfigBuilder.setResource): memory becomes the process size, cpu the CPU amount.
Configuration effective_configuration(const ConfigDocument& document) {
    Configuration config = document.config;
    if (document.format == InputFormat::FlinkDeployment) {
        const auto apply = [&config](const std::optional<DeploymentProcess>& process, const OptionSpec& memory_option,
                                     const char* cpu_key) {
            if (!process) return;
            if (process->memory) {
                std::string value = *process->memory;
                try {
                    static_cast<void>(MemorySize::parse(value));
                } catch (const Error&) {
                    // parseResourceMemoryString: what Flink cannot read goes through Kubernetes' Quantity.
                    if (const auto bytes = resource_memory_bytes(value)) value = std::to_string(*bytes);
                }
                config.set(std::string(memory_option.key), std::move(value), process->where);
            }
            if (process->cpu) config.set(cpu_key, fmt::format("{}", *process->cpu), process->where);
        };
        apply(document.task_manager, options::kTaskManagerProcessSize, "kubernetes.taskmanager.cpu.amount");
        apply(document.job_manager, options::kJobManagerProcessSize, "kubernetes.jobmanager.cpu.amount");
    }
    if (on_kubernetes_or_yarn(document, config)) return map_legacy_heap_to_process(config);
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
        const lint::RuleCheck check = lint::check_for(rule.id);
        if (check == nullptr) continue;
        try {
            check(context, findings);
        } catch (const Error&) {
            // A value a rule cannot read is Flink's to reject (FM100); the rule has nothing to add.
        }
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
