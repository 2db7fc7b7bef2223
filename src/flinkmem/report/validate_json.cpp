// The JSON report. Its schema (docs/validate.schema.json) is part of the interface: fields are
// only ever added, and schema_version changes when one changes meaning.
#include <string>

#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/json_writer.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

void write_finding(JsonWriter& json, const Finding& finding) {
    const RuleInfo* rule = find_rule(finding.rule_id);
    const bool in_file = finding.location.kind == Source::Kind::File;
    json.begin_object()
        .field("rule_id", finding.rule_id)
        .field("rule_name", rule != nullptr ? rule->name : std::string_view())
        .field("severity", to_string(finding.severity))
        .field("component", to_string(finding.component))
        .field("message", finding.message)
        .field("hint", finding.hint)
        .field("file", in_file ? std::string_view(finding.location.name.str()) : finding.document)
        .field("line", in_file ? finding.location.line : 0)
        .field("document", finding.document);
    if (!finding.java_class.empty()) {
        json.field("java_class", finding.java_class).key("causes").begin_array();
        for (const auto& cause : finding.causes) {
            json.begin_object()
                .field("class", cause.class_name())
                .field("message", cause.message)
                .end_object();
        }
        json.end_array();
    }
    json.end_object();
}

}  // namespace

void write_validate_json(std::ostream& out, const std::vector<ConfigurationResult>& results,
                         const ValidateReportOptions& options) {
    const ValidateSummary summary = summarize(results);
    std::string text;
    // Indented as nlohmann's dump(2) indents; invalid UTF-8 (Latin-1 comments) becomes U+FFFD.
    JsonWriter json(text, 2);
    json.begin_object().field("schema_version", 1);
    json.key("tool")
        .begin_object()
        .field("name", "flinkmem")
        .field("version", options.tool_version)
        .end_object();
    json.key("summary")
        .begin_object()
        .field("configurations", summary.configurations)
        .field("errors", summary.errors)
        .field("warnings", summary.warnings)
        .field("notes", summary.notes)
        .end_object();
    json.key("configurations").begin_array();
    for (const auto& result : results) {
        json.begin_object().field("name", result.name).field("path", result.path).key("format");
        if (result.format) {
            json.value(to_string(*result.format));
        } else {
            json.null();
        }
        json.key("flink_version");
        if (result.flink_version) {
            json.value(result.flink_version->to_string());
        } else {
            json.null();
        }
        json.field("flink_version_named", result.flink_version_named)
            .field("unreadable", result.unreadable)
            .key("components")
            .begin_array();
        for (const auto& verdict : result.components) {
            json.begin_object()
                .field("component", to_string(verdict.component))
                .field("state", to_string(verdict.state))
                .field("reason", verdict.reason);
            if (verdict.total_process_bytes) json.field("total_process_bytes", *verdict.total_process_bytes);
            json.end_object();
        }
        json.end_array().key("findings").begin_array();
        for (const auto& finding : result.findings) write_finding(json, finding);
        json.end_array().end_object();
    }
    json.end_array().end_object();
    out << text << '\n';
}

}  // namespace flinkmem::report
