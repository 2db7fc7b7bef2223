// A Flink configuration: raw string values per key, each remembering where it came from, read
// the way org.apache.flink.configuration.Configuration reads them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/config/options.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/outcome.hpp"

namespace flinkmem {

struct ConfigEntry {
    std::string value;  // exactly as given: no trimming, no unit conversion
    Source source;
};

class Configuration {
public:
    // Configuration.setString(key, value): a later value for the same key replaces the earlier.
    void set(std::string key, std::string value, Source source);
    // set(), returning the entry it replaced, if any (one lookup for a reader's duplicate check).
    std::optional<ConfigEntry> exchange(std::string key, std::string value, Source source);
    // Configuration.set(option, MemorySize), as Flink's legacy-heap mapping does.
    void set(const OptionSpec& option, MemorySize size, Source source);

    // The entry stored under exactly this key.
    const ConfigEntry* find(std::string_view key) const;

    // Configuration.contains(option): the key or one of its fallback keys is set.
    bool contains(const OptionSpec& option) const;

    // The key (the option's own or a fallback key) whose value Flink would read, with its entry.
    struct Lookup {
        std::string_view key;
        const ConfigEntry* entry;
    };
    std::optional<Lookup> lookup(const OptionSpec& option) const;
    // The entry an error about `option` is located at: its key, raw value and source, if set.
    std::optional<ErrorContext> context_of(const OptionSpec& option) const;

    // Configuration.get(option): the configured value, else the default. A value that does not
    // convert throws IllegalArgumentException "Could not parse value '<v>' for key '<key>'."
    // caused by the conversion error. Optional results are empty when there is neither a value
    // nor a default; the other getters are for options that always have a default.
    std::optional<MemorySize> get_memory_size(const OptionSpec& option) const;
    // The same, with that IllegalArgumentException as a value instead of thrown.
    Outcome<std::optional<MemorySize>> memory_size_outcome(const OptionSpec& option) const;
    float get_float(const OptionSpec& option) const;
    std::optional<double> get_double(const OptionSpec& option) const;
    std::optional<std::int32_t> get_int(const OptionSpec& option) const;
    bool get_bool(const OptionSpec& option) const;
    // A ';'-separated list option (StructuredOptionsSplitter.splitEscaped with quoting).
    std::vector<std::string> get_string_list(const OptionSpec& option) const;
    // A Long option declared on the fly, like external-resource.<name>.amount.
    std::optional<std::int64_t> get_long(std::string_view key) const;

    using Entries = std::map<std::string, ConfigEntry, std::less<>>;
    const Entries& entries() const;
    // The entries whose keys start with `prefix`, in key order (found in O(log n): the keys are
    // sorted), and whether there is one.
    struct EntryRange {
        Entries::const_iterator first;
        Entries::const_iterator last;
        Entries::const_iterator begin() const { return first; }
        Entries::const_iterator end() const { return last; }
        bool empty() const { return first == last; }
    };
    EntryRange with_prefix(std::string_view prefix) const;
    bool has_key_with_prefix(std::string_view prefix) const { return !with_prefix(prefix).empty(); }

private:
    template <typename T, typename Convert>
    std::optional<T> read(const OptionSpec& option, Convert convert) const;
    // Configuration.get's wrapper around a conversion error of the value found under `found`.
    Error could_not_parse(const Error& cause, const OptionSpec& option, const Lookup& found) const;

    // Copies share the entries until one of them sets a value (copy on write): the readers, the
    // CLI and the lint engine pass a million-key configuration around without copying it.
    std::shared_ptr<Entries> entries_;
};

// Splits like Flink's StructuredOptionsSplitter.splitEscaped: quotes ' and " protect delimiters,
// doubled quotes escape themselves, unquoted parts are trimmed. Throws IllegalArgumentException
// on bad quoting.
std::vector<std::string> split_escaped(std::string_view text, char delimiter);

}  // namespace flinkmem
