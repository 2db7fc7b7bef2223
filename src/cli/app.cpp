#include "app.hpp"

#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "flinkmem/version.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::cli {

int run(int argc, char** argv) {
    CLI::App app{fmt::format("flinkmem: Apache Flink's memory model, byte-exact (Flink {}; default {})",
                             supported_versions_text(), kDefaultFlinkVersion.to_string())};
    app.set_version_flag("--version", fmt::format("flinkmem {}", kFlinkmemVersion));
    app.require_subcommand(1);

    const std::vector<Command> commands{add_resolve_command(app), add_batch_command(app),
                                        add_validate_command(app),  add_init_command(app),
                                        add_diff_command(app),      add_simulate_command(app),
                                        add_completion_command(app)};

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kBadInput;
    }

    try {
        for (const Command& command : commands) {
            if (command.app->parsed()) return command.run();
        }
        return kBadInput;
    } catch (const CliError& e) {
        std::cerr << "flinkmem: error: " << e.what() << '\n';
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "flinkmem: internal error: " << e.what() << '\n';
        return kInternalError;
    }
}

}  // namespace flinkmem::cli
