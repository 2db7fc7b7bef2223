#include "flinkmem/config/configuration.hpp"

#include <algorithm>
#include <array>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem {

namespace {

std::string expected_format(OptionType type) {
    switch (type) {
        case OptionType::MemorySize:
            return "a size: whole number with an optional unit b, k, m, g or t (e.g. 512m, 2g); no "
                   "decimals, no \"MiB\"";
        case OptionType::Float:
        case OptionType::Double:
            return "a plain decimal number such as 0.4 (no %, no comma)";
        case OptionType::Integer:
        case OptionType::Long:
            return "a whole number, without spaces or units";
        case OptionType::Boolean:
            return "true or false";
        case OptionType::StringList:
            return "a ';'-separated list";
        case OptionType::Duration:
            return "a duration such as 30 s or 500 ms";
        case OptionType::Map:
            return "a map written as key:value,key:value";
        case OptionType::String:
            return "a string";
        case OptionType::Enum:
            return "one of its constants";
    }
    return "a valid value";
}

// The conversions of the default values read last, per thread, by their text: every request of a
// batch reads the same dozen defaults ("0.1", "128m"), and converting them as Java does is most of
// what reading an unset option costs. Keyed by the text itself (copied), never by its address.
template <typename T>
class RememberedDefaults {
public:
    template <typename Convert>
    T get(std::string_view text, Convert convert) {
        if (text.size() > kMaxText) return convert(text);
        for (const Entry& entry : entries_) {
            if (entry.used && std::string_view(entry.text.data(), entry.size) == text) return entry.value;
        }
        T value = convert(text);  // a default that does not convert throws: nothing is remembered
        Entry& entry = entries_[next_];
        next_ = (next_ + 1) % entries_.size();
        std::copy(text.begin(), text.end(), entry.text.begin());
        entry.size = text.size();
        entry.used = true;
        entry.value = value;
        return value;
    }

private:
    static constexpr std::size_t kMaxText = 24;
    struct Entry {
        std::array<char, kMaxText> text{};
        std::size_t size = 0;
        bool used = false;
        T value{};
    };
    std::array<Entry, 16> entries_{};
    std::size_t next_ = 0;
};

}  // namespace

const Configuration::Entries& Configuration::entries() const {
    static const Entries kEmpty;
    return entries_ ? *entries_ : kEmpty;
}

Configuration::EntryRange Configuration::with_prefix(std::string_view prefix) const {
    const Entries& all = entries();
    const auto first = all.lower_bound(prefix);
    auto last = first;
    while (last != all.end() && std::string_view(last->first).starts_with(prefix)) ++last;
    return {first, last};
}

void Configuration::set(std::string key, std::string value, Source source) {
    (void)exchange(std::move(key), std::move(value), std::move(source));
}

std::optional<ConfigEntry> Configuration::exchange(std::string key, std::string value, Source source) {
    if (!entries_) {
        entries_ = std::make_shared<Entries>();
    } else if (entries_.use_count() > 1) {
        entries_ = std::make_shared<Entries>(*entries_);
    }
    ConfigEntry entry{std::move(value), std::move(source)};
    // try_emplace leaves `entry` alone when the key is there already.
    auto [it, inserted] = entries_->try_emplace(std::move(key), std::move(entry));
    if (inserted) return std::nullopt;
    std::swap(it->second, entry);
    return entry;
}

void Configuration::set(const OptionSpec& option, MemorySize size, Source source) {
    // "<n>b" reads back as exactly n bytes, like the MemorySize object Flink stores.
    set(std::string(option.key), std::to_string(size.bytes()) + "b", std::move(source));
}

const ConfigEntry* Configuration::find(std::string_view key) const {
    if (!entries_) return nullptr;
    // A handful of entries (a batch line, a few -D): a scan that compares lengths first beats the
    // tree's comparisons of keys that share their first twenty characters ("taskmanager.memory.").
    constexpr std::size_t kScanned = 8;
    if (entries_->size() <= kScanned) {
        for (const auto& [name, entry] : *entries_) {
            if (name.size() == key.size() && std::string_view(name) == key) return &entry;
        }
        return nullptr;
    }
    const auto it = entries_->find(key);
    return it == entries_->end() ? nullptr : &it->second;
}

std::optional<Configuration::Lookup> Configuration::lookup(const OptionSpec& option) const {
    if (const ConfigEntry* entry = find(option.key)) return Lookup{option.key, entry};
    for (const auto& fallback : option.fallback_keys) {
        if (const ConfigEntry* entry = find(fallback.key)) return Lookup{fallback.key, entry};
    }
    return std::nullopt;
}

std::optional<ErrorContext> Configuration::context_of(const OptionSpec& option) const {
    const auto found = lookup(option);
    if (!found) return std::nullopt;
    return ErrorContext{std::string(found->key), found->entry->value, found->entry->source};
}

bool Configuration::contains(const OptionSpec& option) const {
    return lookup(option).has_value();
}

Error Configuration::could_not_parse(const Error& cause, const OptionSpec& option,
                                     const Lookup& found) const {
    Error error = cause.wrapped(
        ErrorClass::IllegalArgumentException,
        "Could not parse value '" + found.entry->value + "' for key '" + std::string(option.key) + "'.");
    error.with_context(ErrorContext{std::string(found.key), found.entry->value, found.entry->source});
    error.with_hint(std::string(option.key) + " expects " + expected_format(option.type) + ".");
    return error;
}

template <typename T, typename Convert>
std::optional<T> Configuration::read(const OptionSpec& option, Convert convert) const {
    const auto found = lookup(option);
    if (!found) {
        if (!option.default_value) return std::nullopt;
        return convert(*option.default_value);
    }
    try {
        return convert(found->entry->value);
    } catch (const Error& cause) {
        throw could_not_parse(cause, option, *found);
    }
}

std::optional<MemorySize> Configuration::get_memory_size(const OptionSpec& option) const {
    Outcome<std::optional<MemorySize>> size = memory_size_outcome(option);
    if (!size.ok()) throw size.error();
    return size.value();
}

Outcome<std::optional<MemorySize>> Configuration::memory_size_outcome(const OptionSpec& option) const {
    const auto found = lookup(option);
    if (!found) {
        if (!option.default_value) return std::optional<MemorySize>();
        thread_local RememberedDefaults<MemorySize> defaults;
        // A default that does not parse is flinkmem's bug, not the user's value: thrown as it is.
        return std::optional<MemorySize>(defaults.get(*option.default_value, MemorySize::parse));
    }
    Outcome<MemorySize> size = MemorySize::parse_outcome(found->entry->value);
    if (size.ok()) return std::optional<MemorySize>(size.value());
    return could_not_parse(size.error(), option, *found);
}

float Configuration::get_float(const OptionSpec& option) const {
    // Every Float option has a default, so there is always a value.
    if (!contains(option)) {
        thread_local RememberedDefaults<float> defaults;
        return defaults.get(option.default_value.value(),
                            [](std::string_view text) { return java::parse_float(text); });
    }
    return read<float>(option, [](std::string_view text) { return java::parse_float(text); }).value();
}

std::optional<double> Configuration::get_double(const OptionSpec& option) const {
    return read<double>(option, [](std::string_view text) { return java::parse_double(text); });
}

std::optional<std::int32_t> Configuration::get_int(const OptionSpec& option) const {
    return read<std::int32_t>(option, [](std::string_view text) { return java::parse_int(text); });
}

bool Configuration::get_bool(const OptionSpec& option) const {
    return read<bool>(
               option,
               [](std::string_view text) {
                   // ConfigurationUtils.convertToBoolean: toUpperCase() then exact match.
                   const std::string upper = java::to_upper(text);
                   if (upper == "TRUE") return true;
                   if (upper == "FALSE") return false;
                   throw Error::illegal_argument("Unrecognized option for boolean: " + std::string(text) +
                                                 ". Expected either true or false(case insensitive)");
               })
        .value();
}

std::vector<std::string> Configuration::get_string_list(const OptionSpec& option) const {
    return read<std::vector<std::string>>(option,
                                          [](std::string_view text) { return split_escaped(text, ';'); })
        .value();
}

std::optional<std::int64_t> Configuration::get_long(std::string_view key) const {
    const OptionSpec option{.id = {},
                            .key = key,
                            .type = OptionType::Long,
                            .default_value = std::nullopt,
                            .default_display = "null",
                            .fallback_keys = {},
                            .use = OptionUse::Rule,
                            .description = {}};
    return read<std::int64_t>(option, [](std::string_view text) { return java::parse_long(text); });
}

std::vector<std::string> split_escaped(std::string_view text, char delimiter) {
    enum class Kind { Quoted, Unquoted, Delimiter };
    struct Token {
        Kind kind;
        std::string text;
        std::size_t position;
    };

    // Tokenize: quoted runs (with doubled quotes as escapes), delimiters, and unquoted runs.
    std::vector<Token> tokens;
    for (std::size_t cursor = 0; cursor < text.size();) {
        const char c = text[cursor];
        if (c == '\'' || c == '"') {
            std::string quoted;
            std::size_t i = cursor + 1;
            bool closed = false;
            for (; i < text.size(); ++i) {
                if (text[i] == c) {
                    if (i + 1 < text.size() && text[i + 1] == c) {
                        quoted += c;
                        ++i;
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    quoted += text[i];
                }
            }
            if (!closed) {
                throw Error::illegal_argument("Could not split string. Quoting was not closed properly.");
            }
            tokens.push_back({Kind::Quoted, std::move(quoted), cursor});
            cursor = i + 1;
        } else if (c == delimiter) {
            tokens.push_back({Kind::Delimiter, std::string(1, c), cursor});
            ++cursor;
        } else {
            std::size_t pos = cursor;
            const char32_t cp = java::next_code_point(text, pos);
            if (java::is_whitespace(cp)) {
                cursor = pos;
                continue;
            }
            const std::size_t end = text.find(delimiter, cursor);
            const std::size_t stop = end == std::string_view::npos ? text.size() : end;
            tokens.push_back(
                {Kind::Unquoted, std::string(java::trim(text.substr(cursor, stop - cursor))), cursor});
            cursor = stop;
        }
    }

    std::vector<std::string> splits;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const bool next_is_delimiter = i + 1 < tokens.size() && tokens[i + 1].kind == Kind::Delimiter;
        switch (tokens[i].kind) {
            case Kind::Quoted:
                if (i + 1 < tokens.size() && !next_is_delimiter) {
                    throw Error::illegal_argument("Could not split string. Illegal quoting at position: " +
                                                  std::to_string(tokens[i + 1].position - 1));
                }
                splits.push_back(tokens[i].text);
                break;
            case Kind::Unquoted:
                splits.push_back(tokens[i].text);
                break;
            case Kind::Delimiter:
                if (next_is_delimiter) splits.emplace_back();
                break;
        }
    }
    return splits;
}

}  // namespace flinkmem
