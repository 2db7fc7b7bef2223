// `--output tree`: the memory model as an indented tree with bars proportional to Total Process
// Memory. Colour is the caller's decision (the CLI: a TTY and no NO_COLOR).
#pragma once

#include <ostream>

#include "flinkmem/deploy/process.hpp"

namespace flinkmem::report {

struct TreeStyle {
    bool colour = false;  // ANSI colours for the bars
    int bar_width = 32;   // character cells of the 100% bar
};

void write_tree(std::ostream& out, const deploy::ResolvedProcess& process, const TreeStyle& style = {});

}  // namespace flinkmem::report
