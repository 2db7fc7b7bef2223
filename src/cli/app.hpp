#pragma once

namespace flinkmem::cli {

// The whole command line; main() only hands over to it.
int run(int argc, char** argv);

}  // namespace flinkmem::cli
