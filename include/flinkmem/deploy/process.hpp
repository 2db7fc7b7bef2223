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
#include "flinkmem/deployment.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem::deploy {

std::string_view name_of(Component component);  // to_string(component)
std::string_view name_of(Target target);        // "standalone", "kubernetes", "yarn"

struct ResolvedProcess {
    Component component = Component::TaskManager;
    Target target = Target::Standalone;
    Deployment deployment = Deployment::Standalone;
    FlinkVersion version = kDefaultFlinkVersion;
    std::variant<TaskManagerMemory, JobManagerMemory> memory;
    std::string jvm_parameters;
    std::string dynamic_configs;

    const TaskManagerMemory* task_manager() const { return std::get_if<TaskManagerMemory>(&memory); }
    const JobManagerMemory* job_manager() const { return std::get_if<JobManagerMemory>(&memory); }
    MemorySize total_process() const;
    MemorySize total_flink() const;
};

// One process of a Resolution as its target starts it: absent when it was not asked for (or the
// release has no JobManager model), else the process or Flink's error.
std::optional<Outcome<ResolvedProcess>> process_of(const Resolution& resolution, Component component);

}  // namespace flinkmem::deploy
