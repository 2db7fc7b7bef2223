// Flink 1.20's NetworkBufferPool and the LocalBufferPools it hands out
// (org.apache.flink.runtime.io.network.buffer), ported state for state: the required-buffer
// accounting, the integer redistribution of the excess buffers, the lazy one-at-a-time fetching
// of segments by local pools, overdraft and per-subpartition caps, and every check with Flink's
// message. Segments are indices 0..total-1; a caller that wants real memory maps an index onto a
// SegmentArena (memory_segment.hpp).
//
// Single-threaded: Flink's locks only order concurrent calls; the simulator serialises them (the
// shuffle exercise takes a mutex around every call).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace flinkmem::sim {

using SegmentIndex = std::int32_t;
using PoolId = std::int32_t;

// A LocalBufferPool's state, as Flink's getters report it.
struct LocalPoolState {
    PoolId id;
    bool destroyed;
    std::int32_t num_buffers;         // getNumBuffers(): currentPoolSize
    std::int32_t requested_segments;  // numberOfRequestedMemorySegments
    std::int32_t available_segments;  // the local free list
    std::int32_t required_segments;   // getNumberOfRequiredMemorySegments()
    std::int32_t max_segments;        // getMaxNumberOfMemorySegments()
    std::int32_t max_buffers_per_channel;
    std::int32_t num_subpartitions;
    std::int32_t max_overdraft_buffers_per_gate;
};

class NetworkBufferPool {
public:
    // NetworkBufferPool(numberOfSegmentsToAllocate, segmentSize, requestSegmentsTimeout).
    NetworkBufferPool(std::int32_t number_of_segments, std::int32_t segment_size,
                      std::int64_t request_timeout_ms = 2147483647);

    // createBufferPool(required, max) and createBufferPool(required, max, numSubpartitions,
    // maxBuffersPerChannel, maxOverdraftBuffersPerGate). Throws IOException "Insufficient number
    // of network buffers: ..." and, after counting the required buffers (Flink's quirk, never
    // undone), the LocalBufferPool constructor's IllegalArgumentExceptions.
    PoolId create_buffer_pool(std::int32_t required, std::int32_t max);
    PoolId create_buffer_pool(std::int32_t required, std::int32_t max, std::int32_t num_subpartitions,
                              std::int32_t max_buffers_per_channel,
                              std::int32_t max_overdraft_buffers_per_gate);

    // requestUnpooledMemorySegments / recycleUnpooledMemorySegments: exclusive channel buffers.
    std::vector<SegmentIndex> request_unpooled_segments(std::int32_t count);
    void recycle_unpooled_segments(const std::vector<SegmentIndex>& segments);

    // LocalBufferPool operations.
    void reserve_segments(PoolId pool, std::int32_t count);
    // requestMemorySegment() / requestBufferBuilder(channel): a segment or nothing.
    std::optional<SegmentIndex> request_memory_segment(PoolId pool, std::int32_t channel = -1);
    // Recycling a buffer of the pool (BufferRecycler, per subpartition when channel >= 0).
    void recycle(PoolId pool, SegmentIndex segment, std::int32_t channel = -1);
    void lazy_destroy(PoolId pool);

    // The order in which redistributeBuffers visits the resizable pools. Flink iterates a HashSet
    // (identity hash codes); the golden replays install the recorded order. Pools not listed
    // follow in creation order, which is also the default.
    void set_redistribution_order(std::vector<PoolId> order);

    std::int32_t total_segments() const { return total_segments_; }
    std::int32_t segment_size() const { return segment_size_; }
    std::int32_t num_total_required_buffers() const { return num_total_required_; }
    std::int32_t available_segments() const { return static_cast<std::int32_t>(free_.size()); }
    std::int32_t used_segments() const { return total_segments_ - available_segments(); }
    std::int32_t registered_pools() const;
    std::vector<PoolId> resizable_pools_in_order() const;
    LocalPoolState pool_state(PoolId pool) const;
    std::int32_t pool_count() const { return static_cast<std::int32_t>(pools_.size()); }

    // getConfigDescription(): the sentence that ends every "insufficient" message.
    std::string config_description() const;

private:
    struct LocalPool {
        std::int32_t required;
        std::int32_t max;
        std::int32_t current_size;
        std::int32_t requested = 0;
        std::deque<SegmentIndex> available;
        std::int32_t max_buffers_per_channel;
        std::vector<std::int32_t> subpartition_buffers;
        std::int32_t unavailable_subpartitions = 0;
        std::int32_t max_overdraft;
        bool destroyed = false;
        bool registered = true;
        bool resizable = false;
        bool waiting_for_global = false;  // requestingNotificationOfGlobalPoolAvailable
    };

    LocalPool& pool(PoolId id);
    const LocalPool& pool(PoolId id) const;
    void check_destroyed(const LocalPool& p) const;
    std::optional<SegmentIndex> poll_global();
    std::vector<SegmentIndex> request_segments_blocking(std::int32_t count);
    void recycle_to_global(const std::vector<SegmentIndex>& segments);
    void redistribute_buffers();
    void set_num_buffers(PoolId id, std::int32_t num_buffers);
    void check_and_update_availability(PoolId id);
    bool request_segment_from_global(PoolId id);
    std::optional<SegmentIndex> request_pooled_segment(PoolId id);
    void return_segment(PoolId id, SegmentIndex segment);
    void return_excess_segments(PoolId id);
    void on_global_pool_available(PoolId id);
    [[noreturn]] void throw_insufficient(std::int32_t required) const;

    std::int32_t total_segments_;
    std::int32_t segment_size_;
    std::int64_t request_timeout_ms_;
    std::deque<SegmentIndex> free_;
    std::vector<LocalPool> pools_;
    std::int32_t num_total_required_ = 0;
    std::vector<PoolId> order_;
    // Pools waiting for the global pool to become available again (futures run last-in first).
    std::vector<PoolId> global_waiters_;
};

// The message of the IOException every under-provisioned TaskManager fails with.
std::string insufficient_buffers_message(std::int32_t required, std::int32_t available, std::int32_t total,
                                         std::int32_t segment_size);

}  // namespace flinkmem::sim
