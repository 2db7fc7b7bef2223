#include "flinkmem/deploy/process.hpp"

#include <type_traits>

namespace flinkmem::deploy {

std::string_view name_of(Component component) {
    return to_string(component);
}

std::string_view name_of(Target target) {
    return to_string(target);
}

MemorySize ResolvedProcess::total_process() const {
    if (const auto* tm = task_manager()) return tm->total_process.size;
    return job_manager()->total_process.size;
}

MemorySize ResolvedProcess::total_flink() const {
    if (const auto* tm = task_manager()) return tm->total_flink.size;
    return job_manager()->total_flink.size;
}

std::optional<Outcome<ResolvedProcess>> process_of(const Resolution& resolution, Component component) {
    const auto make = [&](const auto& outcome) -> std::optional<Outcome<ResolvedProcess>> {
        if (!outcome) return std::nullopt;
        if (!outcome->ok()) return Outcome<ResolvedProcess>(outcome->error());
        ResolvedProcess process;
        process.component = component;
        process.target = resolution.target;
        process.deployment = resolution.deployment;
        process.version = resolution.release->version();
        process.memory = outcome->value().memory;
        process.jvm_parameters = outcome->value().jvm_parameters;
        if constexpr (std::is_same_v<std::decay_t<decltype(outcome->value().dynamic_configs)>, std::string>) {
            process.dynamic_configs = outcome->value().dynamic_configs;
        } else {
            process.dynamic_configs = outcome->value().dynamic_configs.value_or("");
        }
        return Outcome<ResolvedProcess>(std::move(process));
    };
    return component == Component::TaskManager ? make(resolution.task_manager) : make(resolution.job_manager);
}

}  // namespace flinkmem::deploy
