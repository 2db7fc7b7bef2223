// What Flink itself says: its errors (FM100) and the findings it only logs (FM109, FM110).
#include <array>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

using enum OptionId;

namespace {

// The key's file:line when the error names a key that a file set. Errors about a sum name no
// key: they point at the total the sum must fit in, when the file sets one; else the document.
Source error_location(const RuleContext& context, const Error& error, Component component) {
    if (const auto& error_context = error.context()) {
        if (error_context->source.kind == Source::Kind::File) return error_context->source;
        if (const ConfigEntry* entry = context.config.find(error_context->key)) {
            if (entry->source.kind == Source::Kind::File) return entry->source;
        }
    }
    using Totals = std::array<const OptionSpec*, 4>;
    const Totals totals =
        component == Component::TaskManager
            ? Totals{&context.option(TaskManagerFlinkSize), &context.option(TaskManagerProcessSize),
                     &context.option(TaskManagerLegacyHeap), &context.option(TaskManagerLegacyHeapMb)}
            : Totals{&context.option(JobManagerFlinkSize), &context.option(JobManagerProcessSize),
                     &context.option(JobManagerLegacyHeap), &context.option(JobManagerLegacyHeapMb)};
    for (const OptionSpec* option : totals) {
        if (const auto lookup = context.config.lookup(*option)) {
            if (lookup->entry->source.kind == Source::Kind::File) return lookup->entry->source;
        }
    }
    return context.document_location();
}

void report_error(const RuleContext& context, const ComponentState& state, Component component,
                  Findings& findings) {
    if (!state.error) return;
    const Error& error = *state.error;
    Finding finding = context.finding("FM100", error.message(), error.hint(),
                                      error_location(context, error, component), component);
    finding.java_class = error.class_name();
    finding.causes = error.causes();
    findings.push_back(std::move(finding));
}

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

}  // namespace

// ConfigurationParserUtils.getPageSize: every TaskManager checks its memory segment size at
// start-up, whether or not this file sizes its memory.
std::optional<Error> segment_size_error(const RuleContext& context) {
    const auto lookup = context.config.lookup(context.option(SegmentSize));
    if (!lookup) return std::nullopt;
    try {
        const std::int64_t page = context.config.get_memory_size(context.option(SegmentSize))->bytes();
        const char* problem = nullptr;
        if (page < 4096) {
            problem = "Minimum memory segment size is 4096";  // MemoryManager.MIN_PAGE_SIZE
        } else if ((page & (page - 1)) != 0) {
            problem = "Memory segment size must be a power of 2.";
        }
        if (problem == nullptr) return std::nullopt;
        return Error::illegal_configuration(fmt::format("Invalid configuration value for {} : {} - {}",
                                                        context.option(SegmentSize).key, page, problem))
            .with_context({std::string(lookup->key), lookup->entry->value, lookup->entry->source})
            .with_hint("Use a power of two of at least 4 kb; the default is 32 kb.");
    } catch (const Error& error) {
        Error located = error;
        if (!located.context()) {
            located.with_context({std::string(lookup->key), lookup->entry->value, lookup->entry->source});
        }
        return located;
    }
}

void check_flink_rejects(const RuleContext& context, Findings& findings) {
    report_error(context, context.task_manager_state, Component::TaskManager, findings);
    report_error(context, context.job_manager_state, Component::JobManager, findings);
    if (const auto error = segment_size_error(context)) {
        const auto& previous = context.task_manager_state.error;
        const bool already_reported =
            previous && previous->context() && previous->context()->key == context.option(SegmentSize).key;
        if (!already_reported) {
            ComponentState state;
            state.error = error;
            report_error(context, state, Component::TaskManager, findings);
        }
    }
}

// Flink logs these at INFO and goes on with the derived size (TaskExecutorFlinkMemoryUtils
// sanityCheckNetworkMemory, ProcessMemoryUtils.sanityCheckJvmOverhead): the fraction the user
// wrote silently means nothing.
void check_derived_differs_from_fraction(const RuleContext& context, Findings& findings) {
    const Configuration& config = context.config;
    if (context.task_manager) {
        const TaskManagerMemory& tm = *context.task_manager;
        const bool fine_grained =
            config.contains(context.option(TaskHeap)) && config.contains(context.option(ManagedSize));
        const bool network_is_rest = fine_grained && config.contains(context.option(TaskManagerFlinkSize));
        if (network_is_rest && config.contains(context.option(NetworkFraction))) {
            const float fraction = config.get_float(context.option(NetworkFraction));
            if (tm.network.size != tm.total_flink.size.multiply(fraction)) {
                const auto lookup = config.lookup(context.option(NetworkFraction));
                findings.push_back(context.finding(
                    "FM109",
                    fmt::format("The derived Network Memory size ({}) does not match the configured Network "
                                "Memory fraction ({}) from the configured Total Flink Memory size ({}). The "
                                "derived Network Memory size will be used.",
                                human(tm.network.size), java::to_string(fraction),
                                human(tm.total_flink.size)),
                    fmt::format("Network memory is the rest of Total Flink Memory here; delete {} or stop "
                                "setting every other component.",
                                lookup->key),
                    lookup->entry->source, Component::TaskManager));
            }
        }
        const bool overhead_is_rest = config.contains(context.option(TaskManagerProcessSize)) &&
                                      (fine_grained || config.contains(context.option(TaskManagerFlinkSize)));
        if (overhead_is_rest && config.contains(context.option(TaskManagerOverheadFraction))) {
            const float fraction = config.get_float(context.option(TaskManagerOverheadFraction));
            if (tm.jvm_overhead.size != tm.total_process.size.multiply(fraction)) {
                findings.push_back(context.finding(
                    "FM109",
                    fmt::format(
                        "The derived JVM Overhead size ({}) does not match the configured JVM Overhead "
                        "fraction ({}) from the configured Total Process Memory size ({}). The derived "
                        "JVM Overhead size will be used.",
                        human(tm.jvm_overhead.size), java::to_string(fraction), human(tm.total_process.size)),
                    fmt::format(
                        "With both {} and the Flink memory set, JVM Overhead is what is left; delete {}.",
                        context.option(TaskManagerProcessSize).key,
                        context.option(TaskManagerOverheadFraction).key),
                    context.where(context.option(TaskManagerOverheadFraction).key), Component::TaskManager));
            }
        }
    }
    if (context.job_manager) {
        const JobManagerMemory& jm = *context.job_manager;
        const bool overhead_is_rest = config.contains(context.option(JobManagerProcessSize)) &&
                                      (config.contains(context.option(JobManagerHeap)) ||
                                       config.contains(context.option(JobManagerFlinkSize)));
        if (overhead_is_rest && config.contains(context.option(JobManagerOverheadFraction))) {
            const float fraction = config.get_float(context.option(JobManagerOverheadFraction));
            if (jm.jvm_overhead.size != jm.total_process.size.multiply(fraction)) {
                findings.push_back(context.finding(
                    "FM109",
                    fmt::format(
                        "The derived JVM Overhead size ({}) does not match the configured JVM Overhead "
                        "fraction ({}) from the configured Total Process Memory size ({}). The derived "
                        "JVM Overhead size will be used.",
                        human(jm.jvm_overhead.size), java::to_string(fraction), human(jm.total_process.size)),
                    fmt::format(
                        "With both {} and the Flink memory set, JVM Overhead is what is left; delete {}.",
                        context.option(JobManagerProcessSize).key,
                        context.option(JobManagerOverheadFraction).key),
                    context.where(context.option(JobManagerOverheadFraction).key), Component::JobManager));
            }
        }
    }
}

// JobManagerFlinkMemoryUtils.verifyJvmHeapSize logs a WARN below JobManagerOptions.MIN_JVM_HEAP_SIZE.
void check_job_manager_heap_minimum(const RuleContext& context, Findings& findings) {
    if (!context.job_manager) return;
    const MemorySize minimum = MemorySize::of_mebibytes(128);
    const MemorySize heap = context.job_manager->jvm_heap.size;
    if (heap.bytes() >= minimum.bytes()) return;
    // Point at whichever key decided the heap: the heap itself, else the total it came from.
    Source where = context.document_location();
    for (const OptionSpec* option :
         {&context.option(JobManagerHeap), &context.option(JobManagerFlinkSize),
          &context.option(JobManagerProcessSize), &context.option(JobManagerLegacyHeap),
          &context.option(JobManagerLegacyHeapMb)}) {
        if (const auto lookup = context.config.lookup(*option)) {
            where = lookup->entry->source;
            break;
        }
    }
    findings.push_back(context.finding(
        "FM110",
        fmt::format(
            "The configured or derived JVM heap memory size ({}) is less than its recommended minimum "
            "value ({})",
            human(heap), human(minimum)),
        fmt::format("Give the JobManager at least {} of heap, e.g. {}: 1600m.", human(minimum),
                    context.option(JobManagerProcessSize).key),
        where, Component::JobManager));
}

}  // namespace flinkmem::lint
