// What Flink's start scripts pass to the JVM: the memory flags and the "-D key=value" dynamic
// configs, exactly as BashJavaUtils prints them (ProcessMemoryUtils.generateJvmParametersStr,
// TaskExecutorProcessUtils / JobManagerProcessUtils.generateDynamicConfigsStr).
#pragma once

#include <string>

#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"

namespace flinkmem {

// "-Xmx<heap> -Xms<heap> -XX:MaxDirectMemorySize=<direct> -XX:MaxMetaspaceSize=<metaspace>".
std::string jvm_parameters(const TaskManagerMemory& memory);
// As above; MaxDirectMemorySize only when jobmanager.memory.enable-jvm-direct-memory-limit is set.
std::string jvm_parameters(const JobManagerMemory& memory);

// "-D k=v -D k=v ..." in Java HashMap iteration order, which is what the scripts pass on.
std::string dynamic_configs(const TaskManagerMemory& memory);
std::string dynamic_configs(const JobManagerMemory& memory);

}  // namespace flinkmem
