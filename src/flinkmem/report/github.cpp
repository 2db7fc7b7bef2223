// GitHub Actions workflow commands: annotations on the file and line of each finding.
#include <fmt/format.h>

#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

// The runner's escaping (actions/toolkit command.ts): data escapes %, CR, LF; property values
// also ':' and ','.
std::string escape_data(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        if (c == '%')
            escaped += "%25";
        else if (c == '\r')
            escaped += "%0D";
        else if (c == '\n')
            escaped += "%0A";
        else
            escaped += c;
    }
    return escaped;
}

std::string escape_property(std::string_view text) {
    std::string escaped;
    for (const char c : escape_data(text)) {
        if (c == ':')
            escaped += "%3A";
        else if (c == ',')
            escaped += "%2C";
        else
            escaped += c;
    }
    return escaped;
}

const char* command(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "notice";
    }
    return "error";
}

}  // namespace

void write_github(std::ostream& out, const std::vector<ConfigurationResult>& results,
                  const ValidateReportOptions&) {
    for (const auto& result : results) {
        for (const auto& finding : result.findings) {
            const RuleInfo* rule = find_rule(finding.rule_id);
            const std::string file =
                finding.location.kind == Source::Kind::File ? finding.location.name.str() : finding.document;
            std::string properties = "file=" + escape_property(file);
            if (finding.location.kind == Source::Kind::File && finding.location.line > 0) {
                properties += fmt::format(",line={}", finding.location.line);
            }
            properties += ",title=" + escape_property(fmt::format("{} {}", finding.rule_id,
                                                                  rule != nullptr ? rule->name : ""));
            std::string message = finding.message;
            if (finding.component != Component::Configuration) {
                message.insert(
                    0, finding.component == Component::TaskManager ? "TaskManager: " : "JobManager: ");
            }
            if (!finding.hint.empty()) message += "\nHint: " + finding.hint;
            if (result.flink_version)
                message += "\n(checked under Flink " + result.flink_version->to_string() + ")";
            out << "::" << command(finding.severity) << ' ' << properties << "::" << escape_data(message)
                << '\n';
        }
    }
}

}  // namespace flinkmem::report
