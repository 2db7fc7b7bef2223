// The derivation rules shared by TaskManager and JobManager
// (org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils and RangeFraction).
//
// A process is configured through exactly one of three entry points, tried in this order:
// the required fine-grained options (TM: task heap + managed; JM: heap), Total Flink Memory, or
// Total Process Memory. JVM Metaspace and JVM Overhead then complete the picture.
//
// The checks Flink's configurations fail most often return Flink's error as a value (an Outcome)
// instead of throwing it through every frame up to resolve(): a batch of rejected configurations
// otherwise spends a third of its time in the unwinder. Rarer failures (an overflowing sum, a
// number Java cannot parse) still throw; derive_task_manager/derive_job_manager catch those once.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/config/options.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/model/derivation.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

// Flink's RangeFraction: a fraction of some base, capped to [min, max].
struct RangeFraction {
    MemorySize min;
    MemorySize max;
    double fraction;  // the Float option widened to double, exactly as Flink computes with it
    const OptionSpec* fraction_option;
};

// ProcessMemoryOptions: which options play which role for a process, and the release whose
// messages apply.
struct ProcessMemoryOptions {
    const ReleaseTraits* release;
    std::vector<const OptionSpec*> required_fine_grained;
    const OptionSpec* total_flink;
    const OptionSpec* total_process;
    const OptionSpec* metaspace;
    const OptionSpec* overhead_min;
    const OptionSpec* overhead_max;
    const OptionSpec* overhead_fraction;
};

struct JvmMetaspaceAndOverhead {
    Explained metaspace;
    Explained overhead;
    MemorySize total() const { return metaspace.size.add(overhead.size); }
};

// ProcessMemoryUtils.getMemorySizeFromConfig: a missing or unreadable size becomes
// IllegalConfigurationException "Cannot read memory size from config option '<key>'.".
Outcome<MemorySize> memory_size_of(const Configuration& config, const OptionSpec& option);
// The same, thrown (for the rare callers off the hot path).
MemorySize read_memory_size(const Configuration& config, const OptionSpec& option);
// memory_size_of with how the value was obtained (configured where, or the default).
Outcome<Explained> read_explained(const Configuration& config, const OptionSpec& option);
// A configured option's key, value and source, or its default.
Derivation setting_of(const Configuration& config, const OptionSpec& option);

// ProcessMemoryUtils.getRangeFraction: reads the fraction (a Float) and checks
// min <= max and 0 <= fraction < 1, else IllegalConfigurationException "Inconsistently configured…".
Outcome<RangeFraction> read_range_fraction(MemorySize min, MemorySize max, const OptionSpec& fraction_option,
                                           const Configuration& config);

// base × fraction, capped to [min, max] (deriveWithFraction) and
// base × fraction / (1 - fraction), capped (deriveWithInverseFraction).
Explained derive_with_fraction(std::string_view base_name, MemorySize base, const RangeFraction& range);
Explained derive_with_inverse_fraction(std::string_view base_name, MemorySize base,
                                       const RangeFraction& range);

// JVM Metaspace and Overhead around a known Total Flink Memory; checks them against a configured
// Total Process Memory (deriveJvmMetaspaceAndOverheadFromTotalFlinkMemory).
Outcome<JvmMetaspaceAndOverhead> derive_jvm_from_total_flink(const Configuration& config,
                                                             const ProcessMemoryOptions& options,
                                                             MemorySize total_flink);
// JVM Metaspace and Overhead carved out of a configured Total Process Memory.
Outcome<JvmMetaspaceAndOverhead> derive_jvm_from_total_process(const Configuration& config,
                                                               const ProcessMemoryOptions& options,
                                                               MemorySize total_process);

// The IllegalConfigurationException Flink throws when no entry point is configured.
Error required_options_not_configured(const ProcessMemoryOptions& options);

// The result of ProcessMemoryUtils.memoryProcessSpecFromConfig.
template <typename FlinkMemory>
struct ProcessMemory {
    FlinkMemory flink;
    JvmMetaspaceAndOverhead jvm;
    Explained total_flink;
    Explained total_process;
};

// ProcessMemoryUtils.memoryProcessSpecFromConfig. `Rules` derives the process-specific Flink
// memory: from_fine_grained(config) and from_total_flink(config, total_flink); both return an
// Outcome of a FlinkMemory with total_flink_size().
template <typename FlinkMemory, typename Rules>
Outcome<ProcessMemory<FlinkMemory>> derive_process_memory(const Configuration& config,
                                                          const ProcessMemoryOptions& options,
                                                          const Rules& rules) {
    const bool fine_grained =
        std::all_of(options.required_fine_grained.begin(), options.required_fine_grained.end(),
                    [&](const OptionSpec* option) { return config.contains(*option); });
    if (fine_grained) {
        Outcome<FlinkMemory> flink = rules.from_fine_grained(config);
        if (!flink.ok()) return std::move(flink).error();
        const MemorySize total_flink = flink.value().total_flink_size();
        Outcome<JvmMetaspaceAndOverhead> jvm = derive_jvm_from_total_flink(config, options, total_flink);
        if (!jvm.ok()) return std::move(jvm).error();
        const MemorySize total_process =
            total_flink.add(jvm.value().metaspace.size).add(jvm.value().overhead.size);
        return ProcessMemory<FlinkMemory>{
            std::move(flink).value(),
            std::move(jvm).value(),
            {total_flink, Derivation::sum("sum of its components")},
            {total_process, Derivation::sum("Total Flink Memory + JVM Metaspace + JVM Overhead")}};
    }
    if (config.contains(*options.total_flink)) {
        Outcome<Explained> total_flink = read_explained(config, *options.total_flink);
        if (!total_flink.ok()) return std::move(total_flink).error();
        const MemorySize total_flink_size = total_flink.value().size;
        Outcome<FlinkMemory> flink = rules.from_total_flink(config, total_flink_size);
        if (!flink.ok()) return std::move(flink).error();
        Outcome<JvmMetaspaceAndOverhead> jvm = derive_jvm_from_total_flink(config, options, total_flink_size);
        if (!jvm.ok()) return std::move(jvm).error();
        const MemorySize total_process =
            total_flink_size.add(jvm.value().metaspace.size).add(jvm.value().overhead.size);
        return ProcessMemory<FlinkMemory>{
            std::move(flink).value(),
            std::move(jvm).value(),
            std::move(total_flink).value(),
            {total_process, config.contains(*options.total_process)
                                ? setting_of(config, *options.total_process)
                                : Derivation::sum("Total Flink Memory + JVM Metaspace + JVM Overhead")}};
    }
    if (config.contains(*options.total_process)) {
        Outcome<Explained> total_process = read_explained(config, *options.total_process);
        if (!total_process.ok()) return std::move(total_process).error();
        Outcome<JvmMetaspaceAndOverhead> jvm =
            derive_jvm_from_total_process(config, options, total_process.value().size);
        if (!jvm.ok()) return std::move(jvm).error();
        const MemorySize total_flink = total_process.value().size.subtract(jvm.value().total());
        Outcome<FlinkMemory> flink = rules.from_total_flink(config, total_flink);
        if (!flink.ok()) return std::move(flink).error();
        return ProcessMemory<FlinkMemory>{
            std::move(flink).value(),
            std::move(jvm).value(),
            {total_flink, Derivation::remainder("Total Process Memory - JVM Metaspace - JVM Overhead")},
            std::move(total_process).value()};
    }
    return required_options_not_configured(options);
}

}  // namespace flinkmem
