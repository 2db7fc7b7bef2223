#include "flinkmem/tuning/solver.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::tuning {

namespace {

// Keys only: the same in every release these profiles are written for.

using KeySet = std::vector<SolvedKey>;

std::string bytes_value(MemorySize size) {
    return size_value(size);
}

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

struct Attempt {
    std::optional<TaskManagerMemory> memory;
    std::string error;
};

Attempt resolve_with(const Configuration& base, const KeySet& keys) {
    Configuration config = base;
    for (const auto& key : keys) config.set(key.key, key.value, Source::generated("flinkmem init"));
    const Document document = Document::of(std::move(config));
    const Resolution resolution = resolve({document, std::nullopt, ComponentChoice::TaskManager});
    const auto& outcome = *resolution.task_manager;
    if (!outcome.ok()) return {std::nullopt, outcome.error().message()};
    return {outcome.value().memory, {}};
}

bool reaches(const TaskManagerMemory& m, const MemoryTargets& targets) {
    return (!targets.managed || m.managed.size == *targets.managed) &&
           (!targets.network || m.network.size == *targets.network) &&
           (!targets.task_heap || m.task_heap.size == *targets.task_heap);
}

// The options for each component, fewest keys first; {} means "leave it to the derivation". A
// component without a target may be set to what the others leave of Total Flink Memory, so that a
// target that does not fit next to the defaults can still be reached.
std::vector<KeySet> options_for(const MemoryTargets& targets, const TaskManagerMemory& derived) {
    const std::int64_t fixed = derived.framework_heap.size.bytes() + derived.framework_off_heap.size.bytes() +
                               derived.task_off_heap.size.bytes();
    const std::int64_t flink = derived.total_flink.size.bytes();
    const std::int64_t heap = (targets.task_heap ? *targets.task_heap : derived.task_heap.size).bytes();
    const std::int64_t network_size = (targets.network ? *targets.network : derived.network.size).bytes();
    const std::int64_t managed_size = (targets.managed ? *targets.managed : derived.managed.size).bytes();

    std::vector<KeySet> managed{{}};
    if (targets.managed) {
        managed.push_back({{key_of(OptionId::ManagedSize), bytes_value(*targets.managed),
                            fmt::format("managed memory target {}", human(*targets.managed))}});
    } else if (const std::int64_t rest = flink - fixed - heap - network_size; rest >= 0) {
        managed.push_back({{key_of(OptionId::ManagedSize), bytes_value(MemorySize(rest)),
                            "managed memory takes what Total Flink Memory leaves next to the targets"}});
    }
    std::vector<KeySet> network{{}};
    if (targets.network) {
        const std::string value = bytes_value(*targets.network);
        const std::string why = fmt::format("network memory target {}", human(*targets.network));
        network.push_back({{key_of(OptionId::NetworkMax), value, why + " (caps the fraction)"}});
        network.push_back({{key_of(OptionId::NetworkMin), value, why + " (raises the fraction)"}});
        network.push_back(
            {{key_of(OptionId::NetworkMin), value, why}, {key_of(OptionId::NetworkMax), value, why}});
    } else if (const std::int64_t rest = flink - fixed - heap - managed_size; rest >= 0) {
        const std::string value = bytes_value(MemorySize(rest));
        const std::string why = "network memory takes what Total Flink Memory leaves next to the targets";
        network.push_back(
            {{key_of(OptionId::NetworkMin), value, why}, {key_of(OptionId::NetworkMax), value, why}});
    }
    std::vector<KeySet> task_heap{{}};
    if (targets.task_heap) {
        task_heap.push_back({{key_of(OptionId::TaskHeap), bytes_value(*targets.task_heap),
                              fmt::format("task heap target {}", human(*targets.task_heap))}});
    }
    std::vector<KeySet> candidates;
    for (const auto& t : task_heap) {
        for (const auto& m : managed) {
            for (const auto& n : network) {
                KeySet keys = t;
                keys.insert(keys.end(), m.begin(), m.end());
                keys.insert(keys.end(), n.begin(), n.end());
                candidates.push_back(std::move(keys));
            }
        }
    }
    // Last resort: share what the targets leave among the other components in the proportions the
    // derivation gave them; the task heap (or, with a task heap target, the network) is the remainder.
    const std::int64_t targeted = (targets.managed ? targets.managed->bytes() : 0) +
                                  (targets.network ? targets.network->bytes() : 0) +
                                  (targets.task_heap ? targets.task_heap->bytes() : 0);
    const std::int64_t left = flink - fixed - targeted;
    double weights = 0;
    if (!targets.managed) weights += static_cast<double>(derived.managed.size.bytes());
    if (!targets.network) weights += static_cast<double>(derived.network.size.bytes());
    if (!targets.task_heap) weights += static_cast<double>(derived.task_heap.size.bytes());
    if (left >= 0 && weights > 0) {
        const auto share = [&](MemorySize derived_size) {
            return MemorySize(static_cast<std::int64_t>(
                static_cast<double>(left) * (static_cast<double>(derived_size.bytes()) / weights)));
        };
        // With a task heap and managed memory both set Flink takes the fine-grained path and
        // derives the network from a fraction, so the network is pinned too (min = max).
        KeySet keys;
        if (targets.task_heap) keys.push_back(task_heap.back().front());
        const MemorySize managed_value = targets.managed ? *targets.managed : share(derived.managed.size);
        keys.push_back(targets.managed
                           ? managed.back().front()
                           : SolvedKey{key_of(OptionId::ManagedSize), bytes_value(managed_value),
                                       "managed memory keeps its share of what the targets leave"});
        if (targets.network) {
            const auto& both = network.back();
            keys.insert(keys.end(), both.begin(), both.end());
        } else {
            const std::int64_t network_value =
                targets.task_heap ? flink - fixed - targets.task_heap->bytes() - managed_value.bytes()
                                  : share(derived.network.size).bytes();
            if (network_value >= 0) {
                const std::string value = bytes_value(MemorySize(network_value));
                const std::string why = "network memory keeps its share of what the targets leave";
                keys.push_back({key_of(OptionId::NetworkMin), value, why});
                keys.push_back({key_of(OptionId::NetworkMax), value, why});
            }
        }
        candidates.push_back(std::move(keys));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const KeySet& a, const KeySet& b) { return a.size() < b.size(); });
    return candidates;
}

std::string describe_miss(const TaskManagerMemory& m, const MemoryTargets& targets) {
    std::vector<std::string> misses;
    if (targets.managed && m.managed.size != *targets.managed) {
        misses.push_back(
            fmt::format("managed {} instead of {}", human(m.managed.size), human(*targets.managed)));
    }
    if (targets.network && m.network.size != *targets.network) {
        misses.push_back(
            fmt::format("network {} instead of {}", human(m.network.size), human(*targets.network)));
    }
    if (targets.task_heap && m.task_heap.size != *targets.task_heap) {
        misses.push_back(
            fmt::format("task heap {} instead of {}", human(m.task_heap.size), human(*targets.task_heap)));
    }
    return fmt::format("{}", fmt::join(misses, ", "));
}

}  // namespace

std::string size_value(MemorySize size) {
    const std::int64_t bytes = size.bytes();
    if (bytes > 0 && bytes % (std::int64_t{1} << 30) == 0) return std::to_string(bytes >> 30) + "g";
    if (bytes > 0 && bytes % (std::int64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + "m";
    return std::to_string(bytes) + "b";
}

Solution solve_targets(const Configuration& base, const MemoryTargets& targets) {
    const Attempt derived = resolve_with(base, {});
    if (!derived.memory) {
        return {false, {}, "the configuration itself is rejected by Flink: " + derived.error};
    }
    std::string last_error;
    std::string last_miss;
    for (const auto& keys : options_for(targets, *derived.memory)) {
        const Attempt attempt = resolve_with(base, keys);
        if (attempt.memory && reaches(*attempt.memory, targets)) return {true, keys, {}};
        if (!attempt.memory) last_error = attempt.error;
        if (attempt.memory) last_miss = describe_miss(*attempt.memory, targets);
    }
    const auto& m = *derived.memory;
    std::string why = fmt::format(
        "no set of taskmanager.memory.{{managed.size, network.min/max, task.heap.size}} reaches the targets "
        "within Total Flink Memory {} (framework heap {}, framework off-heap {}, task off-heap {} are fixed)",
        human(m.total_flink.size), human(m.framework_heap.size), human(m.framework_off_heap.size),
        human(m.task_off_heap.size));
    if (!last_error.empty()) why += "; Flink says: " + last_error;
    if (!last_miss.empty()) why += "; closest: " + last_miss;
    return {false, {}, why};
}

std::optional<MemorySize> total_flink_for_process(const Configuration& base, MemorySize process) {
    // Total Process Memory never decreases as Total Flink Memory grows, so bisect for the smallest
    // Total Flink Memory whose process is at least `process`, then check it is exactly that.
    const auto process_of = [&](std::int64_t flink) -> std::optional<std::int64_t> {
        const Attempt attempt =
            resolve_with(base, {{key_of(OptionId::TaskManagerFlinkSize), std::to_string(flink) + "b", ""}});
        if (!attempt.memory) return std::nullopt;
        return attempt.memory->total_process.size.bytes();
    };
    std::int64_t low = 0;
    std::int64_t high = process.bytes();
    if (!process_of(high) || *process_of(high) < process.bytes()) return std::nullopt;
    while (low < high) {
        const std::int64_t middle = low + (high - low) / 2;
        const auto got = process_of(middle);
        if (got && *got >= process.bytes()) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    const auto got = process_of(low);
    if (got && *got == process.bytes()) return MemorySize(low);
    return std::nullopt;
}

}  // namespace flinkmem::tuning
