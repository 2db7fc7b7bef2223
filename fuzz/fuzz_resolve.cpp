// Whole derivations from a flink-conf.yaml-like input: resolving a TaskManager and a JobManager
// either succeeds with components that add up, or throws flinkmem::Error. Anything else (another
// exception, a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/model/jvm_args.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const flinkmem::Configuration config = flinkmem::parse_flink_conf(text, "fuzz.yaml").config;
    try {
        const auto tm = flinkmem::resolve_task_manager(config);
        const auto sum = tm.framework_heap.size.add(tm.task_heap.size)
                             .add(tm.framework_off_heap.size)
                             .add(tm.task_off_heap.size)
                             .add(tm.network.size)
                             .add(tm.managed.size);
        if (sum != tm.total_flink.size) __builtin_trap();
        static_cast<void>(flinkmem::jvm_parameters(tm));
        static_cast<void>(flinkmem::dynamic_configs(tm));
    } catch (const flinkmem::Error&) {
    }
    try {
        const auto jm = flinkmem::resolve_job_manager(config);
        if (jm.jvm_heap.size.add(jm.off_heap.size) != jm.total_flink.size) __builtin_trap();
        static_cast<void>(flinkmem::jvm_parameters(jm));
        static_cast<void>(flinkmem::dynamic_configs(jm));
    } catch (const flinkmem::Error&) {
    }
    return 0;
}
