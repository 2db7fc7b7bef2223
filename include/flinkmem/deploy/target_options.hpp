// The options of Flink's deployment targets that decide a container's size and the JVM command
// line (KubernetesConfigOptions, YarnConfigOptions, CoreOptions.FLINK_*_JVM_OPTIONS of 1.20).
#pragma once

#include <optional>
#include <string>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/config/options.hpp"

namespace flinkmem::deploy {

extern const OptionSpec& kKubernetesJobManagerCpu;  // kubernetes.jobmanager.cpu.amount
extern const OptionSpec& kKubernetesJobManagerCpuLimitFactor;
extern const OptionSpec& kKubernetesJobManagerMemoryLimitFactor;
extern const OptionSpec& kKubernetesTaskManagerCpu;  // kubernetes.taskmanager.cpu.amount
extern const OptionSpec& kKubernetesTaskManagerCpuLimitFactor;
extern const OptionSpec& kKubernetesTaskManagerMemoryLimitFactor;
extern const OptionSpec& kYarnContainerVcores;  // yarn.containers.vcores
extern const OptionSpec& kYarnAppMasterVcores;  // yarn.appmaster.vcores
// A YARN ResourceManager setting (yarn-site.xml), accepted here so the normalization can be shown.
extern const OptionSpec& kYarnMinimumAllocationMb;

// env.java.* strings, in the order every launcher concatenates them.
extern const OptionSpec& kJavaDefaultOptsAll;  // env.java.default-opts.all
extern const OptionSpec& kJavaOptsAll;         // env.java.opts.all (deprecated: env.java.opts)
extern const OptionSpec& kJavaDefaultOptsJobManager;
extern const OptionSpec& kJavaOptsJobManager;
extern const OptionSpec& kJavaDefaultOptsTaskManager;
extern const OptionSpec& kJavaOptsTaskManager;

// A String option's raw value, as Configuration.get(stringOption) returns it; empty if unset.
std::string get_string(const Configuration& config, const OptionSpec& option);

}  // namespace flinkmem::deploy
