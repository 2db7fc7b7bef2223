#include "flinkmem/readers/config_yaml.hpp"
#include "flinkmem/versions/release.hpp"

#include <set>
#include <utility>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "readers_internal.hpp"
#include "yaml_values.hpp"

namespace flinkmem {

namespace readers_detail {

namespace {

constexpr const char* kParseFailure = "Error parsing YAML configuration.";
// Bounds for hostile input.
constexpr int kMaxDepth = 200;
constexpr std::size_t kMaxValues = 100000;

// Flink wraps every failure of the standard YAML loader the same way.
[[noreturn]] void fail(ErrorClass cause_class, const std::string& cause_message, const std::string& key,
                       const Source& where, std::string hint) {
    Error error = Error(cause_class, cause_message).wrapped(ErrorClass::RuntimeException, kParseFailure);
    error.with_context({key, {}, where});
    error.with_hint(std::move(hint));
    throw error;
}

// snakeyaml-engine's Mark as YamlParserUtils prints it (without the snippet).
std::string mark(const YAML::Node& node) {
    const YAML::Mark m = node.Mark();
    return fmt::format(" in reader, line {}, column {}", m.line + 1, m.column + 1);
}

// A YAML list as the string flinkmem's Configuration keeps. Flink keeps the list object: a String
// option reads it as its flow YAML ("[a, b]"), a list option (ConfigurationUtils.convertToList)
// as its elements. Configuration reads list options in the legacy ';' form, so a list-typed
// option gets its elements joined that way (quoted where StructuredOptionsSplitter needs it).
std::string list_text(const std::string& key, const YAML::Node& list) {
    // Which options are lists is the same in every release line.
    const OptionSpec* option = default_release().options().find(key);
    if (option == nullptr || option->type != OptionType::StringList) return yaml::to_flow_yaml(list);
    std::string joined;
    bool first = true;
    for (const auto& item : list) {
        std::string element = item.IsScalar() ? yaml::typed_scalar(item).text : yaml::to_flow_yaml(item);
        const bool quote = element.find_first_of(";'\"") != std::string::npos || element.empty() ||
                           element.front() == ' ' || element.back() == ' ';
        if (quote) {
            std::string quoted = "'";
            for (const char c : element) quoted += c == '\'' ? std::string("''") : std::string(1, c);
            element = quoted + "'";
        }
        if (!first) joined += ';';
        first = false;
        joined += element;
    }
    return joined;
}

struct Flattener {
    int line_offset;
    Document& document;
    std::size_t visited = 0;
    // Keys whose value is null: Configuration.setValueInternal refuses them, but only after the
    // whole document is flattened, so other errors come first.
    std::vector<std::pair<std::string, Source>> null_values;
    // One shared file name for every entry's Source.
    SharedName file{document.path};

    Source where(const YAML::Node& node) const {
        return Source::in_file(file, yaml::line_of(node) + line_offset);
    }

    void count(const YAML::Node& node) {
        // yaml-cpp shares aliased nodes, so "&a [*a, *a]" chains would expand exponentially
        // (snakeyaml-engine stops at 50 aliases of collections); bound the walk instead.
        if (++visited > kMaxValues) {
            fail(ErrorClass::YamlEngineException,
                 fmt::format("more than {} nodes (aliases expand too far)", kMaxValues), {}, where(node),
                 "flinkmem limits the size of config.yaml");
        }
    }

    // snakeyaml-engine's constructor rejects a key repeated in any mapping, lists included,
    // before anything is flattened. Keys compare as constructed objects: by type and value.
    void check_duplicates(const YAML::Node& node, const std::string& prefix, int depth) {
        count(node);
        if (depth > kMaxDepth) {
            fail(ErrorClass::YamlEngineException, fmt::format("nesting deeper than {} levels", kMaxDepth), {},
                 where(node), "flinkmem limits the nesting of config.yaml");
        }
        if (node.IsSequence()) {
            for (const auto& item : node) check_duplicates(item, prefix, depth + 1);
            return;
        }
        if (!node.IsMap()) return;
        std::set<std::pair<yaml::ScalarType, std::string>> keys;
        for (const auto& entry : node) {
            const YAML::Node& key_node = entry.first;
            if (key_node.IsScalar() || key_node.IsNull()) {
                const yaml::TypedScalar key = yaml::typed_scalar(key_node);
                if (!keys.insert({key.type, key.text}).second) {
                    fail(ErrorClass::YamlEngineException,
                         fmt::format("while constructing a mapping\n{}\nfound duplicate key {}\n{}\n",
                                     mark(node), key.text, mark(key_node)),
                         prefix + key.text, where(key_node),
                         "Flink 1.19+ rejects a key repeated in one mapping of config.yaml; keep one");
                }
                check_duplicates(entry.second, prefix + key.text + ".", depth + 1);
            } else {
                check_duplicates(key_node, prefix, depth + 1);
                check_duplicates(entry.second, prefix, depth + 1);
            }
        }
    }

    void map(const YAML::Node& node, const std::string& prefix) {
        for (const auto& entry : node) {
            const YAML::Node& key_node = entry.first;
            const YAML::Node& value = entry.second;
            if (!key_node.IsScalar() && !key_node.IsNull()) {
                fail(ErrorClass::ClassCastException, "a mapping key is a YAML collection, not a string",
                     prefix, where(key_node), "config.yaml keys must be plain strings");
            }
            const yaml::TypedScalar key = yaml::typed_scalar(key_node);
            // Flink's flatten() takes keys as Strings: an integer, float or boolean key fails the
            // cast; a null key concatenates as "null".
            if (key.type != yaml::ScalarType::String && key.type != yaml::ScalarType::Null) {
                fail(ErrorClass::ClassCastException,
                     fmt::format("the key '{}' is a YAML {}, not a string", key_node.Scalar(),
                                 key.type == yaml::ScalarType::Bool  ? "boolean"
                                 : key.type == yaml::ScalarType::Int ? "integer"
                                                                     : "float"),
                     prefix + key_node.Scalar(), where(key_node), "quote the key");
            }
            const std::string flat_key = prefix + key.text;
            if (value.IsMap()) {
                map(value, flat_key + ".");
                continue;
            }
            const Source source = where(key_node);
            if (value.IsNull()) {
                null_values.emplace_back(flat_key, source);
                continue;
            }
            std::string text =
                value.IsSequence() ? list_text(flat_key, value) : yaml::typed_scalar(value).text;
            if (const ConfigEntry* earlier = document.config.find(flat_key)) {
                document.notes.push_back(
                    {ReadNote::Kind::DuplicateKey, source, flat_key,
                     fmt::format("'{}' is set again here; this value replaces the one at {}", flat_key,
                                 earlier->source.describe())});
            }
            note_placeholder(flat_key, text, source, document);
            document.config.set(flat_key, std::move(text), source);
        }
    }
};

}  // namespace

void flatten_standard_yaml(const YAML::Node& root, int line_offset, Document& document) {
    // An empty file or one with only comments loads as null: an empty configuration.
    if (!root.IsDefined() || root.IsNull()) return;
    Flattener flattener{line_offset, document, 0, {}};
    if (!root.IsMap()) {
        fail(ErrorClass::ClassCastException, "the YAML document is not a mapping of keys to values", {},
             flattener.where(root),
             "a config.yaml is a YAML mapping such as 'taskmanager.memory.process.size: 4g'");
    }
    flattener.check_duplicates(root, "", 0);
    flattener.map(root, "");
    if (!flattener.null_values.empty()) {
        const auto& [key, where] = flattener.null_values.front();
        fail(
            ErrorClass::NullPointerException, "Value must not be null.", key, where,
            "Flink's standard YAML parser rejects an empty or null value; remove the key or give it a value");
    }
}

void note_placeholder(const std::string& key, const std::string& value, const Source& where,
                      Document& document, Substitution substitution) {
    const std::size_t dollar = value.find("${");
    const std::size_t braces = value.find("{{");
    if (dollar == std::string::npos && braces == std::string::npos) {
        // %NAME%: the token a sed-based start script replaces.
        const std::size_t open = value.find('%');
        const std::size_t close = open == std::string::npos ? open : value.find('%', open + 1);
        const bool name = close != std::string::npos && close > open + 1 &&
                          std::all_of(value.begin() + static_cast<std::ptrdiff_t>(open) + 1,
                                      value.begin() + static_cast<std::ptrdiff_t>(close), [](char c) {
                                          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                                      });
        if (name) {
            document.notes.push_back(
                {ReadNote::Kind::Placeholder, where, key,
                 fmt::format("'{}' = '{}' holds a %name% placeholder that a start script's sed should have "
                             "replaced; Flink reads it literally",
                             key, value)});
        }
        return;
    }
    const bool template_syntax =
        braces != std::string::npos && (dollar == std::string::npos || braces < dollar);
    std::string message;
    if (template_syntax) {
        message = fmt::format(
            "'{}' = '{}' holds a template placeholder ({{{{ }}}}); Flink reads it literally, so "
            "render the template first",
            key, value);
    } else if (substitution == Substitution::DockerCompose) {
        // Compose interpolates ${VAR}, ${VAR:-default} and ${VAR-default} in the file itself.
        message = fmt::format(
            "'{}' = '{}' holds a ${{}} placeholder that Docker Compose replaces from the "
            "environment or the .env file",
            key, value);
        const std::size_t end = value.find('}', dollar);
        const std::size_t fallback = value.find('-', dollar);
        if (end != std::string::npos && fallback != std::string::npos && fallback < end) {
            const std::size_t start = fallback + 1;
            message += fmt::format(" (when unset: '{}')", value.substr(start, end - start));
        }
    } else if (substitution == Substitution::ImageEntrypoint) {
        message = fmt::format(
            "'{}' = '{}' holds a ${{}} placeholder that the image's entrypoint replaces (envsubst) "
            "from the container's environment",
            key, value);
    } else {
        message = fmt::format(
            "'{}' = '{}' holds a ${{}} placeholder; Flink reads it literally unless something "
            "substitutes it first (the official image's entrypoint does, up to 1.18)",
            key, value);
    }
    document.notes.push_back({ReadNote::Kind::Placeholder, where, key, std::move(message)});
}

Document make_document(const std::string& path, InputFormat format) {
    Document document;
    document.name = path;
    document.path = path;
    document.format = format;
    return document;
}

}  // namespace readers_detail

Document read_config_yaml(std::string_view text, const std::string& path) {
    Document document = readers_detail::make_document(path, InputFormat::ConfigYaml);
    std::vector<YAML::Node> documents;
    try {
        documents = yaml::load_all(text, path);
    } catch (const Error& e) {
        Error error = e.wrapped(ErrorClass::RuntimeException, "Error parsing YAML configuration.");
        error.with_hint(
            "config.yaml must be valid YAML (Flink 1.19+ rejects what the legacy parser skipped)");
        throw error;
    }
    // snakeyaml-engine's load() reads exactly one document.
    if (documents.size() > 1) {
        Error error = Error(ErrorClass::ComposerException, "expected a single document in the stream")
                          .wrapped(ErrorClass::RuntimeException, "Error parsing YAML configuration.");
        error.with_context({{}, {}, Source::in_file(path, yaml::line_of(documents[1]))});
        throw error;
    }
    if (!documents.empty()) readers_detail::flatten_standard_yaml(documents.front(), 0, document);
    return document;
}

}  // namespace flinkmem
