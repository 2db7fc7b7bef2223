// The derivations behind resolve() (include/flinkmem/resolve.hpp). They throw flinkmem::Error
// exactly where, and with the message, the given Flink release fails, which keeps the ports
// close to Flink's code; resolve() turns that into an outcome.
#pragma once

#include <optional>
#include <string>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

// BashJavaUtils GET_TM_RESOURCE_PARAMS: the legacy heap options mapped to Total Flink Memory,
// then TaskExecutorProcessUtils.processSpecFromConfig.
TaskManagerMemory derive_task_manager(const Configuration& config, const Release& release);
// BashJavaUtils GET_JM_RESOURCE_PARAMS: the legacy heap options mapped to the JVM heap, then
// JobManagerProcessUtils.processSpecFromConfig (1.11+).
JobManagerMemory derive_job_manager(const Configuration& config, const Release& release);

// "-Xmx<heap> -Xms<heap> -XX:MaxDirectMemorySize=<direct> -XX:MaxMetaspaceSize=<metaspace>"
// (ProcessMemoryUtils.generateJvmParametersStr); the JobManager's MaxDirectMemorySize only when
// jobmanager.memory.enable-jvm-direct-memory-limit is set.
std::string jvm_parameters(const TaskManagerMemory& memory);
std::string jvm_parameters(const JobManagerMemory& memory);

// "-D k=v -D k=v ..." in Java HashMap iteration order, with the keys the release passes on
// (TaskExecutorProcessUtils / JobManagerProcessUtils.generateDynamicConfigsStr). The JobManager
// has none before 1.12.
std::string dynamic_configs(const TaskManagerMemory& memory, const ReleaseTraits& release);
std::optional<std::string> dynamic_configs(const JobManagerMemory& memory, const ReleaseTraits& release);

}  // namespace flinkmem
