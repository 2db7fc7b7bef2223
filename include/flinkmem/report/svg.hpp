// `--output svg`: a picture of one process's memory model in the spirit of the figures in Flink's
// memory docs: nested boxes, each as tall as its share of Total Process Memory, labelled with this
// configuration's sizes. Self-contained (inline styles, no fonts or scripts to fetch), well-formed XML.
#pragma once

#include <ostream>

#include "flinkmem/deploy/process.hpp"

namespace flinkmem::report {

void write_svg(std::ostream& out, const deploy::ResolvedProcess& process);

}  // namespace flinkmem::report
