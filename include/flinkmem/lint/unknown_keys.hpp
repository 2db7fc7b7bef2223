// Keys that Flink does not know. Flink ignores them without a word, so a typo such as
// "taskmanager.memory.process-size" or "paralelism.default" silently changes the result.
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
// Unknown means: not an option, a deprecated key nor a key family of the catalog's release.
std::vector<UnknownKey> unknown_memory_keys(const Configuration& config, const OptionCatalog& catalog);

// Whether `key` lies in one of those memory namespaces.
bool in_memory_namespace(std::string_view key);

// The key meant by an unknown `key`: a key of the release one edit or transposition away
// (case-insensitively), or, in the memory namespaces, the closest key within three edits of the
// same namespace or the key it starts ("jobmanager.memory.heap" -> ".heap.size"). Indexed: no
// scan of the catalog per key.
std::optional<std::string> suggest_key(std::string_view key, const OptionCatalog& catalog);

}  // namespace flinkmem
