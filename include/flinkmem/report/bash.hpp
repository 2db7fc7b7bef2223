// `--output bash`: exactly what Flink's BashJavaUtils prints on stdout for
// GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS, so flinkmem can stand in for it in start
// scripts and tests: the log lines (log4j-bash-utils.properties logs to stdout) and then the
// "BASH_JAVA_UTILS_EXEC_RESULT:"-prefixed result lines the scripts grep for.
#pragma once

#include <ostream>
#include <string_view>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deploy/process.hpp"

namespace flinkmem::report {

inline constexpr std::string_view kBashResultPrefix = "BASH_JAVA_UTILS_EXEC_RESULT:";

// How many result lines the start script expects for this process and version
// (extractExecutionResults <output> <n>): 2 for a TaskManager, 1 (1.11) or 2 (1.12+) for a
// JobManager; 0 where BashJavaUtils has no command for it (the JobManager on 1.10).
int bash_result_lines(Component component, FlinkVersion version);

// `config` is the configuration as given: entries from a file are logged as GlobalConfiguration
// loads them ("Loading configuration property: k, v"), -D entries as dynamic properties (1.16+).
// `config_file` is the absolute path of that file, or empty when everything came from -D.
// Throws flinkmem::Error when the version has no such command (JobManager on 1.10).
void write_bash(std::ostream& out, const deploy::ResolvedProcess& process, const Configuration& config,
                std::string_view config_file);

}  // namespace flinkmem::report
