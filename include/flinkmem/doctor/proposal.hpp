// A configuration change that is proven before it is shown: the changed configuration is resolved
// through resolve() under the same release, every requirement it was made for is checked on the
// resolved breakdown, nothing else shrinks unless asked, and, when the job is known, the simulator
// deploys it. doctor grows what ran out; tune sets what the metrics call for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flinkmem/component.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deployment.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/simulate.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::doctor {

// One component of one process and the size it must reach.
struct Requirement {
    enum class What {
        JvmHeap,           // TaskManager: framework + task heap; JobManager: jobmanager.memory.heap.size
        TaskOffHeap,       // TaskManager task off-heap (user code's direct memory)
        FrameworkOffHeap,  // TaskManager framework off-heap (Netty at high parallelism)
        OffHeap,           // JobManager off-heap
        Metaspace,
        Network,
        Managed,
        Overhead,
        BatchShuffle,  // taskmanager.memory.framework.off-heap.batch-shuffle.size (inside framework off-heap)
    };
    Component process = Component::TaskManager;
    What what = What::JvmHeap;
    MemorySize at_least;
};

// "jvm_heap", "task_off_heap", ...: the breakdown's name of the component.
const char* to_string(Requirement::What what);

using KeyValue = std::pair<std::string, std::string>;

struct Proposal {
    std::vector<KeyValue> changes;      // configuration keys to set (the value as written: "1856m")
    std::vector<std::string> removals;  // keys to delete
    // Environment variables the process needs that no configuration key sets on this deployment
    // (standalone: the environment of the start scripts; operator: the pod template's container).
    std::vector<KeyValue> environment;
    Configuration before_config;
    Configuration after_config;
    std::optional<Outcome<TaskManagerResult>> task_manager_before, task_manager_after;
    std::optional<Outcome<JobManagerResult>> job_manager_before, job_manager_after;
    bool verified = false;
    std::vector<std::string> checks;  // what was verified, one line each ("resolves under Flink 1.20", ...)
    std::vector<std::string> notes;

    bool empty() const { return changes.empty() && removals.empty() && environment.empty(); }
};

struct GrowthRequest {
    const Configuration& base;
    const Release& release;
    Target target = Target::Standalone;
    std::vector<Requirement> requirements;
    std::vector<KeyValue> settings;  // fixed settings that come with the remedy (RocksDB bounds, env)
    std::vector<KeyValue> environment;
    const sim::JobGraph* job = nullptr;  // simulated on the result when set
};

// The smallest growth of the configured total (process or Total Flink Memory) with the keys that
// give each required component its size, found by resolving candidates: a component that the
// derivation would take from elsewhere is kept by pinning the fractional components (managed,
// network) at their current sizes. Never throws for what Flink rejects (that is an unverified
// proposal with the reason in checks).
Proposal propose_growth(const GrowthRequest& request);

// Resolves `changes` on top of `base` (and `removals`) and fills the before/after results and the
// generic checks; `verified` is left for the caller's own checks to decide.
void resolve_both(Proposal& proposal, const Configuration& base, const Release& release, Target target,
                  bool task_manager, bool job_manager);

// The job deployed by the simulator on the TaskManagers `config` gives (resolved through resolve()).
// A configuration Flink rejects, or a simulator setting it cannot read, is the report's error
// (configuration_rejected); the plan is only meaningful when that is not set.
sim::SimulationReport simulate_job(const Configuration& config, const Release& release, Target target,
                                   const sim::JobGraph& job);

// The size as a user writes it, rounded up to whole MiB: "1856m" (or "2g" when exact).
std::string mib_value(MemorySize size);
MemorySize round_up_mib(MemorySize size);

}  // namespace flinkmem::doctor
