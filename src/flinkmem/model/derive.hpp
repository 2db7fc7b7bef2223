// The derivations behind resolve() (include/flinkmem/resolve.hpp). Inside, the ports throw
// flinkmem::Error exactly where, and with the message, the given Flink release fails, which keeps
// them close to Flink's code; these entry points catch once and return Flink's error as a value
// (with the release's wrapper applied as a value, not by throwing a second time: a batch of
// rejected configurations spends its time in the unwinder otherwise).
#pragma once

#include <optional>
#include <string>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

// BashJavaUtils GET_TM_RESOURCE_PARAMS: the legacy heap options mapped to Total Flink Memory,
// then TaskExecutorProcessUtils.processSpecFromConfig.
Outcome<TaskManagerMemory> derive_task_manager(const Configuration& config, const Release& release);
// BashJavaUtils GET_JM_RESOURCE_PARAMS: the legacy heap options mapped to the JVM heap, then
// JobManagerProcessUtils.processSpecFromConfig (1.11+).
Outcome<JobManagerMemory> derive_job_manager(const Configuration& config, const Release& release);

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
