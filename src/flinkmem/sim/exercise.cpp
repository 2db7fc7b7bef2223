#include "flinkmem/sim/exercise.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <queue>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/binary_sort.hpp"
#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/memory_manager.hpp"
#include "flinkmem/sim/memory_segment.hpp"
#include "flinkmem/sim/network_rules.hpp"

namespace flinkmem::sim {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};

constexpr ErrorClass kSpillError = ErrorClass::SpillDirectoryException;
constexpr std::int64_t kSortBufferCap = 32LL << 20;    // managed bytes one slot's sort uses
constexpr std::int64_t kSortBytesTotal = 256LL << 20;  // ... and all slots together, so that a
                                                       // TaskManager with many slots stays quick
// Records the exchange moves over all its channels (about 22 bytes each), and the most channels
// it runs; more channels get fewer records each, at least one (the scale is stated).
constexpr std::int64_t kShuffleBytes = 16LL << 20;
constexpr std::int64_t kAverageRecordBytes = 22;
constexpr std::size_t kMaxExchangeChannels = std::size_t{1} << 16;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void check_interrupt() {
    if (g_interrupted.load(std::memory_order_relaxed)) {
        throw Error(ErrorClass::InterruptedException,
                    "the simulation was interrupted; spill files were removed");
    }
}

std::int64_t read_number_file(const char* path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return -1;
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        return -1;
    }
}

std::int64_t proc_kib(const char* path, const char* field) {
    std::ifstream in(path);
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) == 0) {
            try {
                return std::stoll(line.substr(prefix.size())) * 1024;
            } catch (const std::exception&) {
                return -1;
            }
        }
    }
    return -1;
}

// ---- spill files ----------------------------------------------------------------------------

class SpillFile {
public:
    SpillFile(const std::string& dir, std::int64_t& spilled) : spilled_(spilled) {
        std::string pattern = (std::filesystem::path(dir) / "flinkmem-spill-XXXXXX").string();
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        fd_ = ::mkstemp(name.data());
        if (fd_ < 0) {
            throw Error(kSpillError,
                        fmt::format("cannot create a spill file in {}: {}", dir, std::strerror(errno)));
        }
        path_ = name.data();
    }
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;
    ~SpillFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    void write(const std::byte* data, std::size_t size) {
        while (size > 0) {
            const ssize_t n = ::write(fd_, data, size);
            if (n < 0) {
                if (errno == EINTR) continue;
                const int error = errno;
                throw Error(kSpillError,
                            fmt::format("cannot write spill file {}: {}{}", path_, std::strerror(error),
                                        error == ENOSPC ? " (the spill directory is full)" : ""));
            }
            data += n;
            size -= static_cast<std::size_t>(n);
            spilled_ += n;
        }
    }
    void rewind() {
        if (::lseek(fd_, 0, SEEK_SET) < 0) throw Error(kSpillError, fmt::format("cannot seek {}", path_));
    }
    std::size_t read(std::byte* data, std::size_t size) {
        for (;;) {
            const ssize_t n = ::read(fd_, data, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR)
                throw Error(kSpillError,
                            fmt::format("cannot read spill file {}: {}", path_, std::strerror(errno)));
        }
    }

private:
    int fd_ = -1;
    std::string path_;
    std::int64_t& spilled_;
};

void check_spill_dir(const std::string& dir) {
    std::error_code error;
    const auto status = std::filesystem::status(dir, error);
    if (error || !std::filesystem::exists(status)) {
        throw Error(kSpillError, fmt::format("spill directory {} does not exist", dir));
    }
    if (!std::filesystem::is_directory(status)) {
        throw Error(kSpillError, fmt::format("spill directory {} is not a directory", dir));
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        throw Error(kSpillError,
                    fmt::format("spill directory {} is not writable: {}", dir, std::strerror(errno)));
    }
}

// Reader of one sorted run in a spill file, buffered in one managed page (a merge's read buffer).
class RunReader {
public:
    RunReader(SpillFile& file, MemorySegment& page) : file_(file), buffer_(page.bytes()) { file_.rewind(); }
    bool next(std::int32_t& key, std::string& text) {
        std::byte header[5];
        if (!take(header, 5)) return false;
        std::memcpy(&key, header, 4);
        const auto length = static_cast<std::size_t>(header[4]);
        text.resize(length);
        if (!take(reinterpret_cast<std::byte*>(text.data()), length)) {
            throw Error(kSpillError, "a spill file ended inside a record");
        }
        return true;
    }

private:
    bool take(std::byte* out, std::size_t size) {
        while (size > 0) {
            if (position_ == filled_) {
                filled_ = file_.read(buffer_.data(), buffer_.size());
                position_ = 0;
                if (filled_ == 0) return false;
            }
            const std::size_t n = std::min(size, filled_ - position_);
            std::memcpy(out, buffer_.data() + position_, n);
            position_ += n;
            out += n;
            size -= n;
        }
        return true;
    }
    SpillFile& file_;
    std::span<std::byte> buffer_;
    std::size_t position_ = 0;
    std::size_t filled_ = 0;
};

// Writes records into a spill file through one managed page (the sort's write buffer).
class RunWriter {
public:
    RunWriter(SpillFile& file, MemorySegment& page) : file_(file), buffer_(page.bytes()) {}
    void add(std::int32_t key, const char* text, std::uint8_t length) {
        if (used_ + 5 + length > buffer_.size()) flush();
        std::memcpy(buffer_.data() + used_, &key, 4);
        buffer_[used_ + 4] = static_cast<std::byte>(length);
        std::memcpy(buffer_.data() + used_ + 5, text, length);
        used_ += 5 + std::size_t{length};
    }
    void flush() {
        file_.write(buffer_.data(), used_);
        used_ = 0;
    }

private:
    SpillFile& file_;
    std::span<std::byte> buffer_;
    std::size_t used_ = 0;
};

struct SortResult {
    std::int64_t records = 0, bytes = 0, runs = 0, spilled = 0, merge_passes = 0;
    bool verified = false;
};

// Merges sorted runs, each read through its own managed page, calling emit(key, text, length) for
// every record in order.
template <typename Emit>
void merge_runs(std::vector<std::unique_ptr<SpillFile>>& runs, std::vector<MemorySegment>& read_pages,
                Emit emit) {
    struct Head {
        std::int32_t key;
        std::string text;
        std::size_t source;
    };
    auto greater = [](const Head& a, const Head& b) {
        return compare_records(a.key, a.text.data(), static_cast<std::uint8_t>(a.text.size()), b.key,
                               b.text.data(), static_cast<std::uint8_t>(b.text.size())) > 0;
    };
    std::priority_queue<Head, std::vector<Head>, decltype(greater)> heap(greater);
    std::vector<std::unique_ptr<RunReader>> readers;
    readers.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i)
        readers.push_back(std::make_unique<RunReader>(*runs[i], read_pages[i]));
    for (std::size_t r = 0; r < readers.size(); ++r) {
        Head head{0, {}, r};
        if (readers[r]->next(head.key, head.text)) heap.push(std::move(head));
    }
    while (!heap.empty()) {
        Head head = heap.top();
        heap.pop();
        emit(head.key, head.text.data(), static_cast<std::uint8_t>(head.text.size()));
        Head next{0, {}, head.source};
        if (readers[head.source]->next(next.key, next.text)) heap.push(std::move(next));
    }
}

// Merges whole spilled runs into one new run (an intermediate merge pass), each input read
// through its own managed page, the output written through the write page.
std::unique_ptr<SpillFile> merge_into_run(std::vector<std::unique_ptr<SpillFile>>& inputs,
                                          std::vector<MemorySegment>& read_pages, MemorySegment& write_page,
                                          const std::string& spill_dir, std::int64_t& spilled) {
    auto output = std::make_unique<SpillFile>(spill_dir, spilled);
    RunWriter writer(*output, write_page);
    merge_runs(inputs, read_pages, [&](std::int32_t key, const char* text, std::uint8_t length) {
        writer.add(key, text, length);
    });
    writer.flush();
    check_interrupt();
    return output;
}

// Flink's sorter in small (UnilateralSortMerger / ExternalSorter): the slot's managed pages hold
// the sort buffer and one write buffer. A full sort buffer is sorted and spilled through the write
// page; when the input ends after spills, the last buffer is spilled too, and the sort buffer's
// pages become the merge's read buffers, one page per run. With more runs than the fan-in
// (taskmanager.runtime.max-fan, or the read pages there are), groups of runs are first merged into
// new runs (merge passes). Needs 3 pages: an index page, a record page and the write page.
SortResult sort_in_slot(std::vector<MemorySegment>& pages, std::size_t page_size,
                        const std::string& spill_dir, std::uint64_t seed, const ExerciseOptions& options) {
    SortResult result;
    if (pages.size() < 3)
        throw Error(ErrorClass::MemoryAllocationException, "a sort needs at least 3 managed pages");
    MemorySegment write_page = std::move(pages.back());
    pages.pop_back();
    // Records for about sort_volume (1.5) times the sort buffer, so that at least one run spills.
    const std::int64_t capacity = static_cast<std::int64_t>(pages.size() * page_size);
    const std::int64_t target_records = std::max<std::int64_t>(
        1000, static_cast<std::int64_t>(static_cast<double>(capacity) * options.sort_volume / 39));
    std::uint64_t checksum_in = 0;
    std::uint64_t checksum_out = 0;
    std::int64_t count = 0;
    bool ordered = true;
    std::int32_t last_key = 0;
    std::string last_text;
    auto emit = [&](std::int32_t key, const char* text, std::uint8_t length) {
        if (count > 0 &&
            compare_records(last_key, last_text.data(), static_cast<std::uint8_t>(last_text.size()), key,
                            text, length) > 0) {
            ordered = false;
        }
        checksum_out += record_hash(key, text, length);
        ++count;
        last_key = key;
        last_text.assign(text, length);
        if ((count & 0xffff) == 0) check_interrupt();
    };
    std::vector<std::unique_ptr<SpillFile>> runs;
    {
        NormalizedKeySorter sorter(pages, page_size);
        RecordGenerator generator(seed);
        auto spill = [&] {
            sorter.sort();
            auto file = std::make_unique<SpillFile>(spill_dir, result.spilled);
            RunWriter writer(*file, write_page);
            for (std::size_t i = 0; i < sorter.size(); ++i) {
                std::int32_t key = 0;
                const char* text = nullptr;
                std::uint8_t length = 0;
                sorter.record(i, key, text, length);
                writer.add(key, text, length);
            }
            writer.flush();
            runs.push_back(std::move(file));
            sorter.reset();
            check_interrupt();
        };
        char text[32];
        for (std::int64_t n = 0; n < target_records; ++n) {
            std::uint8_t length = 0;
            const std::int32_t key = generator.next(text, length);
            checksum_in += record_hash(key, text, length);
            result.bytes += 5 + length;
            if (!sorter.add(key, text, length)) {
                if (sorter.size() == 0)
                    throw Error(ErrorClass::MemoryAllocationException,
                                "a sort needs at least 3 managed pages");
                spill();
                if (!sorter.add(key, text, length))
                    throw Error(ErrorClass::MemoryAllocationException, "a record does not fit a page");
            }
            if ((n & 0xffff) == 0) check_interrupt();
        }
        if (runs.empty()) {
            // Everything fit the sort buffer: read it in order, nothing spills.
            sorter.sort();
            result.runs = 1;
            for (std::size_t i = 0; i < sorter.size(); ++i) {
                std::int32_t key = 0;
                const char* text_at = nullptr;
                std::uint8_t length = 0;
                sorter.record(i, key, text_at, length);
                emit(key, text_at, length);
            }
        } else {
            spill();
        }
    }
    if (!runs.empty()) {
        result.runs = static_cast<std::int64_t>(runs.size());
        const std::size_t fan_in = std::max<std::size_t>(
            2, std::min(static_cast<std::size_t>(std::max(2, options.max_fan_in)), pages.size()));
        while (runs.size() > fan_in) {
            std::vector<std::unique_ptr<SpillFile>> inputs;
            for (std::size_t i = 0; i < fan_in; ++i) inputs.push_back(std::move(runs[i]));
            runs.erase(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(fan_in));
            runs.push_back(merge_into_run(inputs, pages, write_page, spill_dir, result.spilled));
            ++result.merge_passes;
        }
        // The final merge, each run read through its page, straight into the verification.
        merge_runs(runs, pages, emit);
    }
    pages.push_back(std::move(write_page));
    result.records = target_records;
    result.verified = ordered && count == target_records && checksum_out == checksum_in;
    return result;
}

// ---- the exchange: the plan's channels of one TaskManager, with credit-based flow control ------
//
// The channels of the busiest TaskManager and wave as the plan places them (planner's
// exchange_of). A local channel is Flink's LocalInputChannel: the consumer takes the producer's
// buffer out of its subpartition and recycles it to the producer's pool after reading; it has no
// receiver buffers and no credit. A remote channel is RemoteInputChannel with
// CreditBasedSequenceNumberingViewReader: the receiver first announces its exclusive buffers as
// credit; the sender transmits a buffer only against credit and announces with it the backlog
// queued behind it; the receiver answers a backlog with floating buffers of its gate pool (further
// credit), and after consuming a buffer announces it again (exclusive) or returns it to the gate
// (floating, once the backlog is served). A sender without credit announces its backlog without a
// buffer (BacklogAnnouncement). An end that does not run on this TaskManager in this wave is a
// peer: a peer producer's buffers are its own (not this TaskManager's), a remote peer receiver
// announces its gate's exclusive buffers as credit (one floating buffer per backlog announcement
// when it has none) and reads what it receives at once.
//
// It runs as cooperative rounds on one thread: every round each producer writes a few records,
// each sender transmits what its credit allows and each consumer reads at most one buffer per
// channel. A producer without a buffer or a sender without credit waits (back-pressure, counted);
// a round in which nothing moves at all is a stall, reported as a failure, never a hang.

// Records of one channel: a small generator (splitmix64), since there can be tens of thousands.
struct ChannelRecords {
    std::uint64_t state;
    std::int32_t next(char* text, std::uint8_t& length) {
        const std::uint64_t a = mix();
        const std::uint64_t b = mix();
        length = static_cast<std::uint8_t>(5 + a % 26);
        for (std::uint8_t i = 0; i < length; ++i) text[i] = static_cast<char>('a' + (b >> (i % 13 * 4)) % 26);
        return static_cast<std::int32_t>(a >> 32);
    }
    std::uint64_t mix() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

struct ExchangeRun {
    NetworkBufferPool* pool = nullptr;
    SegmentArena* arena = nullptr;
    std::size_t segment_size = 0;
    ExerciseFault fault = ExerciseFault::None;
    std::vector<PoolId> partition_pools;  // per replayed partition (-1: not replayed)
    std::vector<PoolId> gate_pools;       // per replayed gate
    struct Buffer {
        SegmentIndex segment = -1;    // in this TaskManager's pool
        std::vector<std::byte> peer;  // a peer producer's own buffer
        std::size_t length = 0;
        std::int32_t backlog = 0;  // announced with it
        const std::byte* data(SegmentArena& segments) const {
            return segment >= 0 ? segments.segment(static_cast<std::size_t>(segment)).data() : peer.data();
        }
    };
    struct Channel {
        ExchangeChannel plan;
        std::int64_t remaining = 0;  // records still to produce
        ChannelRecords records{0};
        std::optional<Buffer> current;  // being filled
        std::deque<Buffer> queued;      // the subpartition's finished buffers, not yet sent / taken
        std::deque<Buffer> received;    // remote: in the receiver's buffers, not yet read
        std::vector<SegmentIndex> ready;
        std::int32_t credit = 0;
        std::int32_t backlog = 0;
        std::vector<SegmentIndex> local_taken;  // receiver buffers a local channel took (fault only)
        bool stuck = false;                     // ExerciseFault::StallExchange
    };
    std::vector<Channel> channels;
    std::vector<char> exclusive;  // per segment: an exclusive buffer of some channel
    std::int64_t credits_announced = 0, backlogs_announced = 0, backpressure_waits = 0;
    std::int64_t credit_violations = 0, backlog_announcements = 0;
    std::uint64_t checksum_out = 0, checksum_in = 0;
    std::int64_t records_out = 0, records_in = 0, bytes = 0;
};

void read_records(ExchangeRun& x, const std::byte* data, std::size_t length) {
    std::size_t position = 0;
    while (position < length) {
        std::int32_t key = 0;
        std::memcpy(&key, data + position, 4);
        const auto size = static_cast<std::uint8_t>(data[position + 4]);
        x.checksum_in += record_hash(key, reinterpret_cast<const char*>(data + position + 5), size);
        ++x.records_in;
        position += 5 + std::size_t{size};
    }
    x.bytes += static_cast<std::int64_t>(length);
}

void release_sender_buffer(ExchangeRun& x, const ExchangeRun::Channel& ch, ExchangeRun::Buffer& buffer) {
    if (buffer.segment >= 0) {
        x.pool->recycle(x.partition_pools[static_cast<std::size_t>(ch.plan.partition)], buffer.segment,
                        ch.plan.subpartition);
    }
    buffer.segment = -1;
}

// Writes up to `quota` records of a channel; true when it moved anything.
bool produce_step(ExchangeRun& x, ExchangeRun::Channel& ch, std::int32_t quota) {
    bool moved = false;
    char text[32];
    while (quota-- > 0 && ch.remaining > 0) {
        if (!ch.current) {
            ExchangeRun::Buffer buffer;
            if (ch.plan.partition >= 0) {
                const auto segment = x.pool->request_memory_segment(
                    x.partition_pools[static_cast<std::size_t>(ch.plan.partition)], ch.plan.subpartition);
                if (!segment) {
                    ++x.backpressure_waits;  // the partition's buffers wait for the consumers
                    return moved;
                }
                buffer.segment = *segment;
            } else {
                if (ch.queued.size() >= 2) {
                    ++x.backpressure_waits;  // a peer producer's subpartition holds 2 buffers
                    return moved;
                }
                buffer.peer.resize(x.segment_size);
            }
            ch.current = std::move(buffer);
        }
        std::uint8_t length = 0;
        const std::int32_t key = ch.records.next(text, length);
        if (ch.current->length + 5 + length > x.segment_size) {
            ch.queued.push_back(std::move(*ch.current));
            ch.current.reset();
            ch.records.state -= 2 * 0x9e3779b97f4a7c15ULL;  // the same record again, into a new buffer
            moved = true;
            continue;
        }
        std::byte* out =
            (ch.current->segment >= 0 ? x.arena->segment(static_cast<std::size_t>(ch.current->segment)).data()
                                      : ch.current->peer.data()) +
            ch.current->length;
        std::memcpy(out, &key, 4);
        out[4] = static_cast<std::byte>(length);
        std::memcpy(out + 5, text, length);
        ch.current->length += 5 + std::size_t{length};
        x.checksum_out += record_hash(key, text, length);
        ++x.records_out;
        --ch.remaining;
        moved = true;
    }
    if (ch.remaining == 0 && ch.current) {
        ch.queued.push_back(std::move(*ch.current));
        ch.current.reset();
        moved = true;
    }
    return moved;
}

// The sender side of a remote channel; true when it moved anything.
bool transmit_step(ExchangeRun& x, ExchangeRun::Channel& ch) {
    if (ch.stuck) return false;
    bool moved = false;
    if (ch.plan.local) {
        if (ch.plan.gate >= 0) return false;  // the consumer here takes the buffers itself
        // A consumer on this TaskManager in another wave takes the producer's buffers directly.
        while (!ch.queued.empty()) {
            ExchangeRun::Buffer buffer = std::move(ch.queued.front());
            ch.queued.pop_front();
            read_records(x, buffer.data(*x.arena), buffer.length);
            release_sender_buffer(x, ch, buffer);
            moved = true;
        }
        return moved;
    }
    const bool ignore_credit = x.fault == ExerciseFault::SendWithoutCredit;
    if (ch.plan.gate < 0) {
        // A receiver on another TaskManager: reads at once and announces the buffer again.
        while (!ch.queued.empty() && (ch.credit > 0 || ignore_credit)) {
            ExchangeRun::Buffer buffer = std::move(ch.queued.front());
            ch.queued.pop_front();
            ++x.backlogs_announced;
            if (ch.credit <= 0) {
                ++x.credit_violations;  // under the fault only: nowhere to write, the data is lost
            } else {
                read_records(x, buffer.data(*x.arena), buffer.length);
                ++x.credits_announced;  // consumed and announced again
            }
            release_sender_buffer(x, ch, buffer);
            moved = true;
        }
        if (!ch.queued.empty() && ch.credit <= 0) {
            ++x.backlog_announcements;  // the peer answers with one floating buffer
            ++ch.credit;
            ++x.credits_announced;
            moved = true;
        }
        return moved;
    }
    while (!ch.queued.empty() && (ch.credit > 0 || ignore_credit)) {
        ExchangeRun::Buffer buffer = std::move(ch.queued.front());
        ch.queued.pop_front();
        ++x.backlogs_announced;
        moved = true;
        if (ch.credit <= 0 || ch.ready.empty()) {
            ++x.credit_violations;  // under the fault only
            release_sender_buffer(x, ch, buffer);
            continue;
        }
        const SegmentIndex target = ch.ready.back();
        ch.ready.pop_back();
        --ch.credit;
        std::memcpy(x.arena->segment(static_cast<std::size_t>(target)).data(), buffer.data(*x.arena),
                    buffer.length);
        ExchangeRun::Buffer arrived;
        arrived.segment = target;
        arrived.length = buffer.length;
        arrived.backlog = static_cast<std::int32_t>(ch.queued.size());
        ch.received.push_back(std::move(arrived));
        release_sender_buffer(x, ch, buffer);
    }
    if (!ch.queued.empty() && ch.credit <= 0 && ch.backlog < static_cast<std::int32_t>(ch.queued.size())) {
        ch.backlog = static_cast<std::int32_t>(ch.queued.size());
        ++x.backlog_announcements;
        moved = true;
    }
    return moved;
}

// Floating buffers of the gate for a channel's announced backlog, as further credit.
void grant_floating(ExchangeRun& x, ExchangeRun::Channel& ch) {
    const PoolId gate = x.gate_pools[static_cast<std::size_t>(ch.plan.gate)];
    while (ch.credit < ch.backlog) {
        const auto floating = x.pool->request_memory_segment(gate);
        if (!floating) break;
        ch.ready.push_back(*floating);
        ++ch.credit;
        ++x.credits_announced;
    }
}

// The consumer side of a channel whose gate is here: reads at most one buffer.
bool consume_step(ExchangeRun& x, ExchangeRun::Channel& ch) {
    if (ch.plan.gate < 0) return false;
    if (ch.plan.local) {
        if (ch.stuck) return false;
        // LocalInputChannel: the producer's buffer itself, recycled to its pool after reading.
        if (ch.queued.empty()) return false;
        ExchangeRun::Buffer buffer = std::move(ch.queued.front());
        ch.queued.pop_front();
        read_records(x, buffer.data(*x.arena), buffer.length);
        if (ch.plan.partition >= 0) release_sender_buffer(x, ch, buffer);
        return true;
    }
    bool moved = false;
    if (ch.remaining == 0 && !ch.current && ch.queued.empty() && ch.received.empty()) {
        // The channel has seen its end of partition: released, its floating buffers go back to
        // the gate (RemoteInputChannel#releaseAllResources).
        for (auto it = ch.ready.begin(); it != ch.ready.end();) {
            if (x.exclusive[static_cast<std::size_t>(*it)] == 0) {
                x.pool->recycle(x.gate_pools[static_cast<std::size_t>(ch.plan.gate)], *it);
                it = ch.ready.erase(it);
                --ch.credit;
                moved = true;
            } else {
                ++it;
            }
        }
        return moved;
    }
    if (ch.received.empty() && ch.credit < ch.backlog) {
        const std::int32_t before = ch.credit;
        grant_floating(x, ch);
        moved = ch.credit > before;
    }
    if (ch.received.empty()) return moved;
    ExchangeRun::Buffer buffer = std::move(ch.received.front());
    ch.received.pop_front();
    ch.backlog = buffer.backlog;
    grant_floating(x, ch);
    read_records(x, buffer.data(*x.arena), buffer.length);
    if (x.exclusive[static_cast<std::size_t>(buffer.segment)] != 0 || ch.credit < ch.backlog) {
        ch.ready.push_back(buffer.segment);
        ++ch.credit;
        ++x.credits_announced;
    } else {
        x.pool->recycle(x.gate_pools[static_cast<std::size_t>(ch.plan.gate)], buffer.segment);
    }
    return true;
}

// Replays `exchange` (already cut to what fits) through `pool`; fills the shuffle report's figures.
void run_exchange(ExchangeRun& x, ShuffleReport& report) {
    const auto start = Clock::now();
    std::int64_t rounds = 0;
    for (;;) {
        if ((++rounds & 0x3f) == 0) check_interrupt();
        bool moved = false;
        bool done = true;
        for (auto& ch : x.channels) moved = produce_step(x, ch, 16) || moved;
        for (auto& ch : x.channels) moved = transmit_step(x, ch) || moved;
        for (auto& ch : x.channels) moved = consume_step(x, ch) || moved;
        for (const auto& ch : x.channels) {
            done = done && ch.remaining == 0 && !ch.current && ch.queued.empty() && ch.received.empty();
        }
        if (done) break;
        if (!moved) {
            report.stalled = true;
            break;
        }
    }
    const double seconds = seconds_since(start);
    report.bytes_per_second = seconds > 0 ? static_cast<double>(x.bytes) / seconds : 0;
}

ShuffleReport replay_exchange(const ExerciseInput& input, const ExerciseOptions& options, SegmentArena& arena,
                              std::int32_t network_segments, double scale) {
    ShuffleReport report;
    if (!input.exchange) {
        report.not_run = "not run, because the plan gives no exchange";
        return report;
    }
    const TaskManagerExchange& plan = *input.exchange;
    report.task_manager = plan.task_manager;
    report.wave = plan.wave;
    report.planned_partitions = static_cast<std::int64_t>(plan.partitions.size());
    report.planned_gates = static_cast<std::int64_t>(plan.gates.size());
    report.planned_channels = static_cast<std::int64_t>(plan.channels.size());
    if (plan.channels.empty()) {
        report.not_run = fmt::format("not run, because TaskManager {} has no channel in wave {}",
                                     plan.task_manager, plan.wave);
        return report;
    }
    std::vector<ExchangeChannel> channels = plan.channels;
    if (options.fault == ExerciseFault::MiscountChannels) {
        // A remote channel taken for a local one: the gates no longer have what the plan counts.
        for (auto& c : channels) {
            if (c.gate >= 0 && !c.local) {
                c.local = true;
                break;
            }
        }
    }
    // What fits the (scaled) segments: partitions and gates are dropped from the end, with their
    // channels, until the required buffers fit.
    std::size_t kept_partitions = plan.partitions.size();
    std::size_t kept_gates = plan.gates.size();
    std::vector<std::int64_t> remote_of_gate(plan.gates.size(), 0);
    for (const auto& c : channels) {
        if (c.gate >= 0 && !c.local) ++remote_of_gate[static_cast<std::size_t>(c.gate)];
    }
    const auto required = [&] {
        std::int64_t total = 0;
        for (std::size_t k = 0; k < kept_partitions; ++k) total += plan.partitions[k].pool.size.min;
        for (std::size_t g = 0; g < kept_gates; ++g) {
            total += std::max(1, plan.gates[g].buffers.floating_pool.min) +
                     remote_of_gate[g] * plan.gates[g].buffers.exclusive_per_remote_channel;
        }
        return total;
    };
    while (required() > network_segments && kept_partitions + kept_gates > 0) {
        if (kept_gates >= kept_partitions && kept_gates > 0) {
            --kept_gates;
        } else {
            --kept_partitions;
        }
    }
    std::erase_if(channels, [&](const ExchangeChannel& c) {
        return (c.gate >= 0 && static_cast<std::size_t>(c.gate) >= kept_gates) ||
               (c.partition >= 0 && static_cast<std::size_t>(c.partition) >= kept_partitions);
    });
    // The channels that remain may only lose ends that were dropped: a channel whose live end was
    // dropped is gone with it, so a peer never stands in for a pool of this TaskManager.
    if (channels.empty()) {
        report.not_run = fmt::format(
            "not run, because {} network segments{} hold none of TaskManager {}'s result partitions and "
            "input gates (wave {}); the first needs {}",
            network_segments, scale < 1.0 ? fmt::format(" (scale {:.3f})", scale) : "", plan.task_manager,
            plan.wave,
            plan.partitions.empty() ? std::max(1, plan.gates.front().buffers.floating_pool.min)
                                    : plan.partitions.front().pool.size.min);
        return report;
    }
    const std::size_t all_after_fit = channels.size();
    if (channels.size() > kMaxExchangeChannels) channels.resize(kMaxExchangeChannels);
    report.partitions = static_cast<std::int64_t>(kept_partitions);
    report.gates = static_cast<std::int64_t>(kept_gates);
    report.records_per_channel = std::max<std::int64_t>(
        1, kShuffleBytes / kAverageRecordBytes / static_cast<std::int64_t>(channels.size()));
    std::vector<std::string> cuts;
    if (kept_partitions < plan.partitions.size() || kept_gates < plan.gates.size()) {
        cuts.push_back(fmt::format(
            "{} of {} result partitions and {} of {} input gates with their channels (the rest do not fit "
            "{} network segments{})",
            kept_partitions, plan.partitions.size(), kept_gates, plan.gates.size(), network_segments,
            scale < 1.0 ? fmt::format(" at scale {:.3f}", scale) : ""));
    }
    if (channels.size() < all_after_fit) {
        cuts.push_back(fmt::format("the first {} of {} channels", channels.size(), all_after_fit));
    }
    report.scaled = cuts.empty() ? std::string() : fmt::format("{}", fmt::join(cuts, "; "));

    NetworkBufferPool pool(network_segments, input.segment_size);
    ExchangeRun x;
    x.pool = &pool;
    x.arena = &arena;
    x.segment_size = static_cast<std::size_t>(input.segment_size);
    x.fault = options.fault;
    x.exclusive.assign(arena.count(), 0);
    for (std::size_t k = 0; k < kept_partitions; ++k) {
        const PartitionPool& spec = plan.partitions[k].pool;
        x.partition_pools.push_back(
            pool.create_buffer_pool(spec.size.min, spec.size.max, spec.num_subpartitions,
                                    spec.max_buffers_per_channel, spec.max_overdraft_buffers_per_gate));
    }
    for (std::size_t g = 0; g < kept_gates; ++g) {
        const GateBuffers& spec = plan.gates[g].buffers;
        const PoolId gate = pool.create_buffer_pool(spec.floating_pool.min, spec.floating_pool.max);
        pool.reserve_segments(gate, 1);
        x.gate_pools.push_back(gate);
    }
    std::int64_t local_here = 0;
    std::int64_t remote_here = 0;
    std::int64_t exclusive_here = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        ExchangeRun::Channel ch;
        ch.plan = channels[i];
        ch.remaining = report.records_per_channel;
        ch.records.state = 0x5eed0000ULL + i;
        if (ch.plan.local) {
            ++report.local_channels;
        } else {
            ++report.remote_channels;
        }
        if (ch.plan.gate >= 0 && ch.plan.local) {
            ++local_here;
            if (options.fault == ExerciseFault::LocalChannelTakesBuffer &&
                report.local_receiver_buffers == 0) {
                ch.local_taken = pool.request_unpooled_segments(1);
            }
            report.local_receiver_buffers += static_cast<std::int64_t>(ch.local_taken.size());
        } else if (ch.plan.gate >= 0) {
            ++remote_here;
            // The receiver's first announcement: its exclusive buffers.
            ch.ready = pool.request_unpooled_segments(
                plan.gates[static_cast<std::size_t>(ch.plan.gate)].buffers.exclusive_per_remote_channel);
            for (SegmentIndex segment : ch.ready) x.exclusive[static_cast<std::size_t>(segment)] = 1;
            ch.credit = static_cast<std::int32_t>(ch.ready.size());
            exclusive_here += ch.credit;
            x.credits_announced += ch.credit;
        } else if (!ch.plan.local) {
            ch.credit = ch.plan.peer_exclusive;  // a peer receiver's exclusive buffers
            x.credits_announced += ch.credit;
        }
        x.channels.push_back(std::move(ch));
    }
    if (options.fault == ExerciseFault::StallExchange) x.channels.front().stuck = true;
    if (options.fault == ExerciseFault::SendWithoutCredit) {
        // The sender does not wait for the receiver's first announcement.
        for (auto& ch : x.channels) {
            if (ch.plan.gate >= 0 && !ch.plan.local) {
                ch.credit = 0;
                break;
            }
        }
    }
    report.exclusive_segments = exclusive_here;
    // The gates here must have the channels the plan counts: local ones without receiver buffers,
    // remote ones with their exclusive buffers (compared when every gate and channel was replayed).
    report.channels_compared = kept_gates == plan.gates.size() && channels.size() == all_after_fit;
    if (kept_gates == plan.gates.size() && channels.size() == all_after_fit &&
        (local_here != plan.planned_local_channels || remote_here != plan.planned_remote_channels ||
         exclusive_here != plan.planned_exclusive)) {
        report.channel_mismatch = fmt::format(
            "TaskManager {} (wave {}): the gates have {} local and {} remote channels with {} exclusive "
            "buffers where the plan counts {}, {} and {}",
            plan.task_manager, plan.wave, local_here, remote_here, exclusive_here,
            plan.planned_local_channels, plan.planned_remote_channels, plan.planned_exclusive);
    }
    run_exchange(x, report);
    report.records = x.records_in;
    report.bytes = x.bytes;
    report.credits_announced = x.credits_announced;
    report.backlogs_announced = x.backlogs_announced;
    report.backpressure_waits = x.backpressure_waits;
    report.credit_violations = x.credit_violations;
    report.backlog_announcements = x.backlog_announcements;
    if (options.fault == ExerciseFault::DropShuffledRecord) --x.records_in;
    const std::int64_t expected = report.records_per_channel * static_cast<std::int64_t>(channels.size());
    report.verified = !report.stalled && x.records_in == x.records_out && x.records_out == expected &&
                      x.checksum_in == x.checksum_out && x.credit_violations == 0 &&
                      report.local_receiver_buffers == 0 && report.channel_mismatch.empty();
    return report;
}

PoolReplayReport replay_pools(const ExerciseInput& input, ExerciseFault fault) {
    PoolReplayReport report;
    if (input.task_manager_requests.empty()) {
        report.not_run = "not run, because the plan makes no network requests";
        return report;
    }
    for (const TaskManagerRequests& tm : input.task_manager_requests) {
        check_interrupt();
        const RequestWalk walk = walk_requests(tm.requests, input.total_buffers, input.segment_size);
        NetworkBufferPool pool(input.total_buffers, input.segment_size);
        std::optional<std::string> failed;
        try {
            for (const NetworkRequest& r : tm.requests) {
                switch (r.kind) {
                    case NetworkRequest::Kind::PartitionPool:
                        pool.create_buffer_pool(r.required, r.max, r.num_subpartitions,
                                                r.max_buffers_per_channel, r.max_overdraft);
                        ++report.pools;
                        break;
                    case NetworkRequest::Kind::GatePool:
                        pool.create_buffer_pool(r.required, r.max);
                        ++report.pools;
                        break;
                    case NetworkRequest::Kind::Exclusive:
                        // One requestUnpooledMemorySegments per remote channel.
                        for (std::int32_t c = 0; c < r.max; ++c) {
                            report.exclusive_segments +=
                                static_cast<std::int64_t>(pool.request_unpooled_segments(r.required).size());
                        }
                        break;
                }
            }
        } catch (const Error& e) {
            failed = e.message();
        }
        std::int64_t required = pool.num_total_required_buffers();
        if (fault == ExerciseFault::MiscountNetworkPool && report.task_managers == 0) --required;
        ++report.task_managers;
        const bool same = failed.has_value() == walk.failure.has_value() &&
                          (failed ? *failed == walk.failure->message() : required == walk.required);
        if (same) continue;
        if (report.mismatches++ > 0) continue;
        report.first_mismatch =
            failed ? fmt::format("TaskManager {} (wave {}): the pool failed with \"{}\" where the plan {}",
                                 tm.task_manager, tm.wave, *failed,
                                 walk.failure ? "fails with \"" + walk.failure->message() + "\"" : "fits")
                   : fmt::format(
                         "TaskManager {} (wave {}): the pool requires {} buffers where the plan counts {}{}",
                         tm.task_manager, tm.wave, required, walk.required, walk.failure ? " and fails" : "");
    }
    report.verified = report.mismatches == 0;
    return report;
}

}  // namespace

void request_interrupt() {
    g_interrupted.store(true);
}

bool ExerciseReport::passed() const {
    return failure().empty();
}

std::string ExerciseReport::failure() const {
    if (!read_back_verified) {
        return fmt::format("{} words of managed pages or network segments did not read back what was written",
                           read_back_mismatches);
    }
    if (pools.not_run.empty() && !pools.verified)
        return "the network pools did not replay as planned: " + pools.first_mismatch;
    if (sort.not_run.empty() && !sort.verified)
        return "the sort's output was not the sorted input (count or checksum)";
    if (shuffle.not_run.empty() && !shuffle.verified) {
        if (shuffle.stalled) {
            return fmt::format(
                "the exchange of TaskManager {} (wave {}) stalled: a round moved no buffer with records "
                "still to move",
                shuffle.task_manager, shuffle.wave);
        }
        if (!shuffle.channel_mismatch.empty())
            return "the exchange's channels differ from the plan: " + shuffle.channel_mismatch;
        if (shuffle.local_receiver_buffers > 0) {
            return fmt::format("local channels took {} receiver buffer(s); a LocalInputChannel takes none",
                               shuffle.local_receiver_buffers);
        }
        if (shuffle.credit_violations > 0) {
            return fmt::format("the shuffle sent {} buffer(s) without credit", shuffle.credit_violations);
        }
        return "the shuffle did not deliver every record exactly once (count or checksum)";
    }
    return {};
}

std::int64_t available_memory_bytes() {
    std::int64_t available = proc_kib("/proc/meminfo", "MemAvailable");
    const std::int64_t limit = read_number_file("/sys/fs/cgroup/memory.max");
    if (limit > 0) {
        const std::int64_t current =
            std::max<std::int64_t>(0, read_number_file("/sys/fs/cgroup/memory.current"));
        const std::int64_t left = std::max<std::int64_t>(0, limit - current);
        available = available < 0 ? left : std::min(available, left);
    }
    return available < 0 ? std::int64_t{1} << 30 : available;
}

std::int64_t peak_rss_bytes() {
    return std::max<std::int64_t>(0, proc_kib("/proc/self/status", "VmHWM"));
}

ExerciseReport exercise(const ExerciseInput& input, const ExerciseOptions& options) {
    ExerciseReport report;
    const std::string spill_dir =
        options.spill_dir.empty() ? std::filesystem::temp_directory_path().string() : options.spill_dir;
    check_spill_dir(spill_dir);
    check_interrupt();

    const auto page_size = static_cast<std::size_t>(input.segment_size);
    const std::int64_t managed_pages_per_slot = input.managed_per_slot_bytes / input.segment_size;
    const std::int64_t full_bytes = managed_pages_per_slot * input.slots * input.segment_size +
                                    std::int64_t{input.network_segments} * input.segment_size;
    report.budget_bytes = options.memory_budget.value_or(
        std::min(kDefaultMemoryBudget, std::max<std::int64_t>(0, available_memory_bytes() / 4)));
    report.scale = full_bytes <= report.budget_bytes || full_bytes == 0
                       ? 1.0
                       : static_cast<double>(report.budget_bytes) / static_cast<double>(full_bytes);
    const auto pages_per_slot =
        static_cast<std::int64_t>(static_cast<double>(managed_pages_per_slot) * report.scale);
    const auto network_segments =
        static_cast<std::int32_t>(static_cast<double>(input.network_segments) * report.scale);

    // Allocate and touch every page: one MemoryManager per slot, as the TaskManager has.
    const auto start = Clock::now();
    std::vector<MemoryManager> slots;
    std::vector<std::vector<MemorySegment>> pages(static_cast<std::size_t>(input.slots));
    for (std::int32_t s = 0; s < input.slots; ++s) {
        slots.emplace_back(input.managed_per_slot_bytes, input.segment_size);
        pages[static_cast<std::size_t>(s)] =
            slots.back().allocate_pages(fmt::format("slot-{}", s), static_cast<std::int32_t>(pages_per_slot));
        for (auto& page : pages[static_cast<std::size_t>(s)]) std::memset(page.data(), 0x5a, page.size());
        check_interrupt();
    }
    SegmentArena arena(static_cast<std::size_t>(network_segments), page_size);
    if (arena.bytes() > 0) std::memset(arena.segment(0).data(), 0x5a, arena.bytes());
    const double allocation_seconds = seconds_since(start);
    report.managed_pages = pages_per_slot * input.slots;
    report.network_segments = network_segments;
    report.bytes_allocated =
        report.managed_pages * input.segment_size + static_cast<std::int64_t>(arena.bytes());
    report.bytes_touched = report.bytes_allocated;
    report.allocation_bytes_per_second =
        allocation_seconds > 0 ? static_cast<double>(report.bytes_allocated) / allocation_seconds : 0;

    // memset over the same bytes, and a read-back of the pattern.
    const auto memset_start = Clock::now();
    for (auto& slot_pages : pages) {
        for (auto& page : slot_pages) std::memset(page.data(), 0xa5, page.size());
    }
    if (arena.bytes() > 0) std::memset(arena.segment(0).data(), 0xa5, arena.bytes());
    const double memset_seconds = seconds_since(memset_start);
    report.memset_bytes_per_second =
        memset_seconds > 0 ? static_cast<double>(report.bytes_allocated) / memset_seconds : 0;
    // Read back every byte of every page and segment (8 bytes at a time).
    if (options.fault == ExerciseFault::CorruptManagedPage && !pages.empty() && !pages.front().empty()) {
        pages.front().front().data()[page_size / 2] = std::byte{0};
    }
    if (options.fault == ExerciseFault::CorruptNetworkSegment && arena.bytes() > 0) {
        arena.segment(arena.bytes() / page_size - 1).data()[1] = std::byte{0};
    }
    std::int64_t mismatches = 0;
    const auto count_mismatches = [](const std::byte* data, std::size_t size) {
        std::uint64_t expected = 0;
        std::memset(&expected, 0xa5, sizeof expected);
        std::int64_t wrong = 0;
        for (std::size_t i = 0; i + sizeof expected <= size; i += sizeof expected) {
            std::uint64_t word = 0;
            std::memcpy(&word, data + i, sizeof word);
            wrong += word != expected;
        }
        return wrong;
    };
    for (auto& slot_pages : pages) {
        for (auto& page : slot_pages) mismatches += count_mismatches(page.data(), page.size());
    }
    if (arena.bytes() > 0) mismatches += count_mismatches(arena.segment(0).data(), arena.bytes());
    report.read_back_mismatches = mismatches;
    report.read_back_verified = mismatches == 0;

    report.pools = replay_pools(input, options.fault);

    // Sort in every slot (threads), each in at most kSortBufferCap bytes of its pages and all
    // together in kSortBytesTotal (at least three pages each, so that every sort can spill).
    const std::int64_t sort_bytes_per_slot =
        std::max<std::int64_t>(3 * static_cast<std::int64_t>(input.segment_size),
                               std::min(kSortBufferCap, kSortBytesTotal / input.slots));
    const std::int32_t threads = std::max(
        1,
        std::min<std::int32_t>(options.max_threads > 0 ? options.max_threads : 4,
                               static_cast<std::int32_t>(std::max(1u, std::thread::hardware_concurrency()))));
    std::vector<SortResult> sorts(static_cast<std::size_t>(input.slots));
    std::atomic<std::int32_t> next_slot{0};
    std::mutex error_mutex;
    std::optional<Error> failure;
    const auto sort_start = Clock::now();
    auto sort_worker = [&] {
        for (;;) {
            const std::int32_t s = next_slot++;
            if (s >= input.slots) return;
            try {
                auto& slot_pages = pages[static_cast<std::size_t>(s)];
                const std::size_t use = std::min<std::size_t>(
                    slot_pages.size(), static_cast<std::size_t>(sort_bytes_per_slot) / page_size);
                std::vector<MemorySegment> sort_pages;
                for (std::size_t i = 0; i < use; ++i) sort_pages.push_back(std::move(slot_pages[i]));
                if (sort_pages.size() >= 3) {
                    sorts[static_cast<std::size_t>(s)] = sort_in_slot(
                        sort_pages, page_size, spill_dir, 1000 + static_cast<std::uint64_t>(s), options);
                }
                for (std::size_t i = 0; i < sort_pages.size(); ++i) slot_pages[i] = std::move(sort_pages[i]);
            } catch (const Error& e) {
                std::lock_guard lock(error_mutex);
                if (!failure) failure = e;
                return;
            }
        }
    };
    {
        std::vector<std::thread> workers;
        workers.reserve(static_cast<std::size_t>(threads));
        for (std::int32_t t = 0; t < threads; ++t) workers.emplace_back(sort_worker);
        for (auto& w : workers) w.join();
    }
    if (failure) throw *failure;
    const double sort_seconds = seconds_since(sort_start);
    report.sort.verified = true;
    if (pages_per_slot < 3) {
        report.sort.verified = false;
        report.sort.not_run = fmt::format(
            "not run, because a slot has {} managed page(s) of {} bytes{} and a sort "
            "needs at least 3 (an index page, a record page and a write buffer)",
            pages_per_slot, input.segment_size,
            report.scale < 1.0 ? fmt::format(" at scale {:.3f}", report.scale) : "");
    }
    if (options.fault == ExerciseFault::DropSortedRecord && !sorts.empty()) sorts.front().verified = false;
    for (const SortResult& r : sorts) {
        report.sort.records += r.records;
        report.sort.bytes += r.bytes;
        report.sort.runs += r.runs;
        report.sort.spilled_bytes += r.spilled;
        report.sort.merge_passes += r.merge_passes;
        report.sort.verified = report.sort.verified && r.verified;
    }
    report.sort.records_per_second =
        sort_seconds > 0 ? static_cast<double>(report.sort.records) / sort_seconds : 0;

    // Move records through the busiest TaskManager's exchange as the plan places it: its result
    // partitions and input gates with the planner's pool sizes, local and remote channels.
    report.shuffle = replay_exchange(input, options, arena, network_segments, report.scale);
    report.peak_rss_bytes = peak_rss_bytes();
    for (std::int32_t s = 0; s < input.slots; ++s) {
        slots[static_cast<std::size_t>(s)].release(fmt::format("slot-{}", s),
                                                   pages[static_cast<std::size_t>(s)]);
    }
    return report;
}

}  // namespace flinkmem::sim
