#!/usr/bin/env bash
# batch_vs_echo.sh [FLINKMEM] [VECTORS_DIR]: `flinkmem batch` against a Python script that only
# json.loads and json.dumps each request line, over the request lines of every public*.jsonl (what
# check-vectors sends: id, component, config, flink_version), per file and all files in one run.
# Best of three each: wall time (the aim: batch <= 0.7x the echo) and CPU time (user + system, all
# threads; what the machine's other load cannot inflate). Use a release build (preset default).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
flinkmem=${1:-$root/build/flinkmem}
vectors=${2:-${FLINKMEM_VECTORS_DIR:-$root/../shared/flink-vectors}}
# The interpreter itself, not a version-manager shim that adds its own start-up time.
python=${PYTHON:-$(python3 -c "import sys; print(sys.executable)")}
exec "$python" - "$flinkmem" "$vectors" "$python" <<'PY'
import glob, json, os, resource, subprocess, sys, tempfile, time

flinkmem, vectors, python = sys.argv[1:4]
ECHO = ("import json, sys\n"
        "out = sys.stdout\n"
        "for line in sys.stdin:\n"
        "    if line.strip():\n"
        "        out.write(json.dumps(json.loads(line)) + '\\n')\n")
files = sorted(glob.glob(os.path.join(vectors, "public*.jsonl")))
if not files:
    sys.exit(f"no public*.jsonl in {vectors}")

def requests(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                case = json.loads(line)
                request = {"id": case["id"], "component": case["component"], "config": case["config"]}
                if "flink_version" in case:
                    request["flink_version"] = case["flink_version"]
                lines.append(json.dumps(request) + "\n")
    return "".join(lines).encode()

def best_of_three(command, data, work):
    path = os.path.join(work, "in.jsonl")
    with open(path, "wb") as f:
        f.write(data)
    wall = cpu = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(path, "rb") as stdin:
            done = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 2):  # batch exits 2 when a line is not a valid request
            sys.exit(f"{command[0]} exited {done.returncode}")
        wall = min(wall, elapsed)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu

with tempfile.TemporaryDirectory() as work:
    echo = os.path.join(work, "echo.py")
    with open(echo, "w") as f:
        f.write(ECHO)
    print(f"{'requests':<22} {'lines':>6} {'batch wall':>10} {'echo wall':>10} {'ratio':>6}"
          f" {'batch cpu':>10} {'echo cpu':>10} {'ratio':>6}")
    inputs = [(os.path.basename(p), requests(p)) for p in files]
    inputs.append(("all files, one run", b"".join(data for _, data in inputs)))
    for name, data in inputs:
        bw, bc = best_of_three([flinkmem, "batch"], data, work)
        ew, ec = best_of_three([python, echo], data, work)
        lines = data.count(b"\n")
        print(f"{name:<22} {lines:>6} {bw:>10.4f} {ew:>10.4f} {bw / ew:>6.2f}"
              f" {bc:>10.4f} {ec:>10.4f} {bc / ec:>6.2f}")
print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times mean little under load)")
PY
