// The rule table of `validate`: every rule's stable ID, name, severity, summary and help page, in
// one place. Reports (SARIF's tool.driver.rules) and docs read it; checks are looked up by ID.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "flinkmem/lint/finding.hpp"

namespace flinkmem {

struct RuleInfo {
    std::string_view id;       // "FM101": never reused, never renumbered
    std::string_view name;     // "unknown-memory-key"
    Severity severity;         // the default; a few findings raise it (see docs/rules/)
    std::string_view summary;  // one line
};

// Every rule, by ID.
std::span<const RuleInfo> all_rules();

// The rule with this ID, or nullptr.
const RuleInfo* find_rule(std::string_view id);

// "https://github.com/flinkmem/flinkmem/blob/main/docs/rules/FM101.md": where a rule's page lives.
std::string rule_help_uri(std::string_view id);

}  // namespace flinkmem
