#!/usr/bin/env python3
"""Every command and every flag that `flinkmem [command] --help` lists is completed, under that
command, by the bash, zsh and fish scripts; and each script parses in its shell (zsh and fish
when installed).

  check_completions.py --bin FLINKMEM [--bash FILE --zsh FILE --fish FILE]

Without the files, the scripts come from `FLINKMEM completion SHELL` (what the package installs).
"""
import argparse
import re
import shutil
import subprocess
import sys


def run(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def help_table(binary):
    """{"": [top-level flags], "validate": [flags], ...} from the --help texts."""
    def flags(text):
        found, section = [], None
        for line in text.splitlines():
            if line and not line.startswith(" "):
                section = line.strip()
                continue
            match = re.match(r"^  (-[^\s]+)", line)
            if section == "Options:" and match:
                found += [name for name in match.group(1).split(",") if name.startswith("-")]
        return found

    top = run([binary, "--help"])
    commands, section = [], None
    for line in top.splitlines():
        if line and not line.startswith(" "):
            section = line.strip()
        elif section == "Subcommands:" and re.match(r"^  \S", line):
            commands.append(line.split()[0])
    if not commands:
        sys.exit("check_completions: no commands in --help")
    table = {"": flags(top)}
    for command in commands:
        table[command] = flags(run([binary, command, "--help"]))
    return table


def bash_block(script, command):
    pattern = r'^    "{}"\)\n(.*?)^        ;;$'.format("") if command == "" else r"^    {}\)\n(.*?)^        ;;$".format(
        re.escape(command))
    match = re.search(pattern, script, re.M | re.S)
    return match.group(1) if match else ""


def zsh_block(script, command):
    if command == "":
        match = re.search(r"^    _arguments -C(.*?)'1: :->command'", script, re.M | re.S)
    else:
        match = re.search(r"^        {}\)\n(.*?);;$".format(re.escape(command)), script, re.M | re.S)
    return match.group(1) if match else ""


def fish_block(script, command):
    condition = "__fish_use_subcommand" if command == "" else f"'__fish_seen_subcommand_from {command}'"
    return "\n".join(line for line in script.splitlines() if f" -n {condition} " in line)


def fish_names(flag):
    return f" -l {flag[2:]}" if flag.startswith("--") else f" -s {flag[1:]}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--bash")
    parser.add_argument("--zsh")
    parser.add_argument("--fish")
    args = parser.parse_args()

    scripts = {}
    for shell in ("bash", "zsh", "fish"):
        path = getattr(args, shell)
        scripts[shell] = open(path).read() if path else run([args.bin, "completion", shell])

    problems = []
    table = help_table(args.bin)
    commands = [command for command in table if command]
    for command in commands:
        if not re.search(r"^            [^)]*\b{}\b[^)]*\) command=".format(re.escape(command)), scripts["bash"], re.M):
            problems.append(f"bash: command {command} is not recognised")
        if command not in bash_block(scripts["bash"], ""):
            problems.append(f"bash: command {command} is not offered")
        if not re.search(r"^        '{}:".format(re.escape(command)), scripts["zsh"], re.M):
            problems.append(f"zsh: command {command} is not offered")
        if f"-n __fish_use_subcommand -a {command} " not in scripts["fish"]:
            problems.append(f"fish: command {command} is not offered")
    for command, flags in table.items():
        blocks = {"bash": bash_block(scripts["bash"], command), "zsh": zsh_block(scripts["zsh"], command),
                  "fish": fish_block(scripts["fish"], command)}
        where = command or "the top level"
        for flag in flags:
            if not re.search(r"(?<![\w-]){}(?![\w-])".format(re.escape(flag)), blocks["bash"]):
                problems.append(f"bash: {flag} of {where} is not completed")
            if not re.search(r"[)'*]{}\[".format(re.escape(flag)), blocks["zsh"]):
                problems.append(f"zsh: {flag} of {where} is not completed")
            if not re.search(re.escape(fish_names(flag)) + r"\b", blocks["fish"]):
                problems.append(f"fish: {flag} of {where} is not completed")

    # Each script parses in its shell.
    checks = [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])]
    for shell, argv in checks:
        if shutil.which(argv[0]) is None:
            print(f"check_completions: {argv[0]} is not installed; its script is not parsed")
            continue
        result = subprocess.run(argv, input=scripts[shell], capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"{shell}: the script does not parse: {result.stderr.strip()}")

    # bash, for real: what `flinkmem validate --fail-on <TAB>` and `flinkmem va<TAB>` offer.
    probe = run(["bash", "-c", scripts["bash"] + '\nCOMP_WORDS=(flinkmem validate --fail-on ""); COMP_CWORD=3;'
                 ' _flinkmem; echo "${COMPREPLY[*]}"; COMP_WORDS=(flinkmem va); COMP_CWORD=1; _flinkmem;'
                 ' echo "${COMPREPLY[*]}"'])
    if probe.splitlines()[:2] != ["error warning note never", "validate"]:
        problems.append(f"bash: completing `validate --fail-on` and `va` gave {probe.splitlines()!r}")

    for problem in problems:
        print(problem)
    total = sum(len(flags) for flags in table.values())
    print(f"check_completions: {len(commands)} commands, {total} flags, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
