#include "flinkmem/sim/exercise.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
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
constexpr std::int64_t kShuffleBytesPerProducer = 8LL << 20;

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

// Merges whole spilled runs into one new run (an intermediate merge pass), each input read
// through its own managed page, the output written through the write page.
std::unique_ptr<SpillFile> merge_into_run(std::vector<std::unique_ptr<SpillFile>>& inputs,
                                          std::vector<MemorySegment>& read_pages, MemorySegment& write_page,
                                          const std::string& spill_dir, std::int64_t& spilled) {
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
    readers.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i)
        readers.push_back(std::make_unique<RunReader>(*inputs[i], read_pages[i]));
    for (std::size_t s = 0; s < readers.size(); ++s) {
        Head head{0, {}, s};
        if (readers[s]->next(head.key, head.text)) heap.push(std::move(head));
    }
    auto output = std::make_unique<SpillFile>(spill_dir, spilled);
    RunWriter writer(*output, write_page);
    while (!heap.empty()) {
        Head head = heap.top();
        heap.pop();
        writer.add(head.key, head.text.data(), static_cast<std::uint8_t>(head.text.size()));
        Head next{0, {}, head.source};
        if (readers[head.source]->next(next.key, next.text)) heap.push(std::move(next));
    }
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
            readers.push_back(std::make_unique<RunReader>(*runs[i], pages[i]));
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
    pages.push_back(std::move(write_page));
    result.records = target_records;
    result.verified = ordered && count == target_records && checksum_out == checksum_in;
    return result;
}

// ---- shuffle with credit-based flow control -------------------------------------------------------
//
// As Flink's credit-based protocol (RemoteInputChannel, CreditBasedSequenceNumberingViewReader):
// a receiver announces credit for the buffers it has ready for a channel (its exclusive buffers at
// first, floating buffers of the gate when the sender announces a backlog); a sender sends a
// buffer only against announced credit and announces with it how many buffers are still queued
// behind it (the backlog). A sender without credit waits: back-pressure, counted, never a hang
// (every wait re-checks cancellation and interruption).

struct Shuffle {
    std::mutex mutex;
    std::condition_variable changed;
    NetworkBufferPool* pool = nullptr;
    SegmentArena* arena = nullptr;
    std::int32_t producers = 0, consumers = 0;
    std::vector<PoolId> gate_pools;
    std::vector<PoolId> partition_pools;
    struct Sent {
        SegmentIndex segment;
        std::size_t length;
        std::int32_t backlog;  // announced by the sender with this buffer
    };
    struct Channel {
        std::vector<SegmentIndex> ready;  // receiver buffers announced as credit, not yet used
        std::int32_t credit = 0;          // credit the sender has been told of and not used
        std::deque<Sent> received;        // buffers in flight / waiting to be consumed
        std::deque<std::pair<SegmentIndex, std::size_t>> queued;  // sender side: filled, not sent
        std::int32_t backlog = 0;                                 // the last backlog the sender announced
        bool finished = false;                                    // the sender sent its end of partition
    };
    std::vector<Channel> channels;  // producer * consumers + consumer
    std::vector<char> exclusive;    // per arena segment: an exclusive buffer of some channel
    std::int64_t credits_announced = 0;
    std::int64_t backlogs_announced = 0;
    std::int64_t backpressure_waits = 0;
    std::int64_t credit_violations = 0;      // a buffer sent without credit
    std::int64_t backlog_announcements = 0;  // backlogs announced without a buffer
    bool ignore_credit = false;              // ExerciseFault::SendWithoutCredit
    std::atomic<std::uint64_t> checksum_out{0}, checksum_in{0};
    std::atomic<std::int64_t> records_out{0}, records_in{0}, bytes{0};
    std::atomic<bool> stop{false};  // another worker failed

    Channel& channel(std::int32_t producer, std::int32_t consumer) {
        return channels[static_cast<std::size_t>(producer) * static_cast<std::size_t>(consumers) +
                        static_cast<std::size_t>(consumer)];
    }
};

void check(const Shuffle& s) {
    check_interrupt();
    if (s.stop.load(std::memory_order_relaxed))
        throw Error(ErrorClass::CancelTaskException, "the shuffle was cancelled");
}

// The sender side of one channel, under the lock: sends queued buffers while there is credit,
// each with the backlog behind it; the partition buffer goes back to its pool.
void transmit(Shuffle& s, std::int32_t producer, std::int32_t consumer) {
    Shuffle::Channel& ch = s.channel(producer, consumer);
    while (!ch.queued.empty() && (ch.credit > 0 || s.ignore_credit)) {
        if (ch.credit <= 0 || ch.ready.empty()) {
            // Only under the fault: no receiver buffer to write to, so the data is lost.
            ++s.credit_violations;
            s.pool->recycle(s.partition_pools[static_cast<std::size_t>(producer)], ch.queued.front().first,
                            consumer);
            ch.queued.pop_front();
            continue;
        }
        const auto [segment, length] = ch.queued.front();
        ch.queued.pop_front();
        const SegmentIndex target = ch.ready.back();
        ch.ready.pop_back();
        --ch.credit;
        std::memcpy(s.arena->segment(static_cast<std::size_t>(target)).data(),
                    s.arena->segment(static_cast<std::size_t>(segment)).data(), length);
        ch.received.push_back({target, length, static_cast<std::int32_t>(ch.queued.size())});
        ++s.backlogs_announced;
        s.pool->recycle(s.partition_pools[static_cast<std::size_t>(producer)], segment, consumer);
    }
    // Without credit the sender announces its backlog on its own (Flink's BacklogAnnouncement),
    // so that a receiver without exclusive buffers can answer with floating ones.
    if (!ch.queued.empty() && ch.credit <= 0 && ch.backlog < static_cast<std::int32_t>(ch.queued.size())) {
        ch.backlog = static_cast<std::int32_t>(ch.queued.size());
        ++s.backlog_announcements;
    }
}

void produce(Shuffle& s, std::int32_t producer, std::int64_t records, std::size_t segment_size) {
    const PoolId partition_pool = s.partition_pools[static_cast<std::size_t>(producer)];
    RecordGenerator generator(0x5eed0000ULL + static_cast<std::uint64_t>(producer));
    std::vector<SegmentIndex> current(static_cast<std::size_t>(s.consumers), -1);
    std::vector<std::size_t> used(static_cast<std::size_t>(s.consumers), 0);
    auto transmit_all = [&] {
        for (std::int32_t c = 0; c < s.consumers; ++c) transmit(s, producer, c);
        s.changed.notify_all();
    };
    auto enqueue = [&](std::int32_t c) {
        const auto ci = static_cast<std::size_t>(c);
        if (current[ci] < 0) return;
        std::lock_guard lock(s.mutex);
        s.channel(producer, c).queued.emplace_back(current[ci], used[ci]);
        current[ci] = -1;
        used[ci] = 0;
        transmit_all();
    };
    char text[32];
    for (std::int64_t n = 0; n < records; ++n) {
        std::uint8_t length = 0;
        const std::int32_t key = generator.next(text, length);
        const std::int32_t c = static_cast<std::int32_t>(static_cast<std::uint32_t>(key) %
                                                         static_cast<std::uint32_t>(s.consumers));
        const auto ci = static_cast<std::size_t>(c);
        if (current[ci] >= 0 && used[ci] + 5 + length > segment_size) enqueue(c);
        while (current[ci] < 0) {
            std::unique_lock lock(s.mutex);
            check(s);
            if (auto segment = s.pool->request_memory_segment(partition_pool, c)) {
                current[ci] = *segment;
            } else {
                // The partition's buffers wait for credit downstream: back-pressure.
                transmit_all();
                ++s.backpressure_waits;
                s.changed.wait_for(lock, std::chrono::milliseconds(20));
            }
        }
        std::byte* out = s.arena->segment(static_cast<std::size_t>(current[ci])).data() + used[ci];
        std::memcpy(out, &key, 4);
        out[4] = static_cast<std::byte>(length);
        std::memcpy(out + 5, text, length);
        used[ci] += 5 + length;
        s.checksum_out += record_hash(key, text, length);
        ++s.records_out;
    }
    for (std::int32_t c = 0; c < s.consumers; ++c) enqueue(c);
    std::unique_lock lock(s.mutex);
    for (;;) {
        transmit_all();
        bool all_sent = true;
        for (std::int32_t c = 0; c < s.consumers; ++c)
            all_sent = all_sent && s.channel(producer, c).queued.empty();
        if (all_sent) break;
        check(s);
        ++s.backpressure_waits;
        s.changed.wait_for(lock, std::chrono::milliseconds(20));
    }
    for (std::int32_t c = 0; c < s.consumers; ++c) s.channel(producer, c).finished = true;
    s.changed.notify_all();
}

void consume(Shuffle& s, std::int32_t consumer) {
    const PoolId gate = s.gate_pools[static_cast<std::size_t>(consumer)];
    for (;;) {
        Shuffle::Sent sent{};
        std::int32_t from = 0;
        {
            std::unique_lock lock(s.mutex);
            bool found = false;
            bool all_done = true;
            for (std::int32_t p = 0; p < s.producers && !found; ++p) {
                Shuffle::Channel& ch = s.channel(p, consumer);
                if (ch.received.empty() && ch.credit < ch.backlog) {
                    // A backlog announced without a buffer: answer it with floating buffers.
                    bool granted = false;
                    while (ch.credit < ch.backlog) {
                        const auto floating = s.pool->request_memory_segment(gate);
                        if (!floating) break;
                        ch.ready.push_back(*floating);
                        ++ch.credit;
                        ++s.credits_announced;
                        granted = true;
                    }
                    if (granted) {
                        transmit(s, p, consumer);
                        s.changed.notify_all();
                    }
                }
                if (!ch.received.empty()) {
                    sent = ch.received.front();
                    ch.received.pop_front();
                    from = p;
                    found = true;
                    // The announced backlog asks for floating buffers beyond the credit given.
                    ch.backlog = sent.backlog;
                    while (ch.credit < ch.backlog) {
                        const auto floating = s.pool->request_memory_segment(gate);
                        if (!floating) break;
                        ch.ready.push_back(*floating);
                        ++ch.credit;
                        ++s.credits_announced;
                    }
                } else if (!ch.finished || !ch.queued.empty()) {
                    all_done = false;
                }
            }
            if (!found) {
                if (all_done) return;
                check(s);
                s.changed.wait_for(lock, std::chrono::milliseconds(20));
                continue;
            }
        }
        const std::byte* data = s.arena->segment(static_cast<std::size_t>(sent.segment)).data();
        std::size_t position = 0;
        while (position < sent.length) {
            std::int32_t key = 0;
            std::memcpy(&key, data + position, 4);
            const auto length = static_cast<std::uint8_t>(data[position + 4]);
            s.checksum_in += record_hash(key, reinterpret_cast<const char*>(data + position + 5), length);
            ++s.records_in;
            position += 5 + length;
        }
        s.bytes += static_cast<std::int64_t>(sent.length);
        std::lock_guard lock(s.mutex);
        Shuffle::Channel& ch = s.channel(from, consumer);
        // The buffer is free again: an exclusive one is announced as credit at once; a floating
        // one only while the channel's backlog wants it, else it goes back to the gate's pool.
        if (s.exclusive[static_cast<std::size_t>(sent.segment)] != 0 || ch.credit < ch.backlog) {
            ch.ready.push_back(sent.segment);
            ++ch.credit;
            ++s.credits_announced;
        } else {
            s.pool->recycle(gate, sent.segment);
        }
        // Let the sender transmit what waits for this credit.
        transmit(s, from, consumer);
        s.changed.notify_all();
    }
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

    // Shuffle through the network pool: producers' partition pools and consumers' gates (floating
    // buffers, exclusive buffers per channel), sized by the planner's rules for the job's exchange.
    const NetworkRuleSet& rules = network_rules(input.version);
    const auto partition_of = [&](std::int32_t p) {
        return partition_pool(rules, input.network, input.exchange, p);
    };
    const auto gate_of = [&](std::int32_t p) {
        return gate_buffers(rules, input.network, input.exchange, p);
    };
    std::int32_t parallelism = std::max(1, input.parallelism);
    const auto needs = [&](std::int32_t p) {
        const PartitionPool partition = partition_of(p);
        const GateBuffers gate = gate_of(p);
        return std::int64_t{p} * partition.size.min + std::int64_t{p} * std::max(1, gate.floating_pool.min) +
               std::int64_t{p} * p * gate.exclusive_per_remote_channel;
    };
    while (parallelism > 1 && needs(parallelism) > network_segments) --parallelism;
    const PartitionPool partition_spec = partition_of(parallelism);
    const GateBuffers gate_spec = gate_of(parallelism);
    report.shuffle.exchange = std::string(enum_name(input.exchange));
    report.shuffle.partition_required = partition_spec.size.min;
    report.shuffle.partition_max = partition_spec.size.max;
    report.shuffle.gate_floating_required = gate_spec.floating_pool.min;
    report.shuffle.gate_floating_max = gate_spec.floating_pool.max;
    report.shuffle.exclusive_per_channel = gate_spec.exclusive_per_remote_channel;
    if (needs(parallelism) <= network_segments) {
        NetworkBufferPool pool(network_segments, input.segment_size);
        Shuffle s;
        s.pool = &pool;
        s.arena = &arena;
        s.producers = parallelism;
        s.consumers = parallelism;
        s.ignore_credit = options.fault == ExerciseFault::SendWithoutCredit;
        s.channels.resize(static_cast<std::size_t>(parallelism) * static_cast<std::size_t>(parallelism));
        s.exclusive.assign(arena.count(), 0);
        for (std::int32_t p = 0; p < parallelism; ++p) {
            s.partition_pools.push_back(pool.create_buffer_pool(
                partition_spec.size.min, partition_spec.size.max, partition_spec.num_subpartitions,
                partition_spec.max_buffers_per_channel, partition_spec.max_overdraft_buffers_per_gate));
        }
        for (std::int32_t c = 0; c < parallelism; ++c) {
            const PoolId gate =
                pool.create_buffer_pool(gate_spec.floating_pool.min, gate_spec.floating_pool.max);
            pool.reserve_segments(gate, 1);
            s.gate_pools.push_back(gate);
            for (std::int32_t p = 0; p < parallelism; ++p) {
                // The receiver's first announcement: its exclusive buffers.
                Shuffle::Channel& ch = s.channel(p, c);
                ch.ready = pool.request_unpooled_segments(gate_spec.exclusive_per_remote_channel);
                for (SegmentIndex segment : ch.ready) s.exclusive[static_cast<std::size_t>(segment)] = 1;
                ch.credit = static_cast<std::int32_t>(ch.ready.size());
                s.credits_announced += ch.credit;
            }
        }
        const std::int64_t records_per_producer = kShuffleBytesPerProducer / 22;
        const auto shuffle_start = Clock::now();
        std::vector<std::thread> workers;
        workers.reserve(2 * static_cast<std::size_t>(parallelism));
        auto guarded = [&](auto&& body) {
            return [&, body] {
                try {
                    body();
                } catch (const Error& e) {
                    std::lock_guard lock(error_mutex);
                    // The first failure is the one to report, not the cancellations it causes.
                    if (!failure || failure->is(ErrorClass::CancelTaskException)) failure = e;
                    s.stop = true;
                }
            };
        };
        for (std::int32_t p = 0; p < parallelism; ++p) {
            workers.emplace_back(guarded([&, p] { produce(s, p, records_per_producer, page_size); }));
        }
        for (std::int32_t c = 0; c < parallelism; ++c)
            workers.emplace_back(guarded([&, c] { consume(s, c); }));
        for (auto& w : workers) w.join();
        if (failure) throw *failure;
        const double shuffle_seconds = seconds_since(shuffle_start);
        report.shuffle.records = s.records_in;
        report.shuffle.bytes = s.bytes;
        report.shuffle.bytes_per_second =
            shuffle_seconds > 0 ? static_cast<double>(s.bytes) / shuffle_seconds : 0;
        report.shuffle.producers = parallelism;
        report.shuffle.consumers = parallelism;
        report.shuffle.credits_announced = s.credits_announced;
        report.shuffle.backlogs_announced = s.backlogs_announced;
        report.shuffle.backpressure_waits = s.backpressure_waits;
        report.shuffle.credit_violations = s.credit_violations;
        report.shuffle.backlog_announcements = s.backlog_announcements;
        if (options.fault == ExerciseFault::DropShuffledRecord) --s.records_in;
        report.shuffle.verified = s.records_in == s.records_out &&
                                  s.records_out == records_per_producer * parallelism &&
                                  s.checksum_in == s.checksum_out && s.credit_violations == 0;
    } else {
        report.shuffle.not_run = fmt::format(
            "not run, because {} network segments{} hold no shuffle: even {} producer(s) and consumer(s) "
            "need {}",
            network_segments, report.scale < 1.0 ? fmt::format(" (scale {:.3f})", report.scale) : "",
            parallelism, needs(parallelism));
    }
    report.peak_rss_bytes = peak_rss_bytes();
    for (std::int32_t s = 0; s < input.slots; ++s) {
        slots[static_cast<std::size_t>(s)].release(fmt::format("slot-{}", s),
                                                   pages[static_cast<std::size_t>(s)]);
    }
    return report;
}

}  // namespace flinkmem::sim
