#!/usr/bin/env bash
# Installs what flinkmem needs from Debian's packages (only what is missing) and builds
# build/flinkmem. With --deps-only it stops after the packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-jsonschema, libxml2-utils and pre-commit: validate's report schemas and hook tests;
# zlib1g-dev: the simulator's tests read the gzipped network-buffer vectors; help2man and dpkg-dev
# (dpkg-shlibdeps): the Debian package's man pages and Depends.
libraries=(libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev doctest-dev libclang-rt-14-dev
           python3-jsonschema libxml2-utils pre-commit zlib1g-dev help2man dpkg-dev)
missing=()
for package in "${libraries[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v g++ >/dev/null || missing+=(g++)
command -v clang++ >/dev/null || missing+=(clang)
command -v clang-tidy >/dev/null || missing+=(clang-tidy)
command -v cmake >/dev/null || missing+=(cmake)
command -v ninja >/dev/null || missing+=(ninja-build)
command -v python3 >/dev/null || missing+=(python3)
command -v xmllint >/dev/null || missing+=(libxml2-utils)  # tests: the SVG output is well-formed XML
command -v chromium >/dev/null || missing+=(chromium)      # tests: the SVG output renders as a picture

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--deps-only" ] && exit 0
cmake --preset default >/dev/null
cmake --build --preset default
