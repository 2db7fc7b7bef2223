#include "flinkmem/deploy/target_options.hpp"

#include <array>

namespace flinkmem::deploy {

namespace {
using T = OptionType;
constexpr std::array<FallbackKey, 1> kJobManagerCpuFallback{{{"kubernetes.jobmanager.cpu", true}}};
constexpr std::array<FallbackKey, 1> kTaskManagerCpuFallback{{{"kubernetes.taskmanager.cpu", true}}};
constexpr std::array<FallbackKey, 1> kJavaOptsFallback{{{"env.java.opts", true}}};
}  // namespace

const OptionSpec kKubernetesJobManagerCpu{
    "kubernetes.jobmanager.cpu.amount", T::Double, "1.0", "1.0", kJobManagerCpuFallback,
    "The number of cpu used by job manager."};
const OptionSpec kKubernetesJobManagerCpuLimitFactor{
    "kubernetes.jobmanager.cpu.limit-factor", T::Double, "1.0", "1.0", {},
    "The limit factor of cpu used by job manager."};
const OptionSpec kKubernetesJobManagerMemoryLimitFactor{
    "kubernetes.jobmanager.memory.limit-factor", T::Double, "1.0", "1.0", {},
    "The limit factor of memory used by job manager."};
const OptionSpec kKubernetesTaskManagerCpu{
    "kubernetes.taskmanager.cpu.amount", T::Double, "-1.0", "-1.0", kTaskManagerCpuFallback,
    "The number of cpu used by task manager; by default the number of slots."};
const OptionSpec kKubernetesTaskManagerCpuLimitFactor{
    "kubernetes.taskmanager.cpu.limit-factor", T::Double, "1.0", "1.0", {},
    "The limit factor of cpu used by task manager."};
const OptionSpec kKubernetesTaskManagerMemoryLimitFactor{
    "kubernetes.taskmanager.memory.limit-factor", T::Double, "1.0", "1.0", {},
    "The limit factor of memory used by task manager."};
const OptionSpec kYarnContainerVcores{
    "yarn.containers.vcores", T::Integer, "-1", "-1", {},
    "The number of virtual cores (vcores) per YARN container; by default the number of slots."};
const OptionSpec kYarnAppMasterVcores{
    "yarn.appmaster.vcores", T::Integer, "1", "1", {},
    "The number of virtual cores (vcores) used by YARN application master."};
const OptionSpec kYarnMinimumAllocationMb{
    "yarn.scheduler.minimum-allocation-mb", T::Integer, std::nullopt, "null", {},
    "YARN's minimum container memory; containers are rounded up to a multiple of it."};

const OptionSpec kJavaDefaultOptsAll{"env.java.default-opts.all", T::StringList, "", "", {}, ""};
const OptionSpec kJavaOptsAll{"env.java.opts.all", T::StringList, "", "", kJavaOptsFallback, ""};
const OptionSpec kJavaDefaultOptsJobManager{"env.java.default-opts.jobmanager", T::StringList, "", "", {}, ""};
const OptionSpec kJavaOptsJobManager{"env.java.opts.jobmanager", T::StringList, "", "", {}, ""};
const OptionSpec kJavaDefaultOptsTaskManager{"env.java.default-opts.taskmanager", T::StringList, "", "", {}, ""};
const OptionSpec kJavaOptsTaskManager{"env.java.opts.taskmanager", T::StringList, "", "", {}, ""};

std::string get_string(const Configuration& config, const OptionSpec& option) {
    if (const auto found = config.lookup(option)) return found->entry->value;
    return std::string(option.default_value.value_or(""));
}

}  // namespace flinkmem::deploy
