// FM119: a TaskManager whose network buffers cannot hold the job the document describes
// (parallelism.default, execution.runtime-mode, execution.batch-shuffle-mode), found the way
// `flinkmem simulate` finds it: sim::document_job, then sim::simulate without the exercise.
#include <fmt/format.h>

#include "flinkmem/sim/document_job.hpp"
#include "flinkmem/sim/network_rules.hpp"
#include "flinkmem/sim/simulate.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

void check_network_buffers(const RuleContext& context, Findings& findings) {
    // The simulator knows the network-buffer formulas from Flink 1.16 on.
    if (!context.task_manager || !sim::has_network_rules(context.version())) return;
    const Configuration& config = *context.resolution.effective;
    std::int32_t slots = 1;
    try {
        slots = sim::read_settings(config, context.version()).num_slots;
    } catch (const Error&) {
        return;  // FM100 reports what Flink rejects
    }
    const sim::DocumentJobGraph described = sim::document_job(context.document, context.release, {}, slots);
    if (!described.parallelism_from_document) return;
    sim::SimulationRequest request;
    request.resolution = &context.resolution;
    request.job = described.job;
    request.exercise = false;
    request.advise = false;
    const sim::SimulationReport report = sim::simulate(request);
    // A simulator setting Flink cannot read (configuration_rejected) is FM100's.
    if (report.configuration_rejected || !report.error || !report.error->is(ErrorClass::IOException)) return;
    const sim::Plan& plan = report.plan;
    const std::int64_t needed = plan.network.required_buffers * plan.network.segment_size;
    findings.push_back(context.finding(
        "FM119",
        fmt::format("a {} job of parallelism.default {} (source -> keyBy -> sink) would not deploy: {}: {}",
                    report.job.mode == sim::JobMode::Batch ? "batch" : "streaming",
                    report.job.vertices.front().parallelism, report.error->class_name(),
                    report.error->message()),
        fmt::format("Each TaskManager needs {} buffers at once ({} of network memory): raise "
                    "taskmanager.memory.network.min/max (or the process size), or lower the slots per "
                    "TaskManager. `flinkmem simulate --job` checks the real job.",
                    plan.network.required_buffers, MemorySize(needed).to_human_readable_string()),
        described.parallelism_source, Component::TaskManager));
}

}  // namespace flinkmem::lint
