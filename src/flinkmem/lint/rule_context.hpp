// What every rule sees: the document, the configuration Flink will read, and the resolved (or
// rejected) components. Private to src/flinkmem/lint/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/lint/finding.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/readers/document.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::lint {

struct ComponentState {
    bool configured = false;
    std::string not_configured_reason;
    std::optional<Error> error;  // Flink rejects it
};

struct RuleContext {
    const Document& document;
    // What Flink reads: the document's configuration plus what the deployment writes into it
    // (a FlinkDeployment's resource.memory becomes *.memory.process.size).
    const Configuration& config;
    const Release& release;  // the Flink release the document is checked for
    const Resolution& resolution;
    ComponentState task_manager_state;
    ComponentState job_manager_state;
    std::optional<TaskManagerMemory> task_manager;  // resolved
    std::optional<JobManagerMemory> job_manager;    // resolved

    FlinkVersion version() const { return release.version(); }
    // The option in this release, or (for advice about a key the release removed) in the newest
    // release that had it.
    const OptionSpec& option(OptionId id) const;
    // The option whose key (or deprecated key) is `key`, looked up the same way.
    const OptionSpec* find_option(std::string_view key) const;
    const OptionSpec* find_option_by_id(OptionId id) const { return option_in_or_after(release, id); }

    // A finding of `rule_id` with the rule's default severity.
    Finding finding(std::string_view rule_id, std::string message, std::string hint, Source where,
                    Component component = Component::Configuration) const;
    // Where a key is set, or the document as a whole when it is not.
    Source where(std::string_view key) const;
    Source document_location() const;

    bool on_kubernetes() const;
    bool on_yarn() const;
};

using Findings = std::vector<Finding>;
using RuleCheck = void (*)(const RuleContext&, Findings&);

// Keeps the first `per_rule` findings of each rule (in their order) and adds, per rule with more,
// one finding that counts the rest ("and N more FM101 findings in this file").
void cap_findings(Findings& findings, std::size_t per_rule);
inline constexpr std::size_t kFindingsPerRule = 100;

// One function per rule (or per small family), defined in the rule files and listed in rules.cpp.
void check_flink_rejects(const RuleContext&, Findings&);                  // FM100
void check_input_notes(const RuleContext&, Findings&);                    // FM002
void check_sets_nothing(const RuleContext&, Findings&);                   // FM004
void check_byte_order_mark(const RuleContext&, Findings&);                // FM005
void check_unknown_keys(const RuleContext&, Findings&);                   // FM101
void check_deprecated_keys(const RuleContext&, Findings&);                // FM102
void check_dropped_lines(const RuleContext&, Findings&);                  // FM103
void check_duplicate_keys(const RuleContext&, Findings&);                 // FM104
void check_quoted_values(const RuleContext&, Findings&);                  // FM105
void check_placeholders(const RuleContext&, Findings&);                   // FM106
void check_size_overrides_fraction(const RuleContext&, Findings&);        // FM107
void check_fraction_without_effect(const RuleContext&, Findings&);        // FM108
void check_derived_differs_from_fraction(const RuleContext&, Findings&);  // FM109
void check_job_manager_heap_minimum(const RuleContext&, Findings&);       // FM110
void check_java_opts_memory_flags(const RuleContext&, Findings&);         // FM111
void check_heap_state_managed_memory(const RuleContext&, Findings&);      // FM112
void check_rocksdb_unbounded(const RuleContext&, Findings&);              // FM113
void check_pod_whole_mebibytes(const RuleContext&, Findings&);            // FM114
void check_kubernetes_limit_factors(const RuleContext&, Findings&);       // FM115
void check_pod_template_resources(const RuleContext&, Findings&);         // FM116
void check_yarn_container_rounding(const RuleContext&, Findings&);        // FM117
void check_slots_and_cores(const RuleContext&, Findings&);                // FM118
void check_network_buffers(const RuleContext&, Findings&);                // FM119
void check_value_types(const RuleContext&, Findings&);                    // FM120
void check_duration_units(const RuleContext&, Findings&);                 // FM121

// The check registered for a rule ID (nullptr for FM001, which the engine emits itself).
RuleCheck check_for(std::string_view rule_id);

// Kubernetes quantities ("2Gi", "1.5G", "500M", "2048") in bytes, as the operator's
// parseResourceMemoryString reads spec.*.resource.memory: Flink's MemorySize first, then the
// Kubernetes Quantity. Empty when neither reads it.
std::optional<std::int64_t> resource_memory_bytes(std::string_view text);
// A Kubernetes quantity in bytes (Ki/Mi/Gi/Ti/Pi/Ei, k/M/G/T/P/E, m, plain, decimals), truncated.
std::optional<std::int64_t> kubernetes_quantity_bytes(std::string_view text);

}  // namespace flinkmem::lint
