// The JSON report. Its schema (docs/validate.schema.json) is part of the interface: fields are
// only ever added, and schema_version changes when one changes meaning.
#include <nlohmann/json.hpp>

#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

using json = nlohmann::ordered_json;

json finding_json(const Finding& finding) {
    const RuleInfo* rule = find_rule(finding.rule_id);
    json result{{"rule_id", finding.rule_id},
                {"rule_name", rule != nullptr ? std::string(rule->name) : std::string()},
                {"severity", to_string(finding.severity)},
                {"component", to_string(finding.component)},
                {"message", finding.message},
                {"hint", finding.hint},
                {"file", finding.location.kind == Source::Kind::File ? finding.location.name.str()
                                                                     : finding.document},
                {"line", finding.location.kind == Source::Kind::File ? finding.location.line : 0},
                {"document", finding.document}};
    if (!finding.java_class.empty()) {
        result["java_class"] = finding.java_class;
        json causes = json::array();
        for (const auto& cause : finding.causes)
            causes.push_back({{"class", std::string(cause.class_name())}, {"message", cause.message}});
        result["causes"] = std::move(causes);
    }
    return result;
}

}  // namespace

void write_validate_json(std::ostream& out, const std::vector<ConfigurationResult>& results,
                         const ValidateReportOptions& options) {
    const ValidateSummary summary = summarize(results);
    json configurations = json::array();
    for (const auto& result : results) {
        json components = json::array();
        for (const auto& verdict : result.components) {
            json component = {{"component", to_string(verdict.component)},
                              {"state", to_string(verdict.state)},
                              {"reason", verdict.reason}};
            if (verdict.total_process_bytes) component["total_process_bytes"] = *verdict.total_process_bytes;
            components.push_back(std::move(component));
        }
        json findings = json::array();
        for (const auto& finding : result.findings) findings.push_back(finding_json(finding));
        configurations.push_back(
            {{"name", result.name},
             {"path", result.path},
             {"format", result.format ? json(to_string(*result.format)) : json(nullptr)},
             {"flink_version",
              result.flink_version ? json(result.flink_version->to_string()) : json(nullptr)},
             {"flink_version_named", result.flink_version_named},
             {"unreadable", result.unreadable},
             {"components", std::move(components)},
             {"findings", std::move(findings)}});
    }
    const json document{{"schema_version", 1},
                        {"tool", {{"name", "flinkmem"}, {"version", options.tool_version}}},
                        {"summary",
                         {{"configurations", summary.configurations},
                          {"errors", summary.errors},
                          {"warnings", summary.warnings},
                          {"notes", summary.notes}}},
                        {"configurations", std::move(configurations)}};
    // Configuration files are not always UTF-8 (Latin-1 comments): bad bytes become U+FFFD.
    out << document.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace flinkmem::report
