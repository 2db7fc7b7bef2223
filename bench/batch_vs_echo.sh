#!/usr/bin/env bash
# batch_vs_echo.sh [FLINKMEM] [VECTORS_DIR]: `flinkmem batch` against a Python script that only
# json.loads and json.dumps each request line, over the request lines of every public*.jsonl
# (what check-vectors sends: id, component, config, flink_version). Best of three wall times each,
# per file and in total; the aim is batch <= 0.7x the echo. Use a release build (the default preset).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
flinkmem=${1:-$root/build/flinkmem}
vectors=${2:-${FLINKMEM_VECTORS_DIR:-$root/../shared/flink-vectors}}
# The interpreter itself, not a version-manager shim that adds its own start-up time.
python=${PYTHON:-$(python3 -c "import sys; print(sys.executable)")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/echo.py" <<'PY'
import json, sys
out = sys.stdout
for line in sys.stdin:
    if line.strip():
        out.write(json.dumps(json.loads(line)) + "\n")
PY
# The request lines, as check-vectors writes them.
python3 - "$vectors" "$work" <<'PY'
import glob, json, os, sys
vectors, work = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(vectors, "public*.jsonl")))
if not files:
    sys.exit(f"no public*.jsonl in {vectors}")
for path in files:
    with open(path, encoding="utf-8") as f, open(os.path.join(work, os.path.basename(path)), "w") as out:
        for line in f:
            if not line.strip():
                continue
            case = json.loads(line)
            request = {"id": case["id"], "component": case["component"], "config": case["config"]}
            if "flink_version" in case:
                request["flink_version"] = case["flink_version"]
            out.write(json.dumps(request) + "\n")
PY

best_of_three() {  # best_of_three INPUT COMMAND...: the best wall time in seconds
    local input=$1 best="" t
    shift
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$@" <"$input" >/dev/null || [ $? -eq 2 ]  # batch exits 2 when a line is not a valid request
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
    done
    echo "$best"
}

total_batch=0 total_echo=0
printf '%-22s %8s %10s %10s %7s\n' file lines batch_s echo_s ratio
for requests in "$work"/public*.jsonl; do
    lines=$(wc -l <"$requests")
    b=$(best_of_three "$requests" "$flinkmem" batch)
    e=$(best_of_three "$requests" "$python" "$work/echo.py")
    total_batch=$(echo "$total_batch + $b" | bc) total_echo=$(echo "$total_echo + $e" | bc)
    printf '%-22s %8d %10.4f %10.4f %7.2f\n' "$(basename "$requests")" "$lines" "$b" "$e" "$(echo "$b / $e" | bc -l)"
done
printf '%-22s %8s %10.4f %10.4f %7.2f\n' total "" "$total_batch" "$total_echo" "$(echo "$total_batch / $total_echo" | bc -l)"
