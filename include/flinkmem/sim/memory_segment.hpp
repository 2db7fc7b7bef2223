// Real memory for the simulator: a MemorySegment is one page of `size` bytes (a power of two,
// at least 4096), aligned, freed when the last segment of its allocation goes away (RAII). Pages
// allocated together share one mapping (MemorySegment::allocate), which the kernel populates in
// one pass instead of one fault per page. A SegmentArena
// holds `count` segments in one mapping (the network pool's segments, which Flink 1.20 also
// allocates all at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace flinkmem::sim {

class MemorySegment {
public:
    MemorySegment() = default;
    // One page on its own. Throws std::bad_alloc when the machine refuses it.
    explicit MemorySegment(std::size_t size);
    // `count` pages of `size` bytes in one mapping.
    static std::vector<MemorySegment> allocate(std::size_t count, std::size_t size);
    // A page has one owner at a time, as in Flink.
    MemorySegment(MemorySegment&&) noexcept = default;
    MemorySegment& operator=(MemorySegment&&) noexcept = default;
    MemorySegment(const MemorySegment&) = delete;
    MemorySegment& operator=(const MemorySegment&) = delete;

    std::byte* data() { return data_; }
    const std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::span<std::byte> bytes() { return {data_, size_}; }
    std::span<const std::byte> bytes() const { return {data_, size_}; }

private:
    MemorySegment(std::byte* data, std::size_t size, std::shared_ptr<void> block)
        : data_(data), size_(size), block_(std::move(block)) {}
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::shared_ptr<void> block_;  // owns the mapping this page lives in
};

class SegmentArena {
public:
    SegmentArena() = default;
    SegmentArena(std::size_t count, std::size_t segment_size);

    std::size_t count() const { return count_; }
    std::size_t segment_size() const { return segment_size_; }
    std::size_t bytes() const { return count_ * segment_size_; }
    std::span<std::byte> segment(std::size_t index) { return {data_ + index * segment_size_, segment_size_}; }

private:
    std::shared_ptr<void> block_;
    std::byte* data_ = nullptr;
    std::size_t count_ = 0;
    std::size_t segment_size_ = 0;
};

}  // namespace flinkmem::sim
