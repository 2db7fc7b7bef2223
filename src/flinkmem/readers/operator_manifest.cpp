// FlinkDeployment and FlinkSessionJob as the Flink Kubernetes operator turns them into a Flink
// configuration (FlinkConfigBuilder, ConfigObjectNode, ResourceConfigUtils, DefaultValidator).
#include <cmath>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/readers/inputs.hpp"
#include "flinkmem/readers/operator_memory.hpp"
#include "flinkmem/versions/release.hpp"
#include "readers_internal.hpp"
#include "yaml_values.hpp"

namespace flinkmem::readers_detail {

using yaml::child;
using yaml::scalar_or;

namespace {

// JsonNode.asText() of a scalar as the operator sees it: the API server keeps the manifest as
// JSON, where a float with an integral value is written as an integer ("1.0" arrives as 1).
std::string operator_text(const YAML::Node& node) {
    const yaml::TypedScalar scalar = yaml::typed_scalar(node);
    if (scalar.type != yaml::ScalarType::Float) return scalar.text;
    const double value = java::parse_double(scalar.text);
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e21)
        return fmt::format("{:.0f}", value);
    return scalar.text;
}

// ConfigObjectNode.asFlatMap: nested objects joined with '.', arrays as ';'-joined texts.
// `budget` bounds the walk: aliases of aliases would expand exponentially.
void flatten_operator_config(const YAML::Node& node, const std::string& key, Document& document,
                             std::size_t& budget) {
    const Source where = Source::in_file(document.path, yaml::line_of(node));
    if (budget == 0 || --budget == 0) {
        Error error(ErrorClass::UnsupportedInput,
                    "spec.flinkConfiguration has more than 100000 entries (aliases expand too far)");
        error.with_context({"spec.flinkConfiguration", {}, where});
        throw error;
    }
    if (node.IsMap()) {
        for (const auto& entry : node) {
            const std::string name = yaml::as_text(entry.first);
            const std::string nested = key.empty() ? name : std::string(key).append(".").append(name);
            if (entry.second.IsMap() || entry.second.IsSequence()) {
                flatten_operator_config(entry.second, nested, document, budget);
                continue;
            }
            const Source entry_source = Source::in_file(document.path, yaml::line_of(entry.first));
            std::string value = operator_text(entry.second);
            if (const ConfigEntry* earlier = document.config.find(nested)) {
                document.notes.push_back(
                    {ReadNote::Kind::DuplicateKey, entry_source, nested,
                     fmt::format("'{}' is set again here; this value replaces the one at {}", nested,
                                 earlier->source.describe())});
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

std::optional<ContainerResources> main_container_resources(const YAML::Node& pod_template,
                                                           const std::string& path) {
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
                        Document& document) {
    const YAML::Node process = child(spec, job_manager ? "jobManager" : "taskManager");
    const char* component = job_manager ? "JobManager" : "TaskManager";
    const std::string spec_key = job_manager ? "spec.jobManager" : "spec.taskManager";
    if (!process.IsMap()) {
        document.notes.push_back(
            {ReadNote::Kind::Other, Source::in_file(document.path, yaml::line_of(spec)), spec_key,
             fmt::format(
                 "{} is missing: the operator then takes the {} memory from flinkConfiguration alone and "
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
    const bool has_requirements =
        (child(resources, "requests").IsMap() && child(resources, "requests").size() > 0) ||
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
            Error error(e.error_class(),
                        fmt::format("{} resource memory parse error: {}", component, e.message()));
            error.with_context({memory_field, written, where});
            error.with_hint(
                "write the size as Flink does (\"2048m\", \"2g\") or as a Kubernetes quantity (\"2Gi\")");
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
             fmt::format(
                 "{} sets no memory: the operator then takes the {} memory from flinkConfiguration alone "
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
            Error error(e.error_class(), fmt::format("{} resource cpu: {}", component, e.message()));
            error.with_context(
                {spec_key + (has_requirements ? ".resources.cpu" : ".resource.cpu"), written, where});
            throw error;
        }
        result.cpu = cores;
        // KubernetesConfigOptions.{JOB,TASK}_MANAGER_CPU under its current key (the operator's Flink
        // client) and under the key the deployment's own release reads, where that is older.
        const OptionId cpu_option =
            job_manager ? OptionId::KubernetesJobManagerCpu : OptionId::KubernetesTaskManagerCpu;
        document.config.set(key_of(cpu_option), java::to_string(cores), where);
        const Release* release = document.flink_version ? find_release(*document.flink_version) : nullptr;
        if (const OptionSpec* own = release != nullptr ? release->options().find(cpu_option) : nullptr) {
            document.config.set(std::string(own->key), java::to_string(cores), where);
        }
    }
    if (const YAML::Node replicas = child(process, "replicas"); replicas.IsDefined() && replicas.IsScalar()) {
        try {
            result.replicas = java::parse_int(yaml::as_text(replicas));
        } catch (const Error&) {
            document.notes.push_back(
                {ReadNote::Kind::Other,
                 Source::in_file(document.path, yaml::line_of(replicas)),
                 {},
                 fmt::format("{}.replicas '{}' is not an integer", spec_key, replicas.Scalar())});
        }
    }
    result.pod_template = main_container_resources(child(process, "podTemplate"), document.path);
    if (!result.pod_template)
        result.pod_template = main_container_resources(shared_pod_template, document.path);
    (job_manager ? document.job_manager : document.task_manager) = std::move(result);
}

}  // namespace

Document read_operator_resource(const YAML::Node& manifest, InputFormat format, const std::string& path) {
    Document document = make_document(path, format);
    const YAML::Node spec = child(manifest, "spec");
    if (const YAML::Node version = child(spec, "flinkVersion"); version.IsDefined() && version.IsScalar()) {
        const std::string& text = version.Scalar();
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
                 fmt::format(
                     "spec.flinkVersion '{}' is not one the operator accepts (it expects v{}_{}); read "
                     "as {}",
                     text, document.flink_version->major, document.flink_version->minor,
                     document.flink_version->to_string())});
        }
    }
    if (format == InputFormat::FlinkDeployment && !child(spec, "flinkVersion").IsDefined()) {
        document.notes.push_back(
            {ReadNote::Kind::Other, Source::in_file(path, yaml::line_of(spec)), "spec.flinkVersion",
             "spec.flinkVersion is missing: the operator rejects the deployment (\"Flink Version "
             "must be defined.\")"});
    }
    if (const YAML::Node image = child(spec, "image");
        !document.flink_version && image.IsDefined() && image.IsScalar()) {
        if (auto version = flink_version_of_image(image.Scalar())) {
            document.flink_version = version;
            document.flink_version_source = Source::in_file(path, yaml::line_of(image));
        }
    }
    const YAML::Node configuration = child(spec, "flinkConfiguration");
    if (configuration.IsDefined() && !configuration.IsNull()) {
        if (!configuration.IsMap()) {
            Error error(
                ErrorClass::UnsupportedInput,
                "spec.flinkConfiguration must be a map of Flink keys to values; the operator does not "
                "read it as a string or a list");
            error.with_context(
                {"spec.flinkConfiguration", {}, Source::in_file(path, yaml::line_of(configuration))});
            error.with_hint("write each key on its own line under flinkConfiguration:");
            throw error;
        }
        std::size_t budget = 100000;
        flatten_operator_config(configuration, "", document, budget);
    }
    // FlinkConfigBuilder#applyJobOrSessionSpec: a positive spec.job.parallelism becomes
    // parallelism.default, over flinkConfiguration's.
    if (const YAML::Node parallelism = child(child(spec, "job"), "parallelism");
        format == InputFormat::FlinkDeployment && parallelism.IsDefined() && parallelism.IsScalar()) {
        const std::string& text = parallelism.Scalar();
        const bool positive = !text.empty() && text.size() < 10 &&
                              text.find_first_not_of("0123456789") == std::string::npos &&
                              std::stol(text) > 0;
        if (positive) {
            document.config.set(key_of(OptionId::ParallelismDefault), text,
                                Source::in_file(path, yaml::line_of(parallelism)));
        }
    }
    if (format == InputFormat::FlinkDeployment) {
        const YAML::Node pod_template = child(spec, "podTemplate");
        apply_process_spec(spec, pod_template, true, document);
        apply_process_spec(spec, pod_template, false, document);
    }
    return document;
}

}  // namespace flinkmem::readers_detail
