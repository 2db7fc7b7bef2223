#!/usr/bin/env bash
# Installs what building and running flinkmem needs from Debian's packages (only what is missing)
# and builds build/flinkmem (the tests are built by scripts/test.sh). With --deps-only it stops
# after the packages.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
install_missing run

[ "${1:-}" = "--deps-only" ] && exit 0
# Only the binary: a development build with the tests is `cmake --preset default` (the preset
# turns them back on) after scripts/test.sh has installed what they need.
cmake --preset default -DFLINKMEM_BUILD_TESTS=OFF >/dev/null
cmake --build --preset default --target flinkmem
