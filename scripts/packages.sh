# Sourced by scripts/setup.sh, scripts/test.sh and .ci/run: installs Debian packages that are
# missing, by group. Each package is listed with what needs it.
#   run:  building and running flinkmem (scripts/setup.sh)
#   test: the test suite (scripts/test.sh)
#   ci:   clang-tidy and the libFuzzer smoke runs (.ci/run)

# install_missing GROUP...: installs every package of the groups that is not installed yet.
install_missing() {
    local missing=() group
    for group in "$@"; do
        case "$group" in
        run)
            need_command g++ g++                 # the compiler (C++20)
            need_command cmake cmake
            need_command ninja ninja-build
            need_command python3 python3         # generates the option table at build time
            need_package libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev
            need_package libcurl4-openssl-dev    # tune reads a running cluster's REST API over HTTP(S)
            ;;
        test)
            need_package doctest-dev             # unit tests
            need_package zlib1g-dev              # the network-buffer vector tests read .jsonl.gz
            need_command xmllint libxml2-utils   # JUnit reports and the SVG are checked as XML
            need_package python3-jsonschema      # SARIF and JSON reports against their schemas
            need_command pre-commit pre-commit   # the pre-commit hook, run for real
            need_command chromium chromium       # the SVG output rendered as a picture
            need_command help2man help2man       # the Debian package's man pages (package_deb)
            need_command clang-format clang-format # the house format, checked by source_format
            need_command dpkg-shlibdeps dpkg-dev # the Debian package's Depends (package_deb)
            ;;
        ci)
            need_command clang++ clang           # the fuzz and tidy presets
            need_command clang-tidy clang-tidy
            need_package libclang-rt-14-dev      # libFuzzer and clang's sanitizers
            ;;
        *)
            echo "packages.sh: unknown group $group" >&2
            return 2
            ;;
        esac
    done
    if ((${#missing[@]})); then
        echo "installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# need_package PACKAGE...: each Debian package not installed yet joins `missing`.
need_package() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
}

# need_command COMMAND PACKAGE: PACKAGE joins `missing` when COMMAND is not on PATH.
need_command() {
    command -v "$1" >/dev/null || missing+=("$2")
}
