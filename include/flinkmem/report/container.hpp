// The container section of the text output: what the pod or YARN container gets, and where it
// disagrees with Flink's process budget.
#pragma once

#include <ostream>

#include "flinkmem/deploy/container.hpp"

namespace flinkmem::report {

void write_container_text(std::ostream& out, const deploy::Container& container);

}  // namespace flinkmem::report
