#!/bin/bash
# SPDX-License-Identifier: MIT
# Kill the viewer with SIGKILL, SIGTERM, SIGHUP or SIGINT at a random step of
# a random demo; afterwards no subject and no zombie may remain. The first
# runs pin the hard cases: a vfork parent asleep, a CLONE_VM child running.
# STRESS_RUNS sets the number of runs (make stress: 200); STRESS_SEED repeats
# a sequence.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

runs=${STRESS_RUNS:-16}
RANDOM=${STRESS_SEED:-$$}
diag "seed ${STRESS_SEED:-$$}: STRESS_SEED=${STRESS_SEED:-$$} repeats this sequence"
demos=($("$BIN" --list | awk '{print $1}'))
sigs=(KILL TERM HUP INT)

gone() { # wait (bounded) until pid has ended
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.02
	done
	return 1
}
settled() { # wait (bounded) until nothing of ours is left
	local i
	for i in $(seq 200); do
		[ -z "$(leftovers)" ] && return 0
		sleep 0.02
	done
	leftovers | sed 's/^/#   left: /'
	return 1
}

for r in $(seq "$runs"); do
	sig=${sigs[$(( (r - 1) % 4 ))]}
	case $r in
	1|2|3|4) demo=vfork-shared; k=1 ;;     # the parent suspended in vfork()
	5|6|7|8) demo=clone-vm; k=2 ;;         # a CLONE_VM worker running
	*)
		demo=${demos[$((RANDOM % ${#demos[@]}))]}
		total=$("$BIN" --check "$TOP/demos/$demo.scn" | sed 's/.*ok: \([0-9]*\) steps.*/\1/')
		k=$((RANDOM % (total + 1)))
		;;
	esac
	tui_start 80 24 "$demo"
	ok=0
	wait_for "step 0/" > /dev/null || ok=1
	for i in $(seq "$k"); do keys Space; done
	wait_re "step $k/[0-9]+ *$" > /dev/null || ok=1
	p=$(viewer_pid)
	[ -n "$p" ] && kill -s "$sig" "$p" && gone "$p" || ok=1
	settled || ok=1
	ok "$ok" "run $r: $demo killed with SIG$sig at step $k: nothing left"
done
tui_stop
finish
