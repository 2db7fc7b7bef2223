#include "flinkmem/resolve.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "model/derive.hpp"

namespace flinkmem {

const char* to_string(Component component) {
    switch (component) {
        case Component::Configuration:
            return "configuration";
        case Component::TaskManager:
            return "taskmanager";
        case Component::JobManager:
            return "jobmanager";
    }
    return "configuration";
}

bool Resolution::ok() const {
    return !error && (!task_manager || task_manager->ok()) && (!job_manager || job_manager->ok());
}

std::string Resolution::release_line() const {
    if (release == nullptr) return {};
    const std::string version = release->version().to_string();
    switch (release_choice) {
        case ReleaseChoice::Requested:
            return fmt::format("Flink {} rules", version);
        case ReleaseChoice::Document:
            return fmt::format("Flink {} rules (the version the input names; --flink-version overrides it)",
                               version);
        case ReleaseChoice::Default:
            break;
    }
    return fmt::format("Flink {} rules (the default; --flink-version picks another)", version);
}

Outcome<const Release*> select_release(std::optional<FlinkVersion> requested, const Document& document,
                                       ReleaseChoice* choice) {
    ReleaseChoice chosen = ReleaseChoice::Default;
    std::optional<FlinkVersion> version;
    if (requested) {
        chosen = ReleaseChoice::Requested;
        version = requested;
    } else if (document.flink_version) {
        chosen = ReleaseChoice::Document;
        version = document.flink_version;
    }
    if (choice != nullptr) *choice = chosen;
    if (!version) return &default_release();
    if (const Release* release = find_release(*version)) return release;
    Error error(ErrorClass::UnsupportedInput,
                fmt::format("Flink {} is not a release flinkmem knows; known: {}", version->to_string(),
                            supported_versions_text()));
    if (chosen == ReleaseChoice::Document) {
        error.with_context({"flinkVersion", version->to_string(), document.flink_version_source})
            .with_hint("Pass --flink-version with one of the known releases to answer for it.");
    } else {
        error.with_hint("Pass --flink-version with one of the known releases.");
    }
    return error;
}

namespace {

using enum OptionId;

// The entry points that size a process: Total Process Memory, Total Flink Memory, the
// fine-grained heap (and managed) sizes, or a legacy heap key the release still maps onto them.
bool sizes_process(const Configuration& config, const Release& release, Component component) {
    static constexpr OptionId kTaskManager[] = {
        TaskManagerProcessSize, TaskManagerFlinkSize,   TaskHeap, ManagedSize,
        TaskManagerLegacyHeap,  TaskManagerLegacyHeapMb};
    static constexpr OptionId kJobManager[] = {JobManagerProcessSize, JobManagerFlinkSize, JobManagerHeap,
                                               JobManagerLegacyHeap, JobManagerLegacyHeapMb};
    const auto set = [&](OptionId id) {
        const OptionSpec* option = release.options().find(id);
        return option != nullptr && config.contains(*option);
    };
    return component == Component::TaskManager
               ? std::any_of(std::begin(kTaskManager), std::end(kTaskManager), set)
               : std::any_of(std::begin(kJobManager), std::end(kJobManager), set);
}

// The first key that tunes a process without sizing it, for the "not sized" reason.
std::optional<std::string> tuning_key(const Configuration& config, const OptionCatalog& options,
                                      Component component) {
    const std::string_view prefix = component == Component::TaskManager ? "taskmanager." : "jobmanager.";
    for (const auto& [key, entry] : config.entries()) {
        const OptionSpec* option = options.find(key);
        // A memory option of the table (one with an OptionId), not any key of the namespace.
        if (key.starts_with(prefix) && option != nullptr && option->id != OptionId::Unnamed &&
            option->id != NumTaskSlots && option->id != CpuCores) {
            return key;
        }
    }
    return std::nullopt;
}

// Whether the document sizes a process, and (with `reason`) why not. A FlinkDeployment sizes a process
// through spec.<process>.resource.memory (which the reader writes into its configuration, as the operator
// does) or its flinkConfiguration; a FlinkSessionJob sizes none.
void decide(const Document& document, const Release& release, Component component, bool reason,
            ProcessSizing& sizing) {
    const bool task_manager = component == Component::TaskManager;
    const char* process = task_manager ? "TaskManager" : "JobManager";
    if (document.format == InputFormat::FlinkSessionJob) {
        sizing.not_sized_reason =
            "a FlinkSessionJob runs on a session cluster that its FlinkDeployment sizes";
        return;
    }
    sizing.sized = sizes_process(document.config, release, component);
    if (sizing.sized || !reason) return;
    if (document.format == InputFormat::FlinkDeployment) {
        sizing.not_sized_reason = fmt::format(
            "spec.{}.resource.memory is not set and flinkConfiguration sizes no {} "
            "memory",
            task_manager ? "taskManager" : "jobManager", process);
        return;
    }
    // Named as the release has them (or, for a process the release has no model of, as later ones do).
    const auto key = [&](OptionId id) {
        const OptionSpec* option = option_in_or_after(release, id);
        return option != nullptr ? std::string(option->key) : std::string();
    };
    const std::string entry_points =
        task_manager ? fmt::format("{}, {} or {} and {}", key(TaskManagerProcessSize),
                                   key(TaskManagerFlinkSize), key(TaskHeap), key(ManagedSize))
                     : fmt::format("{}, {} or {}", key(JobManagerProcessSize), key(JobManagerFlinkSize),
                                   key(JobManagerHeap));
    if (const auto tuned = tuning_key(document.config, release.options(), component)) {
        sizing.not_sized_reason =
            fmt::format("it tunes the {} ({}) but sets none of {}: the size comes from elsewhere", process,
                        *tuned, entry_points);
    } else {
        sizing.not_sized_reason = fmt::format("it sets none of {}", entry_points);
    }
}

// The active resource managers and the containerized clients map the legacy heap onto Total
// Process Memory (".size" first, then ".mb" in MiB; only when the process size is unset;
// MemoryBackwardsCompatibilityUtils with TOTAL_PROCESS_MEMORY). The legacy keys are then dropped
// so that the standalone mapping inside the derivation does not apply a second time.
Configuration map_legacy_heap_to_process(const Configuration& config, const Release& release) {
    const OptionCatalog& o = release.options();
    struct Legacy {
        const OptionSpec* size;
        const OptionSpec* mebibytes;
        const OptionSpec* process;
    };
    // Flink 1.10 has no JobManager process size: its JobManager keeps the legacy key as it is.
    const Legacy processes[] = {
        {o.find(TaskManagerLegacyHeap), o.find(TaskManagerLegacyHeapMb), o.find(TaskManagerProcessSize)},
        {o.find(JobManagerLegacyHeap), o.find(JobManagerLegacyHeapMb), o.find(JobManagerProcessSize)}};
    const auto is_legacy = [&](const std::string& key) {
        return std::any_of(std::begin(processes), std::end(processes), [&key](const Legacy& legacy) {
            return legacy.process != nullptr &&
                   ((legacy.size != nullptr && key == legacy.size->key) ||
                    (legacy.mebibytes != nullptr && key == legacy.mebibytes->key));
        });
    };
    Configuration mapped;
    for (const auto& [key, entry] : config.entries()) {
        if (!is_legacy(key)) mapped.set(key, entry.value, entry.source);
    }
    for (const Legacy& legacy : processes) {
        if (legacy.process == nullptr || config.contains(*legacy.process)) continue;
        if (const ConfigEntry* size = legacy.size != nullptr ? config.find(legacy.size->key) : nullptr) {
            mapped.set(std::string(legacy.process->key), size->value, size->source);
        } else if (const ConfigEntry* mb =
                       legacy.mebibytes != nullptr ? config.find(legacy.mebibytes->key) : nullptr) {
            mapped.set(std::string(legacy.process->key), mb->value + "m", mb->source);
        }
    }
    return mapped;
}

// KubernetesWorkerResourceSpecFactory / YarnWorkerResourceSpecFactory: without
// taskmanager.cpu.cores, a positive kubernetes.taskmanager.cpu(.amount) / yarn.containers.vcores
// is the TaskManager's CPU instead of the slot count. A value that does not parse is left to
// the derivation, which reads taskmanager.cpu.cores only.
void map_cpu_fallback(Configuration& config, const Release& release, Target target) {
    const OptionSpec& cpu_cores = release.option(CpuCores);
    if (config.contains(cpu_cores)) return;
    const OptionSpec* from = option_in_or_after(
        release, target == Target::Kubernetes ? KubernetesTaskManagerCpu : YarnContainerVcores);
    if (from == nullptr) return;
    const auto lookup = config.lookup(*from);
    if (!lookup) return;
    double fallback = -1.0;
    try {
        fallback = target == Target::Kubernetes ? config.get_double(*from).value_or(-1.0)
                                                : static_cast<double>(config.get_int(*from).value_or(-1));
    } catch (const Error&) {
        return;  // the resource manager fails on it at start-up; the memory is what it is
    }
    if (fallback > 0.0)
        config.set(std::string(cpu_cores.key), java::to_string(fallback), lookup->entry->source);
}

std::shared_ptr<const Configuration> effective_configuration(const Configuration& config,
                                                             const Release& release, Target target) {
    if (target == Target::Standalone) return {std::shared_ptr<const Configuration>(), &config};
    auto effective = std::make_shared<Configuration>(map_legacy_heap_to_process(config, release));
    map_cpu_fallback(*effective, release, target);
    return effective;
}

Outcome<TaskManagerResult> resolve_task_manager(const Configuration& config, const Release& release) {
    Outcome<TaskManagerMemory> memory = derive_task_manager(config, release);
    if (!memory.ok()) return std::move(memory).error();
    try {
        std::string jvm = jvm_parameters(memory.value());
        std::string dynamic = dynamic_configs(memory.value(), release.traits());
        return TaskManagerResult{std::move(memory).value(), std::move(jvm), std::move(dynamic)};
    } catch (const Error& error) {
        return error;
    }
}

Outcome<JobManagerResult> resolve_job_manager(const Configuration& config, const Release& release) {
    Outcome<JobManagerMemory> memory = derive_job_manager(config, release);
    if (!memory.ok()) return std::move(memory).error();
    try {
        std::string jvm = jvm_parameters(memory.value());
        auto dynamic = dynamic_configs(memory.value(), release.traits());
        return JobManagerResult{std::move(memory).value(), std::move(jvm), std::move(dynamic)};
    } catch (const Error& error) {
        return error;
    }
}

}  // namespace

Resolution resolve(const ResolveRequest& request) {
    Resolution resolution;
    const Document& document = request.document;
    const auto release = select_release(request.flink_version, document, &resolution.release_choice);
    if (!release.ok()) {
        resolution.error = release.error();
        return resolution;
    }
    resolution.release = release.value();
    const Release& r = *resolution.release;

    const ImpliedDeployment implied = deployment_of(document, r);
    resolution.deployment = implied.deployment;
    resolution.deployment_source = implied.source;
    resolution.target = request.target.value_or(target_of(implied.deployment));

    // An explicit choice of one process needs no words about the other (batch asks per line):
    // its ProcessSizing then says whether it is sized, with an empty not_sized_reason.
    decide(document, r, Component::TaskManager, request.components != ComponentChoice::JobManager,
           resolution.task_manager_sizing);
    decide(document, r, Component::JobManager, request.components != ComponentChoice::TaskManager,
           resolution.job_manager_sizing);

    bool task_manager = false;
    bool job_manager = false;
    switch (request.components) {
        case ComponentChoice::Auto:
            task_manager = resolution.task_manager_sizing.sized;
            job_manager = resolution.job_manager_sizing.sized;
            if (!task_manager && !job_manager) task_manager = job_manager = true;
            break;
        case ComponentChoice::Configured:
            task_manager = resolution.task_manager_sizing.sized;
            job_manager = resolution.job_manager_sizing.sized;
            break;
        case ComponentChoice::TaskManager:
            task_manager = true;
            break;
        case ComponentChoice::JobManager:
            job_manager = true;
            break;
        case ComponentChoice::Both:
            task_manager = job_manager = true;
            break;
    }

    resolution.effective = effective_configuration(document.config, r, resolution.target);
    if (task_manager) resolution.task_manager = resolve_task_manager(*resolution.effective, r);
    if (job_manager) {
        if (r.traits().job_manager_model) {
            resolution.job_manager = resolve_job_manager(*resolution.effective, r);
        } else {
            resolution.notes.push_back("Flink " + r.version().to_string() +
                                       " has no JobManager memory model: its JVM heap is "
                                       "jobmanager.heap.size, passed to the JVM as it is.");
        }
    }
    return resolution;
}

}  // namespace flinkmem
