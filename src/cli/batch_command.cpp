#include <iostream>

#include "command.hpp"
#include "flinkmem/batch.hpp"

namespace flinkmem::cli {

Command add_batch_command(CLI::App& app) {
    CLI::App* batch =
        app.add_subcommand("batch", "Answer JSON Lines requests from stdin, one JSON line each");
    return {batch, [] { return run_batch(std::cin, std::cout) == 0 ? kOk : kBadInput; }};
}

}  // namespace flinkmem::cli
