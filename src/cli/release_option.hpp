// --flink-version, shared by every command that answers for a Flink release.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "flinkmem/versions/release.hpp"

namespace flinkmem::cli {

void add_flink_version_option(CLI::App& command, std::string& version);

// The release `version` names ("" for the default); an unknown one is a CliError listing the
// supported releases.
const Release& release_for(const std::string& version, std::string_view flag = "--flink-version");

// The release --flink-version asks for: none when the flag is not given (the document's own, or
// the default, then applies); an unknown one is a CliError listing the supported releases.
std::optional<FlinkVersion> requested_version(const std::string& version);

// -o/--output FORMAT: the one output-format flag of every command, limited to `formats`.
void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats,
                       const std::string& description);

}  // namespace flinkmem::cli
