// The memory model of one process as a tree, in the shape of the figures in Flink's memory docs:
// Total Process Memory > Total Flink Memory > JVM Heap / Off-Heap > components, then JVM Metaspace
// and JVM Overhead. The tree and SVG outputs draw it.
#pragma once

#include <string>
#include <vector>

#include "flinkmem/deploy/process.hpp"
#include "flinkmem/memory_size.hpp"

namespace flinkmem::report {

struct MemoryNode {
    std::string label;  // "Task Heap"
    std::string key;    // the JSON name: "task_heap"
    MemorySize size;
    std::vector<MemoryNode> children;  // empty for a component; children add up to `size`
};

MemoryNode memory_tree(const deploy::ResolvedProcess& process);

}  // namespace flinkmem::report
