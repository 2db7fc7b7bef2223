#include "app.hpp"

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "flinkmem/suggest.hpp"
#include "flinkmem/version.hpp"
#include "flinkmem/versions/release.hpp"
#include "output_file.hpp"

namespace flinkmem::cli {

namespace {

// "unknown command 'resolv'; did you mean 'resolve'?" before CLI11 reads the line: it would
// only say that a subcommand is required.
std::optional<std::string> misspelt_command(int argc, char** argv, const std::vector<Command>& commands) {
    if (argc < 2) return std::nullopt;
    const std::string word = argv[1];
    if (word.empty() || word.front() == '-') return std::nullopt;
    std::vector<std::string> names;
    for (const Command& command : commands) {
        if (command.app->get_name() == word) return std::nullopt;
        names.push_back(command.app->get_name());
    }
    std::string message = fmt::format("unknown command '{}'", word);
    if (const auto near = closest(word, names)) message += fmt::format("; did you mean '{}'?", *near);
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
    return message + fmt::format(" (commands: {})", list);
}

// CLI11 reports a misspelt flag as an argument it did not expect; name the flag the user meant.
std::string explain_extras(const CLI::ParseError& error, const CLI::App& app) {
    const CLI::App* command = nullptr;
    for (const CLI::App* sub : app.get_subcommands()) command = sub;
    if (command == nullptr) return {};
    std::vector<std::string> flags;
    for (const CLI::Option* option : command->get_options()) {
        for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
    }
    std::string hints;
    std::istringstream words(error.what());
    for (std::string word; words >> word;) {
        if (!word.starts_with("--")) continue;
        const std::string flag = word.substr(0, word.find('='));
        if (const auto near = closest(flag, flags)) {
            hints += fmt::format("flinkmem: {} {}: unknown flag; did you mean {}?\n", command->get_name(),
                                 flag, *near);
        }
    }
    return hints;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{fmt::format("flinkmem: Apache Flink's memory model, byte-exact (Flink {}; default {})",
                             supported_versions_text(), kDefaultFlinkVersion.to_string())};
    app.set_version_flag("--version", fmt::format("flinkmem {}", kFlinkmemVersion));
    app.require_subcommand(1);

    const std::vector<Command> commands{
        add_resolve_command(app), add_batch_command(app), add_validate_command(app),
        add_init_command(app),    add_diff_command(app),  add_simulate_command(app),
        add_doctor_command(app),  add_tune_command(app),  add_completion_command(app)};
    std::string output_file;
    for (const Command& command : commands) add_output_file_option(*command.app, output_file);

    if (const auto message = misspelt_command(argc, argv, commands)) {
        std::cerr << "flinkmem: error: " << *message << '\n';
        return kBadInput;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        if (code != 0) std::cerr << explain_extras(e, app);
        return code == 0 ? kOk : kBadInput;
    }

    // --output-file: the command prints into a buffer, which replaces the file only when the
    // command answered (exit 0 or 1); bad input or a bug leaves the file as it was.
    std::ostringstream captured;
    std::streambuf* const stdout_buffer = std::cout.rdbuf();
    if (!output_file.empty()) std::cout.rdbuf(captured.rdbuf());
    int exit_code = kBadInput;
    try {
        for (const Command& command : commands) {
            if (command.app->parsed()) exit_code = command.run();
        }
    } catch (const CliError& e) {
        std::cout.rdbuf(stdout_buffer);
        std::cerr << "flinkmem: error: " << e.what() << '\n';
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cout.rdbuf(stdout_buffer);
        std::cerr << "flinkmem: internal error: " << e.what() << '\n';
        return kInternalError;
    }
    std::cout.rdbuf(stdout_buffer);
    if (!output_file.empty() && (exit_code == kOk || exit_code == kFlinkRejects)) {
        try {
            write_atomically(output_file, captured.str());
        } catch (const CliError& e) {
            std::cerr << "flinkmem: error: " << e.what() << '\n';
            return e.exit_code();
        }
    }
    return exit_code;
}

}  // namespace flinkmem::cli
