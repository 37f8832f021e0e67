#!/bin/bash
# SPDX-License-Identifier: MIT
# The TUI driven through tmux like a person would: picker, stepping forward
# and back, the words and numbers on screen, help, resize, quit and signals.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

pfn_re='pfn (0x[0-9a-f]+|hidden)'
pfns_here && pfn_re='pfn 0x[0-9a-f]+'

# Picker, then fork-cow at 80x24.
tui_start 80 24
check "no scenario: the demo picker lists the demos" wait_for "choose a demo"
check "the picker shows fork-cow with its title" wait_re "fork-cow +Copy-on-write after fork\(\)"
keys Down
check "Down moves the choice; the picker shows its about text" wait_for "fork() gives the child a copy"
keys Enter
check "Enter opens the demo at step 0" wait_for "step 0/7"
check "UTF-8 line drawing in a UTF-8 locale" wait_for "parent ─"
check "step 0 shows the parent alone with its variables" wait_re "x global +=[ ]+1"
keys Space
check "Space runs the fork: step 1" wait_for "step 1/7"
check "the child's pane says what fork returned in it" wait_for "fork() returned 0"
if pfns_here; then
	check "the frame is shown as shared, in words" wait_for "same frame as parent"
else
	check "the page is shown as mapped twice, in words" wait_for "PFN hidden; mapped 2+ times"
fi
check "the frame number is on screen ($pfn_re)" wait_re "$pfn_re"
check "the caption says the action" wait_for "parent: fork"
check "the narration is shown" wait_for "Nothing is copied yet"
keys Right Right
check "Right steps on: the child's write" wait_for "step 3/7"
check "the write is explained: copy-on-write fault" wait_for "+1 fault: copy-on-write"
check "the changed value carries a mark, not only colour" wait_re "= 2 ◆"
keys Left
check "Left shows the earlier snapshot, marked as a replay" wait_for "REPLAY of step 2: the processes are at step 3"
keys PageDown
check "PgDn (presenter remote) goes forward again" wait_for "step 3/7"
keys '?'
check "? opens the help, made from the key table" wait_for "previous step: a replay"
keys x
check "any key leaves the help" wait_for "step 3/7"
keys Escape '?'  # keys are handled in order: help after Esc proves Esc did not quit
check "Esc does not quit" wait_for "previous step: a replay"
keys x
wait_for "step 3/7" > /dev/null
keys b
check "b blanks the screen" test -z "$(screen | tr -d ' \n')"
keys x
check "a key brings the screen back" wait_for "step 3/7"
tm resize-window -t 0 -x 60 -y 16
check "a small terminal is told what it needs and the ways out" wait_for "The terminal is 60x16; forkscope needs 64x18"
check "too small: it says how to fix it" wait_for "or run forkscope --plain for a transcript."
tm resize-window -t 0 -x 80 -y 24
check "growing back redraws the screen" wait_for "step 3/7"
keys : 'bob set h 5' Enter
check "a typed step is checked like a file line" wait_for "column 1: unknown process 'bob'"
check "a mistake changes nothing" wait_for "step 3/7"
keys : 'parent set h 5' Enter
check "the command line runs a typed step as the next one" wait_for "parent: set h 5"
check "the demo's later steps give way to it" wait_for "step 4/4"
keys q
check "q quits with status 0" wait_for "[exit 0]"
check "the terminal is back to normal: echo on" wait_for "echo"
is "$(tm display -p -t 0 '#{alternate_on}')" 0 "the terminal is off the alternate screen"
check_no_leftovers "q"

# vfork and clone at 120x40, where three panes fit.
tui_start 120 40 clone-vm
keys Space Space
check "clone vm: one address space, in words" wait_for "same address space as parent"
keys Space Space Space
check "120 columns: three panes side by side" wait_re "parent .*worker .*copy"
tui_stop
# At a projector's 80x22 the three narrow columns keep the words on who
# shares what (the region's name and the parent's pid go first).
tui_start 80 22 clone-vm
keys Space Space Space Space Space
check "80x22, clone-vm's step 5: three panes" wait_re "parent .*worker .*copy"
check "80x22: the words on the shared address space stay" wait_for "same address space as"
check "80x22: and on the copy's frames (or why they are hidden)" \
	wait_re "same frame as parent,|PFN hidden;"
tui_stop
tui_start 80 24 vfork-shared
keys Space Space
check "vfork: the parent is shown suspended" wait_for "suspended in vfork()"
check "the suspended parent is read from outside, and says so" wait_for "values read from outside"

# NO_COLOR: attributes only, no colour escapes. SGR parameters 30-38, 40-48,
# 90-97 and 100-107 set colours; 39 and 49 (default colours) do not.
colour_count() {
	tm capture-pane -e -p -t 0 | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		grep -cxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}
tui_start 80 24 fork-cow
wait_for "step 0/7" >/dev/null
check "colours are used by default (the check below can see them)" test "$(colour_count)" -gt 0
TUI_ENV=NO_COLOR=1 tui_start 80 24 fork-cow
wait_for "step 0/7" >/dev/null
is "$(colour_count)" 0 "NO_COLOR: no colour escapes on screen"

# SIGTERM restores the terminal and leaves nothing behind.
tui_start 80 24 fork-cow
keys Space
wait_for "step 1/7" >/dev/null
kill -TERM "$(viewer_pid)"
check "SIGTERM: forkscope ends by the signal, terminal restored" wait_for "[exit 143]"
finish

# Waiting for a key costs no CPU.
tui_start 80 24 fork-cow
wait_for "step 0/7" >/dev/null
p=$(viewer_pid)
t0=$(awk '{print $14 + $15}' /proc/$p/stat)
sleep 1         # idle on purpose: a busy loop would burn ~100 ticks here
t1=$(awk '{print $14 + $15}' /proc/$p/stat)
check "no busy loop: under 5 ticks of CPU in a second of waiting ($((t1 - t0)))" test $((t1 - t0)) -lt 5

# Keys: an unknown key points to the help; Ctrl-L redraws.
keys z
check "an unknown key says '? for help'" wait_for "z: not a key here; ? for help"
keys C-l
check "Ctrl-L redraws the screen" wait_for "step 0/7"

# The picker over an open demo: the open demo is highlighted, Esc and Tab go
# back to it, q does not quit, ? opens the help of the picker's keys.
keys Tab
check "Tab opens the picker on the open demo" wait_re "▶ fork-cow +Copy-on-write"
keys Escape
check "Esc goes back to the demo" wait_for "step 0/7"
keys Tab q
check "q in the picker over an open demo goes back, not out" wait_for "step 0/7"
keys Tab '?'
check "? in the picker shows the picker's keys" wait_for "Keys in the demo list"
keys x
check "any key leaves that help for the picker" wait_for "choose a demo"
keys Home
check "Home moves to the first demo" wait_re "▶ fork-hello "

# The explorer: a variable typed before the first step, then steps.
keys End Enter     # End: the last entry, "explore"
check "explore: an empty scenario invites typing" wait_for "Type : then a line of the scenario language"
keys : 'var y heap 3' Enter
check "a typed var appears at step 0" wait_re "y heap +=[ ]+3"
keys : 'parent fork kid' Enter
check "a typed fork runs as step 1" wait_for "fork() returned 0"
tui_stop

# Every name the picker lists works on the command line: explore too.
tui_start 80 24 explore
check "forkscope explore opens the empty scenario" wait_for "Type : then a line of the scenario language"
keys q
check "q quits the explorer" wait_for "[exit 0]"

# Predict mode asks before a revealing step and keeps score.
not_shown() { ! screen | grep -q "$1"; }
tui_start 80 24 --predict fork-cow
wait_for "step 0/7" >/dev/null
keys Space
check "predict: a question before the fork" wait_for "Will parent be suspended until its child is done?"
check "predict: the step's narration waits for the answer" wait_for "told once you have answered"
check "predict: and does not give it away before" not_shown "Nothing"
keys n
check "predict: the narration comes with the answer" wait_for "Nothing is copied yet"
check "predict: the answer is revealed and scored" wait_for "score 1/1"

# The light theme, a monochrome terminal, and the C locale's ASCII marks.
tui_start 80 24 --theme light fork-cow
check "--theme light draws the screen" wait_for "step 0/7"
TUI_ENV="TERM=vt100" tui_start 80 24 fork-cow
keys Space Space Space
check "a monochrome terminal (vt100) still shows every word" wait_for "+1 fault: copy-on-write"
TUI_ENV="LANG=C LC_ALL=C" tui_start 80 24 fork-cow
keys Space Space Space
check "C locale: changes are marked with an ASCII '*'" wait_re "= 2 \*"
tui_stop
# Without CAP_SYS_ADMIN the screen says why frames are hidden and still
# tells the story with the exclusive bit.
if is_root; then
	TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" tui_start 80 24 fork-cow
	check "unprivileged: the status line says PFNs are hidden and why" \
		wait_for "PFNs hidden: the kernel shows page frame numbers only to CAP_SYS_ADMIN"
	keys Space
	check "unprivileged: after fork the words say the page is mapped more than once" \
		wait_for "PFN hidden; mapped 2+ times"
	tui_stop
else
	skip "the unprivileged TUI check switches user, which needs root"
	skip "the unprivileged TUI check switches user, which needs root"
fi
# Five variables at 80x24 (the compact layout): whole frame numbers, words intact.
tui_start 80 24 fork-regions
keys Space Space
if pfns_here; then
	check "compact layout: the changed frame is shown whole, with its mark" \
		wait_re "g( global)? += 10 ◆ +pfn 0x[0-9a-f]{5,} ◆"
	check "compact layout: the words are not overwritten" wait_for "own frame; mapped once"
else
	check "compact layout: the hidden frame is said so" wait_re "g( global)? += 10 ◆ +pfn hidden"
	check "compact layout: the words are not overwritten" wait_for "PFN hidden; mapped once"
fi
tui_stop
finish
