// The java command line that starts a Flink process on each target, in Flink 1.20's order:
//   standalone  bin/taskmanager.sh|jobmanager.sh start-foreground -> flink-console.sh:
//               java <JVM_ARGS + memory flags> <FLINK_ENV_JAVA_OPTS> <logging> -classpath .. <class> <args>
//   kubernetes  kubernetes-taskmanager.sh (memory flags from $FLINK_TM_JVM_MEM_OPTS) and
//               kubernetes-jobmanager.sh (memory flags from BashJavaUtils inside the pod)
//   yarn        yarn.container-start-command-template
//               "%java% %jvmmem% %jvmopts% %logging% %class% %args% %redirects%"
// The memory flags always come before env.java.opts.*, so a memory flag there wins (the JVM takes
// the last one) and Flink's accounting no longer holds: that is reported as a warning.
#pragma once

#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deploy/process.hpp"

namespace flinkmem::deploy {

struct JavaCommand {
    // How the command is started, e.g. "bin/taskmanager.sh start-foreground".
    std::string launcher;
    // Environment the launcher sets for it (NAME=value), e.g. FLINK_TM_JVM_MEM_OPTS on Kubernetes.
    std::vector<std::string> environment;
    // The argument vector after the shell's word splitting; arguments[0] is the java binary.
    std::vector<std::string> arguments;
    // Shell redirections of YARN's template (e.g. "1> <LOG_DIR>/taskmanager.out").
    std::string redirects;
    // An env.java.opts.* entry that overrides one of Flink's memory flags.
    std::vector<std::string> warnings;
    // Assumptions the command rests on (paths, Java version), worth stating once.
    std::vector<std::string> notes;
};

// Splits like the shell does for unquoted expansions followed by `eval echo`: whitespace
// separates words; single and double quotes group and are removed.
std::vector<std::string> split_shell_words(std::string_view text);

// Quotes an argument for a POSIX shell only when it needs it.
std::string shell_quote(std::string_view argument);

// `config` is the configuration as given (for env.java.opts.* and the -D properties passed on);
// `process` was resolved from it for the same target.
JavaCommand java_command(const Configuration& config, const ResolvedProcess& process);

}  // namespace flinkmem::deploy
