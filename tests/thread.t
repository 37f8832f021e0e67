#!/bin/bash
# SPDX-License-Identifier: MIT
# Threads: a task of its creator's process (same pid, its own tid), sharing
# memory, descriptors and handlers; its own exit ends it alone and is seen at
# once; the process's exit, exec or exit(3) ends every thread; a thread is
# never waited for. Ids come from /proc, sharing from kcmp.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

S=$(scenario thread <<'EOF2'
var x global 1
var c heap 2
parent fork kid
parent thread t
t set x 5
parent clone vm w
t open log
t handle USR1
t fork g
g exit 4
parent wait g
t exit 0
parent set c 9
parent thread u
parent exit 3
kid exit 0
EOF2
)

facts() { # WHO OUT
	local who=$1 o=$2
	is "$(proc "$o" 2 t pid)" "$(proc "$o" 2 parent pid)" "$who: a thread's pid is its creator's (one process)"
	check "$who: and its tid is its own" test "$(proc "$o" 2 t tid)" != "$(proc "$o" 2 parent tid)"
	is "$(proc "$o" 2 parent tid)" "$(proc "$o" 2 parent pid)" "$who: a process's own task has tid = pid"
	is "$(proc "$o" 2 t thread)/$(proc "$o" 2 parent thread)" true/false "$who: JSON marks the thread"
	is "$(proc "$o" 2 parent returned)" "$(proc "$o" 2 t tid)" "$who: clone() returns the thread's tid"
	is "$(proc "$o" 2 t ppid)" "$(proc "$o" 2 parent ppid)" \
		"$who: the thread's parent is its process's parent, not its creator"
	is "$(rel "$o" 2 parent t vm)/$(rel "$o" 2 parent t files)/$(rel "$o" 2 parent t sighand)" \
		shared/shared/shared "$who: kcmp: memory, descriptors and handlers shared"
	is "$(var "$o" 3 parent x value)/$(var "$o" 3 kid x value)" 5/1 \
		"$who: the thread's write is its process's at once, not the forked child's"
	is "$(var "$o" 3 t x change)/$(var "$o" 3 parent x change)/$(var "$o" 3 t x faults)" copied/copied/1 \
		"$who: x was shared with kid: one copy-on-write fault, for the one mapping"
	is "$(proc "$o" 3 t faults)/$(proc "$o" 3 parent faults)" 1/0 \
		"$who: the fault is the thread's own, not its idle process's (per-task counts)"
	check "$who: a clone(CLONE_VM) process has a pid of its own" \
		test "$(proc "$o" 4 w pid)" != "$(proc "$o" 4 parent pid)"
	is "$(proc "$o" 4 w thread)" false "$who: and is no thread"
	is "$(proc "$o" 5 parent fds)" '["log"]' "$who: the thread's open is its process's"
	is "$(proc "$o" 6 parent handlers)" '["SIGUSR1"]' "$who: and so is its handler"
	is "$(proc "$o" 7 g ppid)" "$(proc "$o" 7 parent pid)" "$who: a thread's child has the process as parent (ppid)"
	is "$(proc "$o" 9 g state)/$(proc "$o" 9 g exit_status)" exited/4 \
		"$who: the process waits for the child its thread made"
	is "$(proc "$o" 10 t state)/$(proc "$o" 10 t exit_status)" exited/null \
		"$who: the thread's own exit is seen at once: ended, no zombie, no status"
	is "$(proc "$o" 10 parent state)" running "$who: its process goes on"
	is "$(q "$o" '[.[11].relations[] | select(.a == "t" or .b == "t")] | length')" 0 \
		"$who: an ended thread shares nothing any more"
	is "$(var "$o" 11 parent c change)/$(var "$o" 11 parent c faults)" copied/1 \
		"$who: the process goes on acting after its thread ended"
	is "$(proc "$o" 13 parent state)/$(proc "$o" 13 parent exit_status)/$(proc "$o" 13 u state)/$(proc "$o" 13 w state)" \
		zombie/3/exited/running "$who: the process's _exit ends its thread, not the CLONE_VM process"
}

refused_scenario 'parent thread t\nt exit\nt set x 1\n' "3:1: thread 't' has ended" \
	"a step of a thread after its own exit"
refused_scenario 'parent thread t\nparent exec\nt print x\n' "thread 't' has ended" \
	"a step of a thread after its process's exec"
refused_scenario 'parent fork p\np thread t\nt exit libc\np print x\n' "process 'p' has exited" \
	"a step of a process after exit(3) in its thread"
refused_scenario 'parent thread t\nt exit\nparent wait t\n' "'t' is a thread: nobody waits for a thread" \
	"wait for a thread"
refused_scenario 'parent thread t\nt exit\nparent wait\n' "'parent' has no exited child to wait for" \
	"wait with no name never picks a thread"
refused_scenario 'parent thread t\nt exec\n' "'t' is a thread: its exec would end every other thread" \
	"exec in a thread"
refused_scenario 'parent vfork c\nc thread t\n' "'c' runs in its parent's memory until it exits or execs" \
	"a thread of a vfork child (its end could write to the resumed parent's stack)"

# The full-screen view at 80x22: the thread says whose it is, and its own
# end is shown in the step it ended, though it leaves no zombie.
tui_start 80 22 thread
keys Space
check "TUI 80x22: the thread says it is a thread of its creator's pid, with a tid" \
	wait_re "thread of pid [0-9]+ +\(parent\), tid|thread of pid [0-9]+ +\(parent\)"
p=$(screen | grep -oE 'thread of pid [0-9]+' | head -n 1 | awk '{print $4}')
check "TUI 80x22: that pid is the parent's, shown on the parent's column" \
	grep -qE "parent ─+ pid $p( |\$)" <(screen)
keys Space Space Space Space
check "TUI 80x22: step 5, the thread's own exit" wait_for "step 5/6"
check "TUI 80x22: the ended thread keeps its column in the step it ended" \
	wait_re "▶ t ─+ pid $p"
check "TUI 80x22: and says it left no zombie" wait_for "a thread leaves"
check "TUI 80x22: its process goes on running" grep -qE "parent ─+ pid $p" <(screen)
keys q
check "TUI 80x22: q ends the viewer" wait_for "[exit 0]"
tui_stop
check_no_leftovers "the TUI run of the thread demo"

# exit(3) in a thread runs the atexit handlers there and ends the process.
S2=$(scenario exitlibc <<'EOF2'
parent fork p
p thread t
t print from t
t exit libc 6
parent wait p
EOF2
)
"$BIN" --json "$S2" > "$T/libc.json"
is "$?" 0 "exit libc in a thread: the run exits 0"
o=$T/libc.json
is "$(proc "$o" 4 p state)/$(proc "$o" 4 p exit_status)/$(proc "$o" 4 t state)" zombie/6/exited \
	"exit(3) in a thread ends its whole process, with the thread's code"
is "$(proc "$o" 4 p output)" "from t
atexit handler of $(proc "$o" 0 parent pid) ran in $(proc "$o" 4 p pid)" \
	"it flushed the process's one stdio buffer and ran the atexit handler in that process"
is "$(proc "$o" 5 p exit_status)" 6 "the parent waits for the process, and gets the code"
check_no_leftovers "exit libc in a thread"

run_halves "$S" facts 25
o=$T/root.json
need_pfns 3 "$o"
is "$(var "$o" 2 t x pfn)" "$(var "$o" 2 parent x pfn)" "root: a thread maps its process's frame"
check "root: the thread's write gave the process a new frame" \
	test "$(var "$o" 3 parent x pfn)" != "$(var "$o" 2 parent x pfn)"
is "$(var "$o" 3 kid x pfn)" "$(var "$o" 2 kid x pfn)" "root: the forked child keeps the old one"
finish
