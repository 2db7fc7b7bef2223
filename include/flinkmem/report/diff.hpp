// What changes between two resolutions of the same process (two configurations, or one with and
// without some -D changes, under one Flink version): every component in bytes and percent, the
// JVM flags, each dynamic config, the container figures, and an outcome that flips between
// success and failure.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "flinkmem/report/yaml.hpp"

namespace flinkmem::report {

struct Change {
    std::string
        what;  // "taskmanager.managed", "taskmanager.jvm_params", "taskmanager.container.memory_limit_mib"
    std::string before;  // "" when absent
    std::string after;
    std::optional<std::int64_t> delta;  // for sizes and counts
    std::string unit;                   // "bytes" for sizes
};

// Only the outcome when either side is rejected (the other side's figures do not exist).
std::vector<Change> diff_reports(const ProcessReport& before, const ProcessReport& after);

// One line per change: "taskmanager.managed: 536870920 -> 644245094 bytes (+107374174, +20.0%)".
void write_diff(std::ostream& out, const std::vector<Change>& changes);

// The `diff -o json` document: {"before": {"flink_version"}, "after": {"flink_version"},
// "changes": [{"what", "before", "after", "delta", "unit"}]} ("delta" and "unit" when known;
// "before"/"after" null when absent on that side).
void write_diff_json(std::ostream& out, const std::string& before_version, const std::string& after_version,
                     const std::vector<Change>& changes);

}  // namespace flinkmem::report
