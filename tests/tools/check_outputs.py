#!/usr/bin/env python3
"""Checks `flinkmem resolve --output flags|dynamic|bash` against golden Flink vectors.

Usage: check_outputs.py --bin FLINKMEM --vectors FILE.jsonl [--jobs N]

For every case, through the command line exactly as a start script would call it:
  * `--output flags` prints the vector's jvm_params (one line, nothing else on stdout);
  * `--output dynamic` prints its dynamic_configs;
  * `--output bash` ends with BashJavaUtils' result lines: "BASH_JAVA_UTILS_EXEC_RESULT:" + jvm_params,
    then (TaskManager, JobManager from 1.12) + dynamic_configs, and no other prefixed line;
  * a configuration Flink rejects exits with 1 and prints no result line.
A case with "flink_version" is asked with --flink-version. Prints "N passed, M failed"; exits 1 on any
failure or when the file holds no case.
"""
import argparse
import concurrent.futures
import json
import subprocess
import sys

PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:"


def run(binary, case, output):
    args = [binary, "resolve", "--component", case["component"], "--output", output]
    if "flink_version" in case:
        args += ["--flink-version", case["flink_version"]]
    for key, value in case["config"].items():
        args += ["-D", f"{key}={value}"]
    done = subprocess.run(args, capture_output=True, timeout=60)
    return done.returncode, done.stdout.decode("utf-8", "replace")


def expected_result_lines(case):
    version = tuple(int(p) for p in case.get("flink_version", "1.20").split("."))
    if case["component"] == "taskmanager":
        return 2
    return 1 if version < (1, 12) else 2


def check(binary, case):
    expect = case["expect"]
    problems = []
    code, bash = run(binary, case, "bash")
    results = [line[len(PREFIX):] for line in bash.splitlines() if line.startswith(PREFIX)]
    if not expect["ok"]:
        if code != 1 or results:
            problems.append(f"bash: expected exit 1 and no result line, got exit {code}, {len(results)} lines")
        return problems
    wanted = [expect["jvm_params"]]
    if expected_result_lines(case) == 2:
        wanted.append(expect["dynamic_configs"])
    if code != 0 or results != wanted:
        problems.append(f"bash: exit {code}, result lines {results!r}, expected {wanted!r}")
    if not bash.splitlines() or not bash.splitlines()[-1].startswith(PREFIX):
        problems.append("bash: the result lines must come last")
    for output, key in (("flags", "jvm_params"), ("dynamic", "dynamic_configs")):
        if key not in expect:
            continue
        code, text = run(binary, case, output)
        if code != 0 or text != expect[key] + "\n":
            problems.append(f"{output}: exit {code}, got {text!r}, expected {expect[key]!r}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=20)
    # Sanitizer builds start each process slowly: they check every N-th case (a fixed sample);
    # an optimized build checks them all.
    parser.add_argument("--every", type=int, default=1)
    args = parser.parse_args()
    with open(args.vectors, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()][::max(args.every, 1)]
    if not cases:
        print(f"{args.vectors}: no cases")
        return 1
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for case, problems in zip(cases, pool.map(lambda c: check(args.bin, c), cases)):
            if problems:
                failed += 1
                if failed <= args.show:
                    print(f"{case['id']}: " + "; ".join(problems))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
