// Every exception path of the ported NetworkBufferPool / LocalBufferPool, with whole messages,
// and the accounting around them.
#include <doctest/doctest.h>

#include <string>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/network_rules.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

template <typename F>
std::string outcome(F f) {
    try {
        f();
        return "ok";
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
}

}  // namespace

TEST_SUITE("sim_buffer_pool") {
    TEST_CASE("insufficient buffers on createBufferPool and on exclusive requests") {
        NetworkBufferPool pool(10, 32768);
        CHECK(outcome([&] { pool.create_buffer_pool(11, 11); }) ==
              "IOException: Insufficient number of network buffers: required 11, but only 10 available. The "
              "total "
              "number of network buffers is currently set to 10 of 32768 bytes each. You can increase this "
              "number by "
              "setting the configuration keys 'taskmanager.memory.network.fraction', "
              "'taskmanager.memory.network.min', "
              "and 'taskmanager.memory.network.max'.");
        pool.create_buffer_pool(4, 8);
        CHECK(outcome([&] { pool.request_unpooled_segments(7); }) ==
              "IOException: Insufficient number of network buffers: required 7, but only 6 available. The "
              "total "
              "number of network buffers is currently set to 10 of 32768 bytes each. You can increase this "
              "number by "
              "setting the configuration keys 'taskmanager.memory.network.fraction', "
              "'taskmanager.memory.network.min', "
              "and 'taskmanager.memory.network.max'.");
        CHECK(pool.num_total_required_buffers() == 4);
        CHECK(pool.request_unpooled_segments(6).size() == 6);
        CHECK(pool.num_total_required_buffers() == 10);
    }

    TEST_CASE("LocalBufferPool constructor checks run after the required buffers were counted") {
        NetworkBufferPool pool(10, 4096);
        CHECK(outcome([&] { pool.create_buffer_pool(0, 5); }) ==
              "IllegalArgumentException: Required number of memory segments (0) should be larger than 0.");
        CHECK(outcome([&] { pool.create_buffer_pool(3, 2); }) ==
              "IllegalArgumentException: Maximum number of memory segments (2) should not be smaller than "
              "minimum (3).");
        CHECK(outcome([&] { pool.create_buffer_pool(2, 4, 3, 0, 0); }) ==
              "IllegalArgumentException: Maximum number of buffers for each channel (0) should be larger "
              "than 0.");
        CHECK(outcome([&] { pool.create_buffer_pool(2, 4, 3, 1, -1); }) ==
              "IllegalArgumentException: Maximum number of overdraft buffers for each gate (-1) should not "
              "be less than 0.");
        // Flink 1.20 never takes these back: 0 + 3 + 2 + 2.
        CHECK(pool.num_total_required_buffers() == 7);
        CHECK(pool.pool_count() == 0);
        // Without subpartitions the per-channel arguments are not checked.
        CHECK(outcome([&] { pool.create_buffer_pool(1, 1, 0, 0, -1); }) == "ok");
    }

    TEST_CASE("unpooled requests: negative count, timeout when segments are held by pools") {
        NetworkBufferPool pool(4, 4096, 30000);
        CHECK(outcome([&] { pool.request_unpooled_segments(-1); }) ==
              "IllegalArgumentException: Number of buffers to request must be non-negative.");
        CHECK(pool.request_unpooled_segments(0).empty());
        const PoolId id = pool.create_buffer_pool(2, 2);
        // The pool holds one segment; take the other by requests, leaving 2 free of 4.
        CHECK(pool.request_memory_segment(id).has_value());
        CHECK(pool.request_memory_segment(id).has_value());
        CHECK(pool.available_segments() == 2);
        const auto held = pool.request_unpooled_segments(2);
        CHECK(outcome([&] { pool.request_unpooled_segments(1); })
                  .starts_with("IOException: Insufficient number of network buffers: required 1, but only 0 "
                               "available."));
        pool.recycle_unpooled_segments(held);
        CHECK(pool.num_total_required_buffers() == 2);
        CHECK(NetworkBufferPool(3, 4096, 30000).config_description() ==
              "The total number of network buffers is currently set to 3 of 4096 bytes each. You can "
              "increase this "
              "number by setting the configuration keys 'taskmanager.memory.network.fraction', "
              "'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'");
    }

    TEST_CASE("timeout text when the required count allows but no segment is free") {
        NetworkBufferPool pool(4, 4096, 30000);
        const PoolId id = pool.create_buffer_pool(1, 4);  // resizable: grows to 4
        for (int i = 0; i < 4; ++i) CHECK(pool.request_memory_segment(id).has_value());
        CHECK(outcome([&] { pool.request_unpooled_segments(1); }) ==
              "IOException: Timeout triggered when requesting exclusive buffers: The total number of network "
              "buffers "
              "is currently set to 4 of 4096 bytes each. You can increase this number by setting the "
              "configuration "
              "keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and "
              "'taskmanager.memory.network.max',  or you may increase the timeout which is 30000ms by "
              "setting the key "
              "'taskmanager.network.memory.buffers-request-timeout'.");
        // The failed request's required buffers were reverted.
        CHECK(pool.num_total_required_buffers() == 1);
    }

    TEST_CASE("reserveSegments, destroyed pools, bad timeout") {
        NetworkBufferPool pool(4, 4096);
        const PoolId id = pool.create_buffer_pool(1, 2);
        CHECK(outcome([&] { pool.reserve_segments(id, 2); }) ==
              "IllegalArgumentException: Can not reserve more segments than number of required segments.");
        pool.lazy_destroy(id);
        CHECK(outcome([&] { pool.reserve_segments(id, 1); }) ==
              "CancelTaskException: Buffer pool has already been destroyed.");
        CHECK(outcome([&] { pool.request_memory_segment(id); }) ==
              "CancelTaskException: Buffer pool has already been destroyed.");
        CHECK(pool.num_total_required_buffers() == 0);
        CHECK(pool.available_segments() == 4);
        CHECK(outcome([&] { NetworkBufferPool(4, 4096, 0); }) ==
              "IllegalArgumentException: The timeout for requesting exclusive buffers should be positive.");
    }

    TEST_CASE("redistribution follows the given order with exact integer shares") {
        NetworkBufferPool pool(20, 32768);
        pool.create_buffer_pool(2, 5);
        pool.create_buffer_pool(3, kIntMax);
        pool.create_buffer_pool(4, 4);
        pool.set_redistribution_order({3, 1, 0});
        pool.create_buffer_pool(1, 2);
        // Flink's basic-redistribution step 3: 10 excess over capacities 3, 10, 1.
        CHECK(pool.pool_state(0).num_buffers == 5);
        CHECK(pool.pool_state(1).num_buffers == 10);
        CHECK(pool.pool_state(2).num_buffers == 4);
        CHECK(pool.pool_state(3).num_buffers == 1);
    }

    TEST_CASE("overdraft and per-subpartition caps") {
        NetworkBufferPool pool(20, 4096);
        const PoolId id = pool.create_buffer_pool(2, 2, 2, 1, 1);
        CHECK(pool.request_memory_segment(id, 0).has_value());
        CHECK(pool.request_memory_segment(id, 1).has_value());
        // At its size: one overdraft buffer, then nothing.
        CHECK(pool.request_memory_segment(id, 0).has_value());
        CHECK_FALSE(pool.request_memory_segment(id, 0).has_value());
        CHECK(pool.pool_state(id).requested_segments == 3);
        CHECK(outcome([&] { pool.request_memory_segment(id, 5); }) ==
              "ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 2");
    }
}
