#!/usr/bin/env bash
# simulate_interrupt.sh FLINKMEM: Ctrl-C during the exercise exits 130 and leaves no spill file.
set -uo pipefail
flinkmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Many slots with large managed memory keep the sort busy long enough to be interrupted.
"$flinkmem" simulate -D taskmanager.memory.process.size=4g -D taskmanager.numberOfTaskSlots=4 \
    --spill-dir "$dir" --memory-budget 3g >/dev/null 2>"$dir.err" &
pid=$!
# Wait until the sort has written a spill file (or the run ended).
for _ in $(seq 1 200); do
    if compgen -G "$dir/flinkmem-spill-*" >/dev/null || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
cat "$dir.err"; rm -f "$dir.err"
left=$(ls -A "$dir")
if [ -n "$left" ]; then echo "left behind: $left" >&2; exit 1; fi
# 130 when interrupted; 0 if the run finished before the signal (then nothing is left either).
if [ "$status" -ne 130 ] && [ "$status" -ne 0 ]; then echo "exit code $status" >&2; exit 1; fi
echo "interrupt: exit $status, spill dir empty"
