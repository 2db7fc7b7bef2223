// The lint engine: component decision, the one call into the resolver, and the rule loop.
#include "flinkmem/lint/validate.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/lint/rules.hpp"
#include "flinkmem/resolve.hpp"
#include "rule_context.hpp"

namespace flinkmem {

namespace lint {

Finding RuleContext::finding(std::string_view rule_id, std::string message, std::string hint, Source location,
                             Component component) const {
    const RuleInfo* rule = find_rule(rule_id);
    if (rule == nullptr)
        throw std::logic_error("a rule reports under an ID the rule table lacks: " + std::string(rule_id));
    Finding result;
    result.rule_id = std::string(rule->id);
    result.severity = rule->severity;
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

Source RuleContext::document_location() const {
    return Source::in_file(document.path, 0);
}

const OptionSpec& RuleContext::option(OptionId id) const {
    if (const OptionSpec* spec = option_in_or_after(release, id)) return *spec;
    return release.options()[id];  // no release has it: a bug in the rule, reported by operator[]
}

const OptionSpec* RuleContext::find_option(std::string_view key) const {
    return option_in_or_after(release, key);
}

bool RuleContext::on_kubernetes() const {
    return resolution.target == Target::Kubernetes;
}

bool RuleContext::on_yarn() const {
    return resolution.target == Target::Yarn;
}

namespace {

// The one call into the resolver: validate checks the processes the document sizes.
ComponentState state_of(const ProcessSizing& sizing, const auto& outcome) {
    ComponentState state;
    state.configured = sizing.sized;
    state.not_configured_reason = sizing.not_sized_reason;
    if (outcome && !outcome->ok()) state.error = outcome->error();
    return state;
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
            result.total_process_bytes = total_process->size.bytes();
        }
    }
    return result;
}

}  // namespace
}  // namespace lint

const char* to_string(ComponentVerdict::State state) {
    switch (state) {
        case ComponentVerdict::State::Resolved:
            return "resolved";
        case ComponentVerdict::State::Rejected:
            return "rejected";
        case ComponentVerdict::State::NotConfigured:
            return "not-configured";
    }
    return "rejected";
}

bool Suppressions::suppresses(const Finding& finding) const {
    if (disabled.contains(finding.rule_id)) return true;
    if (finding.location.kind != Source::Kind::File || finding.location.line <= 0) return false;
    const auto file = inline_ignores.find(finding.location.name.str());
    if (file == inline_ignores.end()) return false;
    const auto line = file->second.find(finding.location.line);
    if (line == file->second.end()) return false;
    return line->second.empty() || line->second.contains(finding.rule_id);
}

ConfigurationResult validate_document(const Document& document, const ValidateOptions& options) {
    const Resolution resolution = resolve({document, options.flink_version, ComponentChoice::Configured});
    if (resolution.error) {
        ConfigurationResult unknown =
            unreadable_input(document.path, resolution.error->message(),
                             resolution.error->context() ? resolution.error->context()->source.line : 0);
        unknown.name = document.name;
        return unknown;
    }
    const auto value_of = [](const auto& outcome) {
        return outcome && outcome->ok() ? std::optional(outcome->value().memory) : std::nullopt;
    };
    lint::RuleContext context{document,
                              *resolution.effective,
                              *resolution.release,
                              resolution,
                              lint::state_of(resolution.task_manager_sizing, resolution.task_manager),
                              lint::state_of(resolution.job_manager_sizing, resolution.job_manager),
                              value_of(resolution.task_manager),
                              value_of(resolution.job_manager)};

    std::vector<Finding> findings;
    for (const RuleInfo& rule : all_rules()) {
        if (options.suppressions.disabled.contains(rule.id)) continue;
        const lint::RuleCheck check = lint::check_for(rule.id);
        if (check == nullptr) continue;
        // A rule reads values Flink may reject (FM100 reports those); it never throws on them.
        check(context, findings);
    }
    std::erase_if(findings,
                  [&options](const Finding& finding) { return options.suppressions.suppresses(finding); });
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
    lint::cap_findings(findings, lint::kFindingsPerRule);

    ConfigurationResult result;
    result.name = document.name;
    result.path = document.path;
    result.format = document.format;
    result.flink_version = resolution.release->version();
    result.flink_version_named = document.flink_version.has_value() && !options.flink_version;
    result.components.push_back(
        lint::verdict(Component::TaskManager, context.task_manager_state,
                      context.task_manager ? &context.task_manager->total_process : nullptr));
    result.components.push_back(
        lint::verdict(Component::JobManager, context.job_manager_state,
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

ConfigurationResult template_input(const std::string& path, int line) {
    ConfigurationResult result;
    result.name = path;
    result.path = path;
    Finding finding;
    finding.rule_id = "FM003";
    finding.severity = Severity::Note;
    finding.message =
        "a Helm, Jinja or Go template ({{ ... }} or {% ... %}): render it first, then check what it "
        "renders";
    finding.hint =
        "`helm template CHART | flinkmem validate -` reads the rendered stream (other template engines "
        "alike); or leave templates out with --exclude 'charts/**' or exclude: in .flinkmem.yaml.";
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
                case Severity::Error:
                    ++summary.errors;
                    break;
                case Severity::Warning:
                    ++summary.warnings;
                    break;
                case Severity::Note:
                    ++summary.notes;
                    break;
            }
            if (!summary.worst || finding.severity > *summary.worst) summary.worst = finding.severity;
        }
    }
    return summary;
}

}  // namespace flinkmem
