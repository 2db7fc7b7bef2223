#include "flinkmem/sim/memory_manager.hpp"

#include <cmath>

#include <fmt/format.h>

#include "flinkmem/error.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem::sim {

namespace {

constexpr std::int32_t kMinPageSize = 4096;

Error reservation_error(std::int64_t size, std::int64_t available) {
    return Error(ErrorClass::MemoryReservationException,
                 fmt::format("Could not allocate {} bytes, only {} bytes are remaining. This usually "
                             "indicates that you are requesting more memory than you have reserved. "
                             "However, when running an old JVM version it can also be caused by slow "
                             "garbage collection. Try to upgrade to Java 8u72 or higher if running on an "
                             "old Java version.",
                             size, available));
}

}  // namespace

void validate_fraction(double fraction) {
    if (fraction == 0) {
        throw Error::illegal_argument(
            "The fraction of memory to allocate should not be 0. Please make sure that all types of "
            "managed memory consumers contained in the job are configured with a non-negative weight "
            "via `taskmanager.memory.managed.consumer-weights`.");
    }
    if (!(fraction > 0 && fraction <= 1)) {
        throw Error::illegal_argument(fmt::format(
            "The fraction of memory to allocate must within (0, 1], was: {}.", java::to_string(fraction)));
    }
}

MemoryManager::MemoryManager(std::int64_t memory_size, std::int32_t page_size)
    : total_bytes_(memory_size), available_bytes_(memory_size), page_size_(page_size), total_pages_(0) {
    if (memory_size < 0) throw Error::illegal_argument("Size of total memory must be non-negative.");
    if (page_size < kMinPageSize) {
        throw Error::illegal_argument(fmt::format("The page size must be at least {} bytes.", kMinPageSize));
    }
    if ((page_size & (page_size - 1)) != 0) {
        throw Error::illegal_argument("The given page size is not a power of two.");
    }
    total_pages_ = memory_size / page_size;
    if (total_pages_ > 2147483647) {
        throw Error::illegal_argument(fmt::format(
            "The given number of memory bytes ({}) corresponds to more than MAX_INT pages ({} > {}).",
            memory_size, total_pages_, 2147483647));
    }
}

void MemoryManager::budget_reserve(std::int64_t size) {
    if (size > available_bytes_) throw reservation_error(size, available_bytes_);
    available_bytes_ -= size;
}

void MemoryManager::budget_release(std::int64_t size) {
    if (size == 0) return;
    if (available_bytes_ + size > total_bytes_) {
        throw Error(ErrorClass::IllegalStateException,
                    fmt::format("Trying to release more managed memory ({} bytes) than has been "
                                "allocated ({} bytes), the total size is {} bytes",
                                size, available_bytes_, total_bytes_));
    }
    available_bytes_ += size;
}

std::vector<MemorySegment> MemoryManager::allocate_pages(const MemoryOwner& owner, std::int32_t count) {
    if (count > total_pages_) {
        throw Error::illegal_argument(
            fmt::format("Cannot allocate more segments {} than the max number {}", count, total_pages_));
    }
    const std::int64_t bytes = static_cast<std::int64_t>(count) * page_size_;
    try {
        budget_reserve(bytes);
    } catch (const Error& e) {
        throw e.wrapped(ErrorClass::MemoryAllocationException,
                        fmt::format("Could not allocate {} pages", count));
    }
    std::vector<MemorySegment> pages;
    try {
        // Flink allocates every page on its own; one mapping for the call is the same memory,
        // faster to fault in.
        pages = MemorySegment::allocate(static_cast<std::size_t>(std::max(0, count)),
                                        static_cast<std::size_t>(page_size_));
    } catch (const std::bad_alloc&) {
        budget_release(bytes);
        throw;
    }
    pages_per_owner_[owner] += count;
    return pages;
}

void MemoryManager::release(const MemoryOwner& owner, std::vector<MemorySegment>& segments) {
    auto it = pages_per_owner_.find(owner);
    if (it == pages_per_owner_.end()) {
        segments.clear();
        return;
    }
    const auto count = std::min<std::int64_t>(it->second, static_cast<std::int64_t>(segments.size()));
    segments.clear();
    it->second -= count;
    if (it->second == 0) pages_per_owner_.erase(it);
    budget_release(count * page_size_);
}

void MemoryManager::release_all(const MemoryOwner& owner) {
    auto it = pages_per_owner_.find(owner);
    if (it == pages_per_owner_.end()) return;
    const std::int64_t count = it->second;
    pages_per_owner_.erase(it);
    budget_release(count * page_size_);
}

void MemoryManager::reserve_memory(const MemoryOwner& owner, std::int64_t size) {
    if (size < 0) {
        throw Error::illegal_argument(
            fmt::format("The memory size ({}) has to have non-negative size", size));
    }
    if (size == 0) return;
    budget_reserve(size);
    reserved_per_owner_[owner] += size;
}

void MemoryManager::release_memory(const MemoryOwner& owner, std::int64_t size) {
    if (size < 0) {
        throw Error::illegal_argument(
            fmt::format("The memory size ({}) has to have non-negative size", size));
    }
    if (size == 0) return;
    auto it = reserved_per_owner_.find(owner);
    if (it == reserved_per_owner_.end()) return;
    // Flink releases at most what the owner reserved (and only logs a warning for more).
    const std::int64_t effective = std::min(it->second, size);
    budget_release(effective);
    it->second -= effective;
    if (it->second == 0) reserved_per_owner_.erase(it);
}

void MemoryManager::release_all_memory(const MemoryOwner& owner) {
    auto it = reserved_per_owner_.find(owner);
    if (it == reserved_per_owner_.end()) return;
    const std::int64_t size = it->second;
    reserved_per_owner_.erase(it);
    budget_release(size);
}

std::int64_t MemoryManager::acquire_shared_resource(const std::string& type, double fraction) {
    const std::int64_t bytes = compute_memory_size(fraction);
    auto it = shared_.find(type);
    if (it != shared_.end()) {
        ++it->second.leases;
        return it->second.size;
    }
    try {
        reserve_memory(type, bytes);
    } catch (const Error& e) {
        throw e.wrapped(ErrorClass::MemoryAllocationException,
                        fmt::format("Could not created the shared memory resource of size {}. Not "
                                    "enough memory left to reserve from the slot's managed memory.",
                                    bytes));
    }
    shared_.emplace(type, Shared{bytes, 1});
    return bytes;
}

void MemoryManager::release_shared_resource(const std::string& type) {
    auto it = shared_.find(type);
    if (it == shared_.end()) return;
    if (--it->second.leases == 0) {
        release_memory(type, it->second.size);
        shared_.erase(it);
    }
}

std::int32_t MemoryManager::compute_number_of_pages(double fraction) const {
    validate_fraction(fraction);
    return static_cast<std::int32_t>(static_cast<double>(total_pages_) * fraction);
}

std::int64_t MemoryManager::compute_memory_size(double fraction) const {
    validate_fraction(fraction);
    return static_cast<std::int64_t>(std::floor(static_cast<double>(total_bytes_) * fraction));
}

}  // namespace flinkmem::sim
