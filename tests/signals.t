#!/bin/bash
# SPDX-License-Identifier: MIT
# Signals and the terminal: Ctrl-\ (SIGQUIT) restores the terminal like
# SIGTERM; Ctrl-Z and fg give the terminal back and take it again (modes and
# a full repaint), also after a SIGSTOP the shell met with its own modes; q,
# Ctrl-C and SIGTERM are honoured at once even during End; the size comes
# from the terminal, not from COLUMNS and LINES.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

restored() { # WHAT
	is "$(tm display -p -t 0 '#{alternate_on}')" 0 "$1: off the alternate screen"
	is "$(tm display -p -t 0 '#{cursor_flag}')" 1 "$1: the cursor is visible"
}
pane_tty() { tm display -p -t 0 '#{pane_tty}'; }
lflag() { stty -F "$(pane_tty)" -a | tr ' ' '\n' | grep -x -e "$1" -e "-$1"; }
wait_state() { # PID LETTER: until /proc says the process is in that state
	local i
	for i in $(seq 200); do
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.02      # polling /proc with a deadline
	done
	return 1
}

# SIGQUIT: cleaned up like SIGTERM, ends by the signal, no core file.
cd "$T" || exit 1
tui_start 80 24 vfork-shared
keys Space
wait_for "suspended in vfork()" > /dev/null
kill -QUIT "$(viewer_pid)"
check "SIGQUIT: forkscope ends by the signal" wait_for "[exit 131]"
restored "after SIGQUIT"
check "after SIGQUIT: echo is on" wait_re '^echo$'
is "$(ls "$T" | grep -c '^core')" 0 "SIGQUIT leaves no core file"
tui_stop
check_no_leftovers "SIGQUIT"

# Job control as a person meets it: an interactive bash in the pane. Ctrl-Z
# gives the terminal back while stopped; fg takes it again, with the keys
# working at once. The same after SIGSTOP, which cannot be caught: bash puts
# back its own modes and prompt, and fg must repaint everything.
shell_start() {
	tui_stop
	tm new-session -d -x 80 -y 24 "env -i HOME=$T PATH=$PATH TERM=xterm-256color LANG=C.UTF-8 PS1='sh\$ ' bash --norc --noprofile --noediting -i"
	wait_for 'sh$' > /dev/null
}
shell_start
keys "$BIN fork-cow" Enter
wait_for "step 0/7" > /dev/null
keys Space
wait_for "step 1/7" > /dev/null
p=$(viewer_pid)
keys C-z
check "Ctrl-Z: forkscope stops" wait_state "$p" T
check "Ctrl-Z: the shell is back" wait_for "Stopped"
restored "while stopped by Ctrl-Z"
is "$(lflag icanon)" icanon "while stopped: the terminal is in the shell's cooked mode"
keys fg Enter
check "fg: the screen is painted again" wait_for "step 1/7"
is "$(tm display -p -t 0 '#{alternate_on}')" 1 "fg: back on the alternate screen"
is "$(lflag icanon)" -icanon "fg: the keys are read one by one again"
keys Space
check "after fg a key works at once" wait_for "step 2/7"
kill -STOP "$p"
check "SIGSTOP: the shell takes the terminal" wait_for "Stopped"
keys fg Enter
check "SIGSTOP then fg: the screen is painted whole again" wait_for "step 2/7"
for i in $(seq 100); do screen | grep -q Stopped || break; sleep 0.02; done
is "$(screen | grep -c 'Stopped\|sh\$')" 0 "SIGSTOP then fg: nothing the shell wrote is left on screen"
is "$(lflag icanon)" -icanon "SIGSTOP then fg: the program's modes are back, not the shell's"
keys Space
check "SIGSTOP then fg: a key works at once" wait_for "step 3/7"
keys q
wait_for 'sh$' > /dev/null
keys 'echo "[exit $?]"' Enter
check "q after all that quits with status 0" wait_for "[exit 0]"
restored "after q"
tui_stop
check_no_leftovers "job control"

# End on a long scenario whose child is stopped: q, Ctrl-C and SIGTERM end
# it at once, not after every step. The whole End is timed first, on this
# machine, as the yardstick.
{
	echo "var x global 1"
	for i in 1 2 3 4 5 6; do echo "parent fork c$i"; done
	for i in $(seq 497); do echo "c1 set x $i"; echo "parent inc x"; done
} > "$T/long.scn"
chmod 644 "$T/long.scn"
stop_a_child() { # VIEWER: stop the first subject's first child
	local c s=
	for c in $(pgrep -P "$1"); do [ -e "/proc/$c/fd/1" ] && s=$c; done
	kill -STOP "$(pgrep -P "$s" | head -1)"
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
tui_start 80 24 "$T/long.scn"
wait_for "step 0/1000" > /dev/null
keys Space Space
wait_for "step 2/1000" > /dev/null
stop_a_child "$(viewer_pid)"
t0=$(date +%s%N)
keys End
wait_for "step 1000/1000" > /dev/null
full=$(ms_since "$t0")
diag "End of 1000 steps with a stopped child takes $full ms here"
for how in q C-c TERM; do
	tui_start 80 24 "$T/long.scn"
	wait_for "step 0/1000" > /dev/null
	keys Space Space
	wait_for "step 2/1000" > /dev/null
	v=$(viewer_pid)
	stop_a_child "$v"
	want=0; [ "$how" = C-c ] && want=130; [ "$how" = TERM ] && want=143
	t0=$(date +%s%N)
	if [ "$how" = TERM ]; then keys End; kill -TERM "$v"; else keys End "$how"; fi
	wait_for "[exit $want]" > /dev/null
	ms=$(ms_since "$t0")
	check "End, then $how: ends with status $want in $ms ms, a fraction of the whole End ($full ms)" \
		test -n "$(screen | grep -F "[exit $want]")" -a "$((ms * 3))" -lt "$full"
	tui_stop
done
check_no_leftovers "End interrupted"

# The size is the terminal's, whatever COLUMNS and LINES say.
TUI_ENV="COLUMNS=40 LINES=10" tui_start 80 24 fork-cow
check "COLUMNS=40 LINES=10 in an 80x24 terminal: the full screen is drawn" wait_for "step 0/7"
is "$(screen | grep -c 'too small')" 0 "COLUMNS and LINES do not shrink the screen"
tui_stop

# Too few descriptors to start: the TUI says so; typing a step then is no crash.
if command -v prlimit > /dev/null; then
	TUI_WRAP="prlimit --nofile=6 --" tui_start 80 24 fork-cow
	check "RLIMIT_NOFILE 6: the TUI says it cannot start" wait_for "cannot start"
	keys : 'parent fork' Enter
	keys q
	check "typing a step after 'cannot start' is no crash (exit 0)" wait_for "[exit 0]"
	tui_stop
else
	skip "prlimit is not installed"
	skip "prlimit is not installed"
fi
check_no_leftovers "the signal checks"
finish
