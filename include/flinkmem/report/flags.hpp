// The bare strings a start script passes: `--output flags` (the JVM memory flags) and
// `--output dynamic` (the "-D key=value" dynamic configs), one line each.
#pragma once

#include <ostream>

#include "flinkmem/deploy/process.hpp"

namespace flinkmem::report {

void write_flags(std::ostream& out, const deploy::ResolvedProcess& process);
void write_dynamic(std::ostream& out, const deploy::ResolvedProcess& process);

}  // namespace flinkmem::report
