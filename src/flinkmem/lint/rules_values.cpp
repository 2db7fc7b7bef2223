// Values Flink cannot read as their option's type (FM120) and durations without a unit (FM121).
#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/java/time_utils.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

namespace {

Component component_of(std::string_view key) {
    if (!in_memory_namespace(key)) return Component::Configuration;
    return key.starts_with("jobmanager.") ? Component::JobManager : Component::TaskManager;
}

bool has_placeholder_note(const RuleContext& context, std::string_view key) {
    return std::any_of(
        context.document.notes.begin(), context.document.notes.end(),
        [key](const ReadNote& note) { return note.kind == ReadNote::Kind::Placeholder && note.key == key; });
}

// ConfigurationUtils.convertToEnum: the constant whose name matches, ignoring case.
void parse_enum(std::string_view text, std::string_view constants) {
    const std::string upper = java::to_upper(text);
    std::string listed;
    for (std::size_t start = 0; start <= constants.size();) {
        const std::size_t comma = std::min(constants.find(',', start), constants.size());
        const std::string_view constant = constants.substr(start, comma - start);
        if (java::to_upper(constant) == upper) return;
        listed += listed.empty() ? "" : ", ";
        listed += constant;
        start = comma + 1;
    }
    // Flink names the enum class too ("Could not parse value for enum class org.apache...");
    // the table keeps only its constants.
    throw Error::illegal_argument(
        fmt::format("Could not parse value for enum. Expected one of: [{}]", listed));
}

// Reads the value as Flink's Configuration reads the option's type; throws what Flink throws.
void convert(const OptionSpec& option, const std::string& value) {
    switch (option.type) {
        case OptionType::Integer:
            (void)java::parse_int(value);
            return;
        case OptionType::Long:
            (void)java::parse_long(value);
            return;
        case OptionType::Float:
            (void)java::parse_float(value);
            return;
        case OptionType::Double:
            (void)java::parse_double(value);
            return;
        case OptionType::Boolean: {
            const std::string upper = java::to_upper(value);
            if (upper != "TRUE" && upper != "FALSE") {
                throw Error::illegal_argument("Unrecognized option for boolean: " + value +
                                              ". Expected either true or false(case insensitive)");
            }
            return;
        }
        case OptionType::MemorySize:
            (void)MemorySize::parse(value);
            return;
        case OptionType::Duration:
            (void)java::parse_duration(value);
            return;
        case OptionType::Enum:
            if (!option.enum_values.empty()) parse_enum(value, option.enum_values);
            return;
        case OptionType::StringList:
        case OptionType::Map:
        case OptionType::String:
            return;
    }
}

// What the type expects, in words, for the hint.
std::string expected(const OptionSpec& option) {
    switch (option.type) {
        case OptionType::Integer:
        case OptionType::Long:
            return "a whole number";
        case OptionType::Float:
        case OptionType::Double:
            return "a decimal number such as 0.5";
        case OptionType::Boolean:
            return "true or false";
        case OptionType::MemorySize:
            return "a size such as 512m or 2g";
        case OptionType::Duration:
            return "a duration such as 30 s, 5 min or 500 ms";
        case OptionType::Enum: {
            std::string constants(option.enum_values);
            for (std::size_t comma = constants.find(','); comma != std::string::npos;
                 comma = constants.find(',', comma + 2)) {
                constants.replace(comma, 1, ", ");
            }
            return "one of " + constants;
        }
        default:
            return "a valid value";
    }
}

// The same duration with the largest unit that keeps it exact: 60000 (ms) is "1 min".
std::string with_unit(const std::string& milliseconds) {
    if (milliseconds.size() > 15) return milliseconds + " ms";
    const long long value = std::stoll(milliseconds);
    if (value % 3'600'000 == 0) return fmt::format("{} h", value / 3'600'000);
    if (value % 60'000 == 0) return fmt::format("{} min", value / 60'000);
    if (value % 1'000 == 0) return fmt::format("{} s", value / 1'000);
    return fmt::format("{} ms", value);
}

template <typename Visit>
void for_typed_entries(const RuleContext& context, Visit visit) {
    for (const auto& [key, entry] : context.document.config.entries()) {
        const OptionSpec* option = context.release.options().find(key);
        // The memory model reads the options of the rules: FM100 reports Flink's error there.
        if (option == nullptr || option->use == OptionUse::Rule) continue;
        if (has_placeholder_note(context, key)) continue;  // FM106
        visit(key, entry, *option);
    }
}

}  // namespace

void check_value_types(const RuleContext& context, Findings& findings) {
    for_typed_entries(
        context, [&](const std::string& key, const ConfigEntry& entry, const OptionSpec& option) {
            try {
                convert(option, entry.value);
            } catch (const Error& cause) {
                // Configuration.getOptional wraps every conversion error the same way.
                const Error error =
                    cause.wrapped(ErrorClass::IllegalArgumentException,
                                  fmt::format("Could not parse value '{}' for key '{}'.", entry.value, key));
                Finding finding =
                    context.finding("FM120", error.message(),
                                    fmt::format("{} expects {}; Flink fails where it reads the option.",
                                                option.key, expected(option)),
                                    entry.source, component_of(key));
                finding.java_class = std::string(error.class_name());
                finding.causes = error.causes();
                findings.push_back(std::move(finding));
            }
        });
}

void check_duration_units(const RuleContext& context, Findings& findings) {
    for_typed_entries(context, [&](const std::string& key, const ConfigEntry& entry,
                                   const OptionSpec& option) {
        if (option.type != OptionType::Duration) return;
        try {
            const java::ParsedDuration parsed = java::parse_duration(entry.value);
            if (!parsed.unit.empty() ||
                std::all_of(parsed.number.begin(), parsed.number.end(), [](char c) { return c == '0'; })) {
                return;
            }
            findings.push_back(context.finding(
                "FM121",
                fmt::format("'{}: {}' has no unit; Flink reads it as {} milliseconds", key, entry.value,
                            parsed.number),
                fmt::format("Write the unit: '{}: {}' is the same duration; if you meant seconds or minutes, "
                            "this one is wrong.",
                            key, with_unit(parsed.number)),
                entry.source, component_of(key)));
        } catch (const Error&) {
            // Not a duration at all: FM120.
        }
    });
}

}  // namespace flinkmem::lint
