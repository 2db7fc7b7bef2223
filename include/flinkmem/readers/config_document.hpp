// One configuration found in an input: a flink-conf.yaml, a config.yaml, one FlinkDeployment of a
// multi-document manifest, one ConfigMap entry, one Docker Compose service. Every reader returns
// these; resolve, validate and diff take them. A file holding several configurations yields one
// document each, never a merge.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/flink_version.hpp"

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

struct ConfigDocument {
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

}  // namespace flinkmem
