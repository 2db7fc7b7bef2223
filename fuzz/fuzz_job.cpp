// The job readers (REST plan / execution plan JSON and the YAML job shape) on arbitrary bytes:
// they either return a valid graph or throw JobFormatError, never anything else; a graph they
// return, its open vertices decided, plans without throwing (other than Flink's own errors) and its
// invariants hold.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/adaptive_parallelism.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/planner.hpp"

namespace {

void check(flinkmem::sim::JobGraph job) {
    using namespace flinkmem::sim;
    if (job.vertices.empty()) __builtin_trap();
    for (const JobEdge& e : job.edges) {
        // Topologically sorted, edges between known vertices.
        if (e.source >= job.vertices.size() || e.target >= job.vertices.size() || e.source >= e.target)
            __builtin_trap();
    }
    // A vertex without a parallelism is open (0) until the scheduler or parallelism.default
    // decides it, as simulate() does before planning.
    for (const JobVertex& v : job.vertices) {
        if (v.parallelism_open ? v.parallelism != 0 : (v.parallelism < 1 || v.parallelism > 32768))
            __builtin_trap();
    }
    SimulationSettings settings;
    settings.num_slots = 4;
    const ParallelismDecisions decisions = decide_open_parallelism(
        job, settings.auto_parallelism, settings.adaptive_batch_scheduler, settings.default_parallelism, {});
    if (decisions.failure) return;
    std::int64_t slots = 0;
    for (const JobVertex& v : job.vertices) {
        if (v.parallelism < 1 || v.parallelism > 32768) __builtin_trap();
        slots += v.parallelism;
    }
    // Planning cost grows with slots x vertices; keep each input fast.
    if (slots * static_cast<std::int64_t>(job.vertices.size()) > 200000) return;
    PlanInput input{&job, &settings, 64LL << 20, 128LL << 20, {}};
    try {
        const Plan p = plan(input);
        if (p.network.required_buffers < 0 || p.slots_used < 1) __builtin_trap();
        if (!p.failure && p.network.required_buffers > p.network.total_buffers) __builtin_trap();
    } catch (const flinkmem::Error&) {
        // Flink's own errors (e.g. a gate spec precondition) are answers, not crashes.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace flinkmem::sim;
    try {
        check(read_job_json(text, "fuzz.json", JobMode::Streaming));
    } catch (const JobFormatError&) {
    }
    try {
        check(read_job_yaml(text, "fuzz.yaml"));
    } catch (const JobFormatError&) {
    }
    return 0;
}
