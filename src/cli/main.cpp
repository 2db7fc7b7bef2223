#include <iostream>

#include "app.hpp"

int main(int argc, char** argv) {
    // The CLI uses only C++ streams; unsynchronized they read and write batches far faster.
    std::ios::sync_with_stdio(false);
    return flinkmem::cli::run(argc, argv);
}
