#include "process_memory.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem {

namespace {

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

// RangeFraction's cap: the derived value, or the bound it crosses.
Explained cap_to_min_max(Derivation how, MemorySize relative, const RangeFraction& range) {
    how.unclamped = relative;
    if (relative.bytes() > range.max.bytes()) {
        how.clamp = Derivation::Clamp::CappedToMax;
        how.bound = range.max;
        return {range.max, std::move(how)};
    }
    if (relative.bytes() < range.min.bytes()) {
        how.clamp = Derivation::Clamp::RaisedToMin;
        how.bound = range.min;
        return {range.min, std::move(how)};
    }
    return {relative, std::move(how)};
}

Derivation fraction_of(Derivation::Rule rule, std::string_view base_name, const RangeFraction& range) {
    Derivation how;
    how.rule = rule;
    how.key = range.fraction_option->key;
    how.fraction = range.fraction;
    how.base = base_name;
    return how;
}

}  // namespace

Derivation setting_of(const Configuration& config, const OptionSpec& option) {
    if (const auto found = config.lookup(option)) {
        return Derivation::configured(found->key, found->entry->value, found->entry->source);
    }
    return Derivation::default_of(option.key, option.default_display);
}

Outcome<MemorySize> memory_size_of(const Configuration& config, const OptionSpec& option) {
    const auto message = [&] {
        return "Cannot read memory size from config option '" + std::string(option.key) + "'.";
    };
    Outcome<std::optional<MemorySize>> read = config.memory_size_outcome(option);
    if (!read.ok()) return read.error().wrapped(ErrorClass::IllegalConfigurationException, message());
    if (!read.value()) {
        // Preconditions.checkNotNull inside Flink's try block: a NullPointerException cause.
        return Error(ErrorClass::NullPointerException,
                     "The memory option is not set and has no default value.")
            .wrapped(ErrorClass::IllegalConfigurationException, message());
    }
    return *read.value();
}

MemorySize read_memory_size(const Configuration& config, const OptionSpec& option) {
    Outcome<MemorySize> size = memory_size_of(config, option);
    if (!size.ok()) throw size.error();
    return size.value();
}

Outcome<Explained> read_explained(const Configuration& config, const OptionSpec& option) {
    Outcome<MemorySize> size = memory_size_of(config, option);
    if (!size.ok()) return std::move(size).error();
    return Explained{size.value(), setting_of(config, option)};
}

Outcome<RangeFraction> read_range_fraction(MemorySize min, MemorySize max, const OptionSpec& fraction_option,
                                           const Configuration& config) {
    const double fraction = config.get_float(fraction_option);
    // RangeFraction's constructor checks; NaN fails "fraction >= 0" like in Java.
    if (!(min.bytes() <= max.bytes()) || !(fraction >= 0 && fraction < 1)) {
        const char* cause = min.bytes() <= max.bytes() ? "fraction must be in range [0, 1)"
                                                       : "min value must be less or equal to max value";
        Error error = Error::illegal_argument(cause).wrapped(
            ErrorClass::IllegalConfigurationException,
            fmt::format("Inconsistently configured {} ({}) and its min ({}), max ({}) value",
                        describe(fraction_option), java::to_string(fraction), human(min), human(max)));
        error.with_context(config.context_of(fraction_option));
        error.with_hint(min.bytes() <= max.bytes()
                            ? fmt::format("{} must be at least 0 and less than 1.", fraction_option.key)
                            : fmt::format("The minimum ({}) is larger than the maximum ({}); make "
                                          "min <= max.",
                                          human(min), human(max)));
        return error;
    }
    return RangeFraction{min, max, fraction, &fraction_option};
}

Explained derive_with_fraction(std::string_view base_name, MemorySize base, const RangeFraction& range) {
    return cap_to_min_max(fraction_of(Derivation::Rule::Fraction, base_name, range),
                          base.multiply(range.fraction), range);
}

Explained derive_with_inverse_fraction(std::string_view base_name, MemorySize base,
                                       const RangeFraction& range) {
    return cap_to_min_max(fraction_of(Derivation::Rule::InverseFraction, base_name, range),
                          base.multiply(range.fraction / (1 - range.fraction)), range);
}

namespace {

Outcome<RangeFraction> read_overhead_range(const Configuration& config, const ProcessMemoryOptions& options) {
    Outcome<MemorySize> min = memory_size_of(config, *options.overhead_min);
    if (!min.ok()) return std::move(min).error();
    Outcome<MemorySize> max = memory_size_of(config, *options.overhead_max);
    if (!max.ok()) return std::move(max).error();
    return read_range_fraction(min.value(), max.value(), *options.overhead_fraction, config);
}

}  // namespace

Outcome<JvmMetaspaceAndOverhead> derive_jvm_from_total_flink(const Configuration& config,
                                                             const ProcessMemoryOptions& options,
                                                             MemorySize total_flink) {
    Outcome<Explained> read_metaspace = read_explained(config, *options.metaspace);
    if (!read_metaspace.ok()) return std::move(read_metaspace).error();
    Explained metaspace = std::move(read_metaspace).value();
    const MemorySize flink_and_metaspace = total_flink.add(metaspace.size);
    if (config.contains(*options.total_process)) {
        // deriveJvmOverheadFromTotalFlinkMemoryAndOtherComponents: the overhead is what is left.
        Outcome<MemorySize> read_total_process = memory_size_of(config, *options.total_process);
        if (!read_total_process.ok()) return std::move(read_total_process).error();
        const MemorySize total_process = read_total_process.value();
        Outcome<MemorySize> metaspace_size = memory_size_of(config, *options.metaspace);
        if (!metaspace_size.ok()) return std::move(metaspace_size).error();
        metaspace.size = metaspace_size.value();
        const MemorySize sum = total_flink.add(metaspace.size);
        // Flink 1.10 subtracts without checking first: MemorySize rejects the negative rest.
        if (!options.release->checks_process_memory_before_subtracting) total_process.subtract(sum);
        if (total_process.bytes() < sum.bytes()) {
            return Error::illegal_configuration(
                       fmt::format("The configured Total Process Memory size ({}) is less than the sum of "
                                   "the derived Total Flink Memory size ({}) and the configured or default "
                                   "JVM Metaspace size  ({}).",
                                   human(total_process), human(total_flink), human(metaspace.size)))
                .with_hint(
                    fmt::format("{} leaves no room: Total Flink Memory and JVM Metaspace alone need {}. "
                                "Raise {} by at least {}, or lower the memory it must hold.",
                                options.total_process->key, human(sum), options.total_process->key,
                                human(sum.subtract(total_process))));
        }
        const MemorySize overhead = total_process.subtract(sum);
        Outcome<RangeFraction> read_range = read_overhead_range(config, options);
        if (!read_range.ok()) return std::move(read_range).error();
        const RangeFraction& range = read_range.value();
        if (overhead.bytes() > range.max.bytes() || overhead.bytes() < range.min.bytes()) {
            const bool too_big = overhead.bytes() > range.max.bytes();
            return Error::illegal_configuration(
                       fmt::format("Derived JVM Overhead size ({}) is not in configured JVM Overhead range "
                                   "[{}, {}].",
                                   human(overhead), human(range.min), human(range.max)))
                .with_hint(fmt::format(
                    "With {} set, JVM Overhead is whatever is left after Total Flink Memory and JVM "
                    "Metaspace: {}. {}",
                    options.total_process->key, human(overhead),
                    too_big ? fmt::format("Raise {} or the other components, or configure fewer "
                                          "of the total sizes.",
                                          options.overhead_max->key)
                            : fmt::format("Lower {} or raise {}.", options.overhead_min->key,
                                          options.total_process->key)));
        }
        return JvmMetaspaceAndOverhead{
            std::move(metaspace),
            {overhead, Derivation::remainder(
                           "the rest of Total Process Memory after Total Flink Memory and JVM Metaspace")}};
    }
    Outcome<RangeFraction> range = read_overhead_range(config, options);
    if (!range.ok()) return std::move(range).error();
    Explained overhead = derive_with_inverse_fraction("(Total Flink Memory + JVM Metaspace)",
                                                      flink_and_metaspace, range.value());
    // sanityCheckTotalProcessMemory: with the process size unset it only adds up the total, which
    // can still overflow.
    const MemorySize total_process = flink_and_metaspace.add(overhead.size);
    static_cast<void>(total_process);
    return JvmMetaspaceAndOverhead{std::move(metaspace), std::move(overhead)};
}

Outcome<JvmMetaspaceAndOverhead> derive_jvm_from_total_process(const Configuration& config,
                                                               const ProcessMemoryOptions& options,
                                                               MemorySize total_process) {
    Outcome<Explained> metaspace = read_explained(config, *options.metaspace);
    if (!metaspace.ok()) return std::move(metaspace).error();
    Outcome<RangeFraction> range = read_overhead_range(config, options);
    if (!range.ok()) return std::move(range).error();
    Explained overhead = derive_with_fraction("Total Process Memory", total_process, range.value());
    const MemorySize metaspace_size = metaspace.value().size;
    const MemorySize sum = metaspace_size.add(overhead.size);
    if (sum.bytes() > total_process.bytes()) {
        return Error::illegal_configuration(
                   fmt::format("Sum of configured JVM Metaspace ({}) and JVM Overhead ({}) exceed "
                               "configured Total Process Memory ({}).",
                               human(metaspace_size), human(overhead.size), human(total_process)))
            .with_hint(fmt::format("{} must be larger than JVM Metaspace + JVM Overhead ({}); "
                                   "nothing would be left for Flink itself.",
                                   options.total_process->key, human(sum)));
    }
    return JvmMetaspaceAndOverhead{std::move(metaspace).value(), std::move(overhead)};
}

Error required_options_not_configured(const ProcessMemoryOptions& options) {
    std::string keys;
    for (const OptionSpec* option : options.required_fine_grained) {
        if (!keys.empty()) keys += " and ";
        keys += option->key;
    }
    const std::string message =
        options.release->messages == MessageStyle::Flink110
            ? fmt::format(
                  "Either Task Heap Memory size ({}) and Managed Memory size ({}), or Total Flink Memory "
                  "size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
                  options.required_fine_grained.at(0)->key, options.required_fine_grained.at(1)->key,
                  options.total_flink->key, options.total_process->key)
            : fmt::format(
                  "Either required fine-grained memory ({}), or Total Flink Memory size ({}), "
                  "or Total Process Memory size ({}) need to be configured explicitly.",
                  keys, describe(*options.total_flink), describe(*options.total_process));
    return Error::illegal_configuration(message).with_hint(
        fmt::format("Set one of them, usually {} (Flink's distribution ships 1728m for "
                    "TaskManagers and 1600m for JobManagers).",
                    options.total_process->key));
}

}  // namespace flinkmem
