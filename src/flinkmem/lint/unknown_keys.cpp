#include "flinkmem/lint/unknown_keys.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace flinkmem {

namespace {

constexpr std::array<std::string_view, 5> kMemoryPrefixes{"taskmanager.memory.", "jobmanager.memory.",
                                                          "taskmanager.network.memory.", "taskmanager.heap.",
                                                          "jobmanager.heap."};

// Edits a memory key may be away from its suggestion: the memory namespaces are small and a
// wrong size there silently changes the result, so they get the wider net.
constexpr std::size_t kMemorySuggestionDistance = 3;

}  // namespace

bool in_memory_namespace(std::string_view key) {
    return std::any_of(kMemoryPrefixes.begin(), kMemoryPrefixes.end(),
                       [key](std::string_view prefix) { return key.starts_with(prefix); });
}

std::optional<std::string> suggest_key(std::string_view key, const OptionCatalog& catalog) {
    if (const auto near = catalog.near_key(key)) return std::string(*near);
    if (!in_memory_namespace(key)) return std::nullopt;
    if (const auto closest = catalog.closest_in_namespace(key, kMemorySuggestionDistance)) {
        return std::string(*closest);
    }
    return std::nullopt;
}

std::vector<UnknownKey> unknown_memory_keys(const Configuration& config, const OptionCatalog& catalog) {
    std::vector<UnknownKey> unknown;
    for (const auto& [key, entry] : config.entries()) {
        if (!in_memory_namespace(key) || catalog.knows(key)) continue;
        unknown.push_back({key, entry, suggest_key(key, catalog)});
    }
    return unknown;
}

}  // namespace flinkmem
