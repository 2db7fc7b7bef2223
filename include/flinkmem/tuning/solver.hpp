// The inverse of the derivation: which explicit TaskManager keys produce the managed, network and
// task heap sizes someone wants, on top of a base configuration (a profile with its process or
// Total Flink Memory). Candidates are checked by running Flink's own rules (the resolver), so an
// answer is never approximate: the keys reproduce every target to the byte, or the solver says why
// no small set of keys can.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/memory_size.hpp"

namespace flinkmem::tuning {

struct MemoryTargets {
    std::optional<MemorySize> managed;
    std::optional<MemorySize> network;
    std::optional<MemorySize> task_heap;

    bool empty() const { return !managed && !network && !task_heap; }
};

struct SolvedKey {
    std::string key;
    std::string value;  // as written to the configuration, in bytes ("536870920b")
    std::string why;    // one line for the generated file's comment
};

struct Solution {
    bool solved = false;
    std::vector<SolvedKey> keys;  // fewest keys first; empty when the base already gives the targets
    std::string why_not;          // when not solved: Flink's objection, or which sizes cannot add up
};

// The size as a user writes it: "4g", "1728m", or "1000000000b".
std::string size_value(MemorySize size);

// Tries key sets in order of size (0, 1, 2, ... keys) and returns the first that resolves to all
// targets exactly. Throws nothing for unreachable targets (they are a Solution with why_not).
Solution solve_targets(const Configuration& base, const MemoryTargets& targets);

// The Total Flink Memory (taskmanager.memory.flink.size) whose derived Total Process Memory is
// exactly `process`, given the rest of `base`; empty if the overhead fraction's rounding skips it
// or Flink rejects every candidate.
std::optional<MemorySize> total_flink_for_process(const Configuration& base, MemorySize process);

}  // namespace flinkmem::tuning
