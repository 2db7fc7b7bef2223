#include "flinkmem/tuning/profiles.hpp"

#include "flinkmem/versions/release.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace flinkmem::tuning {

namespace {

std::vector<Profile> make_profiles() {
    std::vector<Profile> out;
    for (const Deployment deployment :
         {Deployment::Standalone, Deployment::Kubernetes, Deployment::KubernetesOperator, Deployment::Yarn}) {
        for (const StateBackend backend : {StateBackend::HashMap, StateBackend::RocksDB}) {
            for (const ExecutionMode mode : {ExecutionMode::Streaming, ExecutionMode::Batch}) {
                const std::string_view backend_name =
                    backend == StateBackend::HashMap ? "hashmap" : "rocksdb";
                const std::string_view mode_name = mode == ExecutionMode::Streaming ? "streaming" : "batch";
                const std::string_view where = deployment == Deployment::Standalone   ? "standalone cluster"
                                               : deployment == Deployment::Kubernetes ? "native Kubernetes"
                                               : deployment == Deployment::Yarn
                                                   ? "YARN"
                                                   : "Kubernetes operator (FlinkDeployment)";
                out.push_back({fmt::format("{}-{}-{}", name_of(deployment), backend_name, mode_name),
                               deployment, backend, mode,
                               fmt::format("{}, {} state backend, {} jobs", where,
                                           backend == StateBackend::HashMap ? "heap (hashmap)" : "RocksDB",
                                           mode_name)});
            }
        }
    }
    return out;
}

}  // namespace

std::string_view name_of(Deployment deployment) {
    switch (deployment) {
        case Deployment::Standalone:
            return "standalone";
        case Deployment::Kubernetes:
            return "kubernetes";
        case Deployment::KubernetesOperator:
            return "operator";
        case Deployment::Yarn:
            return "yarn";
    }
    return "standalone";
}

std::span<const Profile> profiles() {
    static const std::vector<Profile> all = make_profiles();
    return all;
}

const Profile* find_profile(std::string_view name) {
    const auto all = profiles();
    const auto found = std::find_if(all.begin(), all.end(), [&](const Profile& p) { return p.name == name; });
    return found == all.end() ? nullptr : &*found;
}

std::vector<ProfileSetting> profile_settings(const Profile& profile) {
    std::vector<ProfileSetting> out;
    const bool batch = profile.mode == ExecutionMode::Batch;
    if (profile.state_backend == StateBackend::HashMap) {
        out.push_back(
            {key_of(OptionId::StateBackend), "hashmap",
             "state lives as objects on the JVM heap (task heap), so the heap is what grows with state"});
        if (!batch) {
            out.push_back({key_of(OptionId::ManagedSize), "0",
                           "streaming with heap state uses no managed memory: give it all to the task heap "
                           "(Flink docs, mem_tuning: heap state backend)"});
        }
    } else {
        out.push_back(
            {key_of(OptionId::StateBackend), "rocksdb", "state lives in RocksDB, off the JVM heap"});
        out.push_back({key_of(OptionId::ManagedFraction), "0.4",
                       "RocksDB takes its memory from managed memory: keep Flink's default share of Total "
                       "Flink Memory (raise it for large state)"});
        out.push_back({key_of(OptionId::RocksDbMemoryManaged), "true",
                       "RocksDB's block cache and write buffers are bounded by managed memory (the default; "
                       "without it RocksDB grows beyond the process budget)"});
    }
    if (batch && profile.state_backend == StateBackend::HashMap) {
        out.push_back(
            {key_of(OptionId::ManagedFraction), "0.4",
             "batch operators sort, join and aggregate in managed memory: keep Flink's default share"});
    }
    if (batch) {
        out.push_back({key_of(OptionId::RuntimeMode), "BATCH",
                       "bounded jobs run with batch scheduling and blocking shuffles"});
        out.push_back({key_of(OptionId::NetworkFraction), "0.15",
                       "batch shuffles at high parallelism need more network buffers than the default 0.1 "
                       "('Insufficient number of network buffers')"});
    }
    if (profile.deployment == Deployment::Kubernetes) {
        out.push_back(
            {key_of(OptionId::KubernetesTaskManagerMemoryLimitFactor), "1.0",
             "pod limit = request = Total Process Memory in whole MiB: the pod is killed rather than "
             "the node overcommitted"});
        out.push_back({key_of(OptionId::KubernetesJobManagerMemoryLimitFactor), "1.0",
                       "the same for the JobManager pod"});
    }
    return out;
}

}  // namespace flinkmem::tuning
