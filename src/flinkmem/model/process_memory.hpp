// The derivation rules shared by TaskManager and JobManager
// (org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils and RangeFraction).
//
// A process is configured through exactly one of three entry points, tried in this order:
// the required fine-grained options (TM: task heap + managed; JM: heap), Total Flink Memory, or
// Total Process Memory. JVM Metaspace and JVM Overhead then complete the picture.
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
MemorySize read_memory_size(const Configuration& config, const OptionSpec& option);
// The same, with how the value was obtained (configured where, or the default).
Explained read_explained(const Configuration& config, const OptionSpec& option);
// A configured option's key, value and source, or its default.
Derivation setting_of(const Configuration& config, const OptionSpec& option);

// ProcessMemoryUtils.getRangeFraction: reads the fraction (a Float) and checks
// min <= max and 0 <= fraction < 1, else IllegalConfigurationException "Inconsistently configured…".
RangeFraction read_range_fraction(MemorySize min, MemorySize max, const OptionSpec& fraction_option,
                                  const Configuration& config);

// base × fraction, capped to [min, max] (deriveWithFraction) and
// base × fraction / (1 - fraction), capped (deriveWithInverseFraction).
Explained derive_with_fraction(std::string_view base_name, MemorySize base, const RangeFraction& range);
Explained derive_with_inverse_fraction(std::string_view base_name, MemorySize base,
                                       const RangeFraction& range);

// JVM Metaspace and Overhead around a known Total Flink Memory; checks them against a configured
// Total Process Memory (deriveJvmMetaspaceAndOverheadFromTotalFlinkMemory).
JvmMetaspaceAndOverhead derive_jvm_from_total_flink(const Configuration& config,
                                                    const ProcessMemoryOptions& options,
                                                    MemorySize total_flink);
// JVM Metaspace and Overhead carved out of a configured Total Process Memory.
JvmMetaspaceAndOverhead derive_jvm_from_total_process(const Configuration& config,
                                                      const ProcessMemoryOptions& options,
                                                      MemorySize total_process);

// The IllegalConfigurationException Flink throws when no entry point is configured.
[[noreturn]] void fail_required_options_not_configured(const ProcessMemoryOptions& options);

// The result of ProcessMemoryUtils.memoryProcessSpecFromConfig.
template <typename FlinkMemory>
struct ProcessMemory {
    FlinkMemory flink;
    JvmMetaspaceAndOverhead jvm;
    Explained total_flink;
    Explained total_process;
};

// ProcessMemoryUtils.memoryProcessSpecFromConfig. `Rules` derives the process-specific Flink
// memory: from_fine_grained(config) and from_total_flink(config, total_flink); both return a
// FlinkMemory with total_flink_size().
template <typename FlinkMemory, typename Rules>
ProcessMemory<FlinkMemory> derive_process_memory(const Configuration& config,
                                                 const ProcessMemoryOptions& options, const Rules& rules) {
    const bool fine_grained =
        std::all_of(options.required_fine_grained.begin(), options.required_fine_grained.end(),
                    [&](const OptionSpec* option) { return config.contains(*option); });
    if (fine_grained) {
        FlinkMemory flink = rules.from_fine_grained(config);
        const MemorySize total_flink = flink.total_flink_size();
        JvmMetaspaceAndOverhead jvm = derive_jvm_from_total_flink(config, options, total_flink);
        const MemorySize total_process = total_flink.add(jvm.metaspace.size).add(jvm.overhead.size);
        return {std::move(flink),
                std::move(jvm),
                {total_flink, Derivation::sum("sum of its components")},
                {total_process, Derivation::sum("Total Flink Memory + JVM Metaspace + JVM Overhead")}};
    }
    if (config.contains(*options.total_flink)) {
        Explained total_flink = read_explained(config, *options.total_flink);
        FlinkMemory flink = rules.from_total_flink(config, total_flink.size);
        JvmMetaspaceAndOverhead jvm = derive_jvm_from_total_flink(config, options, total_flink.size);
        const MemorySize total_process = total_flink.size.add(jvm.metaspace.size).add(jvm.overhead.size);
        return {std::move(flink),
                std::move(jvm),
                std::move(total_flink),
                {total_process, config.contains(*options.total_process)
                                    ? setting_of(config, *options.total_process)
                                    : Derivation::sum("Total Flink Memory + JVM Metaspace + JVM Overhead")}};
    }
    if (config.contains(*options.total_process)) {
        Explained total_process = read_explained(config, *options.total_process);
        JvmMetaspaceAndOverhead jvm = derive_jvm_from_total_process(config, options, total_process.size);
        const MemorySize total_flink = total_process.size.subtract(jvm.total());
        FlinkMemory flink = rules.from_total_flink(config, total_flink);
        return {std::move(flink),
                std::move(jvm),
                {total_flink, Derivation::remainder("Total Process Memory - JVM Metaspace - JVM Overhead")},
                std::move(total_process)};
    }
    fail_required_options_not_configured(options);
}

}  // namespace flinkmem
