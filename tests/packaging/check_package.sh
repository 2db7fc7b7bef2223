#!/usr/bin/env bash
# check_package.sh BUILD_DIR SOURCE_DIR
# Builds the Debian package as a user would (`cmake --build BUILD_DIR --target package`), extracts
# it with dpkg-deb -x and checks what it holds: the packaged binary runs (--version, a validate
# run), its Depends name the shared libraries it links, every command has a man page that renders
# without a warning (man -l; also mandoc -T lint when installed), and the completions complete
# every command and flag of --help.
set -euo pipefail
build=$1 source=$2
here=$(cd "$(dirname "$0")" && pwd)

cmake --build "$build" --target package
deb=$(ls -t "$build"/flinkmem_*.deb | head -n 1)
echo "package: $deb"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "$deb" "$scratch/root"
root=$scratch/root
fail() { echo "check_package: $*" >&2; exit 1; }

control=$(dpkg-deb -f "$deb" Package Version Architecture Depends)
echo "$control"
grep -q '^Depends: .*libc6' <<<"$control" || fail "Depends does not name libc6 (dpkg-shlibdeps did not run)"

bin=$root/usr/bin/flinkmem
[ -x "$bin" ] || fail "no usr/bin/flinkmem in the package"
"$bin" --version | grep -Eq '^flinkmem [0-9]+\.[0-9]+\.[0-9]+$' || fail "the packaged binary does not print its version"
# The packaged binary does the work: Flink's rejection, found at its line, exits 1.
set +e
out=$("$bin" validate --color never "$source/tests/data/validate/repo/conf/flink-conf.yaml" 2>&1)
status=$?
set -e
echo "$out"
[ "$status" -eq 1 ] || fail "validate exited $status, expected 1"
grep -q 'flink-conf.yaml:3:1: error: JobManager' <<<"$out" || fail "validate did not report the JobManager error at line 3"

# A page for the program and one per command, named after the commands --help lists.
mandir=$root/usr/share/man/man1
commands=$("$bin" --help | awk '/^Subcommands:/{s=1; next} /^[^ ]/{s=0} s && /^  [^ ]/{print $1}')
[ -n "$commands" ] || fail "no commands in --help"
for page in flinkmem $(sed 's/^/flinkmem-/' <<<"$commands"); do
    file=$mandir/$page.1.gz
    [ -f "$file" ] || fail "no man page $page.1.gz"
    warnings=$(MANWIDTH=80 man --warnings -l "$file" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man -l $page.1.gz warns: $warnings"
    text=$(MANWIDTH=80 man -l "$file" 2>/dev/null)
    grep -q '^NAME' <<<"$text" && grep -q '^OPTIONS' <<<"$text" && grep -q -- '--help' <<<"$text" ||
        fail "$page.1.gz lacks NAME, OPTIONS or --help"
    if command -v mandoc >/dev/null; then
        mandoc -T lint -W warning "$file" || fail "mandoc -T lint warns about $page.1.gz"
    fi
done
extra=$(ls "$mandir" | grep -vxF -f <(printf '%s.1.gz\n' flinkmem $(sed 's/^/flinkmem-/' <<<"$commands")) || true)
[ -z "$extra" ] || fail "man pages for no command: $extra"
zcat "$mandir/flinkmem-validate.1.gz" | grep -qF 'fail\-on' || fail "flinkmem-validate(1) does not describe --fail-on"

python3 "$here/check_completions.py" --bin "$bin" \
    --bash "$root/usr/share/bash-completion/completions/flinkmem" \
    --zsh "$root/usr/share/zsh/vendor-completions/_flinkmem" \
    --fish "$root/usr/share/fish/vendor_completions.d/flinkmem.fish"
echo "check_package: ok"
