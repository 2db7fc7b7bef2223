#!/usr/bin/env python3
"""check_json.py EXIT [PATH=JSON | PATH>0]... -- COMMAND...

Runs COMMAND and requires its exit code to be EXIT, its stdout to be one JSON document, and each
assertion to hold: PATH=JSON (the value at the dotted PATH equals the JSON value, e.g.
exercise.sort.verified=true) or PATH>0 (a number above zero). Every assertion is checked on its own,
so a document where only one of two parts verified fails.
"""
import json
import subprocess
import sys


def at(document, path):
    value = document
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(path)
    return value


def main(argv):
    if "--" not in argv or len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    split = argv.index("--")
    expected_exit, assertions, command = int(argv[1]), argv[2:split], argv[split + 1:]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    problems = []
    if done.returncode != expected_exit:
        problems.append(f"exit code {done.returncode}, expected {expected_exit}")
    try:
        document = json.loads(done.stdout)
    except json.JSONDecodeError as e:
        problems.append(f"stdout is not one JSON document: {e}")
        document = None
    for assertion in assertions if document is not None else []:
        try:
            if assertion.endswith(">0"):
                value = at(document, assertion[:-2])
                if not (isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0):
                    problems.append(f"{assertion}: value is {value!r}")
            else:
                path, _, wanted = assertion.partition("=")
                value = at(document, path)
                if value != json.loads(wanted):
                    problems.append(f"{assertion}: value is {json.dumps(value)}")
        except (KeyError, IndexError, ValueError):
            problems.append(f"{assertion}: no such value")
    for problem in problems:
        print(f"check_json.py: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
