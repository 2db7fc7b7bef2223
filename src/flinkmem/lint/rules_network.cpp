// FM119: a TaskManager whose network buffers cannot hold a job of the configured default
// parallelism, found by the simulator's planner (the same NetworkBufferPool arithmetic as Flink).
#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/sim/planner.hpp"
#include "flinkmem/sim/settings.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

void check_network_buffers(const RuleContext& context, Findings& findings) {
    const ConfigEntry* parallelism = context.config.find("parallelism.default");
    // The simulator knows the network-buffer formulas from Flink 1.16 on.
    if (!context.task_manager || parallelism == nullptr || context.version() < FlinkVersion{1, 16}) return;
    const std::int32_t p = java::parse_int(parallelism->value);  // unreadable: Flink's own error
    if (p < 1) return;
    const ConfigEntry* mode_entry = context.config.find("execution.runtime-mode");
    const bool batch = mode_entry != nullptr && java::to_upper(mode_entry->value) == "BATCH";
    const sim::JobGraph job = sim::keyby_job(p, batch ? sim::JobMode::Batch : sim::JobMode::Streaming);
    const sim::SimulationSettings settings = sim::read_settings(context.config, context.version());
    const sim::Plan plan = sim::plan({&job, &settings, context.task_manager->network.size.bytes(),
                                      context.task_manager->managed.size.bytes(), {}});
    if (!plan.failure || !plan.failure->is(ErrorClass::IOException)) return;
    const std::int64_t needed = plan.network.required_buffers * plan.network.segment_size;
    findings.push_back(context.finding(
        "FM119",
        fmt::format("a {} job of parallelism.default {} (source -> keyBy -> sink) would not deploy: {}: {}",
                    batch ? "batch" : "streaming", p, plan.failure->class_name(), plan.failure->message()),
        fmt::format("Each TaskManager needs {} buffers at once ({} of network memory): raise "
                    "taskmanager.memory.network.min/max (or the process size), or lower the slots per "
                    "TaskManager. `flinkmem simulate --job` checks the real job.",
                    plan.network.required_buffers, MemorySize(needed).to_human_readable_string()),
        parallelism->source, Component::TaskManager));
}

}  // namespace flinkmem::lint
