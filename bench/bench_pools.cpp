// The pools' real memory and the planner's speed: allocate-and-touch bandwidth of a
// MemoryManager's pages and of a network SegmentArena next to memset on the same (already
// touched) bytes, and the planning time of an all-to-all job at parallelism 1000. Prints
// figures; the last line is JSON.
//
// Usage: bench_pools [MIB]   (default 1024 MiB of pages)
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/memory_manager.hpp"
#include "flinkmem/sim/memory_segment.hpp"
#include "flinkmem/sim/planner.hpp"

using namespace flinkmem::sim;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Bandwidth {
    double allocate_touch;  // bytes/s
    double memset;          // bytes/s
};

Bandwidth managed_pages(std::int64_t bytes) {
    MemoryManager mm(bytes, 32768);
    auto t = Clock::now();
    auto pages = mm.allocate_pages("bench", static_cast<std::int32_t>(mm.total_pages()));
    for (auto& page : pages) std::memset(page.data(), 0x5a, page.size());
    const double first = since(t);
    t = Clock::now();
    for (auto& page : pages) std::memset(page.data(), 0xa5, page.size());
    const double again = since(t);
    mm.release("bench", pages);
    return {static_cast<double>(bytes) / first, static_cast<double>(bytes) / again};
}

Bandwidth network_arena(std::int64_t bytes) {
    auto t = Clock::now();
    SegmentArena arena(static_cast<std::size_t>(bytes / 32768), 32768);
    std::memset(arena.segment(0).data(), 0x5a, arena.bytes());
    const double first = since(t);
    t = Clock::now();
    std::memset(arena.segment(0).data(), 0xa5, arena.bytes());
    const double again = since(t);
    return {static_cast<double>(bytes) / first, static_cast<double>(bytes) / again};
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t bytes = (argc > 1 ? std::atoll(argv[1]) : 1024) << 20;
    const Bandwidth managed = managed_pages(bytes);
    const Bandwidth network = network_arena(bytes);
    fmt::print("managed pages: allocate+touch {:.2f} GB/s, memset {:.2f} GB/s, ratio {:.2f}\n", managed.allocate_touch / 1e9,
               managed.memset / 1e9, managed.allocate_touch / managed.memset);
    fmt::print("network arena: allocate+touch {:.2f} GB/s, memset {:.2f} GB/s, ratio {:.2f}\n", network.allocate_touch / 1e9,
               network.memset / 1e9, network.allocate_touch / network.memset);

    // Planning: keyBy (all-to-all) at parallelism 1000 on TaskManagers of 4 slots (250 TMs).
    const JobGraph job = keyby_job(1000, JobMode::Streaming);
    SimulationSettings settings;
    settings.num_slots = 4;
    PlanInput input{&job, &settings, 1LL << 30, 1LL << 30, {}};
    const auto t = Clock::now();
    const Plan p = plan(input);
    const double planning = since(t);
    fmt::print("planning keyBy p=1000 on {} TaskManagers: {:.1f} ms, required_buffers {} per TaskManager\n",
               p.task_managers, planning * 1e3, p.network.required_buffers);
    fmt::print("{{\"bytes\": {}, \"managed_touch_ratio\": {:.2f}, \"network_touch_ratio\": {:.2f}, \"planning_ms\": {:.2f}}}\n",
               bytes, managed.allocate_touch / managed.memset, network.allocate_touch / network.memset, planning * 1e3);
    return 0;
}
