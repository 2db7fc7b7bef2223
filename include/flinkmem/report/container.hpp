// The container section of the text output: what the pod or YARN container gets, and where it
// disagrees with Flink's process budget.
#pragma once

#include <ostream>

#include "flinkmem/deploy/container.hpp"
#include "flinkmem/report/json_writer.hpp"

namespace flinkmem::report {

void write_container_text(std::ostream& out, const deploy::Container& container);
// {"target", "process_budget", Kubernetes: "memory_request_mib", "memory_limit_mib",
// "memory_limit_factor", "cpu_request", "cpu_limit", "cpu_limit_factor"; YARN: "memory_mib",
// "minimum_allocation_mb", "allocated_mib", "vcores"; "warnings", "notes"}
void write_container_json(JsonWriter& json, const deploy::Container& container);

}  // namespace flinkmem::report
