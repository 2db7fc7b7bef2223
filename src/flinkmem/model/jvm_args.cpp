#include "flinkmem/model/jvm_args.hpp"

#include <fmt/format.h>

#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/config/options.hpp"

namespace flinkmem {

namespace {

namespace o = options;

std::string bytes_value(MemorySize size) { return std::to_string(size.bytes()) + "b"; }

// ConfigurationUtils.assembleDynamicConfigsStr
std::string assemble(const java::HashMap<std::string>& configs) {
    std::string out;
    for (const auto& [key, value] : configs.entries()) {
        if (!out.empty()) out += ' ';
        out += fmt::format("-D {}={}", key, value);
    }
    return out;
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

std::string dynamic_configs(const TaskManagerMemory& memory) {
    // Insertion order matters for keys that share a HashMap bucket, so it follows Flink's code.
    java::HashMap<std::string> configs;
    configs.put(std::string(o::kCpuCores.key), java::to_string(memory.cpu_cores));
    configs.put(std::string(o::kFrameworkHeap.key), bytes_value(memory.framework_heap.size));
    configs.put(std::string(o::kFrameworkOffHeap.key), bytes_value(memory.framework_off_heap.size));
    configs.put(std::string(o::kTaskHeap.key), bytes_value(memory.task_heap.size));
    configs.put(std::string(o::kTaskOffHeap.key), bytes_value(memory.task_off_heap.size));
    configs.put(std::string(o::kNetworkMin.key), bytes_value(memory.network.size));
    configs.put(std::string(o::kNetworkMax.key), bytes_value(memory.network.size));
    configs.put(std::string(o::kManagedSize.key), bytes_value(memory.managed.size));
    configs.put(std::string(o::kTaskManagerMetaspace.key), bytes_value(memory.jvm_metaspace.size));
    configs.put(std::string(o::kTaskManagerOverheadMin.key), bytes_value(memory.jvm_overhead.size));
    configs.put(std::string(o::kTaskManagerOverheadMax.key), bytes_value(memory.jvm_overhead.size));
    configs.put(std::string(o::kNumTaskSlots.key), std::to_string(memory.num_slots));
    if (memory.external_resources.empty()) {
        configs.put(std::string(o::kExternalResources.key), "none");
    } else {
        // Flink 1.20 wraps the list in double quotes (see its TaskExecutorProcessUtilsTest).
        std::string names;
        for (const auto& resource : memory.external_resources) {
            if (!names.empty()) names += ';';
            names += resource.name;
        }
        configs.put(std::string(o::kExternalResources.key), '"' + names + '"');
        for (const auto& resource : memory.external_resources) {
            configs.put(o::external_resource_amount_key(resource.name), std::to_string(resource.amount));
        }
    }
    return assemble(configs);
}

std::string dynamic_configs(const JobManagerMemory& memory) {
    java::HashMap<std::string> configs;
    configs.put(std::string(o::kJobManagerHeap.key), bytes_value(memory.jvm_heap.size));
    configs.put(std::string(o::kJobManagerOffHeap.key), bytes_value(memory.off_heap.size));
    configs.put(std::string(o::kJobManagerMetaspace.key), bytes_value(memory.jvm_metaspace.size));
    configs.put(std::string(o::kJobManagerOverheadMin.key), bytes_value(memory.jvm_overhead.size));
    configs.put(std::string(o::kJobManagerOverheadMax.key), bytes_value(memory.jvm_overhead.size));
    return assemble(configs);
}

}  // namespace flinkmem
