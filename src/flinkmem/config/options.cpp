#include "flinkmem/config/options.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace flinkmem {

namespace {

struct OptionRow {
    OptionId id;
    std::string_view key;
    OptionType type;
    std::optional<std::string_view> default_value;
    std::string_view default_display;
    FlinkVersion since;
    FlinkVersion until;
    std::span<const FallbackKey> fallback_keys;
    OptionUse use;
    std::string_view description;
};

constexpr FlinkVersion kOpenEnded{999, 0};

#include "option_rows.inc"  // generated from data/flink/options.tsv

}  // namespace

std::string describe(const OptionSpec& option) {
    std::string fallbacks;
    for (const auto& fallback : option.fallback_keys) {
        if (!fallbacks.empty()) fallbacks += ", ";
        fallbacks += fmt::format("{{key={}, isDeprecated={}}}", fallback.key, fallback.deprecated);
    }
    return fmt::format("Key: '{}' , default: {} (fallback keys: [{}])", option.key,
                       option.default_display, fallbacks);
}

OptionCatalog::OptionCatalog(FlinkVersion version) : version_(version) {
    index_.fill(-1);
    for (const OptionRow& row : kOptionRows) {
        if (version < row.since || row.until < version) continue;
        index_[static_cast<std::size_t>(row.id)] = static_cast<int>(options_.size());
        options_.push_back({row.id, row.key, row.type, row.default_value, row.default_display,
                            row.fallback_keys, row.use, row.description});
    }
    for (std::size_t at = 0; at < options_.size(); ++at) {
        by_key_.emplace_back(options_[at].key, static_cast<int>(at));
        for (const auto& fallback : options_[at].fallback_keys) by_key_.emplace_back(fallback.key, static_cast<int>(at));
    }
    // Stable, so that of two options naming the same key the earlier one stays first.
    std::stable_sort(by_key_.begin(), by_key_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

const OptionSpec* OptionCatalog::find(OptionId id) const {
    const int at = index_[static_cast<std::size_t>(id)];
    return at < 0 ? nullptr : &options_[static_cast<std::size_t>(at)];
}

const OptionSpec* OptionCatalog::find(std::string_view key) const {
    const auto it = std::lower_bound(by_key_.begin(), by_key_.end(), key,
                                     [](const auto& entry, std::string_view wanted) { return entry.first < wanted; });
    if (it == by_key_.end() || it->first != key) return nullptr;
    return &options_[static_cast<std::size_t>(it->second)];
}

const OptionSpec& OptionCatalog::operator[](OptionId id) const {
    if (const OptionSpec* option = find(id)) return *option;
    throw std::logic_error(fmt::format("option #{} does not exist in Flink {}", static_cast<int>(id),
                                       version_.to_string()));
}

std::string external_resource_amount_key(std::string_view resource_name) {
    return fmt::format("external-resource.{}.amount", resource_name);
}

}  // namespace flinkmem
