// One Flink process (TaskManager or JobManager) as a deployment target starts it: the memory
// breakdown, the JVM flags and the dynamic configs. Every output and every container figure is
// computed from this one value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "flinkmem/component.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"

namespace flinkmem::deploy {

// standalone: bin/taskmanager.sh and bin/jobmanager.sh; kubernetes: Flink's native Kubernetes
// integration (and the operator, which drives it); yarn: Flink on YARN.
enum class Target { Standalone, Kubernetes, Yarn };

std::string_view name_of(Component component);  // to_string(component)
std::string_view name_of(Target target);        // "standalone", "kubernetes", "yarn"
std::optional<Target> parse_target(std::string_view name);

struct ResolvedProcess {
    Component component = Component::TaskManager;
    Target target = Target::Standalone;
    FlinkVersion version = kDefaultFlinkVersion;
    std::variant<TaskManagerMemory, JobManagerMemory> memory;
    std::string jvm_parameters;
    std::string dynamic_configs;

    const TaskManagerMemory* task_manager() const { return std::get_if<TaskManagerMemory>(&memory); }
    const JobManagerMemory* job_manager() const { return std::get_if<JobManagerMemory>(&memory); }
    MemorySize total_process() const;
    MemorySize total_flink() const;
};

// The configuration Flink derives the process from on that target. Standalone start scripts map
// the legacy heap keys (taskmanager.heap.size, jobmanager.heap.size) onto Total Flink Memory / JVM
// Heap; the containerized clients and resource managers map them onto Total Process Memory
// (AbstractContainerizedClusterClientFactory, ActiveResourceManagerFactory). On Kubernetes and
// YARN a TaskManager without taskmanager.cpu.cores takes kubernetes.taskmanager.cpu.amount /
// yarn.containers.vcores before the slot count (getCpuCoresWithFallback).
Configuration effective_configuration(const Configuration& config, Component component, Target target,
                                      FlinkVersion version = kDefaultFlinkVersion);

// The process through resolve_task_manager / resolve_job_manager for the release of `version`.
// Throws the Error Flink reports where Flink fails.
ResolvedProcess resolve_process(const Configuration& config, Component component,
                                Target target = Target::Standalone,
                                FlinkVersion version = kDefaultFlinkVersion);

}  // namespace flinkmem::deploy
