#include "flinkmem/deploy/process.hpp"

#include <array>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/deploy/target_options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::deploy {

std::string_view name_of(Component component) { return to_string(component); }

std::string_view name_of(Target target) {
    switch (target) {
        case Target::Standalone: return "standalone";
        case Target::Kubernetes: return "kubernetes";
        case Target::Yarn: return "yarn";
    }
    return "standalone";
}

std::optional<Target> parse_target(std::string_view name) {
    for (const Target target : {Target::Standalone, Target::Kubernetes, Target::Yarn}) {
        if (name == name_of(target)) return target;
    }
    return std::nullopt;
}

MemorySize ResolvedProcess::total_process() const {
    if (const auto* tm = task_manager()) return tm->total_process.size;
    return job_manager()->total_process.size;
}

MemorySize ResolvedProcess::total_flink() const {
    if (const auto* tm = task_manager()) return tm->total_flink.size;
    return job_manager()->total_flink.size;
}

namespace {

// The containerized path maps the legacy heap onto Total Process Memory (".size" first, then
// ".mb" in MiB; only when the process size is unset); the legacy keys are then dropped so that
// the standalone resolver does not map them a second time onto Total Flink Memory.
Configuration map_legacy_heap_to_process(const Configuration& config, const Release& release, Component component) {
    using enum OptionId;
    const OptionCatalog& o = release.options();
    const bool task_manager = component == Component::TaskManager;
    const OptionSpec* size = o.find(task_manager ? TaskManagerLegacyHeap : JobManagerLegacyHeap);
    const OptionSpec* mebibytes = o.find(task_manager ? TaskManagerLegacyHeapMb : JobManagerLegacyHeapMb);
    const OptionSpec& process = o[task_manager ? TaskManagerProcessSize : JobManagerProcessSize];
    Configuration mapped;
    for (const auto& [key, entry] : config.entries()) {
        if ((size != nullptr && key == size->key) || (mebibytes != nullptr && key == mebibytes->key)) continue;
        mapped.set(key, entry.value, entry.source);
    }
    if (config.contains(process)) return mapped;
    if (const ConfigEntry* entry = size != nullptr ? config.find(size->key) : nullptr) {
        mapped.set(std::string(process.key), entry->value, entry->source);
    } else if (const ConfigEntry* mb = mebibytes != nullptr ? config.find(mebibytes->key) : nullptr) {
        mapped.set(std::string(process.key), mb->value + "m", mb->source);
    }
    return mapped;
}

}  // namespace

Configuration effective_configuration(const Configuration& config, Component component, Target target,
                                      FlinkVersion version) {
    if (target == Target::Standalone) return config;
    const Release* release = find_release(version);
    if (release == nullptr) release = &default_release();
    Configuration effective = map_legacy_heap_to_process(config, *release, component);
    const OptionSpec& cpu_cores = release->options()[OptionId::CpuCores];
    if (component == Component::TaskManager && !effective.contains(cpu_cores)) {
        // KubernetesWorkerResourceSpecFactory / YarnWorkerResourceSpecFactory: a positive
        // fallback replaces the slot count as the CPU of the TaskManager.
        double fallback = -1.0;
        if (target == Target::Kubernetes) {
            fallback = effective.get_double(kKubernetesTaskManagerCpu).value_or(-1.0);
        } else {
            fallback = static_cast<double>(effective.get_int(kYarnContainerVcores).value_or(-1));
        }
        if (fallback > 0.0) {
            const OptionSpec& from = target == Target::Kubernetes ? kKubernetesTaskManagerCpu : kYarnContainerVcores;
            const auto lookup = effective.lookup(from);
            effective.set(std::string(cpu_cores.key), java::to_string(fallback),
                          lookup ? lookup->entry->source : Source::default_value());
        }
    }
    return effective;
}

ResolvedProcess resolve_process(const Configuration& config, Component component, Target target,
                                FlinkVersion version) {
    const Release* release = find_release(version);
    if (release == nullptr) release = &default_release();
    const Configuration effective = effective_configuration(config, component, target, version);
    ResolvedProcess process;
    process.component = component;
    process.target = target;
    process.version = release->version();
    if (component == Component::TaskManager) {
        auto outcome = resolve_task_manager(effective, *release);
        if (!outcome.ok()) throw outcome.error();
        process.jvm_parameters = outcome.value().jvm_parameters;
        process.dynamic_configs = outcome.value().dynamic_configs;
        process.memory = outcome.value().memory;
    } else {
        if (!release->traits().job_manager_model) {
            throw Error::illegal_argument(fmt::format("Flink {} has no JobManager memory model: BashJavaUtils has no "
                                                      "GET_JM_RESOURCE_PARAMS.",
                                                      release->version().to_string()))
                .with_hint("Flink 1.10's jobmanager.sh sizes the JobManager heap from jobmanager.heap.size itself.");
        }
        auto outcome = resolve_job_manager(effective, *release);
        if (!outcome.ok()) throw outcome.error();
        process.jvm_parameters = outcome.value().jvm_parameters;
        process.dynamic_configs = outcome.value().dynamic_configs.value_or("");
        process.memory = outcome.value().memory;
    }
    return process;
}

}  // namespace flinkmem::deploy
