#!/usr/bin/env bash
# simulate_interrupt.sh FLINKMEM: Ctrl-C during the exercise's sort exits 130 and leaves no spill
# file. The signal is sent only once a spill file exists, so the run is interrupted mid-sort; a run
# that ends before spilling, or that ends with any other exit code, fails the test.
set -uo pipefail
flinkmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$dir.err"' EXIT
# Many slots with large managed memory keep the sort busy long enough to be interrupted.
"$flinkmem" simulate -D taskmanager.memory.process.size=4g -D taskmanager.numberOfTaskSlots=4 \
    --spill-dir "$dir" --memory-budget 3g >/dev/null 2>"$dir.err" &
pid=$!
spilled=no
for _ in $(seq 1 1200); do  # up to 60 s (sanitizer builds start slowly)
    if compgen -G "$dir/flinkmem-spill-*" >/dev/null; then spilled=yes; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
done
if [ "$spilled" = no ]; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    cat "$dir.err"
    echo "simulate_interrupt.sh: no spill file appeared: the run could not be interrupted mid-sort" >&2
    exit 1
fi
kill -INT "$pid"
wait "$pid"
status=$?
cat "$dir.err"
left=$(ls -A "$dir")
if [ -n "$left" ]; then echo "simulate_interrupt.sh: left behind: $left" >&2; exit 1; fi
if [ "$status" -ne 130 ]; then echo "simulate_interrupt.sh: exit code $status, expected 130" >&2; exit 1; fi
echo "interrupt: exit 130, spill dir empty"
