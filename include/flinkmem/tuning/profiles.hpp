// Presets for the deployments Flink's memory docs tell apart (mem_setup, mem_setup_tm, mem_tuning):
// where the process runs (standalone, native Kubernetes, the Kubernetes operator, YARN), which
// state backend holds the state (hashmap on the heap, RocksDB in managed memory) and whether jobs
// stream or run as batch. `flinkmem init` sizes one of them to a memory budget.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flinkmem::tuning {

enum class Deployment { Standalone, Kubernetes, KubernetesOperator, Yarn };
enum class StateBackend { HashMap, RocksDB };
enum class ExecutionMode { Streaming, Batch };

struct ProfileSetting {
    std::string key;
    std::string_view value;
    std::string_view why;  // the comment written above the line
};

struct Profile {
    std::string name;  // "kubernetes-rocksdb-streaming"
    Deployment deployment;
    StateBackend state_backend;
    ExecutionMode mode;
    std::string summary;  // one line for `init --list`
};

// Every profile, in a stable order.
std::span<const Profile> profiles();
const Profile* find_profile(std::string_view name);

// The settings a profile writes besides the memory budget and slots, with why.
std::vector<ProfileSetting> profile_settings(const Profile& profile);

std::string_view name_of(Deployment deployment);

}  // namespace flinkmem::tuning
