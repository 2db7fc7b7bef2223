#include "legacy_heap.hpp"

#include <fmt/format.h>

#include "process_memory.hpp"

namespace flinkmem {

namespace {

Derivation legacy_heap_derivation(const Configuration::Lookup& found, const OptionSpec& target) {
    Derivation how = Derivation::configured(found.key, found.entry->value, found.entry->source);
    how.rule = Derivation::Rule::LegacyHeap;
    how.base = target.key;
    return how;
}

}  // namespace

void attribute_to_legacy_key(Explained& component, const OptionSpec& target,
                             const LegacyHeapMapping& mapping) {
    if (component.how.rule == Derivation::Rule::Configured && component.how.key == target.key) {
        component.how = mapping.how;
    }
}

std::optional<LegacyHeapMapping> map_legacy_heap(const Configuration& config, const OptionSpec& target,
                                                 const LegacyHeapOptions& legacy) {
    if (config.contains(target)) return std::nullopt;

    Configuration mapped = config;
    if (const auto found = legacy.heap ? config.lookup(*legacy.heap) : std::nullopt) {
        mapped.set(target, read_memory_size(config, *legacy.heap), found->entry->source);
        return LegacyHeapMapping{std::move(mapped), legacy_heap_derivation(*found, target)};
    }
    if (const auto found = legacy.heap_mb ? config.lookup(*legacy.heap_mb) : std::nullopt) {
        const std::int64_t mebibytes = *config.get_int(*legacy.heap_mb);
        if (mebibytes < 0) {
            throw Error::illegal_configuration(
                fmt::format("Configured total process memory size ({}MB) must not be less "
                            "than 0.",
                            mebibytes))
                .with_context(config.context_of(*legacy.heap_mb))
                .with_hint(fmt::format("{} is in MiB and must be >= 0; better, replace it with {}.",
                                       legacy.heap_mb->key, target.key));
        }
        mapped.set(target, MemorySize::of_mebibytes(mebibytes), found->entry->source);
        return LegacyHeapMapping{std::move(mapped), legacy_heap_derivation(*found, target)};
    }
    return std::nullopt;
}

}  // namespace flinkmem
