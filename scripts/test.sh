#!/usr/bin/env bash
# The test command: a build with warnings as errors and ASan/UBSan and every test in it (unit
# tests, golden Flink vectors, CLI smoke tests), the --output checks over every golden vector in
# an optimized build and the Debian package made from it, clang-tidy over the library and the CLI,
# then the libFuzzer targets (clang), 20 s each.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci
cmake --preset default >/dev/null
cmake --build --preset default --target flinkmem
ctest --preset default -R '^outputs_vectors_'
# The Debian package from the optimized build (`--target package`), extracted and checked.
ctest --preset default -R '^package_deb$'
cmake --preset tidy >/dev/null
cmake --build --preset tidy
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz
