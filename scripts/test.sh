#!/usr/bin/env bash
# The test command: installs what the tests need (when missing), builds once with warnings as
# errors and ASan/UBSan (preset ci, build-ci/) and runs every test there: unit tests, Flink's golden
# vectors through the library and through `flinkmem batch` (memory, errors, and the
# --output flags|dynamic|bash renderings), the CLI's smoke and golden tests, every documented example,
# the report schemas and the simulator. Tests that need ../shared are skipped without it (and fail
# when CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
install_missing run test
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci --parallel "$(nproc)"
