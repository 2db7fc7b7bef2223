// Keys in Flink's memory namespaces that Flink does not know. Flink ignores them without a word,
// so a typo such as "taskmanager.memory.process-size" silently changes the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/config/options.hpp"

namespace flinkmem {

struct UnknownKey {
    std::string key;
    ConfigEntry entry;
    std::optional<std::string> suggestion;  // the closest known key, when one is close
};

// Unknown keys under taskmanager.memory., jobmanager.memory., taskmanager.network.memory.,
// taskmanager.heap. and jobmanager.heap., in key order.
// Unknown means: not an option (nor a deprecated key) of the catalog's release.
std::vector<UnknownKey> unknown_memory_keys(const Configuration& config, const OptionCatalog& catalog);

}  // namespace flinkmem
