// --flink-version, shared by every command that answers for a Flink release.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "flinkmem/versions/release.hpp"

namespace flinkmem::cli {

void add_flink_version_option(CLI::App& command, std::string& version);

// The release `version` names ("" for the default); an unknown one is a CliError listing the
// supported releases.
const Release& release_for(const std::string& version);

// "Flink 1.20 rules (the default; --flink-version picks another)", "Flink 1.15 rules", or, with
// `version` "the input", that the input named it.
std::string describe_release_choice(const Release& release, const std::string& version);

}  // namespace flinkmem::cli
