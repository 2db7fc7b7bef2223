#pragma once

namespace flinkmem::cli {

// The exit codes a pipeline can rely on (also listed in README.md).
enum ExitCode : int {
    kOk = 0,             // resolved (or, for batch, every input line was answered)
    kFlinkRejects = 1,   // Flink would refuse this configuration; the error says why
    kFound = 1,          // validate: findings at --fail-on; diff: something changes
    kBadInput = 2,       // bad command line, unreadable file, malformed input line
    kInternalError = 3,  // a bug in flinkmem
};

}  // namespace flinkmem::cli
