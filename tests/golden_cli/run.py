#!/usr/bin/env python3
"""Whole-output golden tests of the flinkmem command line.

  run.py --bin BIN --cases DIR [--update]   every DIR/<case>/args (one argument per line, "{root}"
                                            is the repository) against DIR/<case>/expected: the
                                            exit code on the first line, then stdout and stderr
                                            as the tool prints them (stderr after stdout)
  run.py --bin BIN --docs README.md docs    every "$ build/flinkmem ..." example in a fenced block
                                            of these Markdown files against the output shown under
                                            it ("..." alone on a line stands for any lines; a line
                                            ending in " ..." matches by its beginning) and its exit
                                            code: 0, or the N of a last line "[exit N]" or of a
                                            following "$ echo $?" line; markers before a block are
                                            described at MARKER below
--update rewrites the expected files from what the tool prints now (review the diff).
Prints "N passed, N failed" and exits 1 on any failure.
"""
import argparse, os, re, shlex, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(binary, args):
    done = subprocess.run([binary] + args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))
    return done.returncode, done.stdout, done.stderr


def check_cases(binary, cases, update):
    passed = failed = 0
    for name in sorted(os.listdir(cases)):
        case = os.path.join(cases, name)
        with open(os.path.join(case, "args"), encoding="utf-8") as f:
            args = [line.rstrip("\n").replace("{root}", ROOT) for line in f if line.strip()]
        code, out, err = run(binary, args)
        # Paths under the repository read as {root}, so the files do not depend on where it is.
        got = f"{code}\n{out}{err}".replace(ROOT, "{root}")
        expected_file = os.path.join(case, "expected")
        if update:
            with open(expected_file, "w", encoding="utf-8") as f:
                f.write(got)
        with open(expected_file, encoding="utf-8") as f:
            expected = f.read()
        if got == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: output differs from {os.path.relpath(expected_file, ROOT)}")
            for a, b in zip(expected.splitlines() + ["<end>"], got.splitlines() + ["<end>"]):
                if a != b:
                    print(f"  expected: {a}\n  got:      {b}")
                    break
    return passed, failed


def matches(expected, got):
    """Expected lines against got lines, with "..." wildcards."""
    if not expected:
        return not got
    head = expected[0]
    if head.strip() == "...":
        return any(matches(expected[1:], got[i:]) for i in range(len(got) + 1))
    if not got:
        return False
    if head.endswith(" ...") and got[0].startswith(head[:-4]) or head == got[0]:
        return matches(expected[1:], got[1:])
    return False


# An HTML comment right before a fenced block changes how its examples run:
#   <!-- example: cwd DIR -->           run in DIR (relative to the repository)
#   <!-- example: stdin FILE -->        FILE is the command's standard input (it stands for what a
#                                       cluster, kubectl or Helm would pipe in)
#   <!-- example: not run: REASON -->   needs what this machine lacks (a cluster, Helm, Docker):
#                                       checked as far as possible, i.e. the subcommand exists and
#                                       each --flag of the example is one its --help lists
MARKER = re.compile(r"<!--\s*example:\s*(cwd|stdin|not run)\s*:?\s*(.*?)\s*-->")
BLOCK = re.compile(r"((?:<!--\s*example:[^\n]*-->\s*\n)*)```[a-z]*\n(.*?)```", re.S)
EXIT = re.compile(r"^\[exit (\d+)\]$")


def examples(text):
    """(options, command line, expected lines, expected exit code) for every "$ build/flinkmem"."""
    for markers, block in BLOCK.findall(text):
        options = {kind: value for kind, value in MARKER.findall(markers)}
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ build/flinkmem"):
                i += 1
                continue
            command = lines[i][2:]
            while command.endswith("\\") and i + 1 < len(lines):  # continued on the next line
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("$ "):
                j += 1
            expected = lines[i + 1:j]
            code = 0
            if expected and EXIT.match(expected[-1]):
                code = int(EXIT.match(expected[-1]).group(1))
                expected = expected[:-1]
            elif j + 1 < len(lines) and lines[j] == "$ echo $?":
                code = int(lines[j + 1])
                j += 2
            yield options, command, expected, code
            i = j


def check_not_run(binary, command):
    """What can be checked without the cluster: the subcommand and its flags exist."""
    args = shlex.split(command, comments=True)[1:]
    subcommand = next((a for a in args if not a.startswith("-")), None)
    done = subprocess.run([binary, subcommand, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return [f"'{subcommand} --help' exits {done.returncode}"]
    flags = {a.split("=")[0] for a in args if a.startswith("--")}
    return [f"{flag} is not an option of {subcommand}" for flag in sorted(flags) if flag not in done.stdout]


def check_docs(binary, paths):
    passed = failed = 0
    files = []
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in sorted(os.walk(path)):
                files += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".md")]
        else:
            files.append(path)
    for path in files:
        name = os.path.relpath(path, ROOT)
        for options, command, expected, code in examples(open(path, encoding="utf-8").read()):
            if "not run" in options:
                problems = check_not_run(binary, command)
                if problems:
                    failed += 1
                    print(f"FAIL {name}: {command} (not run: {options['not run']}): " + "; ".join(problems))
                else:
                    passed += 1
                continue
            args = shlex.split(command, comments=True)[1:]
            stdin = open(os.path.join(ROOT, options["stdin"]), "rb") if "stdin" in options else subprocess.DEVNULL
            done = subprocess.run([binary] + args, cwd=os.path.join(ROOT, options.get("cwd", ".")), stdin=stdin,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                                  env=dict(os.environ, NO_COLOR="1"))
            if stdin is not subprocess.DEVNULL:
                stdin.close()
            out = done.stdout.decode("utf-8", "replace")
            if matches(expected, out.splitlines()) and done.returncode == code:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name}: {command}\n--- the document shows (exit {code}):\n" + "\n".join(expected) +
                      f"\n--- the tool prints (exit {done.returncode}):\n" + out)
    if passed + failed == 0:
        print("no examples found")
        failed = 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases")
    ap.add_argument("--docs", nargs="+", help="Markdown files or folders whose examples to check")
    ap.add_argument("--readme", help="the same as --docs README.md")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    docs = (a.docs or []) + ([a.readme] if a.readme else [])
    passed, failed = check_docs(binary, docs) if docs else check_cases(binary, a.cases, a.update)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
