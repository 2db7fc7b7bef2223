#include "flinkmem/deploy/process.hpp"

#include <array>

#include "flinkmem/config/options.hpp"
#include "flinkmem/deploy/target_options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/model/jvm_args.hpp"
#include "flinkmem/model/legacy_heap.hpp"

namespace flinkmem::deploy {

namespace o = options;

std::string_view name_of(Component component) {
    return component == Component::TaskManager ? "taskmanager" : "jobmanager";
}

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

// The configuration without the given keys (and their fallback keys).
Configuration without(const Configuration& config, std::initializer_list<const OptionSpec*> removed) {
    Configuration out;
    for (const auto& [key, entry] : config.entries()) {
        bool drop = false;
        for (const OptionSpec* option : removed) drop = drop || key == option->key;
        if (!drop) out.set(key, entry.value, entry.source);
    }
    return out;
}

// The containerized path maps the legacy heap onto Total Process Memory; once mapped, the legacy
// keys must not be mapped a second time (onto Total Flink Memory) by the standalone resolver.
Configuration map_legacy_heap_to_process(const Configuration& config, Component component) {
    if (component == Component::TaskManager) {
        const Configuration mapped = map_legacy_heap(
            config, o::kTaskManagerProcessSize, {&o::kTaskManagerLegacyHeap, &o::kTaskManagerLegacyHeapMb});
        return without(mapped, {&o::kTaskManagerLegacyHeap, &o::kTaskManagerLegacyHeapMb});
    }
    const Configuration mapped = map_legacy_heap(
        config, o::kJobManagerProcessSize, {&o::kJobManagerLegacyHeap, &o::kJobManagerLegacyHeapMb});
    return without(mapped, {&o::kJobManagerLegacyHeap, &o::kJobManagerLegacyHeapMb});
}

}  // namespace

Configuration effective_configuration(const Configuration& config, Component component, Target target) {
    if (target == Target::Standalone) return config;
    Configuration effective = map_legacy_heap_to_process(config, component);
    if (component == Component::TaskManager && !effective.contains(o::kCpuCores)) {
        // KubernetesWorkerResourceSpecFactory / YarnWorkerResourceSpecFactory: a positive
        // fallback replaces the slot count as the CPU of the TaskManager.
        double fallback = -1.0;
        if (target == Target::Kubernetes) {
            fallback = effective.get_double(kKubernetesTaskManagerCpu).value_or(-1.0);
        } else {
            fallback = static_cast<double>(effective.get_int(kYarnContainerVcores).value_or(-1));
        }
        if (fallback > 0.0) {
            effective.set(std::string(o::kCpuCores.key), java::to_string(fallback),
                          Source::derived(target == Target::Kubernetes ? "kubernetes.taskmanager.cpu.amount"
                                                                       : "yarn.containers.vcores"));
        }
    }
    return effective;
}

ResolvedProcess resolve_process(const Configuration& config, Component component, Target target,
                                FlinkVersion version) {
    // The only call into the resolver; the lead switches it to resolve(request) -> outcome.
    const Configuration effective = effective_configuration(config, component, target);
    ResolvedProcess process;
    process.component = component;
    process.target = target;
    process.version = version;
    if (component == Component::TaskManager) {
        TaskManagerMemory memory = resolve_task_manager(effective);
        process.jvm_parameters = jvm_parameters(memory);
        process.dynamic_configs = dynamic_configs(memory);
        process.memory = std::move(memory);
    } else {
        JobManagerMemory memory = resolve_job_manager(effective);
        process.jvm_parameters = jvm_parameters(memory);
        process.dynamic_configs = dynamic_configs(memory);
        process.memory = std::move(memory);
    }
    return process;
}

}  // namespace flinkmem::deploy
