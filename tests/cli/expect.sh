#!/usr/bin/env bash
# expect.sh EXIT_CODE PATTERN STDIN -- COMMAND...
# Runs COMMAND with STDIN as standard input ("-" for none) and requires its exit code to be
# EXIT_CODE and every line of PATTERN (extended regular expressions) to match some line of its
# combined output.
set -uo pipefail
expected_exit=$1 pattern=$2 stdin=$3
shift 4
if [ "$stdin" = "-" ]; then stdin=/dev/null; fi
output=$("$@" <"$stdin" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne "$expected_exit" ]; then
    echo "expect.sh: exit code $status, expected $expected_exit" >&2
    exit 1
fi
while IFS= read -r line; do
    if ! grep -Eq -- "$line" <<<"$output"; then
        echo "expect.sh: no output line matches: $line" >&2
        exit 1
    fi
done <<<"$pattern"

