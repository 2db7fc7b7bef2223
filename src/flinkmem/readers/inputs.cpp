#include "flinkmem/readers/inputs.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "flinkmem/java/lines.hpp"
#include "flinkmem/readers/config_yaml.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"
#include "readers_internal.hpp"
#include "yaml_values.hpp"

namespace flinkmem {

using namespace readers_detail;

namespace {

[[noreturn]] void unsupported(const std::string& path, int line, const std::string& why,
                              std::string hint = {}) {
    Error error(ErrorClass::UnsupportedInput,
                fmt::format("{}: not a Flink configuration in any supported format "
                            "(tried {}): {}",
                            path, kFormatsTried, why));
    error.with_context({{}, {}, Source::in_file(path, line)});
    if (hint.empty())
        hint =
            "force a format with --input-format (flink-conf, config-yaml, flinkdeployment, "
            "flinksessionjob, configmap, compose)";
    error.with_hint(std::move(hint));
    throw error;
}

using yaml::child;
using yaml::scalar_or;

// ---- ConfigMap --------------------------------------------------------------------------------

void read_config_map(const YAML::Node& manifest, int number, std::string_view text, const std::string& path,
                     std::vector<Found>& found) {
    const std::string name = scalar_or(child(child(manifest, "metadata"), "name"), "configmap");
    const YAML::Node data = child(manifest, "data");
    if (!data.IsMap()) return;
    for (const auto& entry : data) {
        const std::string file = scalar_or(entry.first, "");
        const bool legacy = file == "flink-conf.yaml";
        if (!legacy && file != "config.yaml") continue;
        Document document = make_document(path, InputFormat::ConfigMap);
        const std::string content = yaml::as_text(entry.second);
        const EmbeddedLines lines = embedded_lines(entry.second, text);
        const int offset = lines.fixed > 0 ? lines.fixed - 1 : lines.offset;
        if (legacy) {
            read_legacy_lines(content, lines, document);
        } else {
            std::vector<YAML::Node> nodes;
            try {
                nodes = yaml::load_all(content, path);
            } catch (const Error& e) {
                Error error = e.wrapped(ErrorClass::RuntimeException, "Error parsing YAML configuration.");
                if (e.context()) {
                    error.with_context({{}, {}, Source::in_file(path, e.context()->source.line + offset)});
                }
                throw error;
            }
            if (!nodes.empty()) flatten_standard_yaml(nodes.front(), offset, document);
        }
        found.push_back({number, std::string(name).append("/").append(file), std::move(document)});
    }
}

// ---- detection --------------------------------------------------------------------------------

bool is_manifest(const YAML::Node& node) {
    return node.IsMap() && child(node, "kind").IsScalar() && child(node, "apiVersion").IsDefined();
}

bool is_workload(const std::string& kind) {
    for (const char* workload : {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
                                 "ReplicationController", "Job", "CronJob", "Pod"}) {
        if (kind == workload) return true;
    }
    return false;
}

void read_manifest(const YAML::Node& manifest, int number, std::string_view text, const std::string& path,
                   const ReadOptions& options, std::vector<Found>& found, std::vector<std::string>& kinds,
                   int depth = 0) {
    const std::optional<InputFormat>& forced = options.format;
    const std::string kind = scalar_or(child(manifest, "kind"), "");
    const auto wanted = [&](InputFormat format) { return !forced || *forced == format; };
    const std::string name = scalar_or(child(child(manifest, "metadata"), "name"), kind);
    if (kind == "FlinkDeployment" && wanted(InputFormat::FlinkDeployment)) {
        found.push_back({number, name, read_operator_resource(manifest, InputFormat::FlinkDeployment, path)});
    } else if (kind == "FlinkSessionJob" && wanted(InputFormat::FlinkSessionJob)) {
        found.push_back({number, name, read_operator_resource(manifest, InputFormat::FlinkSessionJob, path)});
    } else if (kind == "ConfigMap" && wanted(InputFormat::ConfigMap)) {
        const std::size_t before = found.size();
        read_config_map(manifest, number, text, path, found);
        if (found.size() == before) kinds.push_back("ConfigMap without flink-conf.yaml or config.yaml");
    } else if ((kind == "Template" || kind == "List") && depth < 4) {
        // An OpenShift Template or a List holds manifests under objects/items.
        const YAML::Node items = child(manifest, kind == "Template" ? "objects" : "items");
        if (items.IsSequence()) {
            for (const auto& item : items) {
                if (is_manifest(item))
                    read_manifest(item, number, text, path, options, found, kinds, depth + 1);
            }
        }
    } else if (is_workload(kind) && wanted(InputFormat::DockerCompose)) {
        const std::size_t before = found.size();
        read_workload(manifest, kind, number, text, path, options, found);
        if (found.size() == before) kinds.push_back(kind);
    } else {
        kinds.push_back(kind);
    }
}

std::string file_name_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool has_nested_values(const YAML::Node& map) {
    for (const auto& entry : map) {
        if (entry.second.IsMap() || entry.second.IsSequence()) return true;
    }
    return false;
}

// "key: value" lines the legacy parser accepts, for text that is not valid YAML.
bool looks_like_flink_conf(const Document& legacy) {
    for (const auto& [key, entry] : legacy.config.entries()) {
        if (key.find('.') != std::string::npos) return true;
    }
    return false;
}

// Top-level "apiVersion:", "kind:" or "services:" lines: a manifest or a Compose file that is not
// valid YAML (typically a Helm template), which the legacy parser must not read as flat keys.
bool looks_like_manifest_or_compose(std::string_view text) {
    for (const char* marker : {"apiVersion:", "kind:", "services:"}) {
        const std::string_view key(marker);
        if (text.starts_with(key)) return true;
        for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
            if (text[at - 1] == '\n') return true;
        }
    }
    return false;
}

// Every line blank, a comment, or "key: value" at the first column with a plain dotted key and
// a plain value (no quote, flow collection, block scalar, anchor or tag), one key with a '.' at
// least, and no manifest or Compose key. Such text is one flat YAML mapping (or YAML the legacy
// parser reads as well), which the steps below would read with read_flink_conf after building a
// YAML tree of it: this says so in one pass, so a million-line flink-conf.yaml is not parsed as
// YAML first.
bool plain_flink_conf(std::string_view text) {
    const auto key_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-' || c == '_';
    };
    bool dotted = false;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = java::line_end(text, start);
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        const std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        if (first != 0 || !((line[0] >= 'a' && line[0] <= 'z') || (line[0] >= 'A' && line[0] <= 'Z')))
            return false;
        const std::size_t separator = line.find(": ");
        if (separator == std::string_view::npos) return false;
        const std::string_view key = line.substr(0, separator);
        if (!std::all_of(key.begin(), key.end(), key_char)) return false;
        if (key == "apiVersion" || key == "kind" || key == "services") return false;
        dotted = dotted || key.find('.') != std::string_view::npos;
        const std::string_view value = line.substr(separator + 2);
        const std::size_t value_start = value.find_first_not_of(" \t");
        if (value_start == std::string_view::npos) return false;
        if (std::string_view("'\"[{|>&*!%@`#-?:,").find(value[value_start]) != std::string_view::npos)
            return false;
        if (value.find(": ") != std::string_view::npos || value.find('\t') != std::string_view::npos)
            return false;
    }
    return dotted;
}

std::vector<Document> name_documents(std::vector<Found> found, const std::string& path) {
    std::vector<Document> documents;
    for (auto& item : found) {
        item.document.name =
            found.size() == 1 ? path : fmt::format("{}#{}/{}", path, item.document_number, item.name);
        documents.push_back(std::move(item.document));
    }
    return documents;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (out.find(item) != std::string::npos) continue;
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

std::optional<InputFormat> parse_input_format(std::string_view name) {
    for (const InputFormat format :
         {InputFormat::FlinkConf, InputFormat::ConfigYaml, InputFormat::FlinkDeployment,
          InputFormat::FlinkSessionJob, InputFormat::ConfigMap, InputFormat::DockerCompose}) {
        if (name == to_string(format)) return format;
    }
    return std::nullopt;
}

std::vector<Document> read_configurations(std::string_view text, const std::string& path,
                                          const ReadOptions& options) {
    const std::optional<InputFormat>& forced = options.format;
    if (forced == InputFormat::FlinkConf) return {read_flink_conf(text, path)};
    if (forced == InputFormat::ConfigYaml) return {read_config_yaml(text, path)};
    if (!forced && !looks_like_manifest_or_compose(text)) {
        // Flink picks its parser by the file's name, whatever the content: a flink-conf.yaml is
        // read line by line (nested keys dropped), a config.yaml as standard YAML (its errors are
        // Flink's errors, with no fallback).
        // Repositories keep variants of it as prod.flink-conf.yaml, flink-conf-staging.yaml or
        // 042-flinkconf.yaml: the same legacy file.
        const std::string name = file_name_of(path);
        const bool yaml_suffix = name.ends_with(".yaml") || name.ends_with(".yml");
        if (yaml_suffix &&
            (name.find("flink-conf") != std::string::npos || name.find("flinkconf") != std::string::npos)) {
            return {read_flink_conf(text, path)};
        }
        if (name == "config.yaml" || name == "config.yml") return {read_config_yaml(text, path)};
    }

    const std::string file_name = file_name_of(path);
    const bool config_yaml_name =
        file_name == "config.yaml" || (file_name.ends_with("config.yaml") && file_name != "flink-conf.yaml");
    if (!forced && !config_yaml_name && plain_flink_conf(text)) return {read_flink_conf(text, path)};

    std::vector<YAML::Node> nodes;
    try {
        nodes = yaml::load_all(text, path);
    } catch (const Error& e) {
        // The legacy parser tolerates what YAML rejects (wrapped lines, "key:value", "%x%").
        if (!forced && !looks_like_manifest_or_compose(text)) {
            Document legacy = read_flink_conf(text, path);
            if (looks_like_flink_conf(legacy)) return {std::move(legacy)};
        }
        const int line = e.context() ? e.context()->source.line : 0;
        const bool helm = text.find("{{") != std::string_view::npos;
        unsupported(
            path, line, fmt::format("invalid YAML: {}", e.message()),
            helm ? "this looks like a Helm template; render it first (helm template ...) and read the output"
                 : std::string());
    }

    std::vector<Found> found;
    std::vector<std::string> other_kinds;
    const bool manifests = std::any_of(nodes.begin(), nodes.end(), is_manifest);
    if (manifests) {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (is_manifest(nodes[i])) {
                read_manifest(nodes[i], static_cast<int>(i + 1), text, path, options, found, other_kinds);
            }
        }
        if (found.empty()) {
            unsupported(
                path, 1,
                fmt::format("Kubernetes manifests ({}) but no FlinkDeployment, FlinkSessionJob, "
                            "ConfigMap holding flink-conf.yaml or config.yaml, or container setting "
                            "FLINK_PROPERTIES{}",
                            join(other_kinds),
                            forced ? fmt::format(" of the forced format {}", to_string(*forced)) : ""));
        }
        return name_documents(std::move(found), path);
    }
    const YAML::Node first = nodes.empty() ? YAML::Node() : nodes.front();
    const YAML::Node services = child(first, "services");
    if (nodes.size() == 1 && services.IsMap() && (!forced || forced == InputFormat::DockerCompose)) {
        bool mounted = false;
        for (const auto& entry : services) {
            mounted = !read_compose_service(scalar_or(entry.first, "service"), entry.second, text, path,
                                            options, found) ||
                      mounted;
        }
        if (found.empty()) {
            unsupported(
                path, yaml::line_of(services),
                mounted
                    ? "a Docker Compose file whose Flink services read a mounted conf directory "
                      "(/opt/flink/conf) and set no FLINK_PROPERTIES"
                    : "a Docker Compose file, but no service runs the flink image or sets FLINK_PROPERTIES",
                mounted ? "read the mounted flink-conf.yaml or config.yaml with --conf" : std::string());
        }
        return name_documents(std::move(found), path);
    }
    if (forced) {
        unsupported(path, 1, fmt::format("no {} found in it", to_string(*forced)));
    }
    if (nodes.size() > 1) {
        // Several plain configuration documents: one config.yaml each.
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (!nodes[i].IsMap()) continue;
            Document document = make_document(path, InputFormat::ConfigYaml);
            flatten_standard_yaml(nodes[i], 0, document);
            found.push_back({static_cast<int>(i + 1), "config", std::move(document)});
        }
        if (found.empty())
            unsupported(path, 1, "a YAML stream of several documents, none a mapping of Flink keys");
        return name_documents(std::move(found), path);
    }
    if (first.IsMap()) {
        if (has_nested_values(first)) {
            // What read_config_yaml does, on the nodes already parsed (parsing twice cost a quarter
            // of validate's time on nested files).
            Document document = make_document(path, InputFormat::ConfigYaml);
            flatten_standard_yaml(first, 0, document);
            if (file_name == "flink-conf.yaml") {
                document.notes.push_back(
                    {ReadNote::Kind::Other,
                     Source::in_file(path, 1),
                     {},
                     "nested YAML in a file named flink-conf.yaml: read as config.yaml here, but Flink reads "
                     "a "
                     "flink-conf.yaml with its legacy line parser, which drops nested keys "
                     "(--input-format flink-conf shows what it sees)"});
            }
            return {std::move(document)};
        }
        if (config_yaml_name) return {read_config_yaml(text, path)};
        return {read_flink_conf(text, path)};
    }
    // Comments only, or "key:value" lines YAML reads as one scalar: the legacy parser decides.
    Document legacy = read_flink_conf(text, path);
    if (first.IsNull() || !first.IsDefined() || looks_like_flink_conf(legacy)) return {std::move(legacy)};
    unsupported(path, yaml::line_of(first),
                first.IsSequence() ? "a YAML list, not a mapping of keys to values"
                                   : "a single YAML scalar with no 'key: value' line");
}

}  // namespace flinkmem
