#include "flinkmem/sim/memory_segment.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace flinkmem::sim {

namespace {

// An anonymous private mapping: page-aligned, returned with munmap. MAP_POPULATE lets the
// kernel fault the pages in one pass (every page is touched right after anyway); on the machine
// the figures in docs/simulate.md come from it beat both lazy faults and transparent huge pages,
// whose synchronous compaction stalled.
std::shared_ptr<void> map_block(std::size_t bytes) {
    if (bytes == 0) return {};
    void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (memory == MAP_FAILED) throw std::bad_alloc();
    return std::shared_ptr<void>(memory, [bytes](void* p) { ::munmap(p, bytes); });
}

}  // namespace

MemorySegment::MemorySegment(std::size_t size) : size_(size), block_(map_block(size)) {
    data_ = static_cast<std::byte*>(block_.get());
}

std::vector<MemorySegment> MemorySegment::allocate(std::size_t count, std::size_t size) {
    std::vector<MemorySegment> pages;
    pages.reserve(count);
    const std::shared_ptr<void> block = map_block(count * size);
    auto* base = static_cast<std::byte*>(block.get());
    for (std::size_t i = 0; i < count; ++i) pages.push_back(MemorySegment(base + i * size, size, block));
    return pages;
}

SegmentArena::SegmentArena(std::size_t count, std::size_t segment_size)
    : block_(map_block(count * segment_size)), count_(count), segment_size_(segment_size) {
    data_ = static_cast<std::byte*>(block_.get());
}

}  // namespace flinkmem::sim
