#!/usr/bin/env python3
"""Writes what the package installs besides the binary, all from the built binary itself:

  OUT/man/flinkmem.1.gz, OUT/man/flinkmem-<command>.1.gz   help2man over `flinkmem [command] --help`
  OUT/completions/flinkmem, _flinkmem, flinkmem.fish       `flinkmem completion bash|zsh|fish`

The commands come from `flinkmem --help`, so a new command gets its page without editing this.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout


def commands(help_text):
    """(name, description) of every line of the Subcommands: section of the top-level help."""
    found, section = [], False
    for line in help_text.splitlines():
        if line.rstrip().endswith(":") and not line.startswith(" "):
            section = line.strip() == "Subcommands:"
            continue
        match = re.match(r"^  (\S+)\s{2,}(.*)$", line)
        if section and match:
            found.append((match.group(1), match.group(2).strip()))
    if not found:
        sys.exit("generate.py: no Subcommands: section in `flinkmem --help`")
    return found


# Every command ends with the same exit codes (docs/architecture.md).
EXIT_STATUS = """[EXIT STATUS]
.TP
.B 0
Success: Flink accepts the configuration, or no finding reaches \\-\\-fail\\-on.
.TP
.B 1
Flink rejects the configuration, a finding reaches \\-\\-fail\\-on, or a failure is shown.
.TP
.B 2
Bad input: a flag, a file that cannot be read or parsed; the message says what, where and how to fix it.
.TP
.B 3
An internal error of flinkmem (please report it).
"""


def man_page(help2man, program, name, description, see_also, version, out):
    with tempfile.NamedTemporaryFile("w", suffix=".h2m", delete=False) as include:
        include.write(EXIT_STATUS + "[SEE ALSO]\n" + ",\n".join(f".BR {page} (1)" for page in see_also) + "\n")
    try:
        page = run([help2man, "--no-info", "--section=1", f"--version-string={version}",
                    f"--name={description}", "--source=flinkmem", "--manual=flinkmem manual",
                    f"--include={include.name}", program])
    finally:
        os.unlink(include.name)
    # help2man names the page after the program, "flinkmem validate"; the page is
    # flinkmem-validate(1), and so is its NAME line, which whatis and apropos index.
    if " " in program:
        page = page.replace(f"\n{program} \\- ", "\n" + name.replace("-", "\\-") + " \\- ", 1)
        page = re.sub(r'^\.TH \S+ ', f".TH {name.upper()} ", page, count=1, flags=re.M)
    # mtime 0 and no file name: the same binary gives the same bytes.
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(page.encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--version", required=True)
    parser.add_argument("--help2man", default="help2man")
    args = parser.parse_args()

    binary = args.bin.resolve()
    (args.out / "man").mkdir(parents=True, exist_ok=True)
    (args.out / "completions").mkdir(parents=True, exist_ok=True)
    for shell, file_name in (("bash", "flinkmem"), ("zsh", "_flinkmem"), ("fish", "flinkmem.fish")):
        (args.out / "completions" / file_name).write_text(run([binary, "completion", shell]))

    listed = commands(run([binary, "--help"]))
    pages = ["flinkmem"] + [f"flinkmem-{name}" for name, _ in listed]
    for stale in (args.out / "man").glob("*.1.gz"):
        stale.unlink()
    # help2man runs the program through the shell, and names the page after it: run it as
    # "flinkmem <command>" from a directory holding a link to the binary, whatever its path.
    with tempfile.TemporaryDirectory() as scratch:
        os.symlink(binary, Path(scratch) / "flinkmem")
        env = dict(os.environ, PATH=scratch + os.pathsep + os.environ.get("PATH", ""))
        os.environ.update(env)
        man_page(args.help2man, "flinkmem", "flinkmem",
                 "Apache Flink's memory model, byte-exact: resolve, validate, simulate", pages[1:], args.version,
                 args.out / "man" / "flinkmem.1.gz")
        for name, description in listed:
            man_page(args.help2man, f"flinkmem {name}", f"flinkmem-{name}", description, ["flinkmem"],
                     args.version, args.out / "man" / f"flinkmem-{name}.1.gz")
    (args.out / "stamp").write_text("\n".join(pages) + "\n")


if __name__ == "__main__":
    main()
