#include <doctest/doctest.h>

#include <random>
#include <string>

#include "flinkmem/deploy/process.hpp"
#include "flinkmem/tuning/solver.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::tuning;
using flinkmem::test::config_of;

namespace {

std::optional<TaskManagerMemory> resolve(const Configuration& config) {
    try {
        return *test::process(config, Component::TaskManager).task_manager();
    } catch (const Error&) {
        return std::nullopt;
    }
}

Configuration with(Configuration config, const std::vector<SolvedKey>& keys) {
    for (const auto& key : keys) config.set(key.key, key.value, Source::dynamic_property());
    return config;
}

}  // namespace

TEST_SUITE("tuning_solver") {
    TEST_CASE("targets the derivation already gives need no key") {
        const auto base = config_of({{"taskmanager.memory.process.size", "1728m"}});
        const auto solution =
            solve_targets(base, {MemorySize(536870920), MemorySize(134217730), std::nullopt});
        CHECK(solution.solved);
        CHECK(solution.keys.empty());
    }

    TEST_CASE("one key where one key does it") {
        const auto base = config_of({{"taskmanager.memory.process.size", "4g"}});
        const auto managed = solve_targets(base, {MemorySize::parse("1g"), std::nullopt, std::nullopt});
        REQUIRE(managed.solved);
        REQUIRE(managed.keys.size() == 1);
        CHECK(managed.keys[0].key == "taskmanager.memory.managed.size");
        CHECK(managed.keys[0].value == "1g");
        // The default fraction gives ~358 MiB of network; 256m caps it with network.max alone.
        const auto network = solve_targets(base, {std::nullopt, MemorySize::parse("256m"), std::nullopt});
        REQUIRE(network.solved);
        REQUIRE(network.keys.size() == 1);
        CHECK(network.keys[0].key == "taskmanager.memory.network.max");
        const auto raised = solve_targets(base, {std::nullopt, MemorySize::parse("1g"), std::nullopt});
        REQUIRE(raised.solved);
        REQUIRE(raised.keys.size() == 1);
        CHECK(raised.keys[0].key == "taskmanager.memory.network.min");
    }

    TEST_CASE("targets that cannot fit say why") {
        const auto base = config_of({{"taskmanager.memory.process.size", "2g"}});
        const auto solution =
            solve_targets(base, {MemorySize::parse("1g"), MemorySize::parse("1g"), std::nullopt});
        CHECK_FALSE(solution.solved);
        CHECK(
            solution.why_not.starts_with("no set of taskmanager.memory.{managed.size, network.min/max, "
                                         "task.heap.size} reaches the targets "
                                         "within Total Flink Memory 1.550gb (1664299824 bytes)"));
        CHECK(
            solution.why_not.find("Flink says: TaskManager memory configuration failed: Sum of configured") !=
            std::string::npos);
        const auto broken = solve_targets(config_of({{"taskmanager.memory.process.size", "100m"}}),
                                          {MemorySize::parse("1m"), std::nullopt, std::nullopt});
        CHECK_FALSE(broken.solved);
        CHECK(broken.why_not.starts_with("the configuration itself is rejected by Flink: "));
    }

    TEST_CASE("round trip: the solved keys reproduce thousands of reachable targets exactly") {
        // Targets are what random explicit configurations resolve to, so each one is reachable.
        std::mt19937_64 random(20261125);
        const auto pick = [&](std::int64_t low, std::int64_t high) {
            return std::uniform_int_distribution<std::int64_t>(low, high)(random);
        };
        int checked = 0;
        int fewer_keys = 0;
        for (int i = 0; i < 4000; ++i) {
            const std::int64_t process =
                pick(1024, 65536) << 20 | (pick(0, 3) == 0 ? pick(0, (1 << 20) - 1) : 0);
            Configuration base;
            base.set("taskmanager.memory.process.size", std::to_string(process) + "b",
                     Source::dynamic_property());
            if (pick(0, 3) == 0)
                base.set("taskmanager.numberOfTaskSlots", std::to_string(pick(1, 16)),
                         Source::dynamic_property());
            const auto derived = resolve(base);
            if (!derived) continue;
            const std::int64_t flink = derived->total_flink.size.bytes();
            Configuration truth = base;
            int truth_keys = 0;
            const bool set_managed = pick(0, 1) == 1;
            const bool set_network = pick(0, 1) == 1;
            const bool set_heap = pick(0, 2) == 0;
            if (set_managed) {
                truth.set("taskmanager.memory.managed.size", std::to_string(pick(0, flink / 2)) + "b",
                          Source::dynamic_property());
                ++truth_keys;
            }
            if (set_network) {
                const std::string n = std::to_string(pick(64LL << 20, flink / 4)) + "b";
                truth.set("taskmanager.memory.network.min", n, Source::dynamic_property());
                truth.set("taskmanager.memory.network.max", n, Source::dynamic_property());
                truth_keys += 2;
            }
            if (set_heap) {
                truth.set("taskmanager.memory.task.heap.size", std::to_string(pick(1, flink / 3)) + "b",
                          Source::dynamic_property());
                ++truth_keys;
            }
            const auto achieved = resolve(truth);
            if (!achieved) continue;
            MemoryTargets targets;
            const int which = static_cast<int>(pick(1, 7));
            if (which & 1) targets.managed = achieved->managed.size;
            if (which & 2) targets.network = achieved->network.size;
            if (which & 4) targets.task_heap = achieved->task_heap.size;
            const Solution solution = solve_targets(base, targets);
            INFO("process " << process << " targets " << which << ": " << solution.why_not);
            REQUIRE(solution.solved);
            const auto got = resolve(with(base, solution.keys));
            REQUIRE(got);
            if (targets.managed) CHECK(got->managed.size == *targets.managed);
            if (targets.network) CHECK(got->network.size == *targets.network);
            if (targets.task_heap) CHECK(got->task_heap.size == *targets.task_heap);
            // The truth is one answer; the solver's is never larger when it may use the same keys.
            if (which == 7) CHECK(static_cast<int>(solution.keys.size()) <= truth_keys);
            if (static_cast<int>(solution.keys.size()) < truth_keys) ++fewer_keys;
            ++checked;
        }
        MESSAGE("round trips checked: " << checked << ", solved with fewer keys than the generator used: "
                                        << fewer_keys);
        CHECK(checked >= 2500);
    }

    TEST_CASE("Total Flink Memory for an exact process size") {
        const auto flink = total_flink_for_process(Configuration{}, MemorySize::parse("1728m"));
        REQUIRE(flink);
        CHECK(flink->bytes() == 1342177280);
        std::mt19937_64 random(7);
        int exact = 0;
        int none = 0;
        for (int i = 0; i < 300; ++i) {
            const MemorySize process(
                std::uniform_int_distribution<std::int64_t>(1LL << 30, 64LL << 30)(random));
            const auto found = total_flink_for_process(Configuration{}, process);
            if (!found) {
                ++none;
                continue;
            }
            Configuration config;
            config.set("taskmanager.memory.flink.size", std::to_string(found->bytes()) + "b",
                       Source::dynamic_property());
            CHECK(resolve(config)->total_process.size == process);
            ++exact;
        }
        MESSAGE("exact Total Flink Memory found for "
                << exact << " of 300 random process sizes; none exists for " << none);
        CHECK(exact > 200);
    }

    TEST_CASE("size_value") {
        CHECK(size_value(MemorySize::parse("4g")) == "4g");
        CHECK(size_value(MemorySize::parse("1728m")) == "1728m");
        CHECK(size_value(MemorySize(1000000000)) == "1000000000b");
        CHECK(size_value(MemorySize(0)) == "0b");
    }
}
