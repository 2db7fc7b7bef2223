#include "flinkmem/deploy/container.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "flinkmem/deploy/target_options.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem::deploy {

namespace {

constexpr std::int64_t kMebibyte = 1 << 20;

// MemorySize.getMebiBytes(): (int) (bytes >> 20), which wraps above 2^31 - 1 MiB.
std::int32_t mebibytes_as_flink(MemorySize size) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(size.bytes() >> 20));
}

ErrorContext context_of(const Configuration& config, const OptionSpec& option) {
    if (const auto found = config.lookup(option)) {
        return {std::string(found->key), found->entry->value, found->entry->source};
    }
    return {std::string(option.key), std::string(option.default_value.value_or("")), Source::default_value()};
}

// Kubernetes{JobManager,TaskManager}Parameters.get*LimitFactor: checkArgument(factor >= 1).
double limit_factor(const Configuration& config, const OptionSpec& option) {
    const double factor = *config.get_double(option);
    if (!(factor >= 1)) {
        throw Error::illegal_argument(fmt::format("{} should be greater or equal to 1.", option.key))
            .with_context(context_of(config, option))
            .with_hint("A limit factor multiplies the request; 1.0 makes the limit equal to the request.");
    }
    return factor;
}

std::string mib_and_bytes(std::int64_t mebibytes) {
    return fmt::format("{} Mi = {} bytes", mebibytes, mebibytes * kMebibyte);
}

void check_budget(Container& container, std::int64_t smallest_mib, std::int64_t largest_mib,
                  std::string_view what) {
    const std::int64_t budget = container.process_budget.bytes();
    if (smallest_mib < 0) {
        container.warnings.push_back(
            fmt::format("Total Process Memory ({}) does not fit Flink's int MiB count: the {} would be {} Mi",
                        container.process_budget.to_human_readable_string(), what, smallest_mib));
        return;
    }
    if (largest_mib * kMebibyte < budget) {
        container.warnings.push_back(fmt::format(
            "Flink's Total Process Memory ({}) exceeds the {} ({}) by {} bytes: the process can use "
            "more memory than the container allows and be killed",
            container.process_budget.to_human_readable_string(), what, mib_and_bytes(largest_mib),
            budget - largest_mib * kMebibyte));
    } else if (smallest_mib * kMebibyte < budget) {
        container.warnings.push_back(fmt::format(
            "Flink's Total Process Memory ({}) exceeds the memory request ({}) by {} bytes: Flink "
            "truncates to whole MiB, so the scheduler reserves less than the process may use",
            container.process_budget.to_human_readable_string(), mib_and_bytes(smallest_mib),
            budget - smallest_mib * kMebibyte));
    }
}

Container kubernetes_container(const Configuration& config, const ResolvedProcess& process) {
    const bool task_manager = process.component == Component::TaskManager;
    Container container{Target::Kubernetes, process.component, process.total_process(), {}, {}, {}, {}};
    KubernetesResources k8s;
    k8s.memory_limit_factor = limit_factor(config, task_manager ? kKubernetesTaskManagerMemoryLimitFactor
                                                                : kKubernetesJobManagerMemoryLimitFactor);
    k8s.cpu_limit_factor = limit_factor(
        config, task_manager ? kKubernetesTaskManagerCpuLimitFactor : kKubernetesJobManagerCpuLimitFactor);
    k8s.memory_request_mib = mebibytes_as_flink(container.process_budget);
    k8s.memory_limit_mib = java_int_cast(k8s.memory_request_mib * k8s.memory_limit_factor);
    // The TaskManager's CPU is its spec's (taskmanager.cpu.cores, else the Kubernetes amount, else
    // the slots); the JobManager's is kubernetes.jobmanager.cpu.amount.
    k8s.cpu_request =
        task_manager ? process.task_manager()->cpu_cores : *config.get_double(kKubernetesJobManagerCpu);
    k8s.cpu_limit = k8s.cpu_request * k8s.cpu_limit_factor;
    k8s.cpu_request_quantity = java::to_string(k8s.cpu_request);
    k8s.cpu_limit_quantity = java::to_string(k8s.cpu_limit);
    container.kubernetes = k8s;
    check_budget(container, k8s.memory_request_mib, k8s.memory_limit_mib, "pod's memory limit");
    return container;
}

Container yarn_container(const Configuration& config, const ResolvedProcess& process) {
    Container container{Target::Yarn, process.component, process.total_process(), {}, {}, {}, {}};
    YarnResources yarn;
    yarn.memory_mib = mebibytes_as_flink(container.process_budget);
    if (process.component == Component::TaskManager) {
        // TaskExecutorProcessSpecContainerResourcePriorityAdapter: cpuCores.intValue().
        const double cores = process.task_manager()->cpu_cores;
        // BigDecimal.intValue keeps the low 32 bits of the integer part.
        const double low_bits = std::fmod(std::trunc(cores), 4294967296.0);
        yarn.vcores = static_cast<std::int32_t>(static_cast<std::uint32_t>(
            static_cast<std::int64_t>(low_bits < 0 ? low_bits + 4294967296.0 : low_bits)));
    } else {
        yarn.vcores = *config.get_int(kYarnAppMasterVcores);
    }
    yarn.allocated_mib = yarn.memory_mib;
    if (const auto minimum = config.get_int(kYarnMinimumAllocationMb)) {
        if (*minimum <= 0) {
            throw Error::illegal_configuration(
                fmt::format("yarn.scheduler.minimum-allocation-mb must be positive, got {}.", *minimum))
                .with_context(context_of(config, kYarnMinimumAllocationMb))
                .with_hint(
                    "Give the value of yarn.scheduler.minimum-allocation-mb from yarn-site.xml "
                    "(YARN's default is 1024).");
        }
        yarn.minimum_allocation_mb = *minimum;
        // YARN's scheduler normalizes a request up to a multiple of the minimum allocation.
        const std::int64_t requested = yarn.memory_mib;
        std::int64_t normalized = (requested + *minimum - 1) / *minimum * *minimum;
        if (normalized <= 0) normalized = *minimum;
        yarn.allocated_mib = normalized;
        if (normalized != requested && requested > 0) {
            container.notes.push_back(fmt::format(
                "YARN allocates {} MiB (a multiple of yarn.scheduler.minimum-allocation-mb = {}); the "
                "extra {} MiB is not used by Flink",
                normalized, *minimum, normalized - requested));
        }
    }
    container.yarn = yarn;
    check_budget(container, yarn.memory_mib < 0 ? yarn.memory_mib : yarn.allocated_mib, yarn.allocated_mib,
                 "YARN container");
    if (process.component == Component::TaskManager && yarn.vcores <= 0) {
        container.warnings.push_back(
            fmt::format("the container gets {} vcores: taskmanager.cpu.cores below 1 truncates to 0 vcores",
                        yarn.vcores));
    }
    return container;
}

}  // namespace

std::int32_t java_int_cast(double value) {
    if (std::isnan(value)) return 0;
    if (value >= 2147483647.0) return std::numeric_limits<std::int32_t>::max();
    if (value <= -2147483648.0) return std::numeric_limits<std::int32_t>::min();
    return static_cast<std::int32_t>(value);
}

std::optional<Container> container_for(const Configuration& config, const ResolvedProcess& process) {
    switch (process.target) {
        case Target::Standalone:
            return std::nullopt;
        case Target::Kubernetes:
            return kubernetes_container(config, process);
        case Target::Yarn:
            return yarn_container(config, process);
    }
    return std::nullopt;
}

}  // namespace flinkmem::deploy
