#!/usr/bin/env bash
# colour.sh FLINKMEM FILE
# On a terminal (script(1) provides one) the text report is coloured, unless NO_COLOR is set.
set -uo pipefail
flinkmem=$1 file=$2
command="'$flinkmem' validate --fail-on never '$file'"
on_tty=$(env -u NO_COLOR script -qec "$command" /dev/null)
grep -q $'\x1b\\[1;31merror:' <<<"$on_tty" || { echo "$on_tty"; echo "colour.sh: no colour on a terminal" >&2; exit 1; }
no_colour=$(NO_COLOR=1 script -qec "$command" /dev/null)
if grep -q $'\x1b' <<<"$no_colour"; then echo "colour.sh: NO_COLOR was ignored" >&2; exit 1; fi
grep -q "error: JobManager" <<<"$no_colour" || { echo "$no_colour"; echo "colour.sh: no report" >&2; exit 1; }
echo "colour.sh: ok"
