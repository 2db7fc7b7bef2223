#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

const char* severity_colour(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "\x1b[1;31m";
        case Severity::Warning:
            return "\x1b[1;35m";
        case Severity::Note:
            return "\x1b[1;36m";
    }
    return "";
}

const char* component_label(Component component) {
    switch (component) {
        case Component::TaskManager:
            return "TaskManager: ";
        case Component::JobManager:
            return "JobManager: ";
        case Component::Configuration:
            return "";
    }
    return "";
}

std::string location(const Finding& finding) {
    if (finding.location.kind == Source::Kind::File) {
        if (finding.location.line > 0)
            return fmt::format("{}:{}:1", finding.location.name.str(), finding.location.line);
        return finding.location.name.str();
    }
    return finding.document;
}

std::string plural(int count, const char* word) {
    return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

// Which Flink release the configurations were checked under: the largest group by its count,
// any other by the names of its configurations (those that name their own release).
void write_releases(std::ostream& out, const std::vector<ConfigurationResult>& results) {
    std::vector<std::pair<FlinkVersion, std::vector<std::string>>> groups;
    for (const auto& result : results) {
        if (!result.format || !result.flink_version) continue;
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&result](const auto& g) { return g.first == *result.flink_version; });
        if (group == groups.end()) group = groups.insert(groups.end(), {*result.flink_version, {}});
        group->second.push_back(result.name);
    }
    const auto largest = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        return a.second.size() < b.second.size();
    });
    for (auto group = groups.begin(); group != groups.end(); ++group) {
        if (group == largest) {
            out << fmt::format("checked under Flink {}: {}\n", group->first.to_string(),
                               plural(static_cast<int>(group->second.size()), "configuration"));
        } else {
            std::string names;
            for (const auto& name : group->second) names += (names.empty() ? "" : ", ") + name;
            out << fmt::format("checked under Flink {}: {}\n", group->first.to_string(), names);
        }
    }
}

}  // namespace

void write_validate_text(std::ostream& out, const std::vector<ConfigurationResult>& results,
                         const ValidateReportOptions& options) {
    const char* bold = options.colour ? "\x1b[1m" : "";
    const char* reset = options.colour ? "\x1b[0m" : "";
    for (const auto& result : results) {
        for (const auto& finding : result.findings) {
            out << bold << location(finding) << ":" << reset << ' '
                << (options.colour ? severity_colour(finding.severity) : "") << to_string(finding.severity)
                << ":" << reset << ' ' << component_label(finding.component) << finding.message << " ["
                << finding.rule_id << "]\n";
            for (const auto& cause : finding.causes) {
                // Flink's wrappers often just prefix the cause's message; repeating it says nothing new.
                if (finding.message.ends_with(cause.message)) continue;
                out << "    caused by " << cause.class_name() << ": " << cause.message << '\n';
            }
            if (!finding.hint.empty()) out << "    hint: " << finding.hint << '\n';
        }
    }
    write_releases(out, results);
    const ValidateSummary summary = summarize(results);
    out << fmt::format("{} checked: {}, {}, {}\n", plural(summary.configurations, "configuration"),
                       plural(summary.errors, "error"), plural(summary.warnings, "warning"),
                       plural(summary.notes, "note"));
}

}  // namespace flinkmem::report
