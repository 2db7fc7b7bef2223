// `--output command`: the java command line a target runs for the process, as one line a shell
// can take, preceded by comment lines: how it is launched, the environment it gets, warnings
// (env.java.opts.* overriding Flink's memory flags) and the assumptions it rests on.
#pragma once

#include <ostream>

#include "flinkmem/deploy/command.hpp"

namespace flinkmem::report {

void write_command(std::ostream& out, const deploy::JavaCommand& command);

}  // namespace flinkmem::report
