#include "flinkmem/lint/unknown_keys.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "flinkmem/suggest.hpp"


namespace flinkmem {

namespace {

constexpr std::array<std::string_view, 5> kMemoryPrefixes{
    "taskmanager.memory.", "jobmanager.memory.", "taskmanager.network.memory.", "taskmanager.heap.",
    "jobmanager.heap."};

// Every key the release knows: its options and their deprecated keys.
std::vector<std::string_view> known_keys(const OptionCatalog& catalog) {
    std::vector<std::string_view> keys;
    for (const OptionSpec& option : catalog.all()) {
        keys.push_back(option.key);
        for (const auto& fallback : option.fallback_keys) keys.push_back(fallback.key);
    }
    return keys;
}


// A key missing its last part ("jobmanager.memory.heap") completes to the shortest known key it
// starts; otherwise the closest known key within three edits, if any.
std::optional<std::string> suggest(const std::string& key, const std::vector<std::string_view>& known) {
    std::optional<std::string_view> best;
    for (std::string_view candidate : known) {
        if (candidate.starts_with(key + ".") && (!best || candidate.size() < best->size())) best = candidate;
    }
    if (best) return std::string(*best);
    std::size_t best_distance = 4;
    for (std::string_view candidate : known) {
        const std::size_t distance = edit_distance(key, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    if (!best) return std::nullopt;
    return std::string(*best);
}

}  // namespace

std::vector<UnknownKey> unknown_memory_keys(const Configuration& config, const OptionCatalog& catalog) {
    const std::vector<std::string_view> known = known_keys(catalog);
    std::vector<UnknownKey> unknown;
    for (const auto& [key, entry] : config.entries()) {
        const std::string& name = key;  // clang 14 cannot capture structured bindings
        const bool in_memory_namespace =
            std::any_of(kMemoryPrefixes.begin(), kMemoryPrefixes.end(),
                        [&name](std::string_view prefix) { return name.starts_with(prefix); });
        if (!in_memory_namespace || std::find(known.begin(), known.end(), key) != known.end()) {
            continue;
        }
        unknown.push_back({key, entry, suggest(key, known)});
    }
    return unknown;
}

}  // namespace flinkmem
