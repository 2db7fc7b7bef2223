#!/usr/bin/env bash
# pre_commit.sh FLINKMEM SOURCE_DIR DATA_DIR
# Validates .pre-commit-hooks.yaml against pre-commit's own schema, then runs the hook for real
# (pre-commit try-repo) in a throw-away git repository: a bad flink-conf.yaml must fail the hook
# with its finding, a clean one and an unrelated YAML file must pass.
set -euo pipefail
flinkmem=$1 source_dir=$2 data_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache" PATH="$(dirname "$flinkmem"):$PATH" NO_COLOR=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t

pre-commit validate-manifest "$source_dir/.pre-commit-hooks.yaml"

# try-repo needs the hook definition committed: copy it into a repository of its own.
mkdir "$work/hooks" && cp "$source_dir/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" init -q && git -C "$work/hooks" add . && git -C "$work/hooks" commit -qm hooks

mkdir -p "$work/project/conf" && cd "$work/project" && git init -q
cp "$data_dir/repo/conf/flink-conf.yaml" conf/flink-conf.yaml
cp "$data_dir/repo/notes/values.yaml" values.yaml
git add .
if output=$(pre-commit try-repo "$work/hooks" flinkmem-validate --files conf/flink-conf.yaml values.yaml 2>&1); then
    echo "$output"; echo "pre_commit.sh: the hook passed on a configuration Flink rejects" >&2; exit 1
fi
echo "$output"
grep -q "conf/flink-conf.yaml:3:1: error: JobManager: JobManager memory configuration failed" <<<"$output" ||
    { echo "pre_commit.sh: the hook did not report Flink's error" >&2; exit 1; }

cp "$data_dir/clean/flink-conf.yaml" conf/flink-conf.yaml && git add .
pre-commit try-repo "$work/hooks" flinkmem-validate --files conf/flink-conf.yaml values.yaml
pre-commit try-repo "$work/hooks" flinkmem-validate --files values.yaml
echo "pre_commit.sh: ok"
