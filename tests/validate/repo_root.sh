#!/usr/bin/env bash
# repo_root.sh FLINKMEM DATA_DIR
# A .flinkmem.yaml at the repository root (the directory holding .git) applies when validate runs
# anywhere below it; a broken one is a usage error (exit 2) with its file:line.
set -uo pipefail
flinkmem=$1 data_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.git" "$work/deploy/conf"
cp "$data_dir/warnings-only.yaml" "$work/deploy/conf/flink-conf.yaml"
cd "$work/deploy"

"$flinkmem" validate --fail-on warning . >/dev/null
[ $? -eq 1 ] || { echo "repo_root.sh: expected FM101 to fail --fail-on warning without .flinkmem.yaml" >&2; exit 1; }

printf 'disable:\n  - FM101  # typos are fixed elsewhere\n' >"$work/.flinkmem.yaml"
output=$("$flinkmem" validate --fail-on warning . 2>&1)
status=$?
[ $status -eq 0 ] || { echo "$output"; echo "repo_root.sh: .flinkmem.yaml at the root was not applied" >&2; exit 1; }

printf 'disable: [FM101, FM77]\n' >"$work/.flinkmem.yaml"
output=$("$flinkmem" validate . 2>&1)
status=$?
expected="flinkmem: error: $work/.flinkmem.yaml:1: unknown rule 'FM77' in disable
  hint: Rule IDs are listed in docs/rules/ (FM001, FM101, ...)."
[ $status -eq 2 ] && [ "$output" = "$expected" ] ||
    { printf '%s\n(exit %s)\n' "$output" "$status"; echo "repo_root.sh: wrong error for a bad .flinkmem.yaml" >&2; exit 1; }
echo "repo_root.sh: ok"
