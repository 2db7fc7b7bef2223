#!/bin/sh
# format.sh SOURCE_DIR: every C++ file of the project is as clang-format 14 writes it (.clang-format).
# Fails naming each file that differs; `clang-format -i FILE` fixes one.
set -eu
cd "$1"
files=$(find src include tests bench fuzz -name '*.cpp' -o -name '*.hpp' | sort)
count=$(echo "$files" | wc -l)
# shellcheck disable=SC2086
if ! clang-format --dry-run -Werror $files; then
    echo "not formatted: run clang-format -i on the files named above" >&2
    exit 1
fi
echo "$count passed, 0 failed"
