#include "app.hpp"

int main(int argc, char** argv) { return flinkmem::cli::run(argc, argv); }
