// What a Kubernetes pod or a YARN container gets for one Flink process, computed the way Flink
// requests it: Total Process Memory truncated to whole MiB (MemorySize.getMebiBytes), the
// Kubernetes limit as (int)(MiB x limit-factor) (KubernetesUtils.getResourceRequirements), the
// YARN container rounded up to yarn.scheduler.minimum-allocation-mb by YARN's scheduler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deploy/process.hpp"

namespace flinkmem::deploy {

struct KubernetesResources {
    std::int32_t memory_request_mib = 0;  // "<n>Mi" in the pod spec
    std::int32_t memory_limit_mib = 0;
    double memory_limit_factor = 1.0;
    double cpu_request = 0;
    double cpu_limit = 0;
    double cpu_limit_factor = 1.0;
    std::string cpu_request_quantity;  // String.valueOf(cpu), as Flink writes the Quantity
    std::string cpu_limit_quantity;
};

struct YarnResources {
    std::int32_t memory_mib = 0;  // what Flink requests
    std::optional<std::int32_t> minimum_allocation_mb;
    std::int64_t allocated_mib = 0;  // after YARN's rounding up (= memory_mib without a minimum)
    std::int32_t vcores = 0;
};

struct Container {
    Target target = Target::Kubernetes;
    Component component = Component::TaskManager;
    MemorySize process_budget;  // Flink's Total Process Memory
    std::optional<KubernetesResources> kubernetes;
    std::optional<YarnResources> yarn;
    // Where the container and Flink's budget disagree (the JVM can be killed, or memory is lost).
    std::vector<std::string> warnings;
    // Facts worth knowing that are not problems (e.g. YARN's rounding adds unused MiB).
    std::vector<std::string> notes;
};

// Java's (int) cast of a double: truncation toward zero, saturating, NaN -> 0.
std::int32_t java_int_cast(double value);

// The container of `process` on its target; empty for standalone (no container). Throws
// flinkmem::Error for limit factors below 1 (IllegalArgumentException, as Flink's checkArgument)
// and for unreadable values.
std::optional<Container> container_for(const Configuration& config, const ResolvedProcess& process);

}  // namespace flinkmem::deploy
