// Fractions that decide nothing: a size set beside its fraction (FM107), or explicit sizes that
// leave the fraction nothing to derive (FM108). Flink accepts both without a word.
#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

using enum OptionId;

namespace {

Component component_of(const OptionSpec& option) {
    return option.key.starts_with("jobmanager.") ? Component::JobManager : Component::TaskManager;
}

// A [min, max] range whose ends are both set and equal: the size is fixed, the fraction unused.
void fixed_range(const RuleContext& context, const OptionSpec& min, const OptionSpec& max,
                 const OptionSpec& fraction, Findings& findings) {
    const auto fraction_lookup = context.config.lookup(fraction);
    const auto min_lookup = context.config.lookup(min);
    const auto max_lookup = context.config.lookup(max);
    if (!fraction_lookup || !min_lookup || !max_lookup) return;
    try {
        const auto low = context.config.get_memory_size(min);
        const auto high = context.config.get_memory_size(max);
        if (!low || !high || *low != *high) return;
    } catch (const Error&) {
        return;  // unreadable sizes are Flink's error (FM100)
    }
    findings.push_back(context.finding(
        "FM107",
        fmt::format("'{}' is ignored: '{}' and '{}' are both {}, which fixes the size", fraction_lookup->key,
                    min_lookup->key, max_lookup->key, min_lookup->entry->value),
        fmt::format("Delete '{}', or widen the range if the size should follow the fraction.",
                    fraction_lookup->key),
        fraction_lookup->entry->source, component_of(fraction)));
}

}  // namespace

void check_size_overrides_fraction(const RuleContext& context, Findings& findings) {
    const Configuration& config = context.config;
    // TaskExecutorFlinkMemoryUtils: a configured managed size wins; the fraction is never read.
    if (config.contains(context.option(ManagedSize))) {
        if (const auto fraction = config.lookup(context.option(ManagedFraction))) {
            const auto size = config.lookup(context.option(ManagedSize));
            findings.push_back(
                context.finding("FM107",
                                fmt::format("'{}' is ignored because '{}' is set to {}", fraction->key,
                                            size->key, size->entry->value),
                                fmt::format("Delete one of the two: '{}' if the size is meant, else '{}'.",
                                            fraction->key, size->key),
                                fraction->entry->source, Component::TaskManager));
        }
    }
    fixed_range(context, context.option(NetworkMin), context.option(NetworkMax),
                context.option(NetworkFraction), findings);
    fixed_range(context, context.option(TaskManagerOverheadMin), context.option(TaskManagerOverheadMax),
                context.option(TaskManagerOverheadFraction), findings);
    fixed_range(context, context.option(JobManagerOverheadMin), context.option(JobManagerOverheadMax),
                context.option(JobManagerOverheadFraction), findings);
}

void check_fraction_without_effect(const RuleContext& context, Findings& findings) {
    const Configuration& config = context.config;
    // Total Flink, task heap and managed all set: network memory is the rest (only checked
    // against its range, and FM109 when it differs from the fraction).
    if (config.contains(context.option(TaskManagerFlinkSize)) && config.contains(context.option(TaskHeap)) &&
        config.contains(context.option(ManagedSize))) {
        if (const auto fraction = config.lookup(context.option(NetworkFraction))) {
            findings.push_back(context.finding(
                "FM108",
                fmt::format("'{}' has no effect: with {}, {} and {} set, network memory is the rest of Total "
                            "Flink Memory",
                            fraction->key, context.option(TaskManagerFlinkSize).key,
                            context.option(TaskHeap).key, context.option(ManagedSize).key),
                fmt::format("Delete '{}', or drop one of the explicit sizes so the fraction decides.",
                            fraction->key),
                fraction->entry->source, Component::TaskManager));
        }
    }
    // Process size and the Flink memory both set: JVM Overhead is the rest of the process.
    struct Process {
        const OptionSpec* process;
        const OptionSpec* flink;
        const OptionSpec* fine_grained;
        const OptionSpec* fine_grained_too;
        const OptionSpec* overhead_fraction;
    };
    for (const Process& p :
         {Process{&context.option(TaskManagerProcessSize), &context.option(TaskManagerFlinkSize),
                  &context.option(TaskHeap), &context.option(ManagedSize),
                  &context.option(TaskManagerOverheadFraction)},
          Process{&context.option(JobManagerProcessSize), &context.option(JobManagerFlinkSize),
                  &context.option(JobManagerHeap), &context.option(JobManagerHeap),
                  &context.option(JobManagerOverheadFraction)}}) {
        const bool flink_memory_fixed = config.contains(*p.flink) || (config.contains(*p.fine_grained) &&
                                                                      config.contains(*p.fine_grained_too));
        if (!config.contains(*p.process) || !flink_memory_fixed) continue;
        if (const auto fraction = config.lookup(*p.overhead_fraction)) {
            findings.push_back(context.finding(
                "FM108",
                fmt::format(
                    "'{}' has no effect: with {} and the Flink memory both set, JVM Overhead is the rest "
                    "of the process",
                    fraction->key, p.process->key),
                fmt::format("Delete '{}', or set only one of the totals.", fraction->key),
                fraction->entry->source, component_of(*p.process)));
        }
    }
}

}  // namespace flinkmem::lint
