// Flink 1.20's MemoryManager (org.apache.flink.runtime.memory), one per slot: managed memory as
// pages of `taskmanager.memory.segment-size` bytes, a budget (UnsafeMemoryBudget) that pages and
// reservations are charged to, shared resources per use case (RocksDB, Python), and every check
// with Flink's exception class and message. Pages handed out are real, aligned memory.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "flinkmem/sim/memory_segment.hpp"

namespace flinkmem::sim {

using MemoryOwner = std::string;

class MemoryManager {
public:
    // MemoryManager.create(memorySize, pageSize): IllegalArgumentException "Size of total memory
    // must be non-negative.", "The page size must be at least 4096 bytes.", "The given page size
    // is not a power of two.", "... corresponds to more than MAX_INT pages ...".
    MemoryManager(std::int64_t memory_size, std::int32_t page_size);

    // allocatePages(owner, n): IllegalArgumentException "Cannot allocate more segments n than the
    // max number N", or MemoryAllocationException "Could not allocate n pages" caused by the
    // budget's MemoryReservationException.
    std::vector<MemorySegment> allocate_pages(const MemoryOwner& owner, std::int32_t count);
    // release(segments) / releaseAll(owner): the pages go back to the budget.
    void release(const MemoryOwner& owner, std::vector<MemorySegment>& segments);
    void release_all(const MemoryOwner& owner);

    // reserveMemory / releaseMemory / releaseAllMemory (RocksDB, Python).
    void reserve_memory(const MemoryOwner& owner, std::int64_t size);
    void release_memory(const MemoryOwner& owner, std::int64_t size);
    void release_all_memory(const MemoryOwner& owner);

    // getSharedMemoryResourceForManagedMemory(type, init, fraction): the first lease sizes and
    // reserves it (MemoryAllocationException "Could not created the shared memory resource of
    // size n. Not enough memory left to reserve from the slot's managed memory."); returns its size.
    std::int64_t acquire_shared_resource(const std::string& type, double fraction);
    void release_shared_resource(const std::string& type);

    // (int)(totalPages * fraction) and floor(totalBytes * fraction); fraction in (0, 1], else
    // IllegalArgumentException (the zero case names taskmanager.memory.managed.consumer-weights).
    std::int32_t compute_number_of_pages(double fraction) const;
    std::int64_t compute_memory_size(double fraction) const;

    std::int64_t memory_size() const { return total_bytes_; }
    std::int64_t available_memory() const { return available_bytes_; }
    std::int32_t page_size() const { return page_size_; }
    std::int64_t total_pages() const { return total_pages_; }
    bool verify_empty() const { return available_bytes_ == total_bytes_; }

private:
    void budget_reserve(std::int64_t size);
    void budget_release(std::int64_t size);

    std::int64_t total_bytes_;
    std::int64_t available_bytes_;
    std::int32_t page_size_;
    std::int64_t total_pages_;
    std::map<MemoryOwner, std::int64_t> pages_per_owner_;
    std::map<MemoryOwner, std::int64_t> reserved_per_owner_;
    struct Shared {
        std::int64_t size;
        int leases;
    };
    std::map<std::string, Shared> shared_;
};

// Validates a managed-memory fraction as MemoryManager#validateFraction does.
void validate_fraction(double fraction);

}  // namespace flinkmem::sim
