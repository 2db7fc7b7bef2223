#include <fmt/format.h>

#include "derive.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem {

namespace {

std::string bytes_value(MemorySize size) { return std::to_string(size.bytes()) + "b"; }

// ConfigurationUtils.assembleDynamicConfigsStr: "-D k=v" joined by spaces, or (1.10, 1.11) each
// pair followed by a space.
std::string assemble(const java::HashMap<std::string>& configs, bool trailing_space) {
    std::string out;
    for (const auto& [key, value] : configs.entries()) {
        if (!out.empty() && !trailing_space) out += ' ';
        out += fmt::format("-D {}={}", key, value);
        if (trailing_space) out += ' ';
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

std::string dynamic_configs(const TaskManagerMemory& memory, const ReleaseTraits& release) {
    // Insertion order matters for keys that share a HashMap bucket, so it follows Flink's code.
    java::HashMap<std::string> configs;
    configs.put("taskmanager.cpu.cores", java::to_string(memory.cpu_cores));
    configs.put("taskmanager.memory.framework.heap.size", bytes_value(memory.framework_heap.size));
    configs.put("taskmanager.memory.framework.off-heap.size", bytes_value(memory.framework_off_heap.size));
    configs.put("taskmanager.memory.task.heap.size", bytes_value(memory.task_heap.size));
    configs.put("taskmanager.memory.task.off-heap.size", bytes_value(memory.task_off_heap.size));
    configs.put("taskmanager.memory.network.min", bytes_value(memory.network.size));
    configs.put("taskmanager.memory.network.max", bytes_value(memory.network.size));
    configs.put("taskmanager.memory.managed.size", bytes_value(memory.managed.size));
    if (release.task_manager_dynamic_configs != DynamicConfigKeys::Memory) {
        configs.put("taskmanager.memory.jvm-metaspace.size", bytes_value(memory.jvm_metaspace.size));
        configs.put("taskmanager.memory.jvm-overhead.min", bytes_value(memory.jvm_overhead.size));
        configs.put("taskmanager.memory.jvm-overhead.max", bytes_value(memory.jvm_overhead.size));
    }
    if (release.task_manager_dynamic_configs == DynamicConfigKeys::All) {
        configs.put("taskmanager.numberOfTaskSlots", std::to_string(memory.num_slots));
        if (memory.external_resources.empty()) {
            configs.put("external-resources", "none");
        } else {
            std::string names;
            for (const auto& resource : memory.external_resources) {
                if (!names.empty()) names += ';';
                names += resource.name;
            }
            configs.put("external-resources", release.external_resources_quoted ? '"' + names + '"' : names);
            for (const auto& resource : memory.external_resources) {
                configs.put(external_resource_amount_key(resource.name), std::to_string(resource.amount));
            }
        }
    }
    return assemble(configs, release.dynamic_configs_trailing_space);
}

std::optional<std::string> dynamic_configs(const JobManagerMemory& memory, const ReleaseTraits& release) {
    if (!release.job_manager_dynamic_configs) return std::nullopt;
    java::HashMap<std::string> configs;
    configs.put("jobmanager.memory.heap.size", bytes_value(memory.jvm_heap.size));
    configs.put("jobmanager.memory.off-heap.size", bytes_value(memory.off_heap.size));
    configs.put("jobmanager.memory.jvm-metaspace.size", bytes_value(memory.jvm_metaspace.size));
    configs.put("jobmanager.memory.jvm-overhead.min", bytes_value(memory.jvm_overhead.size));
    configs.put("jobmanager.memory.jvm-overhead.max", bytes_value(memory.jvm_overhead.size));
    return assemble(configs, release.dynamic_configs_trailing_space);
}

}  // namespace flinkmem
