// Flink's configuration options as data. One table (data/flink/options.tsv) holds every option
// flinkmem knows with its type, per-release defaults, the releases that have it and its deprecated
// keys; the build turns it into OptionId and the rows behind OptionCatalog. A catalog is the view
// of one Flink release: the options that exist there, with that release's defaults.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "flinkmem/config/option_ids.hpp"  // generated
#include "flinkmem/flink_version.hpp"

namespace flinkmem {

enum class OptionType {
    MemorySize,
    Float,
    Double,
    Integer,
    Long,
    Boolean,
    StringList,
    Duration,
    Map,
    String,
    Enum
};

// Who reads an option: a derivation rule, the simulator, or nobody (a valid key, not a typo).
// A Pattern is a family of keys Flink accepts ("metrics.reporter.<name>.*"), not one option.
enum class OptionUse { Rule, Simulator, Known, Pattern };

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
    // An Enum option's constants, comma-separated, as Flink names them ("" for other types).
    std::string_view enum_values = {};
};

// Where the table has a key that a release lacks: the releases around it that have it.
struct KeyElsewhere {
    std::optional<FlinkVersion> last_before;  // newest earlier release with the key
    std::optional<FlinkVersion> first_after;  // oldest later release with the key
    // In last_before, the option whose deprecated or fallback key it was ("" when it was a key).
    std::string_view successor;
};

class KeySuggestions;

// ConfigOption.toString(): "Key: 'k' , default: d (fallback keys: [{key=x, isDeprecated=true}])".
std::string describe(const OptionSpec& option);

class OptionCatalog {
public:
    // The options of `version`: every table row whose release range holds it.
    explicit OptionCatalog(FlinkVersion version);

    FlinkVersion version() const { return version_; }

    // The option, or nullptr when this release does not have it.
    const OptionSpec* find(OptionId id) const;
    // The option whose key or fallback key is `key`, if this release has one (a hash lookup).
    const OptionSpec* find(std::string_view key) const;
    // The pattern row that accepts `key` ("metrics.reporter.prom.port"), or the Map option whose
    // entries it spells out ("pipeline.global-job-parameters.x": Configuration reads a Map option
    // from its prefixed keys too). Null when neither does.
    const OptionSpec* find_family(std::string_view key) const;
    // Flink reads `key` in this release: an option, a deprecated or fallback key, or a family.
    bool knows(std::string_view key) const { return find(key) != nullptr || find_family(key) != nullptr; }
    // False when `key` can be neither a key of any release nor one edit from one: its first
    // segment ("my" of "my.app.setting") is far from every first segment of the table. A few
    // small lookups; the rules ask it first about every key they do not know.
    bool may_be_flink_key(std::string_view key) const;
    // The key (or deprecated key) of this release one edit or one transposition of adjacent
    // characters away from `key`, comparing case-insensitively; a key differing only in case
    // first. Indexed (symmetric deletions), so an unknown key costs O(its length) lookups.
    std::optional<std::string_view> near_key(std::string_view key) const;
    // The closest key within `max_distance` edits among the keys sharing `key`'s first two
    // segments ("taskmanager.memory."), or the shortest such key that `key` + "." starts.
    std::optional<std::string_view> closest_in_namespace(std::string_view key,
                                                         std::size_t max_distance) const;
    // The releases of the whole table that have a key this release lacks; empty when none has.
    std::optional<KeyElsewhere> elsewhere(std::string_view key) const;
    // An option the caller knows this release has (a rule of that release); a missing one is a
    // bug in the rule table and throws std::logic_error.
    const OptionSpec& operator[](OptionId id) const;

    std::span<const OptionSpec> all() const { return options_; }

private:
    struct Pattern {
        std::string_view head;  // the literal text before the first placeholder
        const OptionSpec* option;
    };

    FlinkVersion version_;
    std::vector<OptionSpec> options_;
    std::array<int, kOptionIdCount> index_{};           // position in options_, or -1
    std::unordered_map<std::string_view, int> by_key_;  // keys, then deprecated/fallback keys
    std::vector<Pattern> patterns_;
    // The first segments of the patterns and map options: no other key is in a family.
    std::unordered_set<std::string_view> family_namespaces_;
    // Built once, on the first near_key() (most runs never need it); shared by copies.
    const KeySuggestions& suggestions() const;
    std::shared_ptr<struct LazySuggestions> suggestions_;
};

// Whether `key` is one of the keys `pattern` describes: "<x>" stands for one key segment (for
// the rest of the key in last place), a trailing ".*" for any non-empty rest.
bool key_matches_pattern(std::string_view pattern, std::string_view key);

// "external-resource.<name>.amount" (ExternalResourceOptions.getAmountConfigOptionForResource).
std::string external_resource_amount_key(std::string_view resource_name);

}  // namespace flinkmem
