// `flinkmem init`: a configuration file for a profile, sized to a memory budget, with a comment
// above every line saying why. The result is checked with Flink's own rules before it is returned:
// it resolves, and the TaskManager's Total Process Memory is the budget.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/tuning/profiles.hpp"
#include "flinkmem/tuning/solver.hpp"

namespace flinkmem::tuning {

// config.yaml (Flink 1.19+), the legacy flink-conf.yaml, or a flink-kubernetes-operator FlinkDeployment.
enum class ConfigFormat { ConfigYaml, FlinkConfYaml, FlinkDeployment };

std::optional<ConfigFormat> parse_format(
    std::string_view name);  // "config.yaml", "flink-conf.yaml", "flinkdeployment"
std::string_view name_of(ConfigFormat format);

struct InitRequest {
    const Profile* profile = nullptr;
    MemorySize memory;  // the TaskManager's container / process budget
    int slots = 1;
    std::optional<ConfigFormat> format;  // default: flinkdeployment for the operator, else config.yaml
    MemoryTargets targets;
    FlinkVersion version = kDefaultFlinkVersion;
};

struct GeneratedConfiguration {
    ConfigFormat format = ConfigFormat::ConfigYaml;
    std::string text;               // the file
    Configuration config;           // what Flink reads from it (the operator's resource fields mapped)
    std::vector<SolvedKey> solved;  // keys the inverse solver added for the targets
};

// Throws flinkmem::Error when the budget cannot hold a TaskManager (Flink's message), when a target
// cannot be reached (the solver's reason), or for bad arguments (slots < 1).
GeneratedConfiguration generate_configuration(const InitRequest& request);

}  // namespace flinkmem::tuning
