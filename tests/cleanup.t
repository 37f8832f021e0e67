#!/bin/bash
# SPDX-License-Identifier: MIT
# No process outlives forkscope, however it ends: SIGKILL, SIGTERM, SIGHUP or
# SIGINT in the middle of a run, with subjects alive and the viewer busy.
. "$(dirname "$0")/lib.sh"

{
	echo "var x global 1"
	echo "parent fork"
	for i in $(seq 400); do echo "child set x $i"; echo "parent inc x"; done
} > "$T/long.scn"
chmod 644 "$T/long.scn"

# Wait (bounded) until nothing of ours is left; print what is.
settle() {
	local left i
	for i in $(seq 100); do
		left=$(leftovers)
		[ -z "$left" ] && return 0
		sleep 0.05      # polling an outside fact with a deadline, not syncing
	done
	echo "$left"
}

for sig in KILL TERM HUP INT; do
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	# Job control off: a background job ignores SIGINT unless we reset it.
	( trap - INT; exec "$BIN" --json "$T/long.scn" > "$T/fifo" 2>/dev/null ) &
	pid=$!
	exec 3< "$T/fifo"
	head -n 3 <&3 > "$T/head"       # header, step 0, step 1: the child exists
	is "$(wc -l < "$T/head")" 3 "SIG$sig: the run got going (2 processes alive)"
	check "SIG$sig: the viewer and both subjects are alive before the kill" \
		test "$(leftovers | wc -l)" -ge 3
	kill -s "$sig" "$pid"
	exec 3<&-
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	is "$rc" $((128 + $(kill -l "$sig"))) "SIG$sig: forkscope ends by the signal"
	is "$(settle)" "" "SIG$sig: no subject and no zombie left"
done

# The guard (a child of the viewer that ends the subjects' process group when
# the viewer dies) and the viewer SIGKILLed together: the subjects' own
# parent-death signals still end them all.
rm -f "$T/fifo"
mkfifo "$T/fifo"
"$BIN" --json "$T/long.scn" > "$T/fifo" 2>/dev/null &
pid=$!
exec 3< "$T/fifo"
head -n 3 <&3 > "$T/head"
is "$(wc -l < "$T/head")" 3 "guard and viewer: the run got going"
guard=
for c in $(pgrep -P "$pid"); do
	grep -qa -- --agent-fd "/proc/$c/cmdline" || guard=$c
done
check "the viewer has a guard process" test -n "$guard"
kill -KILL "$guard" "$pid"
exec 3<&-
{ wait "$pid"; } 2>/dev/null
is "$(settle)" "" "guard and viewer SIGKILLed together: no subject and no zombie left"
finish
