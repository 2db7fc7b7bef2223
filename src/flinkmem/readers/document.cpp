#include "flinkmem/readers/document.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem {

const char* to_string(InputFormat format) {
    switch (format) {
        case InputFormat::FlinkConf:
            return "flink-conf";
        case InputFormat::ConfigYaml:
            return "config-yaml";
        case InputFormat::FlinkDeployment:
            return "flinkdeployment";
        case InputFormat::FlinkSessionJob:
            return "flinksessionjob";
        case InputFormat::ConfigMap:
            return "configmap";
        case InputFormat::DockerCompose:
            return "compose";
    }
    return "unknown";
}

Document Document::of(Configuration config, std::string name) {
    Document document;
    document.name = std::move(name);
    document.path = document.name;
    document.config = std::move(config);
    return document;
}

std::string_view to_string(Deployment deployment) {
    switch (deployment) {
        case Deployment::Standalone:
            return "standalone";
        case Deployment::KubernetesSession:
            return "kubernetes-session";
        case Deployment::KubernetesApplication:
            return "kubernetes-application";
        case Deployment::YarnSession:
            return "yarn-session";
        case Deployment::YarnPerJob:
            return "yarn-per-job";
        case Deployment::YarnApplication:
            return "yarn-application";
        case Deployment::Operator:
            return "operator";
    }
    return "standalone";
}

std::string_view to_string(Target target) {
    switch (target) {
        case Target::Standalone:
            return "standalone";
        case Target::Kubernetes:
            return "kubernetes";
        case Target::Yarn:
            return "yarn";
    }
    return "standalone";
}

std::optional<Target> parse_target(std::string_view name) {
    for (const Target target : {Target::Standalone, Target::Kubernetes, Target::Yarn}) {
        if (name == to_string(target)) return target;
    }
    return std::nullopt;
}

Target target_of(Deployment deployment) {
    switch (deployment) {
        case Deployment::Standalone:
            return Target::Standalone;
        case Deployment::KubernetesSession:
        case Deployment::KubernetesApplication:
        case Deployment::Operator:
            return Target::Kubernetes;
        case Deployment::YarnSession:
        case Deployment::YarnPerJob:
        case Deployment::YarnApplication:
            return Target::Yarn;
    }
    return Target::Standalone;
}

namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

// Without execution.target (yarn-session.sh and kubernetes-session.sh set it themselves, so
// their files rarely do): options only an active resource manager reads. Every yarn.* option
// belongs to the YARN deployment; of the kubernetes.* ones only those of the native integration
// count, since a standalone cluster on Kubernetes also sets kubernetes.cluster-id for its HA.
ImpliedDeployment implied_by_keys(const Configuration& config, const Release& release) {
    using enum OptionId;
    for (const OptionId id : {KubernetesTaskManagerCpu, KubernetesJobManagerCpu,
                              KubernetesTaskManagerMemoryLimitFactor, KubernetesJobManagerMemoryLimitFactor,
                              KubernetesTaskManagerCpuLimitFactor, KubernetesJobManagerCpuLimitFactor}) {
        const OptionSpec* option = option_in_or_after(release, id);
        if (const auto lookup = option != nullptr ? config.lookup(*option) : std::nullopt) {
            return {Deployment::KubernetesSession, lookup->entry->source};
        }
    }
    constexpr std::string_view kYarnNamespace = "yarn.";
    for (const auto& [key, entry] : config.entries()) {
        if (key.starts_with(kYarnNamespace)) return {Deployment::YarnSession, entry.source};
    }
    return {};
}

}  // namespace

ImpliedDeployment deployment_of(const Document& document, const Release& release) {
    if (document.format == InputFormat::FlinkDeployment || document.format == InputFormat::FlinkSessionJob) {
        return {Deployment::Operator, Source::in_file(document.name, 0)};
    }
    const auto target = document.config.lookup(release.option(OptionId::ExecutionTarget));
    if (!target) return implied_by_keys(document.config, release);
    // DeploymentOptions.TARGET names the executor; the ones of Flink's own distribution.
    const std::string value = std::string(java::trim(target->entry->value));
    for (const Deployment deployment :
         {Deployment::KubernetesSession, Deployment::KubernetesApplication, Deployment::YarnSession,
          Deployment::YarnPerJob, Deployment::YarnApplication}) {
        if (value == to_string(deployment)) return {deployment, target->entry->source};
    }
    return {Deployment::Standalone, target->entry->source};
}

DocumentJob job_of(const Document& document, const Release& release) {
    DocumentJob job;
    const Configuration& config = document.config;
    if (const auto parallelism = config.lookup(release.option(OptionId::ParallelismDefault))) {
        job.parallelism_source = parallelism->entry->source;
        try {
            job.parallelism = config.get_int(release.option(OptionId::ParallelismDefault));
        } catch (const Error& error) {
            job.parallelism_error = error;  // Flink fails the job's submission with it
        }
    }
    if (const OptionSpec* mode = release.options().find(OptionId::RuntimeMode)) {
        if (const auto entry = config.lookup(*mode)) {
            job.runtime_mode = upper(std::string(java::trim(entry->entry->value)));
            job.runtime_mode_source = entry->entry->source;
        }
    }
    if (const OptionSpec* shuffle = release.options().find(OptionId::BatchShuffleMode)) {
        if (const auto entry = config.lookup(*shuffle)) {
            job.batch_shuffle_mode = upper(std::string(java::trim(entry->entry->value)));
            job.batch_shuffle_mode_source = entry->entry->source;
        }
    }
    return job;
}

}  // namespace flinkmem
