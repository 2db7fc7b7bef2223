// A file with a million odd keys gets a readable report: the first findings of each rule, then
// one finding that counts the rest.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "rule_context.hpp"

namespace flinkmem::lint {

void cap_findings(Findings& findings, std::size_t per_rule) {
    std::map<std::string, std::size_t, std::less<>> seen;
    std::map<std::string, Finding, std::less<>> first_unlisted;
    Findings kept;
    kept.reserve(std::min(findings.size(), per_rule * 4));
    for (auto& finding : findings) {
        std::size_t& count = seen[finding.rule_id];
        if (++count <= per_rule) {
            kept.push_back(std::move(finding));
        } else if (count == per_rule + 1) {
            first_unlisted.emplace(finding.rule_id, std::move(finding));
        }
    }
    for (auto& [rule_id, finding] : first_unlisted) {
        const std::size_t rest = seen[rule_id] - per_rule;
        finding.message = fmt::format("and {} more {} finding{} in this file, the first at {}", rest, rule_id,
                                      rest == 1 ? "" : "s", finding.location.describe());
        finding.hint = fmt::format("Fix the {} listed above first; the rest are of the same kind.", per_rule);
        finding.location.line = 0;
        finding.causes.clear();
        kept.push_back(std::move(finding));
    }
    findings = std::move(kept);
}

}  // namespace flinkmem::lint
