// The release table: what each Flink line changed in the memory code path, oldest first. Option
// defaults and keys are not here but in data/flink/options.tsv.
#include "flinkmem/versions/release.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace flinkmem {

namespace {

constexpr std::string_view kTaskManagerFailed = "TaskManager memory configuration failed: ";
constexpr std::string_view kTaskManagerLegacyHeapFailed =
    "TaskManager failed to map legacy JVM heap option to the new one: ";
constexpr std::string_view kJobManagerFailed = "JobManager memory configuration failed: ";

using K = DynamicConfigKeys;
using C = CpuCoresText;
using M = MessageStyle;

// version, notes,
//   JM model, messages, TM prefix, TM legacy-heap prefix, JM prefix, process check first,
//   TM dynamic keys, trailing space, CPU cores, quoted resources, JM dynamic configs
constexpr std::array<ReleaseTraits, 14> kTraits{{
    {{1, 10},
     "FLIP-49: the TaskManager memory model; no JobManager model (1.10.3 answers: JVM Metaspace 256m).",
     false,
     M::Flink110,
     "",
     "",
     "",
     false,
     K::Memory,
     true,
     C::FullPrecision,
     false,
     false},
    {{1, 11},
     "FLIP-116: the JobManager memory model. JVM Metaspace 256m. External resources.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::Memory,
     true,
     C::FullPrecision,
     false,
     false},
    {{1, 12},
     "Dynamic configs carry JVM Metaspace and Overhead; the JobManager gets them too.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::MemoryAndJvm,
     false,
     C::FullPrecision,
     false,
     true},
    {{1, 13},
     "Dynamic configs carry the number of slots and the external resources.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::FullPrecision,
     false,
     true},
    {{1, 14},
     "CPU cores are kept as CPUResource: 8 decimal places.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     false,
     true},
    {{1, 15},
     "The external-resources list is quoted in the dynamic configs.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{1, 16},
     "No change to the memory code path.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{1, 17},
     "taskmanager.memory.network.max defaults to unlimited (FLINK-30472).",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{1, 18},
     "No change to the memory code path.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{1, 19},
     "config.yaml (standard YAML) beside flink-conf.yaml; same memory code path.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{1, 20},
     "No change to the memory code path.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     kJobManagerFailed,
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{2, 0},
     "Legacy heap keys and taskmanager.network.numberOfBuffers removed; JobManager "
     "errors no longer wrapped.",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     "",
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{2, 1},
     "No change to the memory code path (answers as 2.0).",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     "",
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
    {{2, 2},
     "No change to the memory code path (answers as 2.0).",
     true,
     M::Flink111,
     kTaskManagerFailed,
     kTaskManagerLegacyHeapFailed,
     "",
     true,
     K::All,
     false,
     C::EightDecimals,
     true,
     true},
}};

const std::vector<Release>& table() {
    static const std::vector<Release> releases(kTraits.begin(), kTraits.end());
    return releases;
}

}  // namespace

std::span<const Release> releases() {
    return table();
}

const Release* find_release(FlinkVersion version) {
    for (const Release& release : table()) {
        if (release.version() == version) return &release;
    }
    return nullptr;
}

const Release& default_release() {
    return *find_release(kDefaultFlinkVersion);
}

namespace {

template <typename Key>
const OptionSpec* find_in_or_after(const Release& release, Key key) {
    if (const OptionSpec* spec = release.options().find(key)) return spec;
    const auto all = releases();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (const OptionSpec* spec = it->options().find(key)) return spec;
    }
    return nullptr;
}

}  // namespace

const OptionSpec* option_in_or_after(const Release& release, OptionId id) {
    return find_in_or_after(release, id);
}

const OptionSpec* option_in_or_after(const Release& release, std::string_view key) {
    if (const OptionSpec* spec = release.options().find(key)) return spec;
    // Every key of every release, as the newest release that has it defines it: one lookup for a
    // key no release knows (most keys of a large file), not one per release.
    static const std::vector<std::pair<std::string_view, const OptionSpec*>> kNewest = [] {
        std::vector<std::pair<std::string_view, const OptionSpec*>> all;
        const auto every = releases();
        for (auto it = every.rbegin(); it != every.rend(); ++it) {
            for (const OptionSpec& option : it->options().all()) {
                all.emplace_back(option.key, &option);
                for (const auto& fallback : option.fallback_keys) all.emplace_back(fallback.key, &option);
            }
        }
        // Stable: the newest release's entry stays first among equal keys.
        std::stable_sort(all.begin(), all.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        return all;
    }();
    const auto it =
        std::lower_bound(kNewest.begin(), kNewest.end(), key,
                         [](const auto& entry, std::string_view wanted) { return entry.first < wanted; });
    if (it == kNewest.end() || it->first != key) return nullptr;
    // The first release (newest first) whose catalog finds the key: the same option find() returns.
    return it->second;
}

std::string key_of(OptionId id) {
    const OptionSpec* option = option_in_or_after(default_release(), id);
    return option != nullptr ? std::string(option->key) : std::string();
}

ConfFiles conf_files(FlinkVersion version) {
    // FLIP-366 (1.19) added config.yaml beside flink-conf.yaml; FLINK-33297 (2.0) dropped the latter.
    if (version < FlinkVersion{1, 19}) return ConfFiles::FlinkConfOnly;
    if (version < FlinkVersion{2, 0}) return ConfFiles::FlinkConfElseConfigYaml;
    return ConfFiles::ConfigYamlOnly;
}

std::string supported_versions_text() {
    std::string text;
    for (const Release& release : table()) {
        if (!text.empty()) text += ", ";
        text += release.version().to_string();
    }
    return text;
}

}  // namespace flinkmem
