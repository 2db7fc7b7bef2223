// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, the tool driver with every
// rule's metadata and help URI, one result per finding with a physical location.
#include <nlohmann/json.hpp>

#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

using json = nlohmann::ordered_json;

const char* level(Severity severity) {
    switch (severity) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Note: return "note";
    }
    return "error";
}

// artifactLocation.uri is a URI reference: keep the path's "/" and percent-encode the rest of
// what RFC 3986 does not allow unescaped (spaces, '#', non-ASCII bytes ...).
std::string uri_reference(const std::string& path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri;
    for (const unsigned char c : path) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        }
    }
    return uri;
}

}  // namespace

void write_sarif(std::ostream& out, const std::vector<ConfigurationResult>& results,
                 const ValidateReportOptions& options) {
    json rules = json::array();
    for (const RuleInfo& rule : all_rules()) {
        rules.push_back({{"id", rule.id},
                         {"name", rule.name},
                         {"shortDescription", {{"text", rule.summary}}},
                         {"helpUri", rule_help_uri(rule.id)},
                         {"defaultConfiguration", {{"level", level(rule.severity)}}}});
    }
    json sarif_results = json::array();
    for (const auto& result : results) {
        for (const auto& finding : result.findings) {
            const auto rules_span = all_rules();
            std::size_t index = 0;
            while (index < rules_span.size() && rules_span[index].id != finding.rule_id) ++index;
            std::string text = finding.message;
            if (finding.component != Component::Configuration) {
                text.insert(0, finding.component == Component::TaskManager ? "TaskManager: " : "JobManager: ");
            }
            if (!finding.hint.empty()) text += "\nHint: " + finding.hint;
            const std::string path =
                finding.location.kind == Source::Kind::File ? finding.location.name.str() : finding.document;
            json physical{{"artifactLocation", {{"uri", uri_reference(path)}}}};
            if (finding.location.kind == Source::Kind::File && finding.location.line > 0) {
                physical["region"] = {{"startLine", finding.location.line}};
            }
            json entry{{"ruleId", finding.rule_id}};
            if (index < rules_span.size()) entry["ruleIndex"] = index;
            entry["level"] = level(finding.severity);
            entry["message"] = {{"text", text}};
            entry["locations"] = json::array({{{"physicalLocation", std::move(physical)}}});
            entry["properties"] = {{"document", finding.document}, {"component", to_string(finding.component)}};
            sarif_results.push_back(std::move(entry));
        }
    }
    const json sarif{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::array({{{"tool",
                                {{"driver",
                                  {{"name", "flinkmem"},
                                   {"version", options.tool_version},
                                   {"informationUri", "https://github.com/flinkmem/flinkmem"},
                                   {"rules", std::move(rules)}}}}},
                               {"results", std::move(sarif_results)}}})}};
    // Configuration files are not always UTF-8 (Latin-1 comments): bad bytes become U+FFFD.
    out << sarif.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace flinkmem::report
