#!/usr/bin/env python3
"""Whole-output golden tests of the flinkmem command line.

  run.py --bin BIN --cases DIR [--update]   every DIR/<case>/args (one argument per line, "{root}"
                                            is the repository) against DIR/<case>/expected: the
                                            exit code on the first line, then stdout and stderr
                                            as the tool prints them (stderr after stdout)
  run.py --bin BIN --readme README.md       every "$ build/flinkmem ..." example of the README
                                            against the output shown under it ("..." alone on a
                                            line stands for any lines; a line ending in " ..."
                                            matches by its beginning)
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


def check_readme(binary, readme):
    passed = failed = 0
    text = open(readme, encoding="utf-8").read()
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ build/flinkmem"):
                i += 1
                continue
            command = shlex.split(lines[i][2:])
            j = i + 1
            while j < len(lines) and not lines[j].startswith("$ "):
                j += 1
            expected = lines[i + 1:j]
            done = subprocess.run([binary] + command[1:], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=120,
                                  env=dict(os.environ, NO_COLOR="1"))
            if matches(expected, done.stdout.splitlines()):
                passed += 1
            else:
                failed += 1
                print(f"FAIL README example: {lines[i]}\n--- README shows:\n" + "\n".join(expected) +
                      "\n--- the tool prints:\n" + done.stdout)
            i = j
    if passed + failed == 0:
        print("no README examples found")
        failed = 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases")
    ap.add_argument("--readme")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    passed, failed = check_readme(binary, a.readme) if a.readme else check_cases(binary, a.cases, a.update)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
