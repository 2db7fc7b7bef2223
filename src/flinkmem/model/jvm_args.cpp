#include <array>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "derive.hpp"
#include "flinkmem/config/options.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem {

namespace {

std::string bytes_value(MemorySize size) {
    return std::to_string(size.bytes()) + "b";
}

std::string jvm_flags(MemorySize heap, const MemorySize* direct, MemorySize metaspace) {
    std::string flags = fmt::format("-Xmx{0} -Xms{0}", heap.bytes());
    if (direct != nullptr) flags += fmt::format(" -XX:MaxDirectMemorySize={}", direct->bytes());
    flags += fmt::format(" -XX:MaxMetaspaceSize={}", metaspace.bytes());
    return flags;
}

}  // namespace

std::string jvm_parameters(const TaskManagerMemory& memory) {
    const MemorySize direct = memory.jvm_direct();
    return jvm_flags(memory.jvm_heap(), &direct, memory.jvm_metaspace.size);
}

std::string jvm_parameters(const JobManagerMemory& memory) {
    return jvm_flags(memory.jvm_heap.size, memory.direct_memory_limit ? &memory.off_heap.size : nullptr,
                     memory.jvm_metaspace.size);
}

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// ConfigurationUtils.assembleDynamicConfigsStr: "-D k=v" for each entry in java.util.HashMap
// iteration order. Without external resources the
// keys are always the same few, so their order is worked out once per key set and reused.
std::string assemble_in_hash_order(const Entries& entries, bool trailing_space, int cached_key_set) {
    const auto order_of = [](const Entries& keys) {
        java::HashMap<std::size_t> map;
        for (std::size_t i = 0; i < keys.size(); ++i) map.put(keys[i].first, i);
        std::vector<std::size_t> order;
        for (const auto& entry : map.entries()) order.push_back(entry.second);
        return order;
    };
    static std::array<std::vector<std::size_t>, 4> cache;
    static std::array<std::once_flag, 4> computed;
    std::vector<std::size_t> order;
    if (cached_key_set >= 0) {
        const auto set = static_cast<std::size_t>(cached_key_set);
        std::call_once(computed[set], [&] { cache[set] = order_of(entries); });
        order = cache[set];
    } else {
        order = order_of(entries);
    }
    std::string out;
    for (const std::size_t i : order) {
        if (!out.empty() && !trailing_space) out += ' ';
        out += "-D ";
        out += entries[i].first;
        out += '=';
        out += entries[i].second;
        if (trailing_space) out += ' ';
    }
    return out;
}

}  // namespace

std::string dynamic_configs(const TaskManagerMemory& memory, const ReleaseTraits& release) {
    // Insertion order matters for keys that share a HashMap bucket, so it follows Flink's code.
    Entries configs{{key_of(OptionId::CpuCores), java::to_string(memory.cpu_cores)},
                    {key_of(OptionId::FrameworkHeap), bytes_value(memory.framework_heap.size)},
                    {key_of(OptionId::FrameworkOffHeap), bytes_value(memory.framework_off_heap.size)},
                    {key_of(OptionId::TaskHeap), bytes_value(memory.task_heap.size)},
                    {key_of(OptionId::TaskOffHeap), bytes_value(memory.task_off_heap.size)},
                    {key_of(OptionId::NetworkMin), bytes_value(memory.network.size)},
                    {key_of(OptionId::NetworkMax), bytes_value(memory.network.size)},
                    {key_of(OptionId::ManagedSize), bytes_value(memory.managed.size)}};
    if (release.task_manager_dynamic_configs != DynamicConfigKeys::Memory) {
        configs.emplace_back(key_of(OptionId::TaskManagerMetaspace), bytes_value(memory.jvm_metaspace.size));
        configs.emplace_back(key_of(OptionId::TaskManagerOverheadMin), bytes_value(memory.jvm_overhead.size));
        configs.emplace_back(key_of(OptionId::TaskManagerOverheadMax), bytes_value(memory.jvm_overhead.size));
    }
    int key_set = static_cast<int>(release.task_manager_dynamic_configs);
    if (release.task_manager_dynamic_configs == DynamicConfigKeys::All) {
        configs.emplace_back(key_of(OptionId::NumTaskSlots), std::to_string(memory.num_slots));
        if (memory.external_resources.empty()) {
            configs.emplace_back(key_of(OptionId::ExternalResources), "none");
        } else {
            key_set = -1;  // names chosen by the user: no fixed order
            std::string names;
            for (const auto& resource : memory.external_resources) {
                if (!names.empty()) names += ';';
                names += resource.name;
            }
            configs.emplace_back(key_of(OptionId::ExternalResources),
                                 release.external_resources_quoted ? '"' + names + '"' : names);
            for (const auto& resource : memory.external_resources) {
                configs.emplace_back(external_resource_amount_key(resource.name),
                                     std::to_string(resource.amount));
            }
        }
    }
    return assemble_in_hash_order(configs, release.dynamic_configs_trailing_space, key_set);
}

std::optional<std::string> dynamic_configs(const JobManagerMemory& memory, const ReleaseTraits& release) {
    if (!release.job_manager_dynamic_configs) return std::nullopt;
    const Entries configs{{key_of(OptionId::JobManagerHeap), bytes_value(memory.jvm_heap.size)},
                          {key_of(OptionId::JobManagerOffHeap), bytes_value(memory.off_heap.size)},
                          {key_of(OptionId::JobManagerMetaspace), bytes_value(memory.jvm_metaspace.size)},
                          {key_of(OptionId::JobManagerOverheadMin), bytes_value(memory.jvm_overhead.size)},
                          {key_of(OptionId::JobManagerOverheadMax), bytes_value(memory.jvm_overhead.size)}};
    // Key sets 0-2 are the TaskManager's (DynamicConfigKeys); 3 is the JobManager's.
    return assemble_in_hash_order(configs, release.dynamic_configs_trailing_space, 3);
}

}  // namespace flinkmem
