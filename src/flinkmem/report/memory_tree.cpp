#include "flinkmem/report/memory_tree.hpp"

namespace flinkmem::report {

namespace {

MemoryNode leaf(const char* label, const char* key, MemorySize size) {
    return {label, key, size, {}};
}

MemoryNode task_manager_tree(const TaskManagerMemory& m) {
    MemoryNode heap{"JVM Heap",
                    "jvm_heap",
                    m.jvm_heap(),
                    {leaf("Framework Heap", "framework_heap", m.framework_heap.size),
                     leaf("Task Heap", "task_heap", m.task_heap.size)}};
    MemoryNode direct{"JVM Direct Memory",
                      "jvm_direct",
                      m.jvm_direct(),
                      {leaf("Framework Off-Heap", "framework_off_heap", m.framework_off_heap.size),
                       leaf("Task Off-Heap", "task_off_heap", m.task_off_heap.size),
                       leaf("Network", "network", m.network.size)}};
    MemoryNode off_heap{"Off-Heap Memory",
                        "off_heap",
                        m.total_off_heap(),
                        {leaf("Managed Memory", "managed", m.managed.size), std::move(direct)}};
    MemoryNode flink{
        "Total Flink Memory", "total_flink", m.total_flink.size, {std::move(heap), std::move(off_heap)}};
    return {"Total Process Memory",
            "total_process",
            m.total_process.size,
            {std::move(flink), leaf("JVM Metaspace", "jvm_metaspace", m.jvm_metaspace.size),
             leaf("JVM Overhead", "jvm_overhead", m.jvm_overhead.size)}};
}

MemoryNode job_manager_tree(const JobManagerMemory& m) {
    MemoryNode flink{"Total Flink Memory",
                     "total_flink",
                     m.total_flink.size,
                     {leaf("JVM Heap", "jvm_heap", m.jvm_heap.size),
                      leaf("Off-Heap Memory", "off_heap", m.off_heap.size)}};
    return {"Total Process Memory",
            "total_process",
            m.total_process.size,
            {std::move(flink), leaf("JVM Metaspace", "jvm_metaspace", m.jvm_metaspace.size),
             leaf("JVM Overhead", "jvm_overhead", m.jvm_overhead.size)}};
}

}  // namespace

MemoryNode memory_tree(const deploy::ResolvedProcess& process) {
    if (const auto* tm = process.task_manager()) return task_manager_tree(*tm);
    return job_manager_tree(*process.job_manager());
}

}  // namespace flinkmem::report
