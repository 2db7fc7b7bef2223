// The experiment of Flink's memory-management write-up ("Juggling with Bits and Bytes"): sort
// 10 million records (int key, string of 5-30 random characters) as Flink does, serialized into
// memory segments with normalized-key prefixes (NormalizedKeySorter), and as Java-style heap
// objects, std::sort of std::vector<std::pair<int, std::string>>. Each variant runs in its own
// child process so that its peak RSS is its own. Prints figures; the last line is JSON.
//
// Usage: bench_sort [RECORDS]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/sim/binary_sort.hpp"
#include "flinkmem/sim/exercise.hpp"
#include "flinkmem/sim/memory_segment.hpp"

using namespace flinkmem::sim;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double load_s = 0;
    double sort_s = 0;
    long long peak = 0;
    unsigned long long check = 0;  // order-sensitive hash of the sorted output
};

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

Result binary(long long records) {
    Result r;
    // Records take 5 + 17.5 bytes on average plus a 16-byte index entry (38.5 bytes); 40 leave
    // room for the few bytes at the end of each page a record does not fit into.
    const std::size_t page = 32768;
    const std::size_t pages_needed =
        static_cast<std::size_t>(records * 40 / static_cast<long long>(page) + 16);
    auto t = Clock::now();
    std::vector<MemorySegment> pages = MemorySegment::allocate(pages_needed, page);
    NormalizedKeySorter sorter(pages, page);
    RecordGenerator generator(42);
    char text[32];
    for (long long i = 0; i < records; ++i) {
        std::uint8_t length = 0;
        const std::int32_t key = generator.next(text, length);
        if (!sorter.add(key, text, length)) {
            std::fprintf(stderr, "bench_sort: pages full\n");
            std::exit(1);
        }
    }
    r.load_s = since(t);
    t = Clock::now();
    sorter.sort();
    r.sort_s = since(t);
    for (std::size_t i = 0; i < sorter.size(); ++i) {
        std::int32_t key = 0;
        const char* s = nullptr;
        std::uint8_t length = 0;
        sorter.record(i, key, s, length);
        r.check = r.check * 31 + record_hash(key, s, length);
    }
    r.peak = peak_rss_bytes();
    return r;
}

Result objects(long long records) {
    Result r;
    auto t = Clock::now();
    std::vector<std::pair<int, std::string>> data;
    data.reserve(static_cast<std::size_t>(records));
    RecordGenerator generator(42);
    char text[32];
    for (long long i = 0; i < records; ++i) {
        std::uint8_t length = 0;
        const std::int32_t key = generator.next(text, length);
        data.emplace_back(key, std::string(text, length));
    }
    r.load_s = since(t);
    t = Clock::now();
    std::sort(data.begin(), data.end());
    r.sort_s = since(t);
    for (const auto& [key, s] : data) {
        r.check = r.check * 31 + record_hash(key, s.data(), static_cast<std::uint8_t>(s.size()));
    }
    r.peak = peak_rss_bytes();
    return r;
}

// Runs `f` in a child and reads its Result back through a pipe.
template <typename F>
Result in_child(F f) {
    int fds[2];
    if (::pipe(fds) != 0) std::exit(1);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        const Result r = f();
        if (::write(fds[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) ::_exit(1);
        ::_exit(0);
    }
    ::close(fds[1]);
    Result r;
    if (::read(fds[0], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) {
        std::fprintf(stderr, "bench_sort: child failed\n");
        std::exit(1);
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return r;
}

// The median of each field over runs (load, sort and peak separately).
Result median_of(std::vector<Result> runs) {
    const auto pick = [&](auto member) {
        std::sort(runs.begin(), runs.end(),
                  [&](const Result& a, const Result& b) { return a.*member < b.*member; });
        return runs[runs.size() / 2].*member;
    };
    Result r = runs.front();
    r.load_s = pick(&Result::load_s);
    r.sort_s = pick(&Result::sort_s);
    r.peak = pick(&Result::peak);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    const long long records = argc > 1 ? std::atoll(argv[1]) : 10000000;
    const int runs = std::max(1, argc > 2 ? std::atoi(argv[2]) : 3);
    std::vector<Result> binaries, objects_runs;
    for (int i = 0; i < runs; ++i) {  // interleaved, each run in its own child
        binaries.push_back(in_child([&] { return binary(records); }));
        objects_runs.push_back(in_child([&] { return objects(records); }));
    }
    const Result b = median_of(binaries);
    const Result o = median_of(objects_runs);
    if (b.check != o.check) {
        std::fprintf(stderr, "bench_sort: the two sorts disagree\n");
        return 1;
    }
    const double binary_s = b.load_s + b.sort_s;
    const double objects_s = o.load_s + o.sort_s;
    fmt::print("records: {}, median of {} runs each\n", records, runs);
    fmt::print(
        "binary (NormalizedKeySorter in 32 KiB pages): load {:.3f} s, sort {:.3f} s, peak RSS {:.1f} MiB\n",
        b.load_s, b.sort_s, static_cast<double>(b.peak) / (1 << 20));
    fmt::print(
        "objects (std::sort of pair<int, string>):     load {:.3f} s, sort {:.3f} s, peak RSS {:.1f} MiB\n",
        o.load_s, o.sort_s, static_cast<double>(o.peak) / (1 << 20));
    fmt::print("speedup {:.2f}x (sort phase {:.2f}x), memory {:.2f}x\n", objects_s / binary_s,
               o.sort_s / b.sort_s, static_cast<double>(b.peak) / static_cast<double>(o.peak));
    fmt::print(
        "{{\"records\": {}, \"runs\": {}, \"binary_load_s\": {:.3f}, \"binary_sort_s\": {:.3f}, "
        "\"objects_load_s\": {:.3f}, "
        "\"objects_sort_s\": {:.3f}, \"speedup\": {:.2f}, \"binary_peak_bytes\": {}, \"objects_peak_bytes\": "
        "{}}}\n",
        records, runs, b.load_s, b.sort_s, o.load_s, o.sort_s, objects_s / binary_s, b.peak, o.peak);
    return 0;
}
