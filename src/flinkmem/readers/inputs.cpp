#include "flinkmem/readers/inputs.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/readers/config_yaml.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"
#include "flinkmem/readers/operator_memory.hpp"
#include "readers_internal.hpp"
#include "yaml_values.hpp"

namespace flinkmem {

using namespace readers_detail;

namespace {

// One configuration found in a file, before naming: its document number and name.
struct Found {
    int document_number;
    std::string name;
    ConfigDocument document;
};

[[noreturn]] void unsupported(const std::string& path, int line, const std::string& why, std::string hint = {}) {
    Error error("UnsupportedInput", fmt::format("{}: not a Flink configuration in any supported format "
                                                "(tried {}): {}",
                                                path, kFormatsTried, why));
    error.with_context({{}, {}, Source::in_file(path, line)});
    if (hint.empty()) hint = "force a format with --input-format (flink-conf, config-yaml, flinkdeployment, "
                             "flinksessionjob, configmap, compose)";
    error.with_hint(std::move(hint));
    throw error;
}

YAML::Node child(const YAML::Node& node, const char* key) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    for (const auto& entry : node) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

std::string scalar_or(const YAML::Node& node, std::string fallback) {
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : fallback;
}

// Lines of a block scalar ("|" or ">") start on the line after its indicator; a quoted or plain
// scalar's "\n"s are not lines of the file, so all its text is on the scalar's line.
EmbeddedLines embedded_lines(const YAML::Node& node, std::string_view text) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {};
    const auto pos = static_cast<std::size_t>(mark.pos);
    const bool block = pos < text.size() && (text[pos] == '|' || text[pos] == '>');
    if (block) return {mark.line + 1, 0};
    return {0, mark.line + 1};
}

// ---- FlinkDeployment / FlinkSessionJob -------------------------------------------------------

// JsonNode.asText() of a scalar as the operator sees it: the API server keeps the manifest as
// JSON, where a float with an integral value is written as an integer ("1.0" arrives as 1).
std::string operator_text(const YAML::Node& node) {
    const yaml::TypedScalar scalar = yaml::typed_scalar(node);
    if (scalar.type != yaml::ScalarType::Float) return scalar.text;
    const double value = java::parse_double(scalar.text);
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e21) return fmt::format("{:.0f}", value);
    return scalar.text;
}

// ConfigObjectNode.asFlatMap: nested objects joined with '.', arrays as ';'-joined texts.
// `budget` bounds the walk: aliases of aliases would expand exponentially.
void flatten_operator_config(const YAML::Node& node, const std::string& key, ConfigDocument& document,
                             std::size_t& budget) {
    const Source where = Source::in_file(document.path, yaml::line_of(node));
    if (budget == 0 || --budget == 0) {
        Error error("UnsupportedInput", "spec.flinkConfiguration has more than 100000 entries (aliases expand too far)");
        error.with_context({"spec.flinkConfiguration", {}, where});
        throw error;
    }
    if (node.IsMap()) {
        for (const auto& entry : node) {
            const std::string name = yaml::as_text(entry.first);
            const std::string nested = key.empty() ? name : key + "." + name;
            if (entry.second.IsMap() || entry.second.IsSequence()) {
                flatten_operator_config(entry.second, nested, document, budget);
                continue;
            }
            const Source entry_source = Source::in_file(document.path, yaml::line_of(entry.first));
            std::string value = operator_text(entry.second);
            if (const ConfigEntry* earlier = document.config.find(nested)) {
                document.notes.push_back({ReadNote::Kind::DuplicateKey, entry_source, nested,
                                          fmt::format("'{}' is set again here; this value replaces the one at {}",
                                                      nested, earlier->source.describe())});
            }
            note_placeholder(nested, value, entry_source, document);
            document.config.set(nested, std::move(value), entry_source);
        }
        return;
    }
    if (node.IsSequence() && node.size() > 0) {  // an empty array sets nothing
        std::string joined;
        for (std::size_t i = 0; i < node.size(); ++i) {
            if (i > 0) joined += ';';
            // JsonNode.asText() of an object or array is "".
            joined += node[i].IsScalar() || node[i].IsNull() ? operator_text(node[i]) : std::string();
        }
        document.config.set(key, std::move(joined), where);
    }
}

std::optional<ContainerResources> main_container_resources(const YAML::Node& pod_template, const std::string& path) {
    const YAML::Node containers = child(child(pod_template, "spec"), "containers");
    if (!containers.IsSequence()) return std::nullopt;
    for (const auto& container : containers) {
        if (scalar_or(child(container, "name"), "") != "flink-main-container") continue;
        const YAML::Node resources = child(container, "resources");
        if (!resources.IsMap()) return std::nullopt;
        ContainerResources result;
        result.where = Source::in_file(path, yaml::line_of(resources));
        const auto read = [&](const char* group, const char* what) -> std::optional<std::string> {
            const YAML::Node value = child(child(resources, group), what);
            if (!value.IsDefined() || !value.IsScalar()) return std::nullopt;
            return yaml::as_text(value);
        };
        result.memory_request = read("requests", "memory");
        result.memory_limit = read("limits", "memory");
        result.cpu_request = read("requests", "cpu");
        result.cpu_limit = read("limits", "cpu");
        return result;
    }
    return std::nullopt;
}

// FlinkConfigBuilder.applyJobManagerSpec / applyTaskManagerSpec.
void apply_process_spec(const YAML::Node& spec, const YAML::Node& shared_pod_template, bool job_manager,
                        ConfigDocument& document) {
    const YAML::Node process = child(spec, job_manager ? "jobManager" : "taskManager");
    const char* component = job_manager ? "JobManager" : "TaskManager";
    const std::string spec_key = job_manager ? "spec.jobManager" : "spec.taskManager";
    if (!process.IsMap()) {
        document.notes.push_back(
            {ReadNote::Kind::Other, Source::in_file(document.path, yaml::line_of(spec)), spec_key,
             fmt::format("{} is missing: the operator then takes the {} memory from flinkConfiguration alone and "
                         "rejects the deployment if that does not derive",
                         spec_key, component)});
        return;
    }
    const std::string prefix = job_manager ? "jobmanager" : "taskmanager";
    DeploymentProcess result;
    result.where = Source::in_file(document.path, yaml::line_of(process));

    // The newer `resources` (Kubernetes ResourceRequirements) wins over the deprecated `resource`
    // when it holds any request or limit; a request falls back to the limit.
    const YAML::Node resources = child(process, "resources");
    const auto requirement = [&](const char* what) -> YAML::Node {
        for (const char* group : {"requests", "limits"}) {
            const YAML::Node value = child(child(resources, group), what);
            if (value.IsDefined() && !value.IsNull()) return value;
        }
        return YAML::Node(YAML::NodeType::Undefined);
    };
    const bool has_requirements = (child(resources, "requests").IsMap() && child(resources, "requests").size() > 0) ||
                                  (child(resources, "limits").IsMap() && child(resources, "limits").size() > 0);
    const YAML::Node resource = child(process, "resource");
    YAML::Node memory = has_requirements ? requirement("memory") : child(resource, "memory");
    YAML::Node cpu = has_requirements ? requirement("cpu") : child(resource, "cpu");
    const std::string memory_field = spec_key + (has_requirements ? ".resources.memory" : ".resource.memory");

    if (memory.IsDefined() && !memory.IsNull()) {
        const std::string written = yaml::as_text(memory);
        const Source where = Source::in_file(document.path, yaml::line_of(memory));
        result.memory = written;
        std::string flink_value;
        try {
            flink_value = operator_memory_string(written);
            // DefaultValidator.validateResources parses the result again with MemorySize and
            // rejects the deployment when that fails (so "1.5Gi", "1610612736.0", never deploys).
            MemorySize::parse(flink_value);
        } catch (const Error& e) {
            Error error(e.class_name(), fmt::format("{} resource memory parse error: {}", component, e.message()));
            error.with_context({memory_field, written, where});
            error.with_hint("write the size as Flink does (\"2048m\", \"2g\") or as a Kubernetes quantity (\"2Gi\")");
            throw error;
        }
        const std::string key = prefix + ".memory.process.size";
        if (const ConfigEntry* earlier = document.config.find(key)) {
            document.notes.push_back(
                {ReadNote::Kind::DuplicateKey, where, key,
                 fmt::format("{} replaces '{}' = '{}' from {}: the operator applies the resource after "
                             "flinkConfiguration",
                             memory_field, key, earlier->value, earlier->source.describe())});
        }
        document.config.set(key, flink_value, where);
    } else {
        document.notes.push_back(
            {ReadNote::Kind::Other, result.where, spec_key,
             fmt::format("{} sets no memory: the operator then takes the {} memory from flinkConfiguration alone "
                         "and rejects the deployment if that does not derive",
                         spec_key, component)});
    }
    if (cpu.IsDefined() && !cpu.IsNull()) {
        const Source where = Source::in_file(document.path, yaml::line_of(cpu));
        const std::string written = yaml::as_text(cpu);
        double cores = 0;
        try {
            cores = java::parse_double(has_requirements ? kubernetes_quantity_amount(written) : written);
        } catch (const Error& e) {
            Error error(e.class_name(), fmt::format("{} resource cpu: {}", component, e.message()));
            error.with_context({spec_key + (has_requirements ? ".resources.cpu" : ".resource.cpu"), written, where});
            throw error;
        }
        result.cpu = cores;
        // KubernetesConfigOptions.{JOB,TASK}_MANAGER_CPU; before 1.17 also the old key.
        const std::string short_name = job_manager ? "jobmanager" : "taskmanager";
        document.config.set("kubernetes." + short_name + ".cpu.amount", java::to_string(cores), where);
        if (document.flink_version && *document.flink_version < FlinkVersion{1, 17}) {
            document.config.set("kubernetes." + short_name + ".cpu", java::to_string(cores), where);
        }
    }
    if (const YAML::Node replicas = child(process, "replicas"); replicas.IsDefined() && replicas.IsScalar()) {
        try {
            result.replicas = java::parse_int(yaml::as_text(replicas));
        } catch (const Error&) {
            document.notes.push_back({ReadNote::Kind::Other, Source::in_file(document.path, yaml::line_of(replicas)),
                                      {}, fmt::format("{}.replicas '{}' is not an integer", spec_key,
                                                      replicas.Scalar())});
        }
    }
    result.pod_template = main_container_resources(child(process, "podTemplate"), document.path);
    if (!result.pod_template) result.pod_template = main_container_resources(shared_pod_template, document.path);
    (job_manager ? document.job_manager : document.task_manager) = std::move(result);
}

ConfigDocument read_operator_resource(const YAML::Node& manifest, InputFormat format, const std::string& path) {
    ConfigDocument document = make_document(path, format);
    const YAML::Node spec = child(manifest, "spec");
    if (const YAML::Node version = child(spec, "flinkVersion"); version.IsDefined() && version.IsScalar()) {
        const std::string text = version.Scalar();
        const Source where = Source::in_file(path, yaml::line_of(version));
        document.flink_version = FlinkVersion::parse(text);
        document.flink_version_source = where;
        const bool enum_form = text.size() >= 4 && text[0] == 'v' && text.find('_') != std::string::npos &&
                               text.find('.') == std::string::npos;
        if (!document.flink_version) {
            document.notes.push_back({ReadNote::Kind::Other, where, "spec.flinkVersion",
                                      fmt::format("spec.flinkVersion '{}' is not a Flink version", text)});
        } else if (!enum_form) {
            document.notes.push_back(
                {ReadNote::Kind::Other, where, "spec.flinkVersion",
                 fmt::format("spec.flinkVersion '{}' is not one the operator accepts (it expects v{}_{}); read "
                             "as {}",
                             text, document.flink_version->major, document.flink_version->minor,
                             document.flink_version->to_string())});
        }
    }
    if (format == InputFormat::FlinkDeployment && !child(spec, "flinkVersion").IsDefined()) {
        document.notes.push_back({ReadNote::Kind::Other, Source::in_file(path, yaml::line_of(spec)), "spec.flinkVersion",
                                  "spec.flinkVersion is missing: the operator rejects the deployment (\"Flink Version "
                                  "must be defined.\")"});
    }
    if (const YAML::Node image = child(spec, "image"); !document.flink_version && image.IsDefined() && image.IsScalar()) {
        if (auto version = flink_version_of_image(image.Scalar())) {
            document.flink_version = version;
            document.flink_version_source = Source::in_file(path, yaml::line_of(image));
        }
    }
    const YAML::Node configuration = child(spec, "flinkConfiguration");
    if (configuration.IsDefined() && !configuration.IsNull()) {
        if (!configuration.IsMap()) {
            Error error("UnsupportedInput",
                        "spec.flinkConfiguration must be a map of Flink keys to values; the operator does not "
                        "read it as a string or a list");
            error.with_context({"spec.flinkConfiguration", {}, Source::in_file(path, yaml::line_of(configuration))});
            error.with_hint("write each key on its own line under flinkConfiguration:");
            throw error;
        }
        std::size_t budget = 100000;
        flatten_operator_config(configuration, "", document, budget);
    }
    if (format == InputFormat::FlinkDeployment) {
        const YAML::Node pod_template = child(spec, "podTemplate");
        apply_process_spec(spec, pod_template, true, document);
        apply_process_spec(spec, pod_template, false, document);
    }
    return document;
}

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
        ConfigDocument document = make_document(path, InputFormat::ConfigMap);
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
                Error error = e.wrapped("RuntimeException", "Error parsing YAML configuration.");
                if (e.context()) {
                    error.with_context({{}, {}, Source::in_file(path, e.context()->source.line + offset)});
                }
                throw error;
            }
            if (!nodes.empty()) flatten_standard_yaml(nodes.front(), offset, document);
        }
        found.push_back({number, name + "/" + file, std::move(document)});
    }
}

// ---- Docker Compose -----------------------------------------------------------------------------

// The memory-relevant lines of the default conf/flink-conf.yaml (config.yaml from 1.19) that the
// official image of a release line ships.
std::vector<std::pair<const char*, const char*>> image_default_configuration(FlinkVersion version) {
    if (version < FlinkVersion{1, 10}) {
        return {{"jobmanager.heap.size", "1024m"}, {"taskmanager.heap.size", "1024m"},
                {"taskmanager.numberOfTaskSlots", "1"}, {"parallelism.default", "1"}};
    }
    if (version < FlinkVersion{1, 11}) {
        return {{"jobmanager.heap.size", "1024m"}, {"taskmanager.memory.process.size", "1728m"},
                {"taskmanager.numberOfTaskSlots", "1"}, {"parallelism.default", "1"}};
    }
    return {{"jobmanager.memory.process.size", "1600m"}, {"taskmanager.memory.process.size", "1728m"},
            {"taskmanager.numberOfTaskSlots", "1"}, {"parallelism.default", "1"}};
}

bool is_flink_image(std::string_view image) {
    if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
    const std::size_t slash = image.rfind('/');
    const std::size_t colon = image.find(':', slash == std::string_view::npos ? 0 : slash);
    const std::string_view repository = image.substr(0, colon);
    const std::string_view last = slash == std::string_view::npos ? repository : repository.substr(slash + 1);
    return last == "flink";
}

// The 1.19+ entrypoint (process_flink_properties): each line loses all whitespace, is split at
// the first ':' and passed as -Dkey=value to the config parser.
void read_properties_per_line(std::string_view text, EmbeddedLines lines, ConfigDocument& document,
                              Substitution substitution) {
    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        std::string compact;
        for (const char c : line) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') compact += c;
        }
        if (compact.empty()) continue;
        const Source where = Source::in_file(document.path, lines.of(line_number));
        const std::size_t colon = compact.find(':');
        const std::string key = compact.substr(0, colon);
        const std::string value = colon == std::string::npos ? std::string() : compact.substr(colon + 1);
        if (key.empty() || value.empty() || key.starts_with('#')) {
            document.notes.push_back({ReadNote::Kind::DroppedLine, where, key,
                                      "the image's entrypoint passes this line as an empty or commented "
                                      "key or value, so it sets nothing Flink uses"});
            continue;
        }
        if (const ConfigEntry* earlier = document.config.find(key); earlier && earlier->source.kind == Source::Kind::File) {
            document.notes.push_back({ReadNote::Kind::DuplicateKey, where, key,
                                      fmt::format("'{}' is set again here; this value replaces the one at {}", key,
                                                  earlier->source.describe())});
        }
        if (value.find('#') != std::string::npos) {
            document.notes.push_back({ReadNote::Kind::Other, where, key,
                                      fmt::format("'{}' = '{}': the 1.19+ image's entrypoint removes whitespace, not "
                                                  "comments, so the comment is part of the value",
                                                  key, value)});
        }
        note_placeholder(key, value, where, document, substitution);
        document.config.set(key, value, where);
        if (end == text.size()) break;
    }
}

// What a container of the official image is started with: the entrypoint builds its
// configuration from these (docker-entrypoint.sh prepare_configuration).
struct EntrypointInput {
    std::string name;  // the Compose service, or "<workload>/<container>"
    std::string image;
    YAML::Node image_node{YAML::NodeType::Undefined};
    YAML::Node properties{YAML::NodeType::Undefined};  // FLINK_PROPERTIES, when set
    std::string properties_text;
    std::optional<std::string> slots;  // TASK_MANAGER_NUMBER_OF_TASK_SLOTS
    bool prefixed_variables = false;   // FLINK_PROPERTIES_* (ignored by the image)
    std::vector<std::pair<std::string, YAML::Node>> mounts;  // target path, where it is written
    Source where;
    Substitution substitution = Substitution::ImageEntrypoint;
};

void note_environment_variable(const std::string& name, const YAML::Node& value_node, std::string value,
                               EntrypointInput& input) {
    if (name == "FLINK_PROPERTIES") {
        input.properties = value_node;
        input.properties_text = std::move(value);
    } else if (name == "TASK_MANAGER_NUMBER_OF_TASK_SLOTS") {
        input.slots = std::move(value);
    } else if (name.starts_with("FLINK_PROPERTIES_")) {
        input.prefixed_variables = true;
    }
}

bool mounts_conf(const EntrypointInput& input) {
    return std::any_of(input.mounts.begin(), input.mounts.end(), [](const auto& mount) {
        return mount.first == "/opt/flink/conf" || mount.first.starts_with("/opt/flink/conf/");
    });
}

// Returns false when the container is skipped because its configuration is a mounted file.
bool read_entrypoint_configuration(EntrypointInput input, int number, std::string_view text, const std::string& path,
                                   const ReadOptions& options, std::vector<Found>& found, bool kubernetes = false) {
    // Without FLINK_PROPERTIES a container is only worth a result when it runs the flink image on
    // the image's own configuration: a mounted conf (a ConfigMap, a bind mount) is not in this file.
    if (!input.properties.IsDefined()) {
        if (!is_flink_image(input.image) || kubernetes) return true;
        if (mounts_conf(input)) return false;
    }
    ConfigDocument document = make_document(path, InputFormat::DockerCompose);
    FlinkVersion version = options.image_default_version;
    if (auto tagged = flink_version_of_image(input.image)) {
        version = *tagged;
        document.flink_version = tagged;
        document.flink_version_source = Source::in_file(path, yaml::line_of(input.image_node));
    } else {
        document.notes.push_back(
            {ReadNote::Kind::Other, input.where, {},
             fmt::format("{} names no Flink version; FLINK_PROPERTIES is applied over the default "
                         "configuration of Flink {}",
                         input.image.empty() ? std::string("the service's locally built image")
                                             : "image '" + input.image + "'",
                         version.to_string())});
    }
    const Source defaults = Source::derived(fmt::format("default configuration of the flink:{} image", version.to_string()));
    for (const auto& [key, value] : image_default_configuration(version)) document.config.set(key, value, defaults);
    if (input.slots) {
        document.config.set("taskmanager.numberOfTaskSlots", *input.slots,
                            Source::environment("TASK_MANAGER_NUMBER_OF_TASK_SLOTS"));
    }
    // A mounted conf directory or file replaces the image's default configuration.
    for (const auto& [target, node] : input.mounts) {
        if (target != "/opt/flink/conf" && !target.starts_with("/opt/flink/conf/")) continue;
        document.notes.push_back(
            {ReadNote::Kind::Other, Source::in_file(path, yaml::line_of(node)), {},
             fmt::format("a file or directory is mounted at {}: Flink starts from that instead of the image's "
                         "default configuration shown here (FLINK_PROPERTIES still applies on top)",
                         target)});
    }
    if (input.prefixed_variables) {
        document.notes.push_back({ReadNote::Kind::Other, input.where, {},
                                  "FLINK_PROPERTIES_* variables are not read by the official image; only "
                                  "FLINK_PROPERTIES is"});
    }
    if (input.properties.IsDefined()) {
        const EmbeddedLines lines = embedded_lines(input.properties, text);
        if (version < FlinkVersion{1, 19}) {
            // Up to 1.18 the entrypoint appends FLINK_PROPERTIES to flink-conf.yaml as it is.
            read_legacy_lines(input.properties_text, lines, document, input.substitution);
        } else {
            read_properties_per_line(input.properties_text, lines, document, input.substitution);
        }
    } else {
        document.notes.push_back({ReadNote::Kind::Other, input.where, {},
                                  "this Flink container sets no FLINK_PROPERTIES: it runs with the image's default "
                                  "configuration unless a conf directory is mounted"});
    }
    found.push_back({number, input.name, std::move(document)});
    return true;
}

bool read_compose_service(const std::string& service, const YAML::Node& definition, std::string_view text,
                          const std::string& path, const ReadOptions& options, std::vector<Found>& found) {
    EntrypointInput input;
    input.name = service;
    input.image_node = child(definition, "image");
    input.image = scalar_or(input.image_node, "");
    input.where = Source::in_file(path, yaml::line_of(definition));
    input.substitution = Substitution::DockerCompose;
    const YAML::Node environment = child(definition, "environment");
    if (environment.IsMap()) {
        for (const auto& entry : environment) {
            note_environment_variable(scalar_or(entry.first, ""), entry.second, yaml::as_text(entry.second), input);
        }
    } else if (environment.IsSequence()) {
        for (const auto& item : environment) {
            if (!item.IsScalar()) continue;
            const std::string& assignment = item.Scalar();
            const std::size_t equals = assignment.find('=');
            const std::string name = std::string(java::trim(std::string_view(assignment).substr(0, equals)));
            note_environment_variable(name, YAML::Node(item),
                                      equals == std::string::npos ? std::string() : assignment.substr(equals + 1),
                                      input);
        }
    }
    if (const YAML::Node volumes = child(definition, "volumes"); volumes.IsSequence()) {
        for (const auto& volume : volumes) {
            std::string target;
            if (volume.IsScalar()) {
                const std::string& spec = volume.Scalar();
                const std::size_t colon = spec.find(':');
                if (colon != std::string::npos) target = spec.substr(colon + 1, spec.find(':', colon + 1) - colon - 1);
            } else {
                target = scalar_or(child(volume, "target"), "");
            }
            input.mounts.emplace_back(target, YAML::Node(volume));
        }
    }
    return read_entrypoint_configuration(std::move(input), 1, text, path, options, found);
}

// Kubernetes workloads running the official image: each container that sets FLINK_PROPERTIES (or
// runs the flink image) is configured by the same entrypoint as a Compose service.
void read_workload(const YAML::Node& manifest, const std::string& kind, int number, std::string_view text,
                   const std::string& path, const ReadOptions& options, std::vector<Found>& found) {
    const YAML::Node spec = child(manifest, "spec");
    const YAML::Node pod_spec = kind == "Pod"       ? spec
                                : kind == "CronJob" ? child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec")
                                                    : child(child(spec, "template"), "spec");
    const YAML::Node containers = child(pod_spec, "containers");
    if (!containers.IsSequence()) return;
    const std::string workload = scalar_or(child(child(manifest, "metadata"), "name"), kind);
    for (const auto& container : containers) {
        EntrypointInput input;
        input.name = workload + "/" + scalar_or(child(container, "name"), "container");
        input.image_node = child(container, "image");
        input.image = scalar_or(input.image_node, "");
        input.where = Source::in_file(path, yaml::line_of(container));
        if (const YAML::Node env = child(container, "env"); env.IsSequence()) {
            for (const auto& variable : env) {
                const YAML::Node value = child(variable, "value");
                if (!value.IsDefined() || !(value.IsScalar() || value.IsNull())) continue;
                note_environment_variable(scalar_or(child(variable, "name"), ""), value, yaml::as_text(value), input);
            }
        }
        if (const YAML::Node mounts = child(container, "volumeMounts"); mounts.IsSequence()) {
            for (const auto& mount : mounts) input.mounts.emplace_back(scalar_or(child(mount, "mountPath"), ""), YAML::Node(mount));
        }
        read_entrypoint_configuration(std::move(input), number, text, path, options, found, true);
    }
}

// ---- detection --------------------------------------------------------------------------------

bool is_manifest(const YAML::Node& node) {
    return node.IsMap() && child(node, "kind").IsScalar() && child(node, "apiVersion").IsDefined();
}

bool is_workload(const std::string& kind) {
    for (const char* workload : {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job",
                                 "CronJob", "Pod"}) {
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
                if (is_manifest(item)) read_manifest(item, number, text, path, options, found, kinds, depth + 1);
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
bool looks_like_flink_conf(const ConfigDocument& legacy) {
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

std::vector<ConfigDocument> name_documents(std::vector<Found> found, const std::string& path) {
    std::vector<ConfigDocument> documents;
    for (auto& item : found) {
        item.document.name = found.size() == 1 ? path : fmt::format("{}#{}/{}", path, item.document_number, item.name);
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
    for (const InputFormat format : {InputFormat::FlinkConf, InputFormat::ConfigYaml, InputFormat::FlinkDeployment,
                                     InputFormat::FlinkSessionJob, InputFormat::ConfigMap,
                                     InputFormat::DockerCompose}) {
        if (name == to_string(format)) return format;
    }
    return std::nullopt;
}

std::optional<FlinkVersion> flink_version_of_image(std::string_view image) {
    if (!is_flink_image(image)) return std::nullopt;
    if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
    const std::size_t slash = image.rfind('/');
    const std::size_t colon = image.find(':', slash == std::string_view::npos ? 0 : slash);
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view tag = image.substr(colon + 1);
    // "1.17.1-scala_2.12-java11": the version is the part before the first '-'.
    tag = tag.substr(0, tag.find('-'));
    return FlinkVersion::parse(tag);
}

std::vector<ConfigDocument> read_configurations(std::string_view text, const std::string& path,
                                                const ReadOptions& options) {
    const std::optional<InputFormat>& forced = options.format;
    if (forced == InputFormat::FlinkConf) return {read_flink_conf(text, path)};
    if (forced == InputFormat::ConfigYaml) return {read_config_yaml(text, path)};

    std::vector<YAML::Node> nodes;
    try {
        nodes = yaml::load_all(text, path);
    } catch (const Error& e) {
        // The legacy parser tolerates what YAML rejects (wrapped lines, "key:value", "%x%").
        if (!forced && !looks_like_manifest_or_compose(text)) {
            ConfigDocument legacy = read_flink_conf(text, path);
            if (looks_like_flink_conf(legacy)) return {std::move(legacy)};
        }
        const int line = e.context() ? e.context()->source.line : 0;
        const bool helm = text.find("{{") != std::string_view::npos;
        unsupported(path, line, fmt::format("invalid YAML: {}", e.message()),
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
            unsupported(path, 1,
                        fmt::format("Kubernetes manifests ({}) but no FlinkDeployment, FlinkSessionJob, "
                                    "ConfigMap holding flink-conf.yaml or config.yaml, or container setting "
                                    "FLINK_PROPERTIES{}",
                                    join(other_kinds), forced ? fmt::format(" of the forced format {}", to_string(*forced)) : ""));
        }
        return name_documents(std::move(found), path);
    }
    const YAML::Node first = nodes.empty() ? YAML::Node() : nodes.front();
    const YAML::Node services = child(first, "services");
    if (nodes.size() == 1 && services.IsMap() && (!forced || forced == InputFormat::DockerCompose)) {
        bool mounted = false;
        for (const auto& entry : services) {
            mounted = !read_compose_service(scalar_or(entry.first, "service"), entry.second, text, path, options, found) ||
                      mounted;
        }
        if (found.empty()) {
            unsupported(path, yaml::line_of(services),
                        mounted ? "a Docker Compose file whose Flink services read a mounted conf directory "
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
            ConfigDocument document = make_document(path, InputFormat::ConfigYaml);
            flatten_standard_yaml(nodes[i], 0, document);
            found.push_back({static_cast<int>(i + 1), "config", std::move(document)});
        }
        if (found.empty()) unsupported(path, 1, "a YAML stream of several documents, none a mapping of Flink keys");
        return name_documents(std::move(found), path);
    }
    if (first.IsMap()) {
        const std::string file_name = file_name_of(path);
        const bool config_yaml_name = file_name == "config.yaml" || (file_name.ends_with("config.yaml") && file_name != "flink-conf.yaml");
        if (has_nested_values(first)) {
            ConfigDocument document = read_config_yaml(text, path);
            if (file_name == "flink-conf.yaml") {
                document.notes.push_back(
                    {ReadNote::Kind::Other, Source::in_file(path, 1), {},
                     "nested YAML in a file named flink-conf.yaml: read as config.yaml here, but Flink reads a "
                     "flink-conf.yaml with its legacy line parser, which drops nested keys "
                     "(--input-format flink-conf shows what it sees)"});
            }
            return {std::move(document)};
        }
        if (config_yaml_name) return {read_config_yaml(text, path)};
        return {read_flink_conf(text, path)};
    }
    // Comments only, or "key:value" lines YAML reads as one scalar: the legacy parser decides.
    ConfigDocument legacy = read_flink_conf(text, path);
    if (first.IsNull() || !first.IsDefined() || looks_like_flink_conf(legacy)) return {std::move(legacy)};
    unsupported(path, yaml::line_of(first),
                first.IsSequence() ? "a YAML list, not a mapping of keys to values"
                                   : "a single YAML scalar with no 'key: value' line");
}

}  // namespace flinkmem
