// The simulator's entry point: resolve the TaskManager, read the simulator's settings, deploy
// the job into TaskManagers and count every pool (plan), optionally exercise real pools, and
// return one report. Never prints, never exits; a Flink failure is part of the report, a bad
// configuration value throws flinkmem::Error as the resolver does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/sim/exercise.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/planner.hpp"
#include "flinkmem/sim/settings.hpp"

namespace flinkmem::sim {

struct SimulationRequest {
    // The document's TaskManager as resolve() answered it (ComponentChoice::TaskManager); its
    // release and effective configuration are the simulator's.
    const Resolution* resolution = nullptr;
    JobGraph job;
    std::optional<std::int32_t> task_managers;
    InputBytes input_bytes;  // --input-bytes: what the sources produce (auto-parallelism)
    bool exercise = true;
    bool advise = true;  // search the smallest total size that deploys (a few dozen resolves)
    ExerciseOptions exercise_options;
};

// The smallest network memory per TaskManager that deploys the job, and how to configure it.
struct NetworkAdvice {
    std::int64_t min_network_bytes = 0;
    // e.g. {"taskmanager.memory.network.min", "136m"}, {"taskmanager.memory.network.max", "136m"}
    std::vector<std::pair<std::string, std::string>> set_network;
    // The taskmanager.memory.process.size (or flink.size) that gets it under the configured
    // network fraction, if one exists below 1 TiB.
    std::optional<std::pair<std::string, std::string>> set_total;
};

struct SimulationReport {
    bool ok = true;
    std::optional<Error> error;  // what Flink would throw
    // Flink rejects the TaskManager's memory configuration itself: nothing was planned.
    bool configuration_rejected = false;
    std::int64_t network_bytes = 0;  // resolved, per TaskManager
    std::int64_t managed_bytes = 0;
    SimulationSettings settings;
    JobGraph job;  // as simulated: the request's, its batch edges following execution.batch-shuffle-mode
    ParallelismDecisions parallelism;  // vertices the job leaves open
    Plan plan;
    NetworkAdvice advice;
    std::optional<ExerciseReport> exercise;
    std::string exercise_skipped;  // "not run, because ..." when the exercise was asked for but not run
};

SimulationReport simulate(const SimulationRequest& request);

}  // namespace flinkmem::sim
