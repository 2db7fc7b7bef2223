// Flink's configuration options as data. One table (data/flink/options.tsv) holds every option
// flinkmem knows with its type, per-release defaults, the releases that have it and its deprecated
// keys; the build turns it into OptionId and the rows behind OptionCatalog. A catalog is the view
// of one Flink release: the options that exist there, with that release's defaults.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flinkmem/config/option_ids.hpp"  // generated
#include "flinkmem/flink_version.hpp"

namespace flinkmem {

enum class OptionType { MemorySize, Float, Double, Integer, Long, Boolean, StringList, Duration, Map, String };

// Who reads an option: a derivation rule, the simulator, or nobody (a valid key, not a typo).
enum class OptionUse { Rule, Simulator, Known };

struct FallbackKey {
    std::string_view key;
    bool deprecated;
};

struct OptionSpec {
    OptionId id;
    std::string_view key;
    OptionType type;
    // The default as Flink declares it, written the way a user would; absent when Flink has none.
    std::optional<std::string_view> default_value;
    // How ConfigOption.toString() prints that default ("0.4", "128 mb", "null").
    std::string_view default_display;
    std::span<const FallbackKey> fallback_keys;
    OptionUse use = OptionUse::Known;
    std::string_view description;
};

// ConfigOption.toString(): "Key: 'k' , default: d (fallback keys: [{key=x, isDeprecated=true}])".
std::string describe(const OptionSpec& option);

class OptionCatalog {
public:
    // The options of `version`: every table row whose release range holds it.
    explicit OptionCatalog(FlinkVersion version);

    FlinkVersion version() const { return version_; }

    // The option, or nullptr when this release does not have it.
    const OptionSpec* find(OptionId id) const;
    // The option whose key or fallback key is `key`, if this release has one.
    const OptionSpec* find(std::string_view key) const;
    // An option the caller knows this release has (a rule of that release); a missing one is a
    // bug in the rule table and throws std::logic_error.
    const OptionSpec& operator[](OptionId id) const;

    std::span<const OptionSpec> all() const { return options_; }

private:
    FlinkVersion version_;
    std::vector<OptionSpec> options_;
    std::array<int, kOptionIdCount> index_{};  // position in options_, or -1
    // Every key and fallback key, sorted, with the position of the first option that has it: a
    // lookup per configuration entry stays O(log n) however many keys the table lists.
    std::vector<std::pair<std::string_view, int>> by_key_;
};

// "external-resource.<name>.amount" (ExternalResourceOptions.getAmountConfigOptionForResource).
std::string external_resource_amount_key(std::string_view resource_name);

}  // namespace flinkmem
