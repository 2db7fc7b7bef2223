#include "flinkmem/report/bash.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::report {

namespace {

// How BashJavaUtils logs, per Flink version (each row holds from `since` until the next row); what
// it computes and how many result lines it prints are the release's traits.
// Read from Flink's sources: BashJavaUtils, GlobalConfiguration and log4j-bash-utils.properties
// at release-1.10.3, 1.11.6, 1.12.7, 1.15.1 and 1.20, and the commits that changed them.
struct BashJavaUtilsRules {
    FlinkVersion since;
    // log4j 1 "%x - %m%n" with an empty NDC (1.10); log4j 2 "%-5p %x - %m%n" (1.11+).
    std::string_view info_prefix;
    bool logs_memory_block;       // logTaskExecutorConfiguration / logMasterConfiguration (1.11+)
    bool logs_configuration_map;  // FLINK-28731 (1.16): file entries logged from the HashMap, -D too
    bool logs_parser_choice;      // FLINK-33576 (1.19): "Using legacy/standard YAML parser ..."
    std::size_t sensitive_keys;   // how many of kSensitiveKeys hide a value in the log
};

constexpr std::array<BashJavaUtilsRules, 5> kRules{{
    {{1, 10}, " - ", false, false, false, 3},
    {{1, 11}, "INFO  [] - ", true, false, false, 4},
    {{1, 16}, "INFO  [] - ", true, true, false, 4},
    {{1, 17}, "INFO  [] - ", true, true, false, 9},  // FLINK-30443
    {{1, 19}, "INFO  [] - ", true, true, true, 10},  // FLINK-28915 added http-headers
}};

// GlobalConfiguration.SENSITIVE_KEYS, in the order they were added.
constexpr std::array<std::string_view, 10> kSensitiveKeys{
    "password",    "secret", "fs.azure.account.key", "apikey",      "auth-params",
    "service-key", "token",  "basic-auth",           "jaas.config", "http-headers"};

const BashJavaUtilsRules& rules_for(FlinkVersion version) {
    const BashJavaUtilsRules* found = &kRules.front();
    for (const auto& rules : kRules) {
        if (rules.since <= version) found = &rules;
    }
    return *found;
}

bool is_sensitive(std::string_view key, const BashJavaUtilsRules& rules) {
    const std::string lower = java::to_lower_us(key);
    return std::any_of(kSensitiveKeys.begin(),
                       kSensitiveKeys.begin() + static_cast<std::ptrdiff_t>(rules.sensitive_keys),
                       [&](std::string_view hidden) { return lower.find(hidden) != std::string::npos; });
}

struct Logged {
    std::string key;
    std::string value;
    int line;
};

void log_configuration(std::ostream& out, FlinkVersion version, const Configuration& config,
                       std::string_view config_file) {
    const BashJavaUtilsRules& rules = rules_for(version);
    std::vector<Logged> file_entries;
    std::vector<Logged> dynamic_entries;
    for (const auto& [key, entry] : config.entries()) {
        const std::string value = is_sensitive(key, rules) ? "******" : entry.value;
        if (entry.source.kind == Source::Kind::File) file_entries.push_back({key, value, entry.source.line});
        if (entry.source.kind == Source::Kind::DynamicProperty) dynamic_entries.push_back({key, value, 0});
    }
    // The file is read top to bottom; a HashMap then decides the logged order (1.16+).
    std::stable_sort(file_entries.begin(), file_entries.end(),
                     [](const Logged& a, const Logged& b) { return a.line < b.line; });
    const auto in_hash_order = [](const std::vector<Logged>& entries) {
        java::HashMap<std::string> map;
        for (const auto& entry : entries) map.put(entry.key, entry.value);
        return map.entries();
    };
    if (!config_file.empty() && rules.logs_parser_choice) {
        // 2.0 reads only config.yaml; 1.19 and 1.20 take flink-conf.yaml (legacy) if it exists.
        const bool standard =
            conf_files(version) == ConfFiles::ConfigYamlOnly ||
            (config_file.ends_with("config.yaml") && !config_file.ends_with("flink-conf.yaml"));
        out << rules.info_prefix
            << fmt::format("Using {} YAML parser to load flink configuration file from {}.\n",
                           standard ? "standard" : "legacy", config_file);
    }
    if (!rules.logs_configuration_map) {
        for (const auto& entry : file_entries) {
            out << rules.info_prefix << "Loading configuration property: " << entry.key << ", " << entry.value
                << '\n';
        }
        return;
    }
    if (!config_file.empty()) {
        for (const auto& [key, value] : in_hash_order(file_entries)) {
            out << rules.info_prefix << "Loading configuration property: " << key << ", " << value << '\n';
        }
    }
    for (const auto& [key, value] : in_hash_order(dynamic_entries)) {
        out << rules.info_prefix << "Loading dynamic configuration property: " << key << ", " << value
            << '\n';
    }
}

// MemoryBackwardsCompatibilityUtils: the legacy heap key standing in for the start scripts'
// target option (its message says "task manager" for the JobManager too).
void log_legacy_heap(std::ostream& out, std::string_view prefix, const Configuration& config,
                     const OptionCatalog& o, Component component) {
    using enum OptionId;
    const bool task_manager = component == Component::TaskManager;
    const OptionSpec& target = o[task_manager ? TaskManagerFlinkSize : JobManagerHeap];
    const OptionSpec* heap = o.find(task_manager ? TaskManagerLegacyHeap : JobManagerLegacyHeap);
    const OptionSpec* heap_mb = o.find(task_manager ? TaskManagerLegacyHeapMb : JobManagerLegacyHeapMb);
    if (config.contains(target)) return;
    std::optional<MemorySize> legacy;
    if (heap != nullptr && config.contains(*heap)) {
        legacy = config.get_memory_size(*heap);
    } else if (heap_mb != nullptr && config.contains(*heap_mb)) {
        legacy = MemorySize::of_mebibytes(*config.get_int(*heap_mb));
    }
    if (!legacy) return;
    out << prefix
        << fmt::format(
               "'{}' is not specified, use the configured deprecated task manager heap value ({}) for it.\n",
               target.key, legacy->to_human_readable_string());
}

}  // namespace

int bash_result_lines(Component component, FlinkVersion version) {
    if (component == Component::TaskManager) return 2;
    const Release* release = find_release(version);
    if (release == nullptr || !release->traits().job_manager_model) return 0;
    return release->traits().job_manager_dynamic_configs ? 2 : 1;
}

void write_bash(std::ostream& out, const deploy::ResolvedProcess& process, const Configuration& config,
                std::string_view config_file) {
    const BashJavaUtilsRules& rules = rules_for(process.version);
    const int result_lines = bash_result_lines(process.component, process.version);
    if (result_lines == 0) {
        throw Error::illegal_argument(
            fmt::format(
                "Flink {} has no JobManager memory model: BashJavaUtils has no GET_JM_RESOURCE_PARAMS.",
                process.version.to_string()))
            .with_hint(
                "Flink 1.10's jobmanager.sh sizes the JobManager heap from jobmanager.heap.size itself.");
    }
    if (!rules.logs_memory_block) {
        // 1.10: two JVM runs, GET_TM_RESOURCE_JVM_PARAMS then GET_TM_RESOURCE_DYNAMIC_CONFIGS,
        // each loading the configuration and printing one result line.
        log_configuration(out, process.version, config, config_file);
        out << kBashResultPrefix << process.jvm_parameters << '\n';
        log_configuration(out, process.version, config, config_file);
        out << kBashResultPrefix << process.dynamic_configs << '\n';
        return;
    }
    log_configuration(out, process.version, config, config_file);
    if (process.target == Target::Standalone) {
        const Release* release = find_release(process.version);
        log_legacy_heap(out, rules.info_prefix, config, (release ? *release : default_release()).options(),
                        process.component);
    }
    {
        if (const auto* tm = process.task_manager()) write_memory_block(out, *tm, rules.info_prefix);
        if (const auto* jm = process.job_manager()) write_memory_block(out, *jm, rules.info_prefix);
    }
    out << kBashResultPrefix << process.jvm_parameters << '\n';
    if (result_lines == 2) out << kBashResultPrefix << process.dynamic_configs << '\n';
}

}  // namespace flinkmem::report
