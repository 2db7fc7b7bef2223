#include "flinkmem/sim/memory_segment.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <fstream>
#include <new>
#include <string>

namespace flinkmem::sim {

namespace {

// Whether the kernel offers transparent huge pages to a mapping that asks (madvise or always).
bool huge_pages_offered() {
    static const bool offered = [] {
        std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
        std::string line;
        std::getline(in, line);
        return line.find("[always]") != std::string::npos || line.find("[madvise]") != std::string::npos;
    }();
    return offered;
}

// An anonymous private mapping: page-aligned, returned with munmap. Every page is touched right
// after, so the cost is the kernel's first touch: with transparent huge pages (where offered) one
// fault per 2 MiB, else MAP_POPULATE faults the 4 KiB pages in one pass. bench_pools compares both
// with a fresh mmap + memset of the same size.
std::shared_ptr<void> map_block(std::size_t bytes) {
    if (bytes == 0) return {};
    const bool huge = huge_pages_offered() && bytes >= (2u << 20);
    void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | (huge ? 0 : MAP_POPULATE), -1, 0);
    if (memory == MAP_FAILED) throw std::bad_alloc();
    if (huge) ::madvise(memory, bytes, MADV_HUGEPAGE);
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
