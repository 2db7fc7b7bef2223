// How a configuration is deployed, which decides what Flink derives a process from: the
// standalone scripts map the legacy heap keys onto Total Flink Memory / JVM Heap; the active
// resource managers of Kubernetes and YARN (and the operator, which drives Kubernetes) map them
// onto Total Process Memory and take the TaskManager's CPU from their own options.
#pragma once

#include <optional>
#include <string_view>

namespace flinkmem {

// Where the processes run, as the document says or implies (execution.target, the operator).
enum class Deployment {
    Standalone,             // bin/jobmanager.sh, bin/taskmanager.sh (also the Docker image, Compose)
    KubernetesSession,      // execution.target: kubernetes-session
    KubernetesApplication,  // execution.target: kubernetes-application
    YarnSession,            // execution.target: yarn-session
    YarnPerJob,             // execution.target: yarn-per-job
    YarnApplication,        // execution.target: yarn-application
    Operator,               // a FlinkDeployment of the Kubernetes operator (native Kubernetes)
};

// The code path that sizes the processes: the standalone scripts or one of the active resource
// managers.
enum class Target { Standalone, Kubernetes, Yarn };

// "standalone", "kubernetes-session", "kubernetes-application", "yarn-session", "yarn-per-job",
// "yarn-application", "operator".
std::string_view to_string(Deployment deployment);
// "standalone", "kubernetes", "yarn".
std::string_view to_string(Target target);
std::optional<Target> parse_target(std::string_view name);

Target target_of(Deployment deployment);

}  // namespace flinkmem
