// One configuration found in an input: a flink-conf.yaml, a config.yaml, one FlinkDeployment of a
// multi-document manifest, one ConfigMap entry, one Docker Compose service, -D entries alone, one
// batch request line. Every reader returns these; resolve() takes them, and every command
// consumes what it returns. A file holding several configurations yields one document each,
// never a merge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deployment.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

enum class InputFormat {
    FlinkConf,        // legacy flink-conf.yaml: "key: value" lines (GlobalConfiguration legacy mode)
    ConfigYaml,       // Flink 1.19+/2.x config.yaml: standard YAML 1.2, nested keys flattened
    FlinkDeployment,  // Kubernetes operator: kind FlinkDeployment
    FlinkSessionJob,  // Kubernetes operator: kind FlinkSessionJob
    ConfigMap,        // Kubernetes ConfigMap whose data holds flink-conf.yaml or config.yaml
    DockerCompose,    // a Compose service with FLINK_PROPERTIES
};

// "flink-conf", "config-yaml", "flinkdeployment", "flinksessionjob", "configmap", "compose".
const char* to_string(InputFormat format);

// Something a reader noticed that changes what Flink will read: a line the legacy parser drops,
// a duplicate key, an unresolved placeholder. Lint rules turn these into findings.
struct ReadNote {
    enum class Kind { DroppedLine, DuplicateKey, Placeholder, QuotedValue, Other };
    Kind kind = Kind::Other;
    Source where;
    std::string key;      // when the note is about one key
    std::string message;  // what a person should read
};

// A Kubernetes container's resources as written (quantities such as "2Gi", "1.5", "500m").
struct ContainerResources {
    std::optional<std::string> memory_request;
    std::optional<std::string> memory_limit;
    std::optional<std::string> cpu_request;
    std::optional<std::string> cpu_limit;
    Source where;
};

// What a FlinkDeployment says about one process besides flinkConfiguration.
struct DeploymentProcess {
    std::optional<std::string> memory;  // spec.<jobManager|taskManager>.resource.memory, as written
    std::optional<double> cpu;          // spec.<...>.resource.cpu
    std::optional<int> replicas;
    std::optional<ContainerResources> pod_template;  // the main container's resources, if any
    Source where;
};

struct Document {
    // A document holding only `config` (-D entries, a batch line): a standalone flink-conf.yaml.
    static Document of(Configuration config, std::string name = {});

    std::string name;  // "path", or "path#<n>/<metadata.name or service>" for one of several
    std::string path;  // the file it was read from ("-" for stdin)
    InputFormat format = InputFormat::FlinkConf;
    Configuration config;  // every value with its file:line

    std::optional<FlinkVersion> flink_version;  // when the input names it (flinkVersion, image tag)
    Source flink_version_source;

    std::optional<DeploymentProcess> job_manager;   // FlinkDeployment only
    std::optional<DeploymentProcess> task_manager;  // FlinkDeployment only

    std::vector<ReadNote> notes;
};

// How the document is deployed, read through the release's option table: a FlinkDeployment or
// FlinkSessionJob is the operator's; otherwise execution.target names it; otherwise standalone
// (the docker image, Compose and a ConfigMap mounted by a standalone cluster run the scripts).
struct ImpliedDeployment {
    Deployment deployment = Deployment::Standalone;
    Source source;  // the execution.target value, the manifest, or default
};
ImpliedDeployment deployment_of(const Document& document, const Release& release);

// The job the document describes (parallelism.default, execution.runtime-mode,
// execution.batch-shuffle-mode; a FlinkDeployment's spec.job.parallelism is in parallelism.default,
// as the operator writes it). Values as written; absent when the document does not set them.
struct DocumentJob {
    std::optional<std::int32_t> parallelism;
    Source parallelism_source;
    std::optional<Error> parallelism_error;   // parallelism.default is not an integer
    std::optional<std::string> runtime_mode;  // "STREAMING", "BATCH", "AUTOMATIC" (upper-cased)
    Source runtime_mode_source;
    std::optional<std::string> batch_shuffle_mode;  // "ALL_EXCHANGES_BLOCKING", ...
    Source batch_shuffle_mode_source;
};
DocumentJob job_of(const Document& document, const Release& release);

}  // namespace flinkmem
