// Real memory for the simulator: a MemorySegment is one page of `size` bytes (a power of two,
// at least 4096), allocated aligned to its size and freed when the segment goes away. A
// SegmentArena holds `count` such pages in one aligned allocation (the network pool's segments,
// which Flink 1.20 also allocates all at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace flinkmem::sim {

class MemorySegment {
public:
    MemorySegment() = default;
    // Throws std::bad_alloc when the machine refuses the page.
    explicit MemorySegment(std::size_t size);
    MemorySegment(MemorySegment&& other) noexcept;
    MemorySegment& operator=(MemorySegment&& other) noexcept;
    MemorySegment(const MemorySegment&) = delete;
    MemorySegment& operator=(const MemorySegment&) = delete;
    ~MemorySegment();

    std::byte* data() { return data_; }
    const std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::span<std::byte> bytes() { return {data_, size_}; }
    std::span<const std::byte> bytes() const { return {data_, size_}; }

private:
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

class SegmentArena {
public:
    SegmentArena() = default;
    SegmentArena(std::size_t count, std::size_t segment_size);
    SegmentArena(SegmentArena&& other) noexcept;
    SegmentArena& operator=(SegmentArena&& other) noexcept;
    SegmentArena(const SegmentArena&) = delete;
    SegmentArena& operator=(const SegmentArena&) = delete;
    ~SegmentArena();

    std::size_t count() const { return count_; }
    std::size_t segment_size() const { return segment_size_; }
    std::size_t bytes() const { return count_ * segment_size_; }
    std::span<std::byte> segment(std::size_t index) {
        return {data_ + index * segment_size_, segment_size_};
    }

private:
    std::byte* data_ = nullptr;
    std::size_t count_ = 0;
    std::size_t segment_size_ = 0;
};

}  // namespace flinkmem::sim
