#include "flinkmem/readers/config_document.hpp"

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

}  // namespace flinkmem
