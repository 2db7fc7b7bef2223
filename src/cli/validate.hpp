#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace flinkmem::cli {

struct ValidateArgs {
    std::vector<std::string> paths;  // files, directories (searched recursively), "-" for stdin
    std::string format = "text";
    std::string deprecated_format;  // --format, the old name of -o/--output
    std::string fail_on = "error";
    std::vector<std::string> disable;
    std::string flink_version;
    std::string colour = "auto";
    std::string config_file;           // .flinkmem.yaml; default: the one at the repository root
    std::vector<std::string> include;  // globs of files to read whatever their name
    std::vector<std::string> exclude;  // globs of files and directories not to search
    // Files given by name are read like those of a directory search: only recognised Flink
    // configurations, and none at all is not an error (pre-commit passes every staged YAML file).
    bool skip_unrecognized = false;
};

// Runs it: the report on `out`, problems with the command itself on `err`. Returns the exit code
// (0 nothing at or above --fail-on, 1 findings at or above it, 2 bad input).
int run_validate(const ValidateArgs& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace flinkmem::cli
