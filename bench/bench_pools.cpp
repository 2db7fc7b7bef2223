// The pools' real memory against fair baselines, and the planner's speed.
//
// Allocating a pool means getting fresh pages from the kernel and touching them. The fair
// baseline is the same for plain memory: a fresh anonymous mmap followed by memset (first touch
// on both sides), also with transparent huge pages (madvise) where the kernel offers them. memset
// over pages already faulted in is shown as well: it measures memory bandwidth, not allocation.
// Each figure is the median of RUNS runs, every run on fresh memory.
//
// Usage: bench_pools [MIB [RUNS]]   (default 512 MiB, 5 runs). The last line is JSON.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/sim/job.hpp"
#include "flinkmem/sim/memory_manager.hpp"
#include "flinkmem/sim/memory_segment.hpp"
#include "flinkmem/sim/planner.hpp"

using namespace flinkmem::sim;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Median bytes/s of `runs` runs of `work` (which returns the seconds it measured).
double median_rate(std::int64_t bytes, int runs, const std::function<double()>& work) {
    std::vector<double> rates;
    for (int i = 0; i < runs; ++i) rates.push_back(static_cast<double>(bytes) / work());
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

// Fresh anonymous memory, then memset: what any allocation of that much memory costs.
double fresh_mmap(std::int64_t bytes, int flags, bool huge) {
    const auto size = static_cast<std::size_t>(bytes);
    const auto t = Clock::now();
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
    if (p == MAP_FAILED) std::abort();
    if (huge) ::madvise(p, size, MADV_HUGEPAGE);
    std::memset(p, 0x5a, size);
    const double seconds = since(t);
    ::munmap(p, size);
    return seconds;
}

double managed_pages(std::int64_t bytes) {
    MemoryManager mm(bytes, 32768);
    const auto t = Clock::now();
    auto pages = mm.allocate_pages("bench", static_cast<std::int32_t>(mm.total_pages()));
    for (auto& page : pages) std::memset(page.data(), 0x5a, page.size());
    const double seconds = since(t);
    mm.release("bench", pages);
    return seconds;
}

double network_arena(std::int64_t bytes) {
    const auto t = Clock::now();
    SegmentArena arena(static_cast<std::size_t>(bytes / 32768), 32768);
    std::memset(arena.segment(0).data(), 0x5a, arena.bytes());
    return since(t);
}

bool huge_pages_offered() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    return line.find("[always]") != std::string::npos || line.find("[madvise]") != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t bytes = (argc > 1 ? std::atoll(argv[1]) : 512) << 20;
    const int runs = std::max(1, argc > 2 ? std::atoi(argv[2]) : 5);

    // Runs interleave the variants (baseline, pool, baseline, pool, ...) so that the kernel's
    // state (free huge pages, compaction) is shared fairly between them.
    const bool huge = huge_pages_offered();
    std::vector<double> r_fresh, r_populate, r_huge, r_managed, r_network;
    const double b = static_cast<double>(bytes);
    // Every measurement runs in its own child process: a fresh address space and no memory the
    // previous variant just returned to this process.
    const auto in_child = [](const std::function<double()>& work) {
        int fds[2];
        if (::pipe(fds) != 0) std::abort();
        const pid_t child = ::fork();
        if (child == 0) {
            const double seconds = work();
            if (::write(fds[1], &seconds, sizeof seconds) != sizeof seconds) ::_exit(1);
            ::_exit(0);
        }
        double seconds = 0;
        if (::read(fds[0], &seconds, sizeof seconds) != sizeof seconds) std::abort();
        ::waitpid(child, nullptr, 0);
        ::close(fds[0]);
        ::close(fds[1]);
        return seconds;
    };
    std::vector<std::function<void()>> variants{
        [&] { r_fresh.push_back(b / in_child([&] { return fresh_mmap(bytes, 0, false); })); },
        [&] { r_populate.push_back(b / in_child([&] { return fresh_mmap(bytes, MAP_POPULATE, false); })); },
        [&] {
            if (huge) r_huge.push_back(b / in_child([&] { return fresh_mmap(bytes, 0, true); }));
        },
        [&] { r_managed.push_back(b / in_child([&] { return managed_pages(bytes); })); },
        [&] { r_network.push_back(b / in_child([&] { return network_arena(bytes); })); },
    };
    // Each run starts with another variant, so none always follows the same predecessor.
    for (int i = 0; i < runs; ++i) {
        for (std::size_t k = 0; k < variants.size(); ++k)
            variants[(k + static_cast<std::size_t>(i)) % variants.size()]();
    }
    const auto median = [](std::vector<double> v) {
        if (v.empty()) return 0.0;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const double fresh = median(r_fresh);
    const double fresh_populate = median(r_populate);
    const double fresh_huge = median(r_huge);
    const double managed = median(r_managed);
    const double network = median(r_network);
    const double baseline = std::max({fresh, fresh_populate, fresh_huge});  // the best plain allocation
    // memset over faulted pages: bandwidth, not allocation.
    const auto size = static_cast<std::size_t>(bytes);
    std::vector<char> warm(size, 1);
    const double faulted = median_rate(bytes, runs, [&] {
        const auto t = Clock::now();
        std::memset(warm.data(), 0x5a, size);
        const double seconds = since(t);
        if (warm[size / 2] != 0x5a) std::abort();
        return seconds;
    });

    fmt::print("{} MiB, median of {} runs, fresh memory every run\n", bytes >> 20, runs);
    fmt::print("fresh mmap + memset:                {:.2f} GB/s\n", fresh / 1e9);
    fmt::print("fresh mmap(MAP_POPULATE) + memset:  {:.2f} GB/s\n", fresh_populate / 1e9);
    if (huge) {
        fmt::print("fresh mmap + THP madvise + memset:  {:.2f} GB/s\n", fresh_huge / 1e9);
    } else {
        fmt::print("transparent huge pages: not offered by this kernel\n");
    }
    fmt::print("memset over faulted pages:          {:.2f} GB/s (bandwidth, not allocation)\n",
               faulted / 1e9);
    fmt::print("managed pages (MemoryManager):      {:.2f} GB/s, {:.2f} of the best fresh baseline\n",
               managed / 1e9, managed / baseline);
    fmt::print("network arena (SegmentArena):       {:.2f} GB/s, {:.2f} of the best fresh baseline\n",
               network / 1e9, network / baseline);

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
    fmt::print(
        "{{\"bytes\": {}, \"runs\": {}, \"fresh\": {:.0f}, \"fresh_populate\": {:.0f}, \"fresh_huge\": "
        "{:.0f}, "
        "\"faulted_memset\": {:.0f}, \"managed\": {:.0f}, \"network\": {:.0f}, \"managed_vs_fresh\": {:.2f}, "
        "\"network_vs_fresh\": {:.2f}, \"planning_ms\": {:.2f}}}\n",
        bytes, runs, fresh, fresh_populate, fresh_huge, faulted, managed, network, managed / baseline,
        network / baseline, planning * 1e3);
    return 0;
}
