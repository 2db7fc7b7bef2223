// --output-file FILE, on every command: what the command prints, written atomically.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace flinkmem::cli {

// Writes `text` to `path` through a temporary file in the same directory and a rename, so the
// file is either the old one or the whole new one, never a partial write. Throws CliError.
void write_atomically(const std::string& path, const std::string& text);

// Adds --output-file to `command`.
void add_output_file_option(CLI::App& command, std::string& path);

}  // namespace flinkmem::cli
