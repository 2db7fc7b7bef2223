#!/usr/bin/env bash
# The test command: a build with warnings as errors and ASan/UBSan, then every test
# (unit tests, golden Flink vectors, CLI smoke tests, short fuzz runs when clang is there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci
