#include "flinkmem/sim/buffer_pool.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/error.hpp"

namespace flinkmem::sim {

namespace {

constexpr std::int32_t kUnknownChannel = -1;

Error io_exception(std::string message) {
    return Error(ErrorClass::IOException, std::move(message));
}
Error illegal_state(std::string message) {
    return Error(ErrorClass::IllegalStateException, std::move(message));
}

}  // namespace

std::string insufficient_buffers_message(std::int32_t required, std::int32_t available, std::int32_t total,
                                         std::int32_t segment_size) {
    return fmt::format(
        "Insufficient number of network buffers: required {}, but only {} available. The total "
        "number of network buffers is currently set to {} of {} bytes each. You can increase this "
        "number by setting the configuration keys 'taskmanager.memory.network.fraction', "
        "'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'.",
        required, available, total, segment_size);
}

NetworkBufferPool::NetworkBufferPool(std::int32_t number_of_segments, std::int32_t segment_size,
                                     std::int64_t request_timeout_ms)
    : total_segments_(number_of_segments),
      segment_size_(segment_size),
      request_timeout_ms_(request_timeout_ms) {
    if (request_timeout_ms <= 0) {
        throw Error::illegal_argument("The timeout for requesting exclusive buffers should be positive.");
    }
    // Flink 1.20 allocates every segment eagerly in the constructor.
    for (SegmentIndex i = 0; i < number_of_segments; ++i) free_.push_back(i);
}

std::string NetworkBufferPool::config_description() const {
    return fmt::format(
        "The total number of network buffers is currently set to {} of {} bytes each. You can "
        "increase this number by setting the configuration keys "
        "'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and "
        "'taskmanager.memory.network.max'",
        total_segments_, segment_size_);
}

void NetworkBufferPool::throw_insufficient(std::int32_t required) const {
    throw io_exception(insufficient_buffers_message(required, total_segments_ - num_total_required_,
                                                    total_segments_, segment_size_));
}

NetworkBufferPool::LocalPool& NetworkBufferPool::pool(PoolId id) {
    if (id < 0 || id >= pool_count()) throw Error::illegal_argument(fmt::format("no buffer pool {}", id));
    return pools_[static_cast<std::size_t>(id)];
}

const NetworkBufferPool::LocalPool& NetworkBufferPool::pool(PoolId id) const {
    if (id < 0 || id >= pool_count()) throw Error::illegal_argument(fmt::format("no buffer pool {}", id));
    return pools_[static_cast<std::size_t>(id)];
}

PoolId NetworkBufferPool::create_buffer_pool(std::int32_t required, std::int32_t max) {
    return create_buffer_pool(required, max, 0, 2147483647, 0);
}

PoolId NetworkBufferPool::create_buffer_pool(std::int32_t required, std::int32_t max,
                                             std::int32_t num_subpartitions,
                                             std::int32_t max_buffers_per_channel,
                                             std::int32_t max_overdraft_buffers_per_gate) {
    // The long sum avoids an int overflow Flink would have; both are far from 2^31 in practice.
    if (static_cast<std::int64_t>(num_total_required_) + required > total_segments_) {
        throw_insufficient(required);
    }
    // Counted before the LocalBufferPool constructor checks its arguments; a failing
    // constructor leaves it counted (Flink 1.20 behaves so).
    num_total_required_ += required;
    if (required <= 0) {
        throw Error::illegal_argument(
            fmt::format("Required number of memory segments ({}) should be larger than 0.", required));
    }
    if (max < required) {
        throw Error::illegal_argument(
            fmt::format("Maximum number of memory segments ({}) should not be smaller than minimum ({}).",
                        max, required));
    }
    if (num_subpartitions > 0) {
        if (max_buffers_per_channel <= 0) {
            throw Error::illegal_argument(
                fmt::format("Maximum number of buffers for each channel ({}) should be larger than 0.",
                            max_buffers_per_channel));
        }
        if (max_overdraft_buffers_per_gate < 0) {
            throw Error::illegal_argument(fmt::format(
                "Maximum number of overdraft buffers for each gate ({}) should not be less than 0.",
                max_overdraft_buffers_per_gate));
        }
    }
    LocalPool p;
    p.required = required;
    p.max = max;
    p.current_size = required;
    p.max_buffers_per_channel = max_buffers_per_channel;
    p.subpartition_buffers.assign(static_cast<std::size_t>(std::max(0, num_subpartitions)), 0);
    p.max_overdraft = max_overdraft_buffers_per_gate;
    p.resizable = required < max;
    pools_.push_back(std::move(p));
    const PoolId id = pool_count() - 1;
    // The constructor's checkAndUpdateAvailability eagerly takes one segment.
    check_and_update_availability(id);
    redistribute_buffers();
    return id;
}

std::int32_t NetworkBufferPool::registered_pools() const {
    return static_cast<std::int32_t>(
        std::count_if(pools_.begin(), pools_.end(), [](const LocalPool& p) { return p.registered; }));
}

void NetworkBufferPool::set_redistribution_order(std::vector<PoolId> order) {
    order_ = std::move(order);
}

std::vector<PoolId> NetworkBufferPool::resizable_pools_in_order() const {
    std::vector<PoolId> result;
    for (PoolId id : order_) {
        if (id >= 0 && id < pool_count() && pools_[static_cast<std::size_t>(id)].resizable &&
            std::find(result.begin(), result.end(), id) == result.end()) {
            result.push_back(id);
        }
    }
    for (PoolId id = 0; id < pool_count(); ++id) {
        if (pools_[static_cast<std::size_t>(id)].resizable &&
            std::find(result.begin(), result.end(), id) == result.end()) {
            result.push_back(id);
        }
    }
    return result;
}

void NetworkBufferPool::redistribute_buffers() {
    const std::vector<PoolId> resizable = resizable_pools_in_order();
    if (resizable.empty()) return;
    const std::int32_t available = total_segments_ - num_total_required_;
    if (available == 0) {
        for (PoolId id : resizable) set_num_buffers(id, pool(id).required);
        return;
    }
    // Each pool's share is proportional to how many excess buffers it can take; the cumulative
    // integer division hands out the remainder in iteration order without losing a buffer.
    std::int64_t total_capacity = 0;
    for (PoolId id : resizable) {
        const std::int32_t excess_max = pool(id).max - pool(id).required;
        total_capacity += std::min(available, excess_max);
    }
    if (total_capacity == 0) return;
    const std::int64_t to_distribute = std::min<std::int64_t>(available, total_capacity);
    std::int64_t parts_used = 0;
    std::int64_t distributed = 0;
    for (PoolId id : resizable) {
        const std::int32_t excess_max = pool(id).max - pool(id).required;
        if (excess_max == 0) continue;
        parts_used += std::min(available, excess_max);
        const std::int64_t my_size = to_distribute * parts_used / total_capacity - distributed;
        distributed += my_size;
        set_num_buffers(id, pool(id).required + static_cast<std::int32_t>(my_size));
    }
}

void NetworkBufferPool::set_num_buffers(PoolId id, std::int32_t num_buffers) {
    LocalPool& p = pool(id);
    if (num_buffers < p.required) {
        throw Error::illegal_argument(fmt::format(
            "Buffer pool needs at least {} buffers, but tried to set to {}", p.required, num_buffers));
    }
    p.current_size = std::min(num_buffers, p.max);
    return_excess_segments(id);
    // FLINK-19964: a destroyed pool must not fetch a segment again.
    if (p.destroyed) return;
    check_and_update_availability(id);
}

std::optional<SegmentIndex> NetworkBufferPool::poll_global() {
    if (free_.empty()) return std::nullopt;
    const SegmentIndex segment = free_.front();
    free_.pop_front();
    return segment;
}

void NetworkBufferPool::recycle_to_global(const std::vector<SegmentIndex>& segments) {
    const bool was_empty = free_.empty();
    free_.insert(free_.end(), segments.begin(), segments.end());
    if (was_empty && !segments.empty()) {
        // The global availability future completes; its dependents run last-registered first.
        std::vector<PoolId> waiters;
        waiters.swap(global_waiters_);
        for (auto it = waiters.rbegin(); it != waiters.rend(); ++it) on_global_pool_available(*it);
    }
}

std::vector<SegmentIndex> NetworkBufferPool::request_segments_blocking(std::int32_t count) {
    // Nothing else runs while the simulator waits, so segments that are not free now never come:
    // Flink would wait for the request timeout and fail with this message.
    if (available_segments() < count) {
        throw io_exception(
            fmt::format("Timeout triggered when requesting exclusive buffers: {},  or you may increase the "
                        "timeout which is {}ms by setting the key "
                        "'taskmanager.network.memory.buffers-request-timeout'.",
                        config_description(), request_timeout_ms_));
    }
    std::vector<SegmentIndex> segments;
    segments.reserve(static_cast<std::size_t>(count));
    for (std::int32_t i = 0; i < count; ++i) segments.push_back(*poll_global());
    return segments;
}

std::vector<SegmentIndex> NetworkBufferPool::request_unpooled_segments(std::int32_t count) {
    if (count < 0) throw Error::illegal_argument("Number of buffers to request must be non-negative.");
    if (count == 0) return {};
    // tryRedistributeBuffers: the exclusive buffers count as required from now on.
    if (static_cast<std::int64_t>(num_total_required_) + count > total_segments_) {
        throw_insufficient(count);
    }
    num_total_required_ += count;
    redistribute_buffers();
    try {
        return request_segments_blocking(count);
    } catch (const Error&) {
        num_total_required_ -= count;
        redistribute_buffers();
        throw;
    }
}

void NetworkBufferPool::recycle_unpooled_segments(const std::vector<SegmentIndex>& segments) {
    recycle_to_global(segments);
    num_total_required_ -= static_cast<std::int32_t>(segments.size());
    redistribute_buffers();
}

void NetworkBufferPool::check_destroyed(const LocalPool& p) const {
    if (p.destroyed) throw Error(ErrorClass::CancelTaskException, "Buffer pool has already been destroyed.");
}

void NetworkBufferPool::reserve_segments(PoolId id, std::int32_t count) {
    LocalPool& p = pool(id);
    if (count > p.required) {
        throw Error::illegal_argument("Can not reserve more segments than number of required segments.");
    }
    check_destroyed(p);
    if (p.requested < count) {
        // As in Flink 1.20, segments taken here go to the free list without being counted as
        // requested by the pool.
        const auto segments = request_segments_blocking(count - p.requested);
        pool(id).available.insert(pool(id).available.end(), segments.begin(), segments.end());
    }
}

std::optional<SegmentIndex> NetworkBufferPool::request_pooled_segment(PoolId id) {
    if (pool(id).destroyed) {
        throw illegal_state(
            "Destroyed buffer pools should never acquire segments - this will lead to buffer leaks.");
    }
    auto segment = poll_global();
    if (segment) ++pool(id).requested;
    return segment;
}

bool NetworkBufferPool::request_segment_from_global(PoolId id) {
    if (pool(id).requested >= pool(id).current_size) return false;
    auto segment = request_pooled_segment(id);
    if (!segment) return false;
    pool(id).available.push_back(*segment);
    return true;
}

void NetworkBufferPool::check_and_update_availability(PoolId id) {
    LocalPool& p = pool(id);
    if (!p.available.empty()) return;
    if (p.requested >= p.current_size) return;
    if (!request_segment_from_global(id) && !pool(id).waiting_for_global) {
        // requestMemorySegmentFromGlobalWhenAvailable
        pool(id).waiting_for_global = true;
        global_waiters_.push_back(id);
    }
}

void NetworkBufferPool::on_global_pool_available(PoolId id) {
    LocalPool& p = pool(id);
    p.waiting_for_global = false;
    const bool available = !p.available.empty() && p.unavailable_subpartitions == 0;
    if (p.destroyed || available) return;
    check_and_update_availability(id);
}

std::optional<SegmentIndex> NetworkBufferPool::request_memory_segment(PoolId id, std::int32_t channel) {
    LocalPool& p = pool(id);
    check_destroyed(p);
    if (channel != kUnknownChannel &&
        (channel < 0 || channel >= static_cast<std::int32_t>(p.subpartition_buffers.size()))) {
        throw Error(
            ErrorClass::ArrayIndexOutOfBoundsException,
            fmt::format("Index {} out of bounds for length {}", channel, p.subpartition_buffers.size()));
    }
    std::optional<SegmentIndex> segment;
    if (!p.available.empty()) {
        segment = p.available.front();
        p.available.pop_front();
    } else if (p.requested >= p.current_size) {
        // Only a pool at its size may overdraw, up to maxOverdraftBuffersPerGate.
        if (p.requested - p.current_size < p.max_overdraft) segment = request_pooled_segment(id);
    }
    if (!segment) return std::nullopt;
    LocalPool& q = pool(id);
    if (channel != kUnknownChannel) {
        if (++q.subpartition_buffers[static_cast<std::size_t>(channel)] == q.max_buffers_per_channel) {
            ++q.unavailable_subpartitions;
        }
    }
    check_and_update_availability(id);
    return segment;
}

void NetworkBufferPool::return_segment(PoolId id, SegmentIndex segment) {
    --pool(id).requested;
    recycle_to_global({segment});
}

void NetworkBufferPool::return_excess_segments(PoolId id) {
    while (pool(id).requested > pool(id).current_size) {
        LocalPool& p = pool(id);
        if (p.available.empty()) return;
        const SegmentIndex segment = p.available.front();
        p.available.pop_front();
        return_segment(id, segment);
    }
}

void NetworkBufferPool::recycle(PoolId id, SegmentIndex segment, std::int32_t channel) {
    LocalPool& p = pool(id);
    if (channel != kUnknownChannel) {
        if (p.subpartition_buffers[static_cast<std::size_t>(channel)]-- == p.max_buffers_per_channel) {
            --p.unavailable_subpartitions;
        }
    }
    if (p.destroyed || p.requested > p.current_size) {
        return_segment(id, segment);
        return;
    }
    p.available.push_back(segment);
}

void NetworkBufferPool::lazy_destroy(PoolId id) {
    LocalPool& p = pool(id);
    if (!p.destroyed) {
        while (!pool(id).available.empty()) {
            const SegmentIndex segment = pool(id).available.front();
            pool(id).available.pop_front();
            return_segment(id, segment);
        }
        pool(id).destroyed = true;
    }
    // NetworkBufferPool#destroyBufferPool
    LocalPool& q = pool(id);
    if (q.registered) {
        q.registered = false;
        num_total_required_ -= q.required;
        q.resizable = false;
        redistribute_buffers();
    }
}

LocalPoolState NetworkBufferPool::pool_state(PoolId id) const {
    const LocalPool& p = pool(id);
    return {id,
            p.destroyed,
            p.current_size,
            p.requested,
            static_cast<std::int32_t>(p.available.size()),
            p.required,
            p.max,
            p.max_buffers_per_channel,
            static_cast<std::int32_t>(p.subpartition_buffers.size()),
            p.max_overdraft};
}

}  // namespace flinkmem::sim
