// Whole derivations from a flink-conf.yaml-like input under every Flink release: each process
// either resolves to components that add up or reports Flink's error. Anything else (an
// exception escaping resolve(), a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/resolve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto document = flinkmem::Document::of(flinkmem::parse_flink_conf(text, "fuzz.yaml").config);
    // Every release line, both processes: each either resolves to components that add up or
    // reports Flink's error.
    for (const flinkmem::Release& release : flinkmem::releases()) {
        const auto resolution =
            flinkmem::resolve({document, release.version(), flinkmem::ComponentChoice::Both});
        if (resolution.task_manager && resolution.task_manager->ok()) {
            const auto& tm = resolution.task_manager->value().memory;
            if (tm.sum_of_flink_components() != tm.total_flink.size) __builtin_trap();
        }
        if (resolution.job_manager && resolution.job_manager->ok()) {
            const auto& jm = resolution.job_manager->value().memory;
            if (jm.jvm_heap.size.add(jm.off_heap.size) != jm.total_flink.size) __builtin_trap();
        }
    }
    return 0;
}
