#!/usr/bin/python3
"""Checks of `flinkmem validate`'s reports, run by CTest with Debian's python3-jsonschema and
xmllint (libxml2-utils).

  check_reports.py schema SCHEMA.json DOCUMENT.json
      Validates one JSON document against a JSON Schema (draft-04 for SARIF, draft-07 for ours).

  check_reports.py realworld --bin FLINKMEM --files DIR --schemas DIR --json-schema docs/validate.schema.json
                             --golden TSV --expectations TSV [--regenerate]
      Runs validate over every file of DIR in every format (no crash, no hang, output valid against
      its schema), compares the table of findings per file with the golden TSV, and checks every
      expectation taken from the corpus' REPORT.md. --regenerate rewrites the golden TSV instead.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

TIMEOUT_SECONDS = 120
FORMATS = ["text", "json", "sarif", "junit", "github"]


def validate_json(schema_path, document):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(document), key=lambda e: list(e.path))
    return ["%s: %s" % ("/".join(str(p) for p in e.path), e.message) for e in errors[:10]]


def run_validate(binary, files_dir, names, fmt):
    command = [os.path.abspath(binary), "validate", "-o", fmt, "--fail-on", "never"] + names
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", NO_COLOR="1")
    result = subprocess.run(command, cwd=files_dir, capture_output=True, timeout=TIMEOUT_SECONDS, env=env)
    if result.returncode < 0 or result.returncode > 2:
        sys.exit("validate -o %s crashed or failed (exit %d): %s" %
                 (fmt, result.returncode, result.stderr.decode(errors="replace")[-2000:]))
    return result


def table(report):
    rows = {}
    for configuration in report["configurations"]:
        states = {c["component"]: c["state"] for c in configuration["components"]}
        counts = {}
        for finding in configuration["findings"]:
            counts[finding["rule_id"]] = counts.get(finding["rule_id"], 0) + 1
        rules = " ".join("%s%s" % (rule, "" if n == 1 else "x%d" % n) for rule, n in sorted(counts.items()))
        rows[configuration["name"]] = "\t".join([
            configuration["name"], configuration["format"] or "-",
            states.get("taskmanager", "-"), states.get("jobmanager", "-"), rules or "-"])
    return [rows[name] for name in sorted(rows)]


def realworld(args):
    names = sorted(n for n in os.listdir(args.files) if os.path.isfile(os.path.join(args.files, n)))
    problems = []
    outputs = {}
    for fmt in FORMATS:
        result = run_validate(args.bin, args.files, names, fmt)
        # Exit 2 with a report is the corpus' unreadable files (Helm templates); with a message on
        # stderr it is a problem with the command itself.
        if result.returncode == 2 and result.stderr.strip():
            problems.append("-o %s exited 2 (bad input): %s" % (fmt, result.stderr.decode()[-500:]))
        outputs[fmt] = result.stdout.decode()
    report = json.loads(outputs["json"])
    # A file holding several configurations (Compose services, manifests) gives one each.
    by_file = {}
    for configuration in report["configurations"]:
        by_file.setdefault(os.path.basename(configuration["path"]), []).append(configuration)
    if sorted(by_file) != names:
        problems.append("%d files answered for %d files" % (len(by_file), len(names)))
    problems += ["json: " + e for e in validate_json(args.json_schema, report)]
    problems += ["sarif: " + e for e in validate_json(os.path.join(args.schemas, "sarif-schema-2.1.0.json"),
                                                      json.loads(outputs["sarif"]))]
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as xml:
        xml.write(outputs["junit"])
    lint = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(args.schemas, "JUnit.xsd"), xml.name],
                          capture_output=True)
    os.unlink(xml.name)
    if lint.returncode != 0:
        problems.append("junit: " + lint.stderr.decode()[-2000:])
    findings = sum(len(c["findings"]) for c in report["configurations"])
    annotations = [l for l in outputs["github"].splitlines() if l.startswith("::")]
    if len(annotations) != findings:
        problems.append("github: %d annotations for %d findings" % (len(annotations), findings))
    rule_tags = sum(1 for l in outputs["text"].splitlines() if l.endswith("]") and " [FM" in l)
    if rule_tags != findings:
        problems.append("text: %d finding lines for %d findings" % (rule_tags, findings))

    rows = table(report)
    if args.regenerate:
        with open(args.golden, "w", encoding="utf-8") as f:
            f.write("# file\tformat\ttaskmanager\tjobmanager\trules (xN: N findings)\n")
            f.write("# Regenerate: tests/validate/check_reports.py realworld ... --regenerate (see docs/validate.md)\n")
            f.write("\n".join(rows) + "\n")
        print("wrote %s (%d rows)" % (args.golden, len(rows)))
    else:
        with open(args.golden, encoding="utf-8") as f:
            golden = [l.rstrip("\n") for l in f if not l.startswith("#")]
        if golden != rows:
            for old, new in zip(golden, rows):
                if old != new:
                    problems.append("golden differs:\n  expected %s\n  actual   %s" % (old, new))
            if len(golden) != len(rows):
                problems.append("golden has %d rows, actual %d" % (len(golden), len(rows)))

    checked = 0
    with open(args.expectations, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, rule, component, why = line.rstrip("\n").split("\t")
            if name not in by_file:
                problems.append("expectation for a file not in the corpus: " + name)
                continue
            if rule == "-":  # documented: no finding expected from this build's reader
                continue
            checked += 1
            found = [x for c in by_file[name] for x in c["findings"]
                     if x["rule_id"] == rule and (component == "*" or x["component"] == component)]
            if not found:
                problems.append("REPORT.md expectation not met: %s %s (%s): %s" % (name, rule, component, why))
    print("%d files x %d formats, %d findings, %d REPORT.md expectations checked" %
          (len(names), len(FORMATS), findings, checked))
    if problems:
        print("\n".join(problems))
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    schema = sub.add_parser("schema")
    schema.add_argument("schema")
    schema.add_argument("document")
    real = sub.add_parser("realworld")
    for option in ["--bin", "--files", "--schemas", "--json-schema", "--golden", "--expectations"]:
        real.add_argument(option, required=True)
    real.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.command == "schema":
        with open(args.document, encoding="utf-8") as f:
            errors = validate_json(args.schema, json.load(f))
        print("\n".join(errors) if errors else "valid")
        return 1 if errors else 0
    return realworld(args)


if __name__ == "__main__":
    sys.exit(main())
