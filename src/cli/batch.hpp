#pragma once

#include <iosfwd>

namespace flinkmem::cli {

// `flinkmem batch`: one JSON request per input line, one JSON answer per line, in order.
// Requests: {"id", "component": "taskmanager"|"jobmanager", "config": {key: string}}.
// A bad line is answered with an error and never stops the batch.
int run_batch(std::istream& in, std::ostream& out);

}  // namespace flinkmem::cli
