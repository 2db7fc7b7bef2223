// What the official Flink Docker image's entrypoint (docker-entrypoint.sh) makes of a container's
// environment: the image's default configuration, TASK_MANAGER_NUMBER_OF_TASK_SLOTS and
// FLINK_PROPERTIES, for Docker Compose services and Kubernetes workload containers.
#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/readers/inputs.hpp"
#include "flinkmem/versions/release.hpp"
#include "readers_internal.hpp"
#include "yaml_values.hpp"

namespace flinkmem {

std::optional<FlinkVersion> flink_version_of_image(std::string_view image) {
    if (!readers_detail::is_flink_image(image)) return std::nullopt;
    if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
    const std::size_t slash = image.rfind('/');
    const std::size_t colon = image.find(':', slash == std::string_view::npos ? 0 : slash);
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view tag = image.substr(colon + 1);
    // "1.17.1-scala_2.12-java11": the version is the part before the first '-'.
    tag = tag.substr(0, tag.find('-'));
    return FlinkVersion::parse(tag);
}

}  // namespace flinkmem

namespace flinkmem::readers_detail {

using yaml::child;
using yaml::scalar_or;

namespace {

// The memory-relevant lines of the default conf/flink-conf.yaml (config.yaml from 1.19) that the
// official image of a release line ships: 1.10's still sized the JobManager by its heap, as that
// release has no JobManager memory model.
std::vector<std::pair<std::string, std::string>> image_default_configuration(FlinkVersion version) {
    const Release* named = find_release(version);
    const Release& release = named != nullptr ? *named : default_release();
    const auto key = [&release](OptionId id) { return std::string(option_in_or_after(release, id)->key); };
    const bool job_manager_model = release.traits().job_manager_model;
    return {{key(job_manager_model ? OptionId::JobManagerProcessSize : OptionId::JobManagerLegacyHeap),
             job_manager_model ? "1600m" : "1024m"},
            {key(OptionId::TaskManagerProcessSize), "1728m"},
            {key(OptionId::NumTaskSlots), "1"},
            {key(OptionId::ParallelismDefault), "1"}};
}

}  // namespace

bool is_flink_image(std::string_view image) {
    if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
    const std::size_t slash = image.rfind('/');
    const std::size_t colon = image.find(':', slash == std::string_view::npos ? 0 : slash);
    const std::string_view repository = image.substr(0, colon);
    const std::string_view last = slash == std::string_view::npos ? repository : repository.substr(slash + 1);
    return last == "flink";
}

namespace {

// The 1.19+ entrypoint (process_flink_properties): each line loses all whitespace, is split at
// the first ':' and passed as -Dkey=value to the config parser.
void read_properties_per_line(std::string_view text, EmbeddedLines lines, Document& document,
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
        if (const ConfigEntry* earlier = document.config.find(key);
            earlier && earlier->source.kind == Source::Kind::File && earlier->source.name == where.name) {
            document.notes.push_back({ReadNote::Kind::DuplicateKey, where, key,
                                      fmt::format("'{}' is set again here; this value replaces the one at {}",
                                                  key, earlier->source.describe())});
        }
        if (value.find('#') != std::string::npos) {
            document.notes.push_back(
                {ReadNote::Kind::Other, where, key,
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
    std::optional<std::string> slots;                        // TASK_MANAGER_NUMBER_OF_TASK_SLOTS
    bool prefixed_variables = false;                         // FLINK_PROPERTIES_* (ignored by the image)
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
bool read_entrypoint_configuration(EntrypointInput input, int number, std::string_view text,
                                   const std::string& path, const ReadOptions& options,
                                   std::vector<Found>& found, bool kubernetes = false) {
    // Without FLINK_PROPERTIES a container is only worth a result when it runs the flink image on
    // the image's own configuration: a mounted conf (a ConfigMap, a bind mount) is not in this file.
    if (!input.properties.IsDefined()) {
        if (!is_flink_image(input.image) || kubernetes) return true;
        if (mounts_conf(input)) return false;
    }
    Document document = make_document(path, InputFormat::DockerCompose);
    FlinkVersion version = options.image_default_version;
    if (auto tagged = flink_version_of_image(input.image)) {
        version = *tagged;
        document.flink_version = tagged;
        document.flink_version_source = Source::in_file(path, yaml::line_of(input.image_node));
    } else {
        document.notes.push_back(
            {ReadNote::Kind::Other,
             input.where,
             {},
             fmt::format("{} names no Flink version; FLINK_PROPERTIES is applied over the default "
                         "configuration of Flink {}",
                         input.image.empty() ? std::string("the service's locally built image")
                                             : "image '" + input.image + "'",
                         version.to_string())});
    }
    // The image's own conf file; it has no line flinkmem could point at.
    const Source defaults = Source::in_file(
        fmt::format("flink:{} image: /opt/flink/conf/{}", version.to_string(),
                    conf_files(version) == ConfFiles::FlinkConfOnly ? "flink-conf.yaml" : "config.yaml"),
        0);
    for (const auto& [key, value] : image_default_configuration(version))
        document.config.set(key, value, defaults);
    if (input.slots) {
        document.config.set(key_of(OptionId::NumTaskSlots), *input.slots,
                            Source::environment("TASK_MANAGER_NUMBER_OF_TASK_SLOTS"));
    }
    // A mounted conf directory or file replaces the image's default configuration.
    for (const auto& [target, node] : input.mounts) {
        if (target != "/opt/flink/conf" && !target.starts_with("/opt/flink/conf/")) continue;
        document.notes.push_back(
            {ReadNote::Kind::Other,
             Source::in_file(path, yaml::line_of(node)),
             {},
             fmt::format(
                 "a file or directory is mounted at {}: Flink starts from that instead of the image's "
                 "default configuration shown here (FLINK_PROPERTIES still applies on top)",
                 target)});
    }
    if (input.prefixed_variables) {
        document.notes.push_back({ReadNote::Kind::Other,
                                  input.where,
                                  {},
                                  "FLINK_PROPERTIES_* variables are not read by the official image; only "
                                  "FLINK_PROPERTIES is"});
    }
    if (input.properties.IsDefined()) {
        const EmbeddedLines lines = embedded_lines(input.properties, text);
        if (conf_files(version) == ConfFiles::FlinkConfOnly) {
            // Up to 1.18 the entrypoint appends FLINK_PROPERTIES to flink-conf.yaml as it is.
            read_legacy_lines(input.properties_text, lines, document, input.substitution);
        } else {
            read_properties_per_line(input.properties_text, lines, document, input.substitution);
        }
    } else {
        document.notes.push_back(
            {ReadNote::Kind::Other,
             input.where,
             {},
             "this Flink container sets no FLINK_PROPERTIES: it runs with the image's default "
             "configuration unless a conf directory is mounted"});
    }
    found.push_back({number, input.name, std::move(document)});
    return true;
}

}  // namespace

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
            note_environment_variable(scalar_or(entry.first, ""), entry.second, yaml::as_text(entry.second),
                                      input);
        }
    } else if (environment.IsSequence()) {
        for (const auto& item : environment) {
            if (!item.IsScalar()) continue;
            const std::string& assignment = item.Scalar();
            const std::size_t equals = assignment.find('=');
            const std::string name = std::string(java::trim(std::string_view(assignment).substr(0, equals)));
            note_environment_variable(
                name, YAML::Node(item),
                equals == std::string::npos ? std::string() : assignment.substr(equals + 1), input);
        }
    }
    if (const YAML::Node volumes = child(definition, "volumes"); volumes.IsSequence()) {
        for (const auto& volume : volumes) {
            std::string target;
            if (volume.IsScalar()) {
                const std::string& spec = volume.Scalar();
                const std::size_t colon = spec.find(':');
                if (colon != std::string::npos)
                    target = spec.substr(colon + 1, spec.find(':', colon + 1) - colon - 1);
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
    const YAML::Node pod_spec =
        kind == "Pod"       ? spec
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
                note_environment_variable(scalar_or(child(variable, "name"), ""), value, yaml::as_text(value),
                                          input);
            }
        }
        if (const YAML::Node mounts = child(container, "volumeMounts"); mounts.IsSequence()) {
            for (const auto& mount : mounts)
                input.mounts.emplace_back(scalar_or(child(mount, "mountPath"), ""), YAML::Node(mount));
        }
        read_entrypoint_configuration(std::move(input), number, text, path, options, found, true);
    }
}

}  // namespace flinkmem::readers_detail
