// MemoryManager, consumer weights, fractions and RocksDB sizes: every check with its message.
#include <doctest/doctest.h>

#include <string>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/managed_memory.hpp"
#include "flinkmem/sim/memory_manager.hpp"
#include "flinkmem/sim/settings.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;
using flinkmem::test::config_of;

namespace {

template <typename F>
std::string outcome(F f) {
    try {
        f();
        return "ok";
    } catch (const Error& e) {
        std::string text = std::string(e.class_name()) + ": " + e.message();
        for (const auto& cause : e.causes())
            text += " <- " + std::string(cause.class_name()) + ": " + cause.message;
        return text;
    }
}

// The rule RocksDB settings break, as "Class: message", or "ok".
std::string violation_of(const RocksDbMemorySettings& settings) {
    const auto violation = validate(settings);
    if (!violation) return "ok";
    return std::string(violation->error.class_name()) + ": " + violation->error.message();
}

}  // namespace

TEST_SUITE("sim_memory_manager") {
    TEST_CASE("constructor checks") {
        CHECK(outcome([] { MemoryManager(-1, 32768); }) ==
              "IllegalArgumentException: Size of total memory must be non-negative.");
        CHECK(outcome([] { MemoryManager(1 << 20, 2048); }) ==
              "IllegalArgumentException: The page size must be at least 4096 bytes.");
        CHECK(outcome([] { MemoryManager(1 << 20, 12288); }) ==
              "IllegalArgumentException: The given page size is not a power of two.");
        CHECK(outcome([] { MemoryManager(4096LL * 2147483648LL, 4096); }) ==
              "IllegalArgumentException: The given number of memory bytes (8796093022208) corresponds to "
              "more than "
              "MAX_INT pages (2147483648 > 2147483647).");
    }

    TEST_CASE("pages: real, aligned, charged to the budget") {
        MemoryManager mm(10 * 32768 + 100, 32768);
        CHECK(mm.total_pages() == 10);
        auto pages = mm.allocate_pages("op", 4);
        REQUIRE(pages.size() == 4);
        CHECK(reinterpret_cast<std::uintptr_t>(pages[0].data()) % 4096 == 0);
        pages[3].data()[32767] = std::byte{7};
        CHECK(mm.available_memory() == 6 * 32768 + 100);
        CHECK(outcome([&] { mm.allocate_pages("op", 11); }) ==
              "IllegalArgumentException: Cannot allocate more segments 11 than the max number 10");
        CHECK(outcome([&] { mm.allocate_pages("other", 7); }) ==
              "MemoryAllocationException: Could not allocate 7 pages <- MemoryReservationException: Could "
              "not allocate "
              "229376 bytes, only 196708 bytes are remaining. This usually indicates that you are requesting "
              "more "
              "memory than you have reserved. However, when running an old JVM version it can also be caused "
              "by slow "
              "garbage collection. Try to upgrade to Java 8u72 or higher if running on an old Java version.");
        mm.release("op", pages);
        CHECK(pages.empty());
        CHECK(mm.verify_empty());
    }

    TEST_CASE("reservations and shared resources") {
        MemoryManager mm(1000 * 4096, 4096);
        CHECK(outcome([&] { mm.reserve_memory("x", -5); }) ==
              "IllegalArgumentException: The memory size (-5) has to have non-negative size");
        mm.reserve_memory("x", 1000);
        mm.release_memory("x", 5000);  // only what x reserved comes back
        CHECK(mm.verify_empty());
        CHECK(mm.acquire_shared_resource("STATE_BACKEND", 0.7) == 2867200);
        CHECK(mm.acquire_shared_resource("STATE_BACKEND", 0.1) == 2867200);  // the first lease sized it
        CHECK(
            outcome([&] { mm.acquire_shared_resource("PYTHON", 0.5); }) ==
            "MemoryAllocationException: Could not created the shared memory resource of size 2048000. Not "
            "enough "
            "memory left to reserve from the slot's managed memory. <- MemoryReservationException: Could not "
            "allocate 2048000 bytes, only 1228800 bytes are remaining. This usually indicates that you are "
            "requesting more memory than you have reserved. However, when running an old JVM version it can "
            "also be "
            "caused by slow garbage collection. Try to upgrade to Java 8u72 or higher if running on an old "
            "Java "
            "version.");
        mm.release_shared_resource("STATE_BACKEND");
        mm.release_shared_resource("STATE_BACKEND");
        CHECK(mm.verify_empty());
    }

    TEST_CASE("fractions") {
        MemoryManager mm(1000 * 4096, 4096);
        CHECK(mm.compute_number_of_pages(0.3) == 300);
        CHECK(mm.compute_memory_size(0.3) == 1228800);
        CHECK(outcome([&] { mm.compute_number_of_pages(0); }) ==
              "IllegalArgumentException: The fraction of memory to allocate should not be 0. Please make "
              "sure that all "
              "types of managed memory consumers contained in the job are configured with a non-negative "
              "weight via "
              "`taskmanager.memory.managed.consumer-weights`.");
        CHECK(outcome([&] { mm.compute_memory_size(1.5); }) ==
              "IllegalArgumentException: The fraction of memory to allocate must within (0, 1], was: 1.5.");
        CHECK(outcome([&] { mm.compute_memory_size(-0.25); }) ==
              "IllegalArgumentException: The fraction of memory to allocate must within (0, 1], was: -0.25.");
    }

    TEST_CASE("consumer weights to fractions, rounded down to 16 digits") {
        CHECK(fraction_rounded_down(70, 100) == 0.7);
        CHECK(fraction_rounded_down(1, 3) == 0.3333333333333333);
        CHECK(fraction_rounded_down(2, 3) == 0.6666666666666666);  // not ...67
        const ConsumerWeights weights{
            {ManagedUseCase::Operator, 70}, {ManagedUseCase::StateBackend, 70}, {ManagedUseCase::Python, 30}};
        ManagedDeclaration rocks;
        rocks.slot_scope = {ManagedUseCase::StateBackend};
        ManagedDeclaration python;
        python.slot_scope = {ManagedUseCase::Python};
        ManagedDeclaration sort;
        sort.operator_scope[ManagedUseCase::Operator] = 64;
        ManagedDeclaration join;
        join.operator_scope[ManagedUseCase::Operator] = 192;
        // RocksDB alone: 1.0; with Python: 70/100 and 30/100.
        CHECK(operator_fractions(rocks, {rocks}, weights, true).at(ManagedUseCase::StateBackend) == 1.0);
        CHECK(operator_fractions(rocks, {rocks, python}, weights, true).at(ManagedUseCase::StateBackend) ==
              0.7);
        CHECK(operator_fractions(python, {rocks, python}, weights, true).at(ManagedUseCase::Python) == 0.3);
        // Without managed RocksDB the state backend takes nothing and does not count.
        CHECK(operator_fractions(rocks, {rocks, python}, weights, false).at(ManagedUseCase::StateBackend) ==
              0.0);
        CHECK(operator_fractions(python, {rocks, python}, weights, false).at(ManagedUseCase::Python) == 1.0);
        // Two batch operators share OPERATOR by their weights: 64/256 and 192/256, times 70/140.
        CHECK(operator_fractions(sort, {sort, join, rocks}, weights, true).at(ManagedUseCase::Operator) ==
              0.25 * 0.5);
        CHECK(operator_fractions(join, {sort, join, rocks}, weights, true).at(ManagedUseCase::Operator) ==
              0.75 * 0.5);
        // A weight of 0 gives the 0 fraction the MemoryManager refuses.
        CHECK(operator_fractions(sort, {sort}, {{ManagedUseCase::Operator, 0}}, false)
                  .at(ManagedUseCase::Operator) == 0.0);
    }

    TEST_CASE("consumer weights from the configuration") {
        CHECK(read_settings(config_of({}), kDefaultFlinkVersion).consumer_weights ==
              ConsumerWeights{{ManagedUseCase::Operator, 70},
                              {ManagedUseCase::StateBackend, 70},
                              {ManagedUseCase::Python, 30}});
        // DATAPROC is the fallback name of OPERATOR and STATE_BACKEND; unknown names are ignored.
        CHECK(read_settings(
                  config_of({{"taskmanager.memory.managed.consumer-weights", "DATAPROC:5,PYTHON:1,GPU:3"}}),
                  kDefaultFlinkVersion)
                  .consumer_weights == ConsumerWeights{{ManagedUseCase::Operator, 5},
                                                       {ManagedUseCase::StateBackend, 5},
                                                       {ManagedUseCase::Python, 1}});
        CHECK(
            outcome([] {
                read_settings(config_of({{"taskmanager.memory.managed.consumer-weights", "OPERATOR:-1"}}),
                              kDefaultFlinkVersion);
            }) ==
            "IllegalConfigurationException: Managed memory weight should not be negative. Configured weight "
            "for OPERATOR is -1.");
        CHECK(outcome([] {
                  read_settings(config_of({{"taskmanager.memory.managed.consumer-weights", "OPERATOR"}}),
                                kDefaultFlinkVersion);
              }) ==
              "IllegalArgumentException: Could not parse value 'OPERATOR' for key "
              "'taskmanager.memory.managed.consumer-weights'. <- IllegalArgumentException: Map item is not a "
              "key-value pair (missing ':'?)");
    }

    TEST_CASE("RocksDB: sizes and validation") {
        RocksDbMemorySettings s;
        const RocksDbMemory m = rocksdb_memory(s, 1LL << 30);
        CHECK(m.kind == RocksDbMemoryKind::SlotSharedManaged);
        CHECK(m.block_cache_bytes == 894784853);
        CHECK(m.write_buffer_bytes == 357913941);
        s.fixed_per_slot = 300LL << 20;
        CHECK(rocksdb_memory(s, 1LL << 30).kind == RocksDbMemoryKind::SlotSharedUnmanaged);
        CHECK(rocksdb_memory(s, 1LL << 30).shared_bytes == 300LL << 20);
        s.fixed_per_slot = 0;
        CHECK(violation_of(s) == "IllegalArgumentException: Total memory per slot must be > 0");
        s.fixed_per_slot.reset();
        s.write_buffer_ratio = 1.0;
        CHECK(violation_of(s) == "IllegalArgumentException: Write Buffer ratio 1.0 must be in (0, 1)");
        s.write_buffer_ratio = 0.5;
        s.high_priority_pool_ratio = 0.0;
        CHECK(violation_of(s) == "IllegalArgumentException: High priority pool ratio 0.0 must be in (0, 1)");
        s.write_buffer_ratio = 0.9;
        s.high_priority_pool_ratio = 0.5;
        CHECK(violation_of(s) ==
              "IllegalArgumentException: Invalid configuration: writeBufferRatio 0.9 with highPriPoolRatio "
              "0.5");
        const auto settings = read_settings(config_of({{"state.backend.type", "rocksdb"},
                                                       {"state.backend.rocksdb.memory.fixed-per-tm", "1g"},
                                                       {"state.backend.rocksdb.memory.managed", "false"}}),
                                            kDefaultFlinkVersion);
        CHECK(settings.rocksdb);
        CHECK(rocksdb_memory(settings.rocksdb_memory, std::nullopt).kind ==
              RocksDbMemoryKind::TaskManagerSharedUnmanaged);
        CHECK(outcome([] {
                  read_settings(config_of({{"state.backend", "RocksDB"},
                                           {"state.backend.rocksdb.memory.write-buffer-ratio", "0.9"},
                                           {"state.backend.rocksdb.memory.high-prio-pool-ratio", "0.5"}}),
                                kDefaultFlinkVersion);
              }) ==
              "IllegalArgumentException: Invalid configuration: writeBufferRatio 0.9 with highPriPoolRatio "
              "0.5");
    }

    TEST_CASE("RocksDB: the broken rule names its own key") {
        const auto key_blamed = [](std::initializer_list<std::pair<const char*, const char*>> entries) {
            try {
                read_settings(config_of(entries), kDefaultFlinkVersion);
            } catch (const Error& e) {
                return e.context() ? e.context()->key : std::string("no key");
            }
            return std::string("accepted");
        };
        CHECK(key_blamed({{"state.backend.type", "rocksdb"},
                          {"state.backend.rocksdb.memory.fixed-per-slot", "0"}}) ==
              "state.backend.rocksdb.memory.fixed-per-slot");
        CHECK(key_blamed({{"state.backend.type", "rocksdb"},
                          {"state.backend.rocksdb.memory.high-prio-pool-ratio", "0.0"}}) ==
              "state.backend.rocksdb.memory.high-prio-pool-ratio");
        CHECK(key_blamed({{"state.backend.type", "rocksdb"},
                          {"state.backend.rocksdb.memory.write-buffer-ratio", "1.5"}}) ==
              "state.backend.rocksdb.memory.write-buffer-ratio");
    }

    TEST_CASE("network and page settings") {
        CHECK(
            outcome([] {
                read_settings(config_of({{"taskmanager.memory.segment-size", "2kb"}}), kDefaultFlinkVersion);
            }) ==
            "IllegalConfigurationException: Invalid configuration value for taskmanager.memory.segment-size "
            ": 2048 - "
            "Minimum memory segment size is 4096");
        CHECK(
            outcome([] {
                read_settings(config_of({{"taskmanager.memory.segment-size", "48kb"}}), kDefaultFlinkVersion);
            }) ==
            "IllegalConfigurationException: Invalid configuration value for taskmanager.memory.segment-size "
            ": 49152 - "
            "Memory segment size must be a power of 2.");
        CHECK(outcome([] {
                  read_settings(config_of({{"taskmanager.numberOfTaskSlots", "0"}}), kDefaultFlinkVersion);
              }) == "IllegalConfigurationException: Number of task slots must be at least one.");
        CHECK(read_settings(config_of({{"taskmanager.numberOfTaskSlots", "-1"}}), kDefaultFlinkVersion)
                  .num_slots == 1);
        CHECK(outcome([] {
                  read_settings(config_of({{"taskmanager.network.memory.floating-buffers-per-gate", "0"}}),
                                kDefaultFlinkVersion);
              }) ==
              "IllegalArgumentException: The configured floating buffer should be at least 1, please "
              "increase the "
              "value of taskmanager.network.memory.floating-buffers-per-gate.");
        CHECK(outcome([] {
                  read_settings(config_of({{"taskmanager.network.memory.buffers-per-channel", "-1"}}),
                                kDefaultFlinkVersion);
              }) == "IllegalArgumentException: Must be non-negative.");
        CHECK(outcome([] {
                  read_settings(
                      config_of({{"taskmanager.network.memory.read-buffer.required-per-gate.max", "0"}}),
                      kDefaultFlinkVersion);
              }) ==
              "IllegalArgumentException: At least one buffer is required for each gate, please increase the "
              "value "
              "of taskmanager.network.memory.read-buffer.required-per-gate.max.");
        CHECK(outcome([] {
                  read_settings(config_of({{"taskmanager.network.sort-shuffle.min-buffers", "many"}}),
                                kDefaultFlinkVersion);
              }) ==
              "IllegalArgumentException: Could not parse value 'many' for key "
              "'taskmanager.network.sort-shuffle.min-buffers'. <- NumberFormatException: For input string: "
              "\"many\"");
        // 2.0 fixes buffers-per-channel at 2 and raises the overdraft default to 20.
        const auto v2 = read_settings(config_of({{"taskmanager.network.memory.buffers-per-channel", "7"}}),
                                      FlinkVersion{2, 0});
        CHECK(v2.network.buffers_per_channel == 2);
        CHECK(v2.network.max_overdraft_buffers_per_gate == 20);
    }
}
