// How the processes run: JVM flags that override Flink (FM111), state backend and managed memory
// (FM112, FM113), slots and cores (FM118).
#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

using enum OptionId;

namespace {

std::string lower_unquoted(std::string_view value) {
    std::string_view text = java::trim(value);
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
        text = text.substr(1, text.size() - 2);
    }
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

// state.backend.type (1.17+) or its deprecated key state.backend, lower case, unquoted.
std::optional<std::pair<std::string, const ConfigEntry*>> state_backend(const RuleContext& context) {
    const auto lookup = context.config.lookup(context.option(StateBackend));
    if (!lookup) return std::nullopt;
    return std::make_pair(lower_unquoted(lookup->entry->value), lookup->entry);
}

struct JvmFlag {
    std::string_view prefix;
    std::string_view what;
    std::string_view task_manager_key;
    std::string_view job_manager_key;
};
constexpr std::array<JvmFlag, 4> kJvmFlags{{
    {"-Xmx", "the JVM heap", "taskmanager.memory.task.heap.size", "jobmanager.memory.heap.size"},
    {"-Xms", "the initial JVM heap", "taskmanager.memory.task.heap.size", "jobmanager.memory.heap.size"},
    {"-XX:MaxDirectMemorySize", "the direct memory limit", "taskmanager.memory.task.off-heap.size",
     "jobmanager.memory.off-heap.size"},
    {"-XX:MaxMetaspaceSize", "the metaspace limit", "taskmanager.memory.jvm-metaspace.size",
     "jobmanager.memory.jvm-metaspace.size"},
}};

}  // namespace

// The start scripts put Flink's memory flags before env.java.opts*, and the JVM takes the last
// flag, so these silently replace what Flink computed (config.sh, taskmanager.sh).
void check_java_opts_memory_flags(const RuleContext& context, Findings& findings) {
    static constexpr std::pair<OptionId, Component> kJavaOpts[] = {
        {JavaDefaultOptsAll, Component::Configuration},       {JavaOptsAll, Component::Configuration},
        {JavaDefaultOptsJobManager, Component::JobManager},   {JavaOptsJobManager, Component::JobManager},
        {JavaDefaultOptsTaskManager, Component::TaskManager}, {JavaOptsTaskManager, Component::TaskManager}};
    for (const auto& [id, component] : kJavaOpts) {
        const OptionSpec* option = context.find_option_by_id(id);
        const auto lookup = option != nullptr ? context.config.lookup(*option) : std::nullopt;
        if (!lookup) continue;
        const std::string_view key = lookup->key;
        const ConfigEntry& entry = *lookup->entry;
        std::size_t start = 0;
        const std::string& value = entry.value;
        while (start < value.size()) {
            const std::size_t end = std::min(value.find_first_of(" \t\"'", start), value.size());
            const std::string_view token(value.data() + start, end - start);
            start = end + 1;
            for (const JvmFlag& flag : kJvmFlags) {
                if (!token.starts_with(flag.prefix)) continue;
                const std::string_view flink_key =
                    component == Component::JobManager ? flag.job_manager_key : flag.task_manager_key;
                std::string hint =
                    component == Component::Configuration
                        ? fmt::format("Delete {} and size {} with {} (TaskManager) or {} (JobManager).",
                                      token, flag.what, flag.task_manager_key, flag.job_manager_key)
                        : fmt::format("Delete {} and size {} with {}.", token, flag.what, flink_key);
                findings.push_back(context.finding(
                    "FM111",
                    fmt::format("{} sets {}, which overrides {} that Flink computed (the last flag wins) and "
                                "escapes Flink's memory accounting",
                                key, token, flag.what),
                    std::move(hint), entry.source, component));
            }
        }
    }
}

void check_heap_state_managed_memory(const RuleContext& context, Findings& findings) {
    if (!context.task_manager) return;
    const auto backend = state_backend(context);
    if (!backend) return;
    static constexpr std::array<std::string_view, 5> kHeapBackends{"hashmap", "filesystem", "fs",
                                                                   "jobmanager", "memory"};
    if (std::find(kHeapBackends.begin(), kHeapBackends.end(), backend->first) == kHeapBackends.end()) return;
    if (const auto mode = job_of(context.document, context.release).runtime_mode; mode == "BATCH") {
        return;  // batch operators use managed memory
    }
    // Python workers are the other managed-memory consumer on a streaming cluster.
    const bool python = context.config.has_key_with_prefix("python.");
    const TaskManagerMemory& tm = *context.task_manager;
    if (python || tm.total_flink.size.bytes() == 0) return;
    const double share =
        static_cast<double>(tm.managed.size.bytes()) / static_cast<double>(tm.total_flink.size.bytes());
    // A tenth of Total Flink Memory is where the waste becomes worth a change.
    if (share < 0.1) return;
    findings.push_back(context.finding(
        "FM112",
        fmt::format(
            "state backend '{}' keeps state on the JVM heap, but {} ({:.0f}% of Total Flink Memory) is "
            "managed memory, which only RocksDB, batch operators and Python use",
            backend->first, tm.managed.size.to_human_readable_string(), share * 100),
        fmt::format("Set {}: 0 so the task heap gets that memory, or switch to state.backend.type: rocksdb.",
                    context.option(ManagedFraction).key),
        backend->second->source, Component::TaskManager));
}

void check_rocksdb_unbounded(const RuleContext& context, Findings& findings) {
    const auto backend = state_backend(context);
    if (!backend || backend->first.find("rocksdb") == std::string::npos) return;
    const auto managed_lookup = context.config.lookup(context.option(RocksDbMemoryManaged));
    if (!managed_lookup || lower_unquoted(managed_lookup->entry->value) != "false") return;
    const ConfigEntry* managed = managed_lookup->entry;
    for (const OptionId fixed : {RocksDbFixedPerSlot, RocksDbFixedPerTm}) {
        const OptionSpec* option = context.find_option_by_id(fixed);
        if (option != nullptr && context.config.contains(*option)) return;
    }
    findings.push_back(context.finding("FM113",
                                       "RocksDB runs outside managed memory "
                                       "(state.backend.rocksdb.memory.managed: false) with no fixed size: "
                                       "its native memory grows with every state and column family, "
                                       "unbounded, until the container is killed",
                                       "Delete the line (managed: true is the default), or bound it with "
                                       "state.backend.rocksdb.memory.fixed-per-slot.",
                                       managed->source, Component::TaskManager));
}

void check_slots_and_cores(const RuleContext& context, Findings& findings) {
    const Configuration& config = context.config;
    const auto slots_lookup = config.lookup(context.option(NumTaskSlots));
    if (!slots_lookup) return;
    std::int32_t slots = 0;
    try {
        slots = *config.get_int(context.option(NumTaskSlots));
    } catch (const Error&) {
        return;  // Flink's error, not ours
    }
    // TaskExecutorProcessUtils.getCpuCoresWithFallback: taskmanager.cpu.cores, else the
    // deployment's CPU amount (resolve() maps it into the effective configuration), else the slot
    // count (then there is nothing to compare). The finding names the key the user wrote.
    if (!config.contains(context.option(CpuCores))) return;
    std::optional<double> cores;
    try {
        cores = config.get_double(context.option(CpuCores));
    } catch (const Error&) {
        return;
    }
    std::string cores_key(context.option(CpuCores).key);
    if (!context.document.config.contains(context.option(CpuCores))) {
        const OptionSpec* fallback = context.on_kubernetes()
                                         ? context.find_option_by_id(KubernetesTaskManagerCpu)
                                     : context.on_yarn() ? context.find_option_by_id(YarnContainerVcores)
                                                         : nullptr;
        if (const auto written =
                fallback != nullptr ? context.document.config.lookup(*fallback) : std::nullopt) {
            cores_key = std::string(written->key);
        }
    }
    // Written so that NaN fails too; slots > cores then keeps the cast below in range.
    if (!cores || !(*cores > 0) || !(static_cast<double>(slots) > *cores)) return;
    findings.push_back(context.finding(
        "FM118",
        fmt::format("{} slots share {} CPU cores ({}): slots above cores compete for CPU and stretch "
                    "checkpoint and heartbeat times",
                    slots, java::to_string(*cores), cores_key),
        fmt::format("Lower {} to {} or raise {}.", context.option(NumTaskSlots).key,
                    static_cast<long long>(*cores), cores_key),
        slots_lookup->entry->source, Component::TaskManager));
}

}  // namespace flinkmem::lint
