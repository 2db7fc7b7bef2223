// Keys Flink does not read as the user meant: unknown (FM101), deprecated or removed (FM102).
#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

using enum OptionId;

namespace {

// Pre-1.10 keys that Flink 1.10+ ignores without a word (docs deployment/memory/mem_migration.md).
// No release flinkmem knows has them, so the option table cannot: they are advice text.
// data_not_code: allow (keys of releases before 1.10, named in advice)
struct RemovedKey {
    std::string_view key;
    std::string_view advice;
};
constexpr std::array<RemovedKey, 5> kRemovedKeys{{
    {"taskmanager.memory.fraction",
     "set taskmanager.memory.managed.fraction (a fraction of Total Flink Memory, default 0.4) instead"},
    {"taskmanager.memory.off-heap", "managed memory is always off-heap since Flink 1.10; delete it"},
    {"taskmanager.memory.preallocate", "managed memory is never preallocated since Flink 1.10; delete it"},
    {"containerized.heap-cutoff-ratio",
     "JVM Overhead replaces the cut-off: set taskmanager.memory.jvm-overhead.fraction instead"},
    {"containerized.heap-cutoff-min",
     "JVM Overhead replaces the cut-off: set taskmanager.memory.jvm-overhead.min instead"},
}};

// Memory keys belong to their process; every other key to the configuration as a whole.
Component key_component(std::string_view key) {
    if (!in_memory_namespace(key)) return Component::Configuration;
    return key.starts_with("jobmanager.") ? Component::JobManager : Component::TaskManager;
}

const RemovedKey* removed_key(std::string_view key) {
    const auto it = std::find_if(kRemovedKeys.begin(), kRemovedKeys.end(),
                                 [key](const RemovedKey& removed) { return removed.key == key; });
    return it == kRemovedKeys.end() ? nullptr : &*it;
}

// A legacy heap value as the new option's value: ".mb" is an int of MiB, ".size" a MemorySize.
std::string legacy_heap_value(std::string_view key, const std::string& value) {
    const std::string_view trimmed = java::trim(value);
    const bool integer = !trimmed.empty() && std::all_of(trimmed.begin(), trimmed.end(),
                                                         [](char c) { return c >= '0' && c <= '9'; });
    if (key.ends_with(".mb") && integer) return std::string(trimmed) + "m";
    return value;
}

void legacy_heap(const RuleContext& context, std::string_view key, const ConfigEntry& entry,
                 Findings& findings) {
    const bool task_manager = key.starts_with("taskmanager.");
    const Component component = task_manager ? Component::TaskManager : Component::JobManager;
    // 2.0 removed the legacy heap keys from its option table.
    if (context.release.options().find(key) == nullptr) {
        findings.push_back(context.finding(
            "FM102", fmt::format("'{}' was removed in Flink 2.0 and is ignored", key),
            fmt::format("Size the {} with {}: {}.", task_manager ? "TaskManager" : "JobManager",
                        task_manager ? context.option(TaskManagerProcessSize).key
                                     : context.option(JobManagerProcessSize).key,
                        legacy_heap_value(key, entry.value)),
            entry.source, component));
        return;
    }
    // Standalone start scripts map the legacy heap to Total Flink Memory (TM) or the JVM heap (JM);
    // YARN and Kubernetes map it to the process size (MemoryBackwardsCompatibilityUtils).
    const bool containerized = context.on_kubernetes() || context.on_yarn();
    const OptionSpec& target =
        containerized
            ? (task_manager ? context.option(TaskManagerProcessSize) : context.option(JobManagerProcessSize))
            : (task_manager ? context.option(TaskManagerFlinkSize) : context.option(JobManagerHeap));
    const std::string value = legacy_heap_value(key, entry.value);
    // The document's own keys: the effective configuration already holds the mapped value.
    if (context.document.config.contains(target)) {
        findings.push_back(context.finding(
            "FM102", fmt::format("'{}' is deprecated and ignored here because {} is set", key, target.key),
            fmt::format("Delete the line; {} decides.", target.key), entry.source, component));
        return;
    }
    findings.push_back(context.finding(
        "FM102",
        fmt::format(
            "'{}' is deprecated since Flink 1.10; Flink reads it as {} = {}{}", key, target.key, value,
            task_manager && !containerized ? " (Total Flink Memory, not the JVM heap it meant before 1.10)"
                                           : ""),
        fmt::format("Replace it with '{}: {}', which gives the same result.", target.key, value),
        entry.source, component));
}

void number_of_buffers(const RuleContext& context, const ConfigEntry& entry, Findings& findings) {
    std::string equivalent;
    try {
        const auto buffers = context.config.get_int(context.option(NetworkNumBuffers));
        const auto page = context.config.get_memory_size(context.option(SegmentSize));
        if (buffers && page) {
            const MemorySize size(static_cast<std::int64_t>(*buffers) * page->bytes());
            equivalent = fmt::format(
                "Replace it with '{0}: {2}' and '{1}: {2}' ({3} buffers of {4}), which "
                "gives the same network memory.",
                context.option(NetworkMin).key, context.option(NetworkMax).key, size.to_string(), *buffers,
                page->to_string());
        }
    } catch (const Error&) {
        // An unreadable count is Flink's error (FM100); the advice stays generic.
    }
    if (equivalent.empty()) {
        equivalent =
            fmt::format("Set {} and {} to the number of buffers times {}.", context.option(NetworkMin).key,
                        context.option(NetworkMax).key, context.option(SegmentSize).key);
    }
    const bool removed = context.release.options().find(NetworkNumBuffers) == nullptr;
    // TaskExecutorFlinkMemoryUtils.isUsingLegacyNetworkConfigs: the count only counts when none of
    // the network range keys (or their deprecated names) is set.
    const bool ignored = context.config.contains(context.option(NetworkMin)) ||
                         context.config.contains(context.option(NetworkMax)) ||
                         context.config.contains(context.option(NetworkFraction));
    std::string message;
    if (removed) {
        message = fmt::format("'{}' was removed in Flink 2.0 and is ignored",
                              context.option(NetworkNumBuffers).key);
    } else if (ignored) {
        message = fmt::format("'{}' is deprecated, and ignored here because the network memory range is set",
                              context.option(NetworkNumBuffers).key);
        equivalent = "Delete the line; taskmanager.memory.network.min/max/fraction decide.";
    } else {
        message = fmt::format("'{}' is deprecated; it fixes network memory to that many buffers",
                              context.option(NetworkNumBuffers).key);
    }
    findings.push_back(
        context.finding("FM102", std::move(message), equivalent, entry.source, Component::TaskManager));
}

// The operator writes a FlinkDeployment's resource.cpu under its own client's key (the 1.17+
// one) whatever the Flink release; the user wrote resource.cpu, not that key.
bool written_by_operator(const RuleContext& context, std::string_view key) {
    if (context.document.format != InputFormat::FlinkDeployment) return false;
    for (const OptionId id : {KubernetesJobManagerCpu, KubernetesTaskManagerCpu}) {
        const OptionSpec* newest = option_in_or_after(releases().back(), id);
        if (newest != nullptr && newest->key == key) return true;
    }
    return false;
}

// A key an earlier release had and this one does not read any more.
void removed_in_release(const RuleContext& context, const std::string& key, const ConfigEntry& entry,
                        const KeyElsewhere& elsewhere, Findings& findings) {
    // The release line after the last one that had the key.
    std::string removed_in = context.version().to_string();
    for (const Release& release : releases()) {
        if (*elsewhere.last_before < release.version()) {
            removed_in = release.version().to_string();
            break;
        }
    }
    std::string hint;
    const OptionSpec* successor =
        elsewhere.successor.empty() ? nullptr : context.release.options().find(elsewhere.successor);
    if (successor != nullptr) {
        hint = fmt::format("Use '{}: {}' instead.", successor->key, entry.value);
    } else {
        hint = fmt::format("Delete the line; Flink {} does not read it (see the release notes of Flink {}).",
                           context.version().to_string(), removed_in);
    }
    findings.push_back(
        context.finding("FM102",
                        fmt::format("'{}' was removed in Flink {} (last read by {}) and is ignored", key,
                                    removed_in, elsewhere.last_before->to_string()),
                        std::move(hint), entry.source, key_component(key)));
}

}  // namespace

void check_unknown_keys(const RuleContext& context, Findings& findings) {
    const OptionCatalog& catalog = context.release.options();
    for (const auto& [key, entry] : context.document.config.entries()) {
        // Known keys, an application's own (far from every key), FM102's removed keys and those
        // older releases had; each an O(1) lookup.
        if (catalog.find(key) != nullptr || !catalog.may_be_flink_key(key)) continue;
        if (catalog.find_family(key) != nullptr || removed_key(key) != nullptr) continue;
        const std::optional<KeyElsewhere> elsewhere = catalog.elsewhere(key);
        if (elsewhere && elsewhere->last_before) continue;
        const Component component = key_component(key);
        const std::string version = context.version().to_string();
        if (written_by_operator(context, key)) continue;
        if (elsewhere && elsewhere->first_after) {
            findings.push_back(context.finding(
                "FM101",
                fmt::format("'{}' does not exist in Flink {} (it came with {}) and is ignored", key, version,
                            elsewhere->first_after->to_string()),
                fmt::format(
                    "Check the file against Flink {}, or choose the release it is for with --flink-version.",
                    version),
                entry.source, component));
            continue;
        }
        const std::optional<std::string> suggestion = suggest_key(key, catalog);
        // A key far from every key of Flink's (orders.kafka.topic) is the job's own: quiet.
        if (!suggestion && !in_memory_namespace(key)) continue;
        findings.push_back(context.finding(
            "FM101",
            fmt::format("unknown key '{}' (= '{}') is ignored by Flink {}", key, entry.value, version),
            suggestion ? fmt::format("Did you mean '{}'?", *suggestion)
                       : std::string("Check the key against Flink's memory options."),
            entry.source, component));
    }
}

void check_deprecated_keys(const RuleContext& context, Findings& findings) {
    for (const auto& [key, entry] : context.document.config.entries()) {
        if (const RemovedKey* removed = removed_key(key)) {
            findings.push_back(context.finding(
                "FM102", fmt::format("'{}' was removed in Flink 1.10 and is ignored", key),
                fmt::format("{}.", removed->advice), entry.source,
                key.starts_with("taskmanager.") ? Component::TaskManager : Component::Configuration));
            continue;
        }
        const OptionCatalog& catalog = context.release.options();
        const OptionSpec* option = catalog.find(key);
        std::optional<KeyElsewhere> elsewhere;
        if (option == nullptr) {
            // Never in an earlier release (an application's own key), or known as a family: not FM102's.
            elsewhere = catalog.elsewhere(key);
            if (!elsewhere || !elsewhere->last_before || catalog.find_family(key) != nullptr) continue;
            option = context.find_option(key);  // as the newest release that had it
        }
        if (option != nullptr &&
            (option->id == TaskManagerLegacyHeap || option->id == TaskManagerLegacyHeapMb ||
             option->id == JobManagerLegacyHeap || option->id == JobManagerLegacyHeapMb)) {
            legacy_heap(context, key, entry, findings);
            continue;
        }
        if (option != nullptr && option->id == NetworkNumBuffers) {
            number_of_buffers(context, entry, findings);
            continue;
        }
        if (elsewhere) {
            removed_in_release(context, key, entry, *elsewhere, findings);
            continue;
        }
        if (option->key == key) continue;
        const std::string& name = key;  // clang 14 cannot capture structured bindings
        const auto fallback = std::find_if(option->fallback_keys.begin(), option->fallback_keys.end(),
                                           [&name](const FallbackKey& f) { return f.key == name; });
        if (fallback == option->fallback_keys.end() || !fallback->deprecated) continue;
        const Component component = key_component(key);
        std::string hint;
        if (context.config.find(option->key) != nullptr) {
            hint = fmt::format("It is ignored because {} is set; delete it.", option->key);
        } else {
            hint = fmt::format("Replace it with '{}: {}', which gives the same result.", option->key,
                               entry.value);
            // MemorySize.parseBytes: no unit means bytes, which is rarely what a pre-1.10 value meant.
            const std::string_view trimmed = java::trim(entry.value);
            if (option->type == OptionType::MemorySize && !trimmed.empty() &&
                std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                hint += " A number without a unit is bytes.";
            }
        }
        findings.push_back(context.finding("FM102",
                                           fmt::format("'{}' is deprecated; use '{}'", key, option->key),
                                           std::move(hint), entry.source, component));
    }
}

}  // namespace flinkmem::lint
