#!/usr/bin/env bash
# hostile_inputs.sh FLINKMEM
# Inputs that are not configuration files end quickly in exit 2 with a message naming the file,
# for resolve and validate alike: a device (/dev/zero, /dev/urandom), a FIFO nobody writes, a
# directory, a sparse file past the 64 MiB limit, random bytes, and /dev/zero on stdin.
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME PATTERN STDIN -- COMMAND...: exit 2 within 10 s and a line matching PATTERN.
expect() {
    local name=$1 pattern=$2 stdin=$3
    shift 4
    local start=$SECONDS output status
    output=$(timeout 10 "$@" <"$stdin" 2>&1)
    status=$?
    if [ "$status" -ne 2 ]; then
        echo "FAIL $name: exit $status (expected 2 within 10 s; 124 is the timeout)"
        printf '%s\n' "$output" | head -5
        failures=$((failures + 1))
    elif ! grep -Eq -- "$pattern" <<<"$output"; then
        echo "FAIL $name: no line matches: $pattern"
        printf '%s\n' "$output" | head -5
        failures=$((failures + 1))
    else
        echo "ok   $name ($((SECONDS - start)) s)"
    fi
}

mkfifo "$work/fifo"
truncate -s 65M "$work/sparse.yaml"
head -c 4096 /dev/urandom >"$work/random.yaml"
# Random bytes without NUL: still not text.
head -c 65536 /dev/urandom | tr -d '\000' | head -c 4096 >"$work/random-no-nul.yaml"

for command in "resolve --conf" "validate"; do
    name=${command%% *}
    # shellcheck disable=SC2086
    {
        expect "$name /dev/zero" "cannot read /dev/zero: it is a character device" /dev/null -- "$bin" $command /dev/zero
        expect "$name /dev/urandom" "cannot read /dev/urandom: it is a character device" /dev/null -- "$bin" $command /dev/urandom
        expect "$name fifo" "cannot read $work/fifo: it is a named pipe \\(FIFO\\)" /dev/null -- "$bin" $command "$work/fifo"
        expect "$name sparse" "cannot read $work/sparse.yaml: it is larger than 64 MiB" /dev/null -- "$bin" $command "$work/sparse.yaml"
        expect "$name random" "$work/random.yaml is not a Flink configuration: it is not text \\(.*byte offset [0-9]+" /dev/null -- "$bin" $command "$work/random.yaml"
        expect "$name random without NUL" "$work/random-no-nul.yaml is not a Flink configuration: it is not text" /dev/null -- "$bin" $command "$work/random-no-nul.yaml"
        expect "$name stdin /dev/zero" "cannot read -: it is larger than 64 MiB|- is not a Flink configuration: it is not text" /dev/zero -- "$bin" $command -
    }
done
expect "resolve directory" "cannot read .*: it is a directory" /dev/null -- "$bin" resolve --conf "$work"
mkdir "$work/conf" && ln -s /dev/zero "$work/conf/flink-conf.yaml"
expect "resolve --conf-dir with a device" "cannot read $work/conf/flink-conf.yaml: it is a character device" /dev/null -- "$bin" resolve --conf-dir "$work/conf"

if [ "$failures" -ne 0 ]; then
    echo "$failures hostile input(s) not refused as expected"
    exit 1
fi
