#!/bin/bash
# SPDX-License-Identifier: MIT
# Every pane and every variable of the full-screen view, against the kernel:
# each pane's frame number is the one /proc/PID/pagemap gives for that
# process at the address the pane shows; the change marks sit on every
# variable the step changed and on no other; 'same frame as' and the gutter
# mark agree with the frames; two variables of one region live on pages of
# their own. As root, unprivileged (frames hidden: the words follow the
# kernel's exclusive bit), and through tests/panes.pl, which reads both.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

scn=$(scenario two <<'SCN'
title two globals and a heap variable
var x global 1
var y heap 5
var z global 9
parent fork c
c set x 2
c set z 3
SCN
)
# facts WHO STEP CHANGED SHARED: one test line per fact of the screen.
facts() {
	local fact got want
	screen > "$T/screen"
	perl "$TOP/tests/panes.pl" "$T/screen" "$3" "$4" > "$T/facts" 2> "$T/err"
	is "$?/$(cat "$T/err")" 0/ "$1, step $2: the screen has two panes and their variables"
	while IFS=$'\t' read -r fact got want; do
		is "$got" "$want" "$1, step $2: $fact"
	done < "$T/facts"
}

run_tui() { # WHO
	check "$1: the fork ran" wait_for "step 1/3"
	facts "$1" 1 "" "x,y,z"
	keys Space
	check "$1: c wrote x" wait_for "step 2/3"
	facts "$1" 2 "c:x" "y,z"
	keys Space
	check "$1: c wrote z, the second global" wait_for "step 3/3"
	facts "$1" 3 "c:z" "y"
	keys q
	check "$1: the viewer ends" wait_for "[exit 0]"
	check_no_leftovers "the $1 run"
}

# Wide enough for every fact, addresses included.
tui_start 160 40 "$scn"
check "root: step 0" wait_for "step 0/3"
keys Space
run_tui root
if is_root; then
	TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" tui_start 160 40 "$scn"
	check "nobody: step 0" wait_for "step 0/3"
	keys Space
	run_tui nobody
else
	skip "the unprivileged half switches user, which needs root"
fi
finish
