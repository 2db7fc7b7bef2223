#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <mutex>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "derive.hpp"
#include "flinkmem/config/options.hpp"
#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/numbers.hpp"

namespace flinkmem {

namespace {

std::string bytes_value(MemorySize size) {
    std::array<char, 24> text{};
    const auto end = std::to_chars(text.data(), text.data() + text.size() - 1, size.bytes()).ptr;
    *end = 'b';
    return std::string(text.data(), end + 1);
}

// Double.toString of the CPU cores, remembered per thread for the last value: a batch's
// TaskManagers mostly have the same cores, and the shortest-digits conversion is not cheap.
std::string cpu_cores_text(double cores) {
    thread_local std::optional<std::pair<std::uint64_t, std::string>> last;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &cores, sizeof bits);
    if (!last || last->first != bits) last.emplace(bits, java::to_string(cores));
    return last->second;
}

std::string jvm_flags(MemorySize heap, const MemorySize* direct, MemorySize metaspace) {
    std::string flags;
    flags.reserve(112);
    auto out = std::back_inserter(flags);
    fmt::format_to(out, "-Xmx{0} -Xms{0}", heap.bytes());
    if (direct != nullptr) fmt::format_to(out, " -XX:MaxDirectMemorySize={}", direct->bytes());
    fmt::format_to(out, " -XX:MaxMetaspaceSize={}", metaspace.bytes());
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

// Keys are views: the option table's keys, or names kept alive by the caller. A TaskManager's
// answer has a dozen of them, built for every request of a batch.
using Entries = std::vector<std::pair<std::string_view, std::string>>;

std::string_view key_view(OptionId id) {
    const OptionSpec* option = option_in_or_after(default_release(), id);
    return option != nullptr ? option->key : std::string_view();
}

// ConfigurationUtils.assembleDynamicConfigsStr: "-D k=v" for each entry in java.util.HashMap
// iteration order. Without external resources the
// keys are always the same few, so their order is worked out once per key set and reused.
std::string assemble_in_hash_order(const Entries& entries, bool trailing_space, int cached_key_set) {
    const auto order_of = [](const Entries& keys) {
        java::HashMap<std::size_t> map;
        for (std::size_t i = 0; i < keys.size(); ++i) map.put(std::string(keys[i].first), i);
        std::vector<std::size_t> order;
        for (const auto& entry : map.entries()) order.push_back(entry.second);
        return order;
    };
    static std::array<std::vector<std::size_t>, 4> cache;
    static std::array<std::once_flag, 4> computed;
    std::vector<std::size_t> uncached;
    const std::vector<std::size_t>* order = &uncached;
    if (cached_key_set >= 0) {
        const auto set = static_cast<std::size_t>(cached_key_set);
        std::call_once(computed[set], [&] { cache[set] = order_of(entries); });
        order = &cache[set];
    } else {
        uncached = order_of(entries);
    }
    std::string out;
    out.reserve(entries.size() * 64);
    for (const std::size_t i : *order) {
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
    Entries configs{{key_view(OptionId::CpuCores), cpu_cores_text(memory.cpu_cores)},
                    {key_view(OptionId::FrameworkHeap), bytes_value(memory.framework_heap.size)},
                    {key_view(OptionId::FrameworkOffHeap), bytes_value(memory.framework_off_heap.size)},
                    {key_view(OptionId::TaskHeap), bytes_value(memory.task_heap.size)},
                    {key_view(OptionId::TaskOffHeap), bytes_value(memory.task_off_heap.size)},
                    {key_view(OptionId::NetworkMin), bytes_value(memory.network.size)},
                    {key_view(OptionId::NetworkMax), bytes_value(memory.network.size)},
                    {key_view(OptionId::ManagedSize), bytes_value(memory.managed.size)}};
    if (release.task_manager_dynamic_configs != DynamicConfigKeys::Memory) {
        configs.emplace_back(key_view(OptionId::TaskManagerMetaspace),
                             bytes_value(memory.jvm_metaspace.size));
        configs.emplace_back(key_view(OptionId::TaskManagerOverheadMin),
                             bytes_value(memory.jvm_overhead.size));
        configs.emplace_back(key_view(OptionId::TaskManagerOverheadMax),
                             bytes_value(memory.jvm_overhead.size));
    }
    int key_set = static_cast<int>(release.task_manager_dynamic_configs);
    std::vector<std::string> amount_keys;  // the external-resource keys the entries view
    if (release.task_manager_dynamic_configs == DynamicConfigKeys::All) {
        configs.emplace_back(key_view(OptionId::NumTaskSlots), std::to_string(memory.num_slots));
        if (memory.external_resources.empty()) {
            configs.emplace_back(key_view(OptionId::ExternalResources), "none");
        } else {
            key_set = -1;  // names chosen by the user: no fixed order
            std::string names;
            for (const auto& resource : memory.external_resources) {
                if (!names.empty()) names += ';';
                names += resource.name;
            }
            configs.emplace_back(key_view(OptionId::ExternalResources),
                                 release.external_resources_quoted ? '"' + names + '"' : names);
            amount_keys.reserve(memory.external_resources.size());
            for (const auto& resource : memory.external_resources) {
                amount_keys.push_back(external_resource_amount_key(resource.name));
                configs.emplace_back(amount_keys.back(), std::to_string(resource.amount));
            }
        }
    }
    return assemble_in_hash_order(configs, release.dynamic_configs_trailing_space, key_set);
}

std::optional<std::string> dynamic_configs(const JobManagerMemory& memory, const ReleaseTraits& release) {
    if (!release.job_manager_dynamic_configs) return std::nullopt;
    const Entries configs{{key_view(OptionId::JobManagerHeap), bytes_value(memory.jvm_heap.size)},
                          {key_view(OptionId::JobManagerOffHeap), bytes_value(memory.off_heap.size)},
                          {key_view(OptionId::JobManagerMetaspace), bytes_value(memory.jvm_metaspace.size)},
                          {key_view(OptionId::JobManagerOverheadMin), bytes_value(memory.jvm_overhead.size)},
                          {key_view(OptionId::JobManagerOverheadMax), bytes_value(memory.jvm_overhead.size)}};
    // Key sets 0-2 are the TaskManager's (DynamicConfigKeys); 3 is the JobManager's.
    return assemble_in_hash_order(configs, release.dynamic_configs_trailing_space, 3);
}

}  // namespace flinkmem
