// What `resolve` reads: a file of any supported format (--conf, --input-format), a conf
// directory (--conf-dir or $FLINK_CONF_DIR) and -D entries, as one named configuration per
// document the input holds.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "exit_codes.hpp"
#include "flinkmem/config/configuration.hpp"

namespace flinkmem::cli {

// An input that cannot be resolved, with the exit code it gets: kBadInput for what flinkmem
// cannot read (missing file, unsupported format), kFlinkRejects for what Flink (or the operator)
// itself refuses (a config.yaml its parser rejects, a missing conf file). Printed as is.
struct BadInput : std::runtime_error {
    explicit BadInput(const std::string& message, int code = kBadInput)
        : std::runtime_error(message), exit_code(code) {}
    int exit_code;
};

struct InputArgs {
    std::string conf_file;                        // --conf
    std::string conf_dir;                         // --conf-dir or $FLINK_CONF_DIR
    std::string input_format;                     // --input-format: "auto" or a format name
    std::vector<std::string> dynamic_properties;  // -D key=value, applied over every document
};

struct LoadedInput {
    std::string name;  // empty when the input holds one configuration
    Configuration config;
    std::vector<std::string> warnings;  // how the input was read (dropped lines, duplicates, ...)
};

// Throws BadInput for unreadable files, unsupported formats and files Flink's parser rejects.
std::vector<LoadedInput> load_inputs(const InputArgs& args);

// Runs `resolve_one` per input; with several inputs, text output gets a "== name ==" header per
// input and JSON output becomes one array. Returns the highest exit code.
int resolve_each(const std::vector<LoadedInput>& inputs, bool json_output,
                 const std::function<int(const LoadedInput&)>& resolve_one);

// The formats --input-format accepts, for its help and check.
std::vector<std::string> input_format_names();

}  // namespace flinkmem::cli
