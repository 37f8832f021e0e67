#!/bin/bash
# SPDX-License-Identifier: MIT
# Subjects killed or stopped from outside, driven in the full-screen view:
# a killed one is shown killed by its signal at once and its steps are "not
# run" while the others go on; a stopped one is said to be stopped without a
# timeout; a late answer after SIGCONT is never read as a later step's; the
# viewer ends promptly with a stopped subject, and even SIGKILL of the viewer
# leaves no subject behind.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

# The pid of the subject that is a child of the first subject (the one the
# scenario forked first), once it exists.
first_child() {
	local v s c i
	for i in $(seq 100); do
		v=$(viewer_pid)
		for s in $(pgrep -P "$v" 2>/dev/null); do
			c=$(pgrep -P "$s" 2>/dev/null | head -1)
			[ -n "$c" ] && { echo "$c"; return 0; }
		done
		sleep 0.05
	done
	return 1
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
gone() { # PID: wait (bounded) until the process is gone or a zombie
	local i
	for i in $(seq 100); do
		[ -d "/proc/$1" ] || return 0
		grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

S=$(scenario killed <<'X'
var x global 1
parent fork c
c set x 2
c set x 3
parent set x 4
X
)
tui_start 80 24 "$S"
keys Space
check "the fork ran" wait_for "step 1/4"
c=$(first_child)
kill -KILL "$c"
keys Space
check "a killed subject: its step is not run, and why" wait_for "not run: 'c' was killed by SIGKILL"
check "a killed subject: its pane says killed by SIGKILL" wait_for "killed by SIGKILL"
keys Space Space
check "the others go on: the parent's step runs" wait_for "step 4/4"
check "and shows its value" wait_re "x global += 4"
keys q
check "the viewer ends" wait_for "[exit"
check_no_leftovers "a killed subject"

tui_start 80 24 "$S"
keys Space
check "the fork ran (stop test)" wait_for "step 1/4"
c=$(first_child)
kill -STOP "$c"
t0=$(ms)
keys Space
check "a stopped subject is said to be stopped" wait_for "stopped (state T)"
check "a stopped actor is seen before its step is sent: the step is not run" \
	wait_for "not run: 'c' is stopped (state T)"
t1=$(ms)
check "at once, not after a timeout ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 3000
t0=$(ms)
keys End
check "End with a stopped subject reaches the end" wait_for "step 4/4"
t1=$(ms)
check "without waiting out a timeout per step ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 3000
keys q
check "q ends the viewer with a stopped subject" wait_for "[exit"
check "and the stopped subject is gone" gone "$c"
check_no_leftovers "q with a stopped subject"

tui_start 80 24 "$S"
keys Space
check "the fork ran (kill test)" wait_for "step 1/4"
c=$(first_child)
kill -STOP "$c"
kill -KILL "$(viewer_pid)"
check "SIGKILL of the viewer: the stopped subject still dies" gone "$c"
for i in $(seq 100); do [ -z "$(leftovers)" ] && break; sleep 0.05; done
check_no_leftovers "SIGKILL of the viewer with a stopped subject"

# A subject stopped while its answer is due (a vfork parent stops as its
# child exits), continued later: its late answer is dropped, and the next
# steps show what they measured.
S=$(scenario late <<'X'
var x global 1
parent fork c
c vfork v
v exit 0
c set x 5
c inc x
X
)
tui_start 80 24 "$S"
keys Space
check "the fork ran (late answer)" wait_for "step 1/5"
c=$(first_child)
keys Space
check "c is suspended in vfork" wait_for "step 2/5"
kill -STOP "$c"
keys Space
check "c stopped before it could answer vfork: said so" wait_for "'c' is stopped (state T)"
kill -CONT "$c"
keys Space
check "after SIGCONT the next step runs" wait_for "step 4/5"
check "and shows its own value, not a late answer's" wait_re "x global += 5"
keys Space
check "the step after that too" wait_re "x global += 6"
keys q
check "the viewer ends (late answer)" wait_for "[exit"
check_no_leftovers "a late answer"
finish
