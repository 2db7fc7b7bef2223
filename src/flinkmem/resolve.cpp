#include "flinkmem/resolve.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

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
    return (!task_manager || task_manager->ok()) && (!job_manager || job_manager->ok());
}

Outcome<TaskManagerResult> resolve_task_manager(const Configuration& config, const Release& release) {
    try {
        TaskManagerMemory memory = derive_task_manager(config, release);
        std::string jvm = jvm_parameters(memory);
        std::string dynamic = dynamic_configs(memory, release.traits());
        return TaskManagerResult{std::move(memory), std::move(jvm), std::move(dynamic)};
    } catch (const Error& error) {
        return error;
    }
}

Outcome<JobManagerResult> resolve_job_manager(const Configuration& config, const Release& release) {
    if (!release.traits().job_manager_model) {
        throw std::logic_error("Flink " + release.version().to_string() + " has no JobManager memory model");
    }
    try {
        JobManagerMemory memory = derive_job_manager(config, release);
        std::string jvm = jvm_parameters(memory);
        auto dynamic = dynamic_configs(memory, release.traits());
        return JobManagerResult{std::move(memory), std::move(jvm), std::move(dynamic)};
    } catch (const Error& error) {
        return error;
    }
}

bool sizes_process(const Configuration& config, const Release& release, Component component) {
    using enum OptionId;
    static constexpr OptionId kTaskManager[] = {TaskManagerProcessSize, TaskManagerFlinkSize, TaskHeap, ManagedSize,
                                                TaskManagerLegacyHeap,  TaskManagerLegacyHeapMb};
    static constexpr OptionId kJobManager[] = {JobManagerProcessSize, JobManagerFlinkSize, JobManagerHeap,
                                               JobManagerLegacyHeap, JobManagerLegacyHeapMb};
    const auto set = [&](OptionId id) {
        const OptionSpec* option = release.options().find(id);
        return option != nullptr && config.contains(*option);
    };
    return component == Component::TaskManager ? std::any_of(std::begin(kTaskManager), std::end(kTaskManager), set)
                                               : std::any_of(std::begin(kJobManager), std::end(kJobManager), set);
}

std::vector<Component> components_sized_by(const Configuration& config, const Release& release) {
    const bool task_manager = sizes_process(config, release, Component::TaskManager);
    const bool job_manager = sizes_process(config, release, Component::JobManager);
    if (task_manager == job_manager) return {Component::TaskManager, Component::JobManager};
    return {task_manager ? Component::TaskManager : Component::JobManager};
}

Resolution resolve(const ResolveRequest& request) {
    std::vector<Component> components;
    switch (request.components) {
    case ComponentChoice::Auto:
        components = components_sized_by(request.config, request.release);
        break;
    case ComponentChoice::TaskManager:
        components = {Component::TaskManager};
        break;
    case ComponentChoice::JobManager:
        components = {Component::JobManager};
        break;
    case ComponentChoice::Both:
        components = {Component::TaskManager, Component::JobManager};
        break;
    }
    Resolution resolution;
    resolution.release = &request.release;
    for (const Component component : components) {
        if (component == Component::TaskManager) {
            resolution.task_manager = resolve_task_manager(request.config, request.release);
        } else if (request.release.traits().job_manager_model) {
            resolution.job_manager = resolve_job_manager(request.config, request.release);
        } else {
            resolution.notes.push_back("Flink " + request.release.version().to_string() +
                                       " has no JobManager memory model: its JVM heap is "
                                       "jobmanager.heap.size, passed to the JVM as it is.");
        }
    }
    return resolution;
}

}  // namespace flinkmem
