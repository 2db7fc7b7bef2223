#!/usr/bin/env python3
"""One file, one answer: resolve, validate, simulate and diff agree on every input.

For each file: `resolve --conf F --component both -o json` and `validate F -o json` must find the
same configurations and, for every process validate checks, agree on whether it resolves and on
its Total Process Memory; `simulate --document N -o json --no-exercise` must see the TaskManager's
network and managed memory that resolve derived; `diff --conf F --against F` must find nothing.
Files both commands refuse (exit 2 from each, e.g. unrendered templates) are counted, not compared.
Exit 1 and a list of disagreements if any.

Usage: agreement.py --bin build/flinkmem FILE_OR_DIR...
"""
import argparse
import json
import os
import subprocess
import sys


def run(binary, args):
    done = subprocess.run([binary] + args, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def files_of(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                for name in sorted(names):
                    if name.endswith((".yaml", ".yml")):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    problems, compared, refused, processes, simulated = [], 0, 0, 0, 0
    for path in files_of(args.paths):
        r_code, r_out, r_err = run(args.bin, ["resolve", "--conf", path, "--component", "both", "-o", "json"])
        v_code, v_out, v_err = run(args.bin, ["validate", path, "-o", "json", "--fail-on", "never"])
        # A Helm/Jinja/Go template: validate's answer is one note to render it first (FM003, never
        # exit 2); resolve refuses it or reads what the legacy parser makes of it. Neither checks it.
        if v_code == 0 and any(f["rule_id"] == "FM003" for c in json.loads(v_out)["configurations"]
                               for f in c["findings"]):
            refused += 1
            continue
        if r_code == 2:
            if v_code != 2:
                # validate may report an unreadable input as FM001 and still exit 2; both must refuse it.
                problems.append(f"{path}: resolve refuses it (exit 2: {r_err.strip()[:200]}) but validate exits {v_code}")
            else:
                refused += 1
            continue
        if r_code not in (0, 1) or v_code not in (0, 1):
            problems.append(f"{path}: resolve exit {r_code}, validate exit {v_code}: {r_err.strip()[:200]} {v_err.strip()[:200]}")
            continue
        resolved = json.loads(r_out)
        resolved = resolved if isinstance(resolved, list) else [resolved]
        checked = json.loads(v_out)["configurations"]
        compared += 1
        if len(resolved) != len(checked):
            problems.append(f"{path}: resolve finds {len(resolved)} configurations, validate {len(checked)}")
            continue
        for number, (r, v) in enumerate(zip(resolved, checked), 1):
            name = v["name"]
            if r["flink_version"] != v["flink_version"]:
                problems.append(f"{name}: Flink {r['flink_version']} to resolve, {v['flink_version']} to validate")
            for verdict in v["components"]:
                if verdict["state"] == "not-configured":
                    continue
                processes += 1
                answer = r.get(verdict["component"])
                if answer is None:
                    problems.append(f"{name}: validate checks the {verdict['component']}, resolve has no answer")
                    continue
                if answer["ok"] != (verdict["state"] == "resolved"):
                    problems.append(f"{name}: {verdict['component']} resolves to resolve: {answer['ok']}, "
                                    f"to validate: {verdict['state']}")
                elif answer["ok"] and answer["memory"]["total_process"] != verdict.get("total_process_bytes"):
                    problems.append(f"{name}: {verdict['component']} Total Process Memory "
                                    f"{answer['memory']['total_process']} to resolve, "
                                    f"{verdict.get('total_process_bytes')} to validate")
            tm = r.get("taskmanager")
            if tm and tm["ok"]:
                s_code, s_out, s_err = run(args.bin, ["simulate", "--conf", path, "--document", str(number),
                                                      "--no-exercise", "-o", "json", "--parallelism", "1"])
                if s_code in (0, 1) and s_out.strip():
                    report = json.loads(s_out)
                    simulated += 1
                    for key, field in (("network", "network_bytes"), ("managed", "managed_bytes")):
                        got = report.get(key, {}).get(field)
                        if got != tm["memory"][key]:
                            problems.append(f"{name}: simulate sees {key} {got}, resolve {tm['memory'][key]}")
                elif s_code != 2:
                    problems.append(f"{name}: simulate exit {s_code}: {s_err.strip()[:200]}")
            d_code, d_out, d_err = run(args.bin, ["diff", "--conf", path, "--against", path, "--document", str(number),
                                                  "--component", "both"])
            if d_code != 0:
                problems.append(f"{name}: diff against itself exits {d_code}: {d_out.strip()[:200]} {d_err.strip()[:200]}")
    for problem in problems:
        print("DISAGREE", problem)
    print(f"{compared} files compared ({processes} processes, {simulated} simulated), {refused} refused by both, "
          f"{len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
