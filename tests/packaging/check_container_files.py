#!/usr/bin/env python3
"""What can be checked of the Dockerfile, action.yml and the recipes of docs/ci.md on a machine
without a container daemon or GitHub:

- Dockerfile: every instruction is one Docker knows, stages are Debian's images, COPY --from names
  a stage, every package an `apt-get install` names exists in Debian (apt-cache policy has a
  candidate; skipped when apt has no package lists), and the repository's address is one ARG.
- action.yml: parses as YAML, a composite action whose `run` steps name a shell and parse as bash,
  whose ${{ inputs.* }} and ${{ steps.*.outputs.* }} exist, which uploads SARIF with
  github/codeql-action/upload-sarif; the repository's address is one marked value.
- docs/ci.md: every ```yaml block parses; where it uses this action, only with inputs it has.

  check_container_files.py SOURCE_DIR
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
                "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
ADDRESS_MARK = "REPOSITORY ADDRESS"


def dockerfile_instructions(text):
    """(instruction, arguments) with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if pending and line.lstrip().startswith("#"):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        word, _, rest = pending.strip().partition(" ")
        instructions.append((word.upper(), rest.strip()))
        pending = ""
    return instructions


def apt_packages(command):
    packages = []
    for install in re.findall(r"apt-get install ([^&;|]*)", command):
        packages += [word for word in install.split() if not word.startswith("-") and not word.startswith("/")]
    return packages


def check_dockerfile(source, problems):
    text = (source / "Dockerfile").read_text()
    instructions = dockerfile_instructions(text)
    stages, packages = [], []
    for word, rest in instructions:
        if word not in INSTRUCTIONS:
            problems.append(f"Dockerfile: unknown instruction {word}")
        if word == "FROM":
            image, _, alias = rest.partition(" AS ")
            if not re.match(r"^debian:[a-z]+(-slim)?$", image.strip()):
                problems.append(f"Dockerfile: stage {image} is not a Debian image")
            stages.append(alias.strip())
        if word == "COPY":
            match = re.search(r"--from=(\S+)", rest)
            if match and match.group(1) not in stages:
                problems.append(f"Dockerfile: COPY --from={match.group(1)} names no earlier stage")
        if word == "RUN":
            packages += apt_packages(rest)
    if instructions[-1][0] not in ("CMD", "ENTRYPOINT") or not any(w == "ENTRYPOINT" for w, _ in instructions):
        problems.append("Dockerfile: no ENTRYPOINT")
    if len(stages) < 2:
        problems.append("Dockerfile: expected a build stage and a runtime stage")
    if "--target package" not in text or "flinkmem_*.deb" not in text:
        problems.append("Dockerfile: the image does not install the package CPack makes")
    addresses = re.findall(r"https://github\.com/\S+", text)
    if len(addresses) != 1 or text.count(ADDRESS_MARK) != 1:
        problems.append(f"Dockerfile: the repository address should be one marked value, found {addresses}")
    return sorted(set(packages))


def check_packages_exist(packages, problems):
    if shutil.which("apt-cache") is None:
        print("check_container_files: no apt-cache; the Dockerfile's packages are not looked up")
        return
    # One apt-cache call: a "name:" block per package it knows, with its candidate version.
    policy = subprocess.run(["apt-cache", "policy", *packages], capture_output=True, text=True).stdout
    candidates = dict(re.findall(r"^(\S+):\n\s+Installed: \S+\n\s+Candidate: (\S+)", policy, re.M))
    missing = [package for package in packages if candidates.get(package, "(none)") == "(none)"]
    if missing and len(missing) == len(packages):
        print("check_container_files: apt knows none of the packages (no package lists?); not looked up")
        return
    for package in missing:
        problems.append(f"Dockerfile: Debian has no package {package} (apt-cache policy)")
    print(f"check_container_files: {len(packages) - len(missing)} of {len(packages)} Debian packages exist:"
          f" {' '.join(packages)}")


def check_action(source, problems):
    text = (source / "action.yml").read_text()
    action = yaml.safe_load(text)
    for key in ("name", "description", "inputs", "runs"):
        if key not in action:
            problems.append(f"action.yml: no {key}")
    runs = action.get("runs", {})
    if runs.get("using") != "composite":
        problems.append("action.yml: not a composite action")
    inputs = set(action.get("inputs", {}))
    ids = {step["id"] for step in runs.get("steps", []) if "id" in step}
    uploads = False
    for step in runs.get("steps", []):
        name = step.get("name", "?")
        if "run" in step:
            if step.get("shell") != "bash":
                problems.append(f"action.yml: step {name!r} runs without `shell: bash`")
            script = re.sub(r"\$\{\{[^}]*\}\}", "x", step["run"])
            parsed = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
            if parsed.returncode != 0:
                problems.append(f"action.yml: step {name!r} does not parse: {parsed.stderr.strip()}")
        elif "uses" in step:
            uploads = uploads or step["uses"].startswith("github/codeql-action/upload-sarif@")
        else:
            problems.append(f"action.yml: step {name!r} neither runs nor uses")
    if not uploads:
        problems.append("action.yml: no github/codeql-action/upload-sarif step")
    for expression in re.findall(r"\$\{\{([^}]*)\}\}", text) + re.findall(r"^\s*if: (.*)$", text, re.M):
        for used in re.findall(r"inputs\.([\w-]+)", expression):
            if used not in inputs:
                problems.append(f"action.yml: ${{{{ inputs.{used} }}}} is no input")
        for used in re.findall(r"steps\.([\w-]+)\.outputs", expression):
            if used not in ids:
                problems.append(f"action.yml: steps.{used} is no step id")
    if text.count(ADDRESS_MARK) != 1:
        problems.append("action.yml: the repository address should be one marked value")
    return inputs


def check_ci_doc(source, inputs, problems):
    text = (source / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    if not blocks:
        problems.append("docs/ci.md: no yaml blocks")
    uses_action = False
    for number, block in enumerate(blocks, 1):
        try:
            document = yaml.safe_load(block)
        except yaml.YAMLError as error:
            problems.append(f"docs/ci.md: yaml block {number} does not parse: {error}")
            continue

        def walk(node):
            nonlocal uses_action
            if isinstance(node, dict):
                if str(node.get("uses", "")).split("@")[0].endswith("/flinkmem"):
                    uses_action = True
                    for key in (node.get("with") or {}):
                        if key not in inputs:
                            problems.append(f"docs/ci.md: block {number} passes {key}, which action.yml lacks")
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(document)
    if not uses_action:
        problems.append("docs/ci.md: no recipe uses the action")
    for placeholder in ("git clone", "rev: v0.1.0"):
        if placeholder in text:
            problems.append(f"docs/ci.md: still has `{placeholder}`")


def main():
    source = Path(sys.argv[1])
    problems = []
    packages = check_dockerfile(source, problems)
    check_packages_exist(packages, problems)
    inputs = check_action(source, problems)
    check_ci_doc(source, inputs, problems)
    for problem in problems:
        print(problem)
    print(f"check_container_files: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
