// The Flink release lines flinkmem answers for. A release is its option table (defaults, which
// keys exist: data/flink/options.tsv) plus the few places where Flink's code path itself differs
// between releases (ReleaseTraits). Rules take the Release they run for; nothing reads a global.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/config/options.hpp"
#include "flinkmem/flink_version.hpp"

namespace flinkmem {

// Which entries BashJavaUtils puts into the TaskManager's "-D" dynamic configs.
enum class DynamicConfigKeys {
    Memory,        // cpu cores and the six Flink memory components (8 keys)
    MemoryAndJvm,  // + JVM Metaspace and Overhead (11 keys)
    All,           // + number of slots and external resources (13 keys and more)
};

// How taskmanager.cpu.cores is kept and printed. Both go through BigDecimal.valueOf (Resource's
// constructor), so every release rejects NaN and Infinity with a NumberFormatException.
enum class CpuCoresText {
    FullPrecision,  // 1.10-1.13: Double.toString of the configured value
    EightDecimals,  // 1.14+: CPUResource cuts it to 8 decimal places
};

// Messages whose wording changed between releases.
enum class MessageStyle {
    Flink110,  // "Configured/Derived ...", "Either Task Heap Memory size (...) and Managed Memory ..."
    Flink111,  // "Configured and Derived ...", "Either required fine-grained memory (...)"
};

struct ReleaseTraits {
    FlinkVersion version;
    // What changed in this release line, in the words of its release notes.
    std::string_view notes;

    bool job_manager_model;  // a JobManager memory model exists (1.11+)
    MessageStyle messages;
    // Wrappers around TaskManager / JobManager failures ("" where the release has none).
    std::string_view task_manager_error_prefix;
    std::string_view task_manager_legacy_heap_error_prefix;
    std::string_view job_manager_error_prefix;
    // MemorySize's constructor rejects a negative derived Total Flink Memory before the
    // Total Process Memory check (1.10 subtracts first and checks afterwards).
    bool checks_process_memory_before_subtracting;

    DynamicConfigKeys task_manager_dynamic_configs;
    bool dynamic_configs_trailing_space;  // "-D k=v " after every pair (1.10, 1.11)
    CpuCoresText cpu_cores;
    bool external_resources_quoted;    // "-D external-resources=\"gpu\""
    bool job_manager_dynamic_configs;  // GET_JM_RESOURCE_PARAMS prints a second line (1.12+)
};

class Release {
public:
    Release(const ReleaseTraits& traits) : traits_(&traits), options_(traits.version) {}

    FlinkVersion version() const { return traits_->version; }
    const ReleaseTraits& traits() const { return *traits_; }
    const OptionCatalog& options() const { return options_; }
    const OptionSpec& option(OptionId id) const { return options_[id]; }

private:
    const ReleaseTraits* traits_;
    OptionCatalog options_;
};

// Every supported release line, oldest first.
std::span<const Release> releases();
// The release line of `version`, or nullptr when flinkmem does not know it.
const Release* find_release(FlinkVersion version);
// kDefaultFlinkVersion's release.
const Release& default_release();
// The option as `release` has it or, for a key that release lacks (advice about a removed key, a
// value a later release hard-codes), as the newest release that has it. Null when none has it.
const OptionSpec* option_in_or_after(const Release& release, OptionId id);
const OptionSpec* option_in_or_after(const Release& release, std::string_view key);

// Which file a release line reads from its conf directory (GlobalConfiguration), and so which
// file the official image's entrypoint writes FLINK_PROPERTIES into. Answers for any version,
// also one flinkmem has no release for (an image tag).
enum class ConfFiles {
    FlinkConfOnly,            // flink-conf.yaml, read by the legacy line parser (up to 1.18)
    FlinkConfElseConfigYaml,  // flink-conf.yaml if it exists, else config.yaml (1.19, 1.20)
    ConfigYamlOnly,           // config.yaml, standard YAML (2.0 and later)
};
ConfFiles conf_files(FlinkVersion version);

// The key of an option as the default release names it, for what flinkmem writes (generated
// configurations, advice, BashJavaUtils' dynamic configs, whose keys every release shares).
std::string key_of(OptionId id);

// "1.10, 1.11, ..., 2.2" for messages and --help.
std::string supported_versions_text();

}  // namespace flinkmem
