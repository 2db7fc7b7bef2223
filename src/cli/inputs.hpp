// What `resolve` reads: a file of any supported format (--conf, --input-format), a conf
// directory (--conf-dir or $FLINK_CONF_DIR) and -D entries, as one named configuration per
// document the input holds.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "flinkmem/flink_version.hpp"
#include "flinkmem/readers/document.hpp"

namespace flinkmem::cli {

struct InputArgs {
    std::string conf_file;                        // --conf ("-": stdin)
    std::string conf_dir;                         // --conf-dir or $FLINK_CONF_DIR
    std::string input_format;                     // --input-format: "auto" or a format name
    std::vector<std::string> dynamic_properties;  // -D key=value, applied over every document
    std::string document;                         // --document: one configuration of a multi-document file
};

// -D, --conf, --conf-dir, --input-format and --document on a command.
void add_input_options(CLI::App& command, InputArgs& args);

struct LoadedInput {
    Document document;
    bool named = false;                 // one of several configurations in the input
    std::vector<std::string> warnings;  // how the input was read (dropped lines, duplicates, ...)
};

// Throws CliError: exit code 2 for what flinkmem cannot read (missing file, unsupported format,
// --document naming none of the input's configurations), 1 for what Flink (or the operator)
// itself refuses (a config.yaml its parser rejects, a missing conf file). `version` picks the
// file a conf directory is read from.
std::vector<LoadedInput> load_inputs(const InputArgs& args, FlinkVersion version);

// Runs `resolve_one` per input; with several inputs, text output gets a "== name ==" header per
// input and JSON output becomes one array. Returns the highest exit code.
int resolve_each(const std::vector<LoadedInput>& inputs, bool json_output,
                 const std::function<int(const LoadedInput&)>& resolve_one);

}  // namespace flinkmem::cli
