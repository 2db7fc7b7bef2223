#include "flinkmem/config/options.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>

#include "flinkmem/suggest.hpp"

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
    std::string_view enum_values;
};

constexpr FlinkVersion kOpenEnded{999, 0};

#include "option_rows.inc"  // generated from data/flink/options.tsv

// Polynomial string hashes that compose: H(a + b) = H(a) * B^|b| + H(b), so the hash of a string
// without its i-th character costs O(1) from prefix and suffix hashes.
constexpr std::uint64_t kBase = 1000003;

std::uint64_t mix(std::uint64_t h) {  // splitmix64's finaliser: spreads the bits for the table
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The hash of `text` and of `text` without each one of its characters (case-insensitive).
// This runs once per unknown key: the work buffers are kept per thread, not allocated per call
// (so `visit` must not call deletion_hashes itself).
template <typename Visit>
void deletion_hashes(std::string_view text, Visit visit) {
    const std::size_t n = text.size();
    thread_local std::vector<std::uint64_t> prefix;
    thread_local std::vector<std::uint64_t> suffix;
    thread_local std::vector<std::uint64_t> power;
    if (prefix.size() < n + 1) {
        prefix.resize(n + 1);
        suffix.resize(n + 1);
        power.resize(n + 1);
    }
    prefix[0] = 0;
    power[0] = 1;
    suffix[n] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        prefix[i + 1] = prefix[i] * kBase + static_cast<unsigned char>(lower(text[i]));
        power[i + 1] = power[i] * kBase;
    }
    for (std::size_t i = n; i-- > 0;) {
        suffix[i] = static_cast<unsigned char>(lower(text[i])) * power[n - 1 - i] + suffix[i + 1];
    }
    visit(mix(prefix[n]));
    for (std::size_t i = 0; i < n; ++i) visit(mix(prefix[i] * power[n - 1 - i] + suffix[i + 1]));
}

// Case-insensitive optimal string alignment distance of at most one: equal, one character
// inserted, deleted or replaced, or two adjacent characters swapped.
bool within_one_edit(std::string_view a, std::string_view b) {
    if (a.size() < b.size()) std::swap(a, b);
    if (a.size() - b.size() > 1) return false;
    std::size_t i = 0;
    while (i < b.size() && lower(a[i]) == lower(b[i])) ++i;
    if (i == b.size()) return true;
    const auto rest_equal = [](std::string_view x, std::string_view y) {
        return x.size() == y.size() &&
               std::equal(x.begin(), x.end(), y.begin(), [](char p, char q) { return lower(p) == lower(q); });
    };
    if (a.size() != b.size()) return rest_equal(a.substr(i + 1), b.substr(i));
    if (rest_equal(a.substr(i + 1), b.substr(i + 1))) return true;
    return i + 1 < a.size() && lower(a[i]) == lower(b[i + 1]) && lower(a[i + 1]) == lower(b[i]) &&
           rest_equal(a.substr(i + 2), b.substr(i + 2));
}

// "taskmanager.memory" of "taskmanager.memory.process.size" (the whole key when shorter).
std::string_view namespace_of(std::string_view key) {
    const std::size_t first = key.find('.');
    if (first == std::string_view::npos) return key;
    const std::size_t second = key.find('.', first + 1);
    return second == std::string_view::npos ? key : key.substr(0, second);
}

std::string_view first_segment(std::string_view key) {
    return key.substr(0, key.find('.'));
}

std::string lowered(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), lower);
    return result;
}

// The first segments ("taskmanager", "s3") of every key, deprecated key and pattern of the whole
// table. A key one edit from a key of the table has, as its first segment, that key's first
// segment, one within one edit of it, or (an edit at the first dot) a prefix of it or a string
// starting with it. Checked on the short first segment, this sets an application's own keys
// ("my.app.setting.7") aside with a few small lookups.
class FirstSegments {
public:
    FirstSegments() {
        for (const OptionRow& row : kOptionRows) {
            add(row.key);
            for (const auto& fallback : row.fallback_keys) add(fallback.key);
        }
    }

    bool may_start_a_key(std::string_view key) const {
        const std::string first = lowered(first_segment(key));
        if (exact_.contains(first) || prefixes_.contains(first)) return true;
        bool near = false;
        deletion_hashes(first, [&](std::uint64_t h) { near = near || deletions_.contains(h); });
        if (near) return true;
        for (std::size_t length = 1; length < first.size(); ++length) {
            if (exact_.contains(first.substr(0, length))) return true;
        }
        return false;
    }

private:
    void add(std::string_view key) {
        const std::string first = lowered(first_segment(key));
        if (!exact_.insert(first).second) return;
        deletion_hashes(first, [&](std::uint64_t h) { deletions_.insert(h); });
        for (std::size_t length = 1; length < first.size(); ++length)
            prefixes_.insert(first.substr(0, length));
    }

    std::unordered_set<std::string> exact_;        // lower case
    std::unordered_set<std::string> prefixes_;     // their proper prefixes
    std::unordered_set<std::uint64_t> deletions_;  // their deletion hashes
};

const FirstSegments& first_segments() {
    static const FirstSegments segments;
    return segments;
}

}  // namespace

// The suggestion index of one release: the symmetric-deletion hashes of every key in an
// open-addressing table, and the keys grouped by namespace.
class KeySuggestions {
public:
    explicit KeySuggestions(std::span<const OptionSpec> options) {
        for (const OptionSpec& option : options) {
            if (option.use == OptionUse::Pattern) continue;
            names_.push_back(option.key);
            for (const auto& fallback : option.fallback_keys) names_.push_back(fallback.key);
        }
        std::size_t entries = 0;
        for (std::string_view name : names_) entries += name.size() + 1;
        std::size_t capacity = 16;
        while (capacity < entries * 2) capacity *= 2;
        slots_.assign(capacity, Slot{0, kEmpty});
        for (std::uint32_t i = 0; i < names_.size(); ++i) {
            deletion_hashes(names_[i], [&](std::uint64_t h) { insert(h, i); });
            namespaces_[namespace_of(names_[i])].push_back(i);
        }
    }

    std::optional<std::string_view> near(std::string_view key) const {
        if (!first_segments().may_start_a_key(key)) return std::nullopt;
        std::optional<std::uint32_t> best;
        bool best_case_only = false;
        deletion_hashes(key, [&](std::uint64_t h) {
            for (std::size_t at = h & (slots_.size() - 1); slots_[at].name != kEmpty;
                 at = (at + 1) & (slots_.size() - 1)) {
                if (slots_[at].hash != h) continue;
                const std::uint32_t candidate = slots_[at].name;
                const std::string_view name = names_[candidate];
                if (name == key || !within_one_edit(name, key)) continue;
                const bool case_only = name.size() == key.size() && within_case(name, key);
                if (!best || (case_only && !best_case_only) ||
                    (case_only == best_case_only && candidate < *best)) {
                    best = candidate;
                    best_case_only = case_only;
                }
            }
        });
        if (!best) return std::nullopt;
        return names_[*best];
    }

    std::optional<std::string_view> closest(std::string_view key, std::size_t max_distance) const {
        const auto bucket = namespaces_.find(namespace_of(key));
        if (bucket == namespaces_.end()) return std::nullopt;
        std::optional<std::string_view> best;
        for (std::uint32_t i : bucket->second) {
            const std::string_view name = names_[i];
            if (name.size() > key.size() && name.starts_with(key) && name[key.size()] == '.' &&
                (!best || name.size() < best->size())) {
                best = name;
            }
        }
        if (best) return best;
        std::size_t best_distance = max_distance + 1;
        for (std::uint32_t i : bucket->second) {
            const std::size_t distance = edit_distance(key, names_[i]);
            if (distance < best_distance) {
                best_distance = distance;
                best = names_[i];
            }
        }
        return best;
    }

private:
    static constexpr std::uint32_t kEmpty = 0xffffffffU;
    struct Slot {
        std::uint64_t hash;
        std::uint32_t name;
    };

    static bool within_case(std::string_view a, std::string_view b) {
        return std::equal(a.begin(), a.end(), b.begin(), [](char p, char q) { return lower(p) == lower(q); });
    }

    void insert(std::uint64_t h, std::uint32_t name) {
        std::size_t at = h & (slots_.size() - 1);
        while (slots_[at].name != kEmpty) {
            if (slots_[at].hash == h && slots_[at].name == name) return;
            at = (at + 1) & (slots_.size() - 1);
        }
        slots_[at] = {h, name};
    }

    std::vector<std::string_view> names_;
    std::vector<Slot> slots_;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> namespaces_;
};

struct LazySuggestions {
    std::once_flag once;
    std::unique_ptr<KeySuggestions> index;
};

std::string describe(const OptionSpec& option) {
    std::string fallbacks;
    for (const auto& fallback : option.fallback_keys) {
        if (!fallbacks.empty()) fallbacks += ", ";
        fallbacks += fmt::format("{{key={}, isDeprecated={}}}", fallback.key, fallback.deprecated);
    }
    return fmt::format("Key: '{}' , default: {} (fallback keys: [{}])", option.key, option.default_display,
                       fallbacks);
}

OptionCatalog::OptionCatalog(FlinkVersion version)
    : version_(version), suggestions_(std::make_shared<LazySuggestions>()) {
    index_.fill(-1);
    for (const OptionRow& row : kOptionRows) {
        if (version < row.since || row.until < version) continue;
        if (row.id != OptionId::Unnamed)
            index_[static_cast<std::size_t>(row.id)] = static_cast<int>(options_.size());
        options_.push_back({row.id, row.key, row.type, row.default_value, row.default_display,
                            row.fallback_keys, row.use, row.description, row.enum_values});
    }
    by_key_.reserve(options_.size() * 2);
    for (std::size_t i = 0; i < options_.size(); ++i) {
        if (options_[i].use == OptionUse::Pattern) {
            const std::string_view key = options_[i].key;
            patterns_.push_back({key.substr(0, std::min(key.find('<'), key.find('*'))), &options_[i]});
        } else {
            by_key_.emplace(options_[i].key, static_cast<int>(i));
        }
    }
    for (const OptionSpec& option : options_) {
        if (option.use == OptionUse::Pattern || option.type == OptionType::Map) {
            family_namespaces_.insert(option.key.substr(0, option.key.find('.')));
        }
    }
    // A deprecated key names its option only where no option has that key itself.
    for (std::size_t i = 0; i < options_.size(); ++i) {
        for (const auto& fallback : options_[i].fallback_keys)
            by_key_.emplace(fallback.key, static_cast<int>(i));
    }
}

const OptionSpec* OptionCatalog::find(OptionId id) const {
    if (id == OptionId::Unnamed) return nullptr;
    const int at = index_[static_cast<std::size_t>(id)];
    return at < 0 ? nullptr : &options_[static_cast<std::size_t>(at)];
}

const OptionSpec* OptionCatalog::find(std::string_view key) const {
    const auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &options_[static_cast<std::size_t>(it->second)];
}

const OptionSpec* OptionCatalog::find_family(std::string_view key) const {
    // Most keys are in no family's namespace (an application's own settings): one lookup.
    if (!family_namespaces_.contains(key.substr(0, key.find('.')))) return nullptr;
    for (const Pattern& pattern : patterns_) {
        if (key.starts_with(pattern.head) && key_matches_pattern(pattern.option->key, key))
            return pattern.option;
    }
    // ConfigurationUtils: a Map option is also read from "<key>.<map key>" entries.
    for (std::size_t dot = key.rfind('.'); dot != std::string_view::npos && dot > 0;
         dot = key.rfind('.', dot - 1)) {
        const OptionSpec* option = find(key.substr(0, dot));
        if (option != nullptr && option->type == OptionType::Map) return option;
    }
    return nullptr;
}

const KeySuggestions& OptionCatalog::suggestions() const {
    std::call_once(suggestions_->once,
                   [this] { suggestions_->index = std::make_unique<KeySuggestions>(options_); });
    return *suggestions_->index;
}

bool OptionCatalog::may_be_flink_key(std::string_view key) const {
    return first_segments().may_start_a_key(key);
}

std::optional<std::string_view> OptionCatalog::near_key(std::string_view key) const {
    return suggestions().near(key);
}

std::optional<std::string_view> OptionCatalog::closest_in_namespace(std::string_view key,
                                                                    std::size_t max_distance) const {
    return suggestions().closest(key, max_distance);
}

std::optional<KeyElsewhere> OptionCatalog::elsewhere(std::string_view key) const {
    // Every row that has the key as its key or as a deprecated or fallback key, over all releases.
    static const std::unordered_map<std::string_view, std::vector<const OptionRow*>> rows_by_key = [] {
        std::unordered_map<std::string_view, std::vector<const OptionRow*>> index;
        for (const OptionRow& row : kOptionRows) {
            if (row.use == OptionUse::Pattern) continue;
            index[row.key].push_back(&row);
            for (const auto& fallback : row.fallback_keys) index[fallback.key].push_back(&row);
        }
        return index;
    }();
    const auto it = rows_by_key.find(key);
    if (it == rows_by_key.end()) return std::nullopt;
    KeyElsewhere found;
    for (const OptionRow* row : it->second) {
        if (row->until < version_ && (!found.last_before || *found.last_before < row->until)) {
            found.last_before = row->until;
            found.successor = row->key == key ? std::string_view() : row->key;
        }
        if (version_ < row->since && (!found.first_after || row->since < *found.first_after)) {
            found.first_after = row->since;
        }
    }
    if (!found.last_before && !found.first_after) return std::nullopt;
    return found;
}

bool key_matches_pattern(std::string_view pattern, std::string_view key) {
    std::size_t p = 0;
    std::size_t k = 0;
    while (p < pattern.size()) {
        if (pattern[p] == '*' && p + 1 == pattern.size()) return k < key.size();
        if (pattern[p] == '<') {
            const std::size_t close = pattern.find('>', p);
            if (close == std::string_view::npos) return false;
            if (close + 1 == pattern.size()) return k < key.size();  // the rest of the key
            const std::size_t dot = key.find('.', k);
            if (dot == std::string_view::npos || dot == k) return false;
            k = dot;
            p = close + 1;
            continue;
        }
        if (k >= key.size() || key[k] != pattern[p]) return false;
        ++p;
        ++k;
    }
    return k == key.size();
}

const OptionSpec& OptionCatalog::operator[](OptionId id) const {
    if (const OptionSpec* option = find(id)) return *option;
    throw std::logic_error(
        fmt::format("option #{} does not exist in Flink {}", static_cast<int>(id), version_.to_string()));
}

std::string external_resource_amount_key(std::string_view resource_name) {
    return fmt::format("external-resource.{}.amount", resource_name);
}

}  // namespace flinkmem
