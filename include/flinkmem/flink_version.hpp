// A Flink release line ("1.20", "2.0"): the one value that picks which option table and which
// rules answer a request.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace flinkmem {

struct FlinkVersion {
    int major = 1;
    int minor = 20;

    // "1.20", "1.20.1", "v1_20" (a FlinkDeployment's spec.flinkVersion), "flink:1.19-scala_2.12"
    // style tags are not handled here (see readers). Patch levels are dropped: the memory rules
    // are the same within a release line.
    static std::optional<FlinkVersion> parse(std::string_view text);

    std::string to_string() const;  // "1.20"

    friend constexpr bool operator==(FlinkVersion, FlinkVersion) = default;
    friend constexpr auto operator<=>(FlinkVersion, FlinkVersion) = default;
};

// What flinkmem answers for when nobody says which Flink runs.
inline constexpr FlinkVersion kDefaultFlinkVersion{1, 20};

}  // namespace flinkmem
