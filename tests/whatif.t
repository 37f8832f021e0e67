#!/bin/bash
# SPDX-License-Identifier: MIT
# Predict mode and what-if, driven in tmux like a lecturer would.
# Predict: the step is shown (actor, action, narration) before its result,
# then the question; the answer comes with the reason measured; the end
# has a summary with the score and the questions missed.
# What-if: back to step 2, type a step: the processes are rebuilt to step 2
# on fresh processes, the typed step runs there; m goes back to the demo's
# own line, whose steps are all still there.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

pid_of() { # the pid in the column header of process $1 on screen
	screen | sed -n "s/.*$1 ─* pid \([0-9]*\).*/\1/p" | head -1
}

tui_start 80 24 --predict fork-cow
wait_for "step 0/7" > /dev/null
keys Space
check "predict: the step is shown first: actor and action" wait_for "▶ parent: fork"
check "predict: ... and, for its narration, that it comes with the answer" \
	wait_for "told once you have answered"
check "predict: then the question" wait_for "Will parent be suspended until its child is done?  (y/n)"
check "predict: the result is not shown yet (no child column)" test -z "$(screen | grep -E 'child (new )?─')"
check "predict: the status line says the step ran and waits for the answer" \
	wait_for "PREDICT: step 1 has run"
keys n
check "predict: a right answer is said, with the measured reason" \
	wait_for "Right: no. parent is running after fork."
check "predict: the result is shown once answered, the child marked new" wait_for "child new ─"
check "predict: the score counts it" wait_for "score 1/1"
keys Space Space
check "predict: a question about the child's write" wait_for "Will parent see child's new value of x?"
keys y
check "predict: a wrong answer gets the answer" wait_for "Wrong guess: the answer is no."
check "predict: ... and the reason: what the other process has, and kcmp's word" \
	test -n "$(screen | tr -d '\n' | grep -E "parent's x is 1: .* kcmp *says their memory is separate")"
check "predict: the score counts the miss" wait_for "score 1/2"
for i in 1 2 3 4 5 6; do
	screen | grep -q "(y/n)" && keys n
	screen | grep -q "predict: your score" && break
	keys Space
	wait_re "step [0-9]/7|\(y/n\)|your score" > /dev/null
done
check "predict: the end shows a summary" wait_for "forkscope  predict: your score"
check "predict: the summary has the score" wait_re "You predicted [0-9]+ of [0-9]+ right\."
check "predict: the summary lists the questions missed, with the answer" \
	wait_for "Step 3: Will parent see child's new value of x? No."
keys q
check "predict: any key leaves the summary for the demo" wait_for "step 7/7"

tui_start 80 24 fork-cow
wait_for "step 0/7" > /dev/null
keys Space Space Space
wait_for "step 3/7" > /dev/null
old_parent=$(pid_of parent)
keys Left
check "what-if: back to step 2, a replay" wait_for "REPLAY of step 2"
keys : 'parent set x 9' Enter
check "what-if: the typed step runs after step 2" wait_for "▶ parent: set x 9"
check "what-if: the processes were rebuilt to step 2 on fresh processes" \
	wait_re "Rebuilt to step 2 on fresh processes \([0-9]+ ms\)"
new_parent=$(pid_of parent)
check "what-if: a new parent process ($old_parent, now $new_parent)" \
	test -n "$new_parent" -a "$new_parent" != "$old_parent"
check "what-if: the typed write ran there" wait_re "x global = 9 ◆"
check "what-if: the footer says it is off the main line" wait_for "what-if step 3/3"
check "what-if: the status line says how to get back" \
	wait_for "WHAT-IF: your steps after step 2 of the demo; m goes back to it"
check "what-if: the footer offers the way back" wait_for "m main line"
keys Space
check "what-if: its end says how to go back" wait_for "m goes back to the demo"
keys m
check "what-if: m returns to the demo's main line at step 2" \
	wait_for "Back on the demo's main line at step 2, on fresh processes."
check "what-if: the demo's own steps are all there" wait_for "step 2/7"
keys Space
check "what-if: the demo goes on with its own step 3" wait_for "▶ child: set x 2"
keys Home
wait_for "step 0/7" > /dev/null
keys : 'var y heap 7' Enter
check "what-if: a variable typed at step 0 starts the processes again with it" \
	wait_re "y heap = 7 +pfn"
check "what-if: ... off the demo's line, which m brings back" \
	wait_for "WHAT-IF: your steps after step 0 of the demo"
keys q
wait_for "[exit 0]" > /dev/null
check_no_leftovers "a what-if and the way back"

# predict's answers about frames and faults are the measured ones: the first
# write after fork copies (yes), the second reuses the page (no).
S=$(scenario quiz <<'SCN'
var x global 1
parent fork c
c set x 2
parent read x
c set x 3
SCN
)
if pfns_here; then q2="Will c's frame for x change?"; else q2="Will c's write to x take a page fault?"; fi
tui_start 80 24 --predict "$S"
wait_for "step 0/4" > /dev/null
keys Space
wait_for "(y/n)" > /dev/null
keys n
wait_for "score 1/1" > /dev/null
keys Space
check "predict: a question about the first write after fork" wait_for "$q2"
keys y
check "predict: yes, the first write copies the shared page" wait_for "Right: yes."
keys Space Space
check "predict: the same question about the second write" wait_for "$q2"
keys y
check "predict: no, the second write finds the page its own" wait_for "Wrong guess: the answer is no."
keys q
wait_for "[exit 0]" > /dev/null
check_no_leftovers "the predict quiz on frames"
finish
