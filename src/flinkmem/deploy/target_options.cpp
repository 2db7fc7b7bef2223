#include "flinkmem/deploy/target_options.hpp"

#include "flinkmem/versions/release.hpp"

namespace flinkmem::deploy {

// Flink's own options come from the release table (data/flink/options.tsv). The deployment
// options are read through the default release's catalog: their renamed keys
// (kubernetes.*.cpu, env.java.opts) are its deprecated fallbacks, so every release's files read
// the same.
namespace {
const OptionSpec& option(OptionId id) {
    return default_release().options()[id];
}
}  // namespace

const OptionSpec& kKubernetesJobManagerCpu = option(OptionId::KubernetesJobManagerCpu);
const OptionSpec& kKubernetesJobManagerCpuLimitFactor = option(OptionId::KubernetesJobManagerCpuLimitFactor);
const OptionSpec& kKubernetesJobManagerMemoryLimitFactor =
    option(OptionId::KubernetesJobManagerMemoryLimitFactor);
const OptionSpec& kKubernetesTaskManagerCpu = option(OptionId::KubernetesTaskManagerCpu);
const OptionSpec& kKubernetesTaskManagerCpuLimitFactor =
    option(OptionId::KubernetesTaskManagerCpuLimitFactor);
const OptionSpec& kKubernetesTaskManagerMemoryLimitFactor =
    option(OptionId::KubernetesTaskManagerMemoryLimitFactor);
const OptionSpec& kYarnContainerVcores = option(OptionId::YarnContainerVcores);
const OptionSpec& kYarnAppMasterVcores = option(OptionId::YarnAppMasterVcores);
const OptionSpec& kYarnMinimumAllocationMb = option(OptionId::YarnMinimumAllocationMb);
const OptionSpec& kJavaDefaultOptsAll = option(OptionId::JavaDefaultOptsAll);
const OptionSpec& kJavaOptsAll = option(OptionId::JavaOptsAll);
const OptionSpec& kJavaDefaultOptsJobManager = option(OptionId::JavaDefaultOptsJobManager);
const OptionSpec& kJavaOptsJobManager = option(OptionId::JavaOptsJobManager);
const OptionSpec& kJavaDefaultOptsTaskManager = option(OptionId::JavaDefaultOptsTaskManager);
const OptionSpec& kJavaOptsTaskManager = option(OptionId::JavaOptsTaskManager);

std::string get_string(const Configuration& config, const OptionSpec& option) {
    if (const auto found = config.lookup(option)) return found->entry->value;
    return std::string(option.default_value.value_or(""));
}

}  // namespace flinkmem::deploy
