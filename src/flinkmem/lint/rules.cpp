// The one table of validate's rules. IDs are stable: a rule that goes away leaves a gap.
#include "flinkmem/lint/rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "rule_context.hpp"

namespace flinkmem {

namespace {

struct RuleEntry {
    RuleInfo info;
    lint::RuleCheck check;
};

using S = Severity;

// In ID order; docs/rules/<ID>.md describes each with a bad and a good example.
const std::array<RuleEntry, 27> kRules{{
    {{"FM001", "unreadable-input", S::Error,
      "The input cannot be read: missing file, not a file, or not valid in its format"},
     nullptr},
    {{"FM002", "input-note", S::Note,
      "How the input is read: what the image entrypoint, the operator or a mounted file changes"},
     lint::check_input_notes},
    {{"FM003", "unrendered-template", S::Note,
      "A Helm, Jinja or Go template: render it, then check what it renders"},
     nullptr},
    {{"FM004", "sets-nothing", S::Warning,
      "The configuration sets nothing: an empty file, only comments, an empty flinkConfiguration"},
     lint::check_sets_nothing},
    {{"FM005", "byte-order-mark", S::Warning,
      "A flink-conf.yaml starting with a UTF-8 byte-order mark: Flink's reader ignores its first key"},
     lint::check_byte_order_mark},
    {{"FM100", "flink-rejects", S::Error,
      "Flink refuses to start this process: its exact error, at the key that causes it"},
     lint::check_flink_rejects},
    {{"FM101", "unknown-key", S::Warning,
      "A key Flink does not know and silently ignores: one edit from a real key, or in a memory namespace"},
     lint::check_unknown_keys},
    {{"FM102", "deprecated-key", S::Warning,
      "A deprecated key, or one the release removed, with the key and value that give the same result"},
     lint::check_deprecated_keys},
    {{"FM103", "dropped-line", S::Warning,
      "A line the legacy flink-conf.yaml parser skips (no space after ':', empty key or value)"},
     lint::check_dropped_lines},
    {{"FM104", "duplicate-key", S::Warning,
      "A key set twice: the last wins silently in flink-conf.yaml, an error in config.yaml"},
     lint::check_duplicate_keys},
    {{"FM105", "quoted-value", S::Warning, "Quotes the legacy parser keeps as part of the value"},
     lint::check_quoted_values},
    {{"FM106", "unresolved-placeholder", S::Warning,
      "A ${VAR}, {{ .Values.x }} or %x% placeholder that Flink would read literally"},
     lint::check_placeholders},
    {{"FM107", "size-overrides-fraction", S::Warning,
      "A size and its fraction are both set: the fraction is ignored"},
     lint::check_size_overrides_fraction},
    {{"FM108", "fraction-without-effect", S::Warning,
      "Explicit sizes leave a configured fraction nothing to decide"},
     lint::check_fraction_without_effect},
    {{"FM109", "derived-differs-from-fraction", S::Note,
      "Flink logs that a derived size does not match its configured fraction and uses the derived one"},
     lint::check_derived_differs_from_fraction},
    {{"FM110", "jobmanager-heap-below-minimum", S::Warning,
      "The JobManager's JVM heap is at or below Flink's recommended minimum of 128 mb"},
     lint::check_job_manager_heap_minimum},
    {{"FM111", "java-opts-memory-flag", S::Warning,
      "env.java.opts* sets -Xmx, -Xms, -XX:MaxDirectMemorySize or -XX:MaxMetaspaceSize, overriding Flink"},
     lint::check_java_opts_memory_flags},
    {{"FM112", "heap-state-managed-memory", S::Warning,
      "A heap state backend on a streaming cluster that reserves managed memory nothing uses"},
     lint::check_heap_state_managed_memory},
    {{"FM113", "rocksdb-unbounded-memory", S::Warning,
      "RocksDB outside managed memory with no fixed size: its native memory is unbounded"},
     lint::check_rocksdb_unbounded},
    {{"FM114", "pod-memory-not-whole-mib", S::Warning,
      "On Kubernetes the pod gets the process size truncated to whole MiB, less than Flink's budget"},
     lint::check_pod_whole_mebibytes},
    {{"FM115", "kubernetes-limit-factor", S::Error,
      "A Kubernetes memory or CPU limit factor below 1, which Flink rejects"},
     lint::check_kubernetes_limit_factors},
    {{"FM116", "pod-template-resources", S::Warning,
      "A FlinkDeployment pod template's memory request or limit disagrees with resource.memory"},
     lint::check_pod_template_resources},
    {{"FM117", "yarn-container-rounding", S::Note,
      "YARN truncates the process size to whole MiB and rounds it up to its minimum allocation"},
     lint::check_yarn_container_rounding},
    {{"FM118", "slots-above-cores", S::Warning, "More task slots than CPU cores for the TaskManager"},
     lint::check_slots_and_cores},
    {{"FM119", "network-buffers-short", S::Warning,
      "The network buffers of a TaskManager cannot hold a job of the configured default parallelism"},
     lint::check_network_buffers},
    {{"FM120", "invalid-value", S::Error,
      "A value Flink cannot read as its option's type: Flink's exact error where it reads the option"},
     lint::check_value_types},
    {{"FM121", "duration-without-unit", S::Warning,
      "A duration written as a bare number, which Flink reads as milliseconds"},
     lint::check_duration_units},
}};

const std::array<RuleInfo, kRules.size()> kInfos = [] {
    std::array<RuleInfo, kRules.size()> infos{};
    for (std::size_t i = 0; i < kRules.size(); ++i) infos[i] = kRules[i].info;
    return infos;
}();

}  // namespace

std::span<const RuleInfo> all_rules() {
    return kInfos;
}

const RuleInfo* find_rule(std::string_view id) {
    // Rule IDs are matched as people type them: fm101 is FM101.
    const auto it = std::find_if(kInfos.begin(), kInfos.end(), [id](const RuleInfo& rule) {
        return rule.id.size() == id.size() &&
               std::equal(id.begin(), id.end(), rule.id.begin(), [](char a, char b) {
                   return std::toupper(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
               });
    });
    return it == kInfos.end() ? nullptr : &*it;
}

// One base for every rule page, so SARIF viewers and the text report link to the same docs.
std::string rule_help_uri(std::string_view id) {
    return "https://github.com/flinkmem/flinkmem/blob/main/docs/rules/" + std::string(id) + ".md";
}

namespace lint {

RuleCheck check_for(std::string_view rule_id) {
    for (const auto& entry : kRules) {
        if (entry.info.id == rule_id) return entry.check;
    }
    return nullptr;
}

}  // namespace lint

}  // namespace flinkmem
