#!/usr/bin/env python3
"""Checks `flinkmem resolve --output flags|dynamic|bash` against golden Flink vectors, in one process.

Usage: check_outputs.py --bin FLINKMEM --vectors FILE.jsonl [--show N]

Every case is asked three times of one `flinkmem batch` run, with "output": "flags", "dynamic" and
"bash" (batch renders an output with the same code as `resolve --output`, the config entries
standing for -D entries):
  * flags is the vector's jvm_params and a newline, nothing else;
  * dynamic is its dynamic_configs and a newline;
  * bash ends with BashJavaUtils' result lines: "BASH_JAVA_UTILS_EXEC_RESULT:" + jvm_params, then
    (TaskManager, JobManager from 1.12) + dynamic_configs, and has no other prefixed line;
  * a configuration Flink rejects is answered "ok": false with an empty output.
With --cli-every N, every N-th case also runs `flinkmem resolve --output O -D ...` and requires its
stdout to be batch's output and its exit code 0 (1 where Flink rejects), so the command line and batch
cannot drift apart. A case with "flink_version" passes it on. Prints "N passed, M failed"; exits 1 on any failure, when
the file holds no case, or when batch does not answer every line. The command line itself
(`resolve --output ...` exit codes, stdout/stderr split) is covered by the CLI tests.
"""
import argparse
import json
import subprocess
import sys

PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:"
OUTPUTS = ("flags", "dynamic", "bash")


def expected_result_lines(case):
    version = tuple(int(p) for p in case.get("flink_version", "1.20").split("."))
    if case["component"] == "taskmanager":
        return 2
    return 1 if version < (1, 12) else 2


def check(case, answers):
    expect = case["expect"]
    problems = []
    for output in OUTPUTS:
        answer = answers.get(output)
        if answer is None:
            problems.append(f"{output}: no answer")
            continue
        if answer.get("ok") is not expect["ok"]:
            problems.append(f"{output}: ok is {answer.get('ok')}, expected {expect['ok']} "
                            f"({answer.get('error_class')}: {answer.get('error_message')})")
            continue
        text = answer.get("output")
        if not isinstance(text, str):
            problems.append(f"{output}: no output field")
            continue
        if not expect["ok"]:
            if text:
                problems.append(f"{output}: a rejected configuration printed {text!r}")
            continue
        if output == "bash":
            lines = text.splitlines()
            results = [line[len(PREFIX):] for line in lines if line.startswith(PREFIX)]
            wanted = [expect["jvm_params"]]
            if expected_result_lines(case) == 2:
                wanted.append(expect["dynamic_configs"])
            if results != wanted:
                problems.append(f"bash: result lines {results!r}, expected {wanted!r}")
            if not lines or not lines[-1].startswith(PREFIX):
                problems.append("bash: the result lines must come last")
        else:
            key = "jvm_params" if output == "flags" else "dynamic_configs"
            if key in expect and text != expect[key] + "\n":
                problems.append(f"{output}: got {text!r}, expected {expect[key]!r}")
    return problems


def check_cli(binary, case, answers):
    problems = []
    for output in OUTPUTS:
        command = [binary, "resolve", "--component", case["component"], "--output", output]
        if "flink_version" in case:
            command += ["--flink-version", case["flink_version"]]
        for key, value in case["config"].items():
            command += ["-D", f"{key}={value}"]
        done = subprocess.run(command, capture_output=True, timeout=120)
        expected_code = 0 if case["expect"]["ok"] else 1
        batch_output = answers.get(output, {}).get("output")
        if done.returncode != expected_code or done.stdout.decode("utf-8", "replace") != batch_output:
            problems.append(f"resolve --output {output}: exit {done.returncode} (expected {expected_code}), "
                            f"stdout {done.stdout[:200]!r} differs from batch's {str(batch_output)[:200]!r}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--cli-every", type=int, default=0)
    args = parser.parse_args()
    with open(args.vectors, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    if not cases:
        print(f"{args.vectors}: no cases")
        return 1
    requests = []
    for number, case in enumerate(cases):
        for output in OUTPUTS:
            request = {"id": f"{number}/{output}", "component": case["component"], "config": case["config"],
                       "output": output}
            if "flink_version" in case:
                request["flink_version"] = case["flink_version"]
            requests.append(json.dumps(request))
    run = subprocess.run([args.bin, "batch"], input="\n".join(requests) + "\n", capture_output=True,
                         text=True, timeout=1800)
    if run.returncode != 0:
        print(f"batch exited {run.returncode}: {run.stderr.strip()}")
        return 1
    answers = {}
    for line in run.stdout.splitlines():
        answer = json.loads(line)
        number, output = answer["id"].split("/")
        answers.setdefault(int(number), {})[output] = answer
    if len(run.stdout.splitlines()) != len(requests):
        print(f"batch answered {len(run.stdout.splitlines())} of {len(requests)} requests")
        return 1
    failed = 0
    for number, case in enumerate(cases):
        problems = check(case, answers.get(number, {}))
        if args.cli_every > 0 and number % args.cli_every == 0:
            problems += check_cli(args.bin, case, answers.get(number, {}))
        if problems:
            failed += 1
            if failed <= args.show:
                print(f"{case['id']}: " + "; ".join(problems))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
