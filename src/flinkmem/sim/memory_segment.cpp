#include "flinkmem/sim/memory_segment.hpp"

#include <cstdlib>
#include <new>
#include <utility>

namespace flinkmem::sim {

namespace {

std::byte* allocate_aligned(std::size_t bytes, std::size_t alignment) {
    if (bytes == 0) return nullptr;
    // aligned_alloc wants a size that is a multiple of the alignment.
    const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
    void* memory = std::aligned_alloc(alignment, rounded);
    if (memory == nullptr) throw std::bad_alloc();
    return static_cast<std::byte*>(memory);
}

// Pages are at least 4 KiB; aligning larger pages to 4 KiB is what the kernel gives anyway.
std::size_t alignment_for(std::size_t size) { return size < 4096 ? 64 : 4096; }

}  // namespace

MemorySegment::MemorySegment(std::size_t size)
    : data_(allocate_aligned(size, alignment_for(size))), size_(size) {}

MemorySegment::MemorySegment(MemorySegment&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MemorySegment& MemorySegment::operator=(MemorySegment&& other) noexcept {
    if (this != &other) {
        std::free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

MemorySegment::~MemorySegment() { std::free(data_); }

SegmentArena::SegmentArena(std::size_t count, std::size_t segment_size)
    : data_(allocate_aligned(count * segment_size, alignment_for(segment_size))),
      count_(count),
      segment_size_(segment_size) {}

SegmentArena::SegmentArena(SegmentArena&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      count_(std::exchange(other.count_, 0)),
      segment_size_(std::exchange(other.segment_size_, 0)) {}

SegmentArena& SegmentArena::operator=(SegmentArena&& other) noexcept {
    if (this != &other) {
        std::free(data_);
        data_ = std::exchange(other.data_, nullptr);
        count_ = std::exchange(other.count_, 0);
        segment_size_ = std::exchange(other.segment_size_, 0);
    }
    return *this;
}

SegmentArena::~SegmentArena() { std::free(data_); }

}  // namespace flinkmem::sim
