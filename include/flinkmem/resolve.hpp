// The one entry point of the resolver: a configuration, the Flink release it runs on and the
// processes to size go in; each process's breakdown, JVM flags and dynamic configs, or Flink's
// own error, come out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flinkmem/component.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

enum class ComponentChoice {
    Auto,  // the processes whose memory the configuration sizes (both when it sizes neither)
    TaskManager,
    JobManager,
    Both,
};

struct TaskManagerResult {
    TaskManagerMemory memory;
    std::string jvm_parameters;   // BashJavaUtils' first result line
    std::string dynamic_configs;  // its second result line
};

struct JobManagerResult {
    JobManagerMemory memory;
    std::string jvm_parameters;
    std::optional<std::string> dynamic_configs;  // none before Flink 1.12
};

struct ResolveRequest {
    const Configuration& config;
    const Release& release = default_release();
    ComponentChoice components = ComponentChoice::Auto;
};

struct Resolution {
    const Release* release = nullptr;
    std::optional<Outcome<TaskManagerResult>> task_manager;  // absent: not asked for
    std::optional<Outcome<JobManagerResult>> job_manager;
    // Why a process asked for was left out, e.g. Flink 1.10 has no JobManager memory model.
    std::vector<std::string> notes;

    // Every process that was resolved succeeded.
    bool ok() const;
};

Resolution resolve(const ResolveRequest& request);

// One process; the JobManager needs a release with a JobManager memory model (1.11+).
Outcome<TaskManagerResult> resolve_task_manager(const Configuration& config, const Release& release);
Outcome<JobManagerResult> resolve_job_manager(const Configuration& config, const Release& release);

// Whether the configuration sizes a process: it sets one of the process's entry points (Total
// Process Memory, Total Flink Memory, the fine-grained heap or managed size) or a legacy heap key
// the release still maps onto them. A file that only tunes a process (network range, metaspace)
// leaves its size to another file or to -D; jobmanager.rpc.address sizes nothing.
bool sizes_process(const Configuration& config, const Release& release, Component component);

// The processes ComponentChoice::Auto resolves: those the configuration sizes, both when it
// sizes neither.
std::vector<Component> components_sized_by(const Configuration& config, const Release& release);

}  // namespace flinkmem
