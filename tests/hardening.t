#!/bin/bash
# SPDX-License-Identifier: MIT
# A lecturer's laptop must not hang, leak processes or leave a broken
# terminal: every way the TUI can end, and inputs it must refuse clearly.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop


# restored: the terminal is back to normal after forkscope ended.
restored() { # WHAT
	is "$(tm display -p -t 0 '#{alternate_on}')" 0 "$1: off the alternate screen"
	is "$(tm display -p -t 0 '#{cursor_flag}')" 1 "$1: the cursor is visible"
	check "$1: echo is on" wait_re '^echo$'
}

for sig in TERM HUP INT SEGV ABRT; do
	tui_start 80 24 vfork-shared
	keys Space
	wait_for "suspended in vfork()" > /dev/null     # a vfork parent asleep
	kill -s "$sig" "$(viewer_pid)"
	check "SIG$sig: forkscope ends by the signal" wait_for "[exit $((128 + $(kill -l $sig)))]"
	restored "after SIG$sig"
done
tui_stop
check_no_leftovers "the signals"

# Ctrl-C at the keyboard goes to the viewer only; it cleans up and ends.
tui_start 80 24 clone-vm
keys Space
wait_for "same address space" > /dev/null       # a CLONE_VM child running
keys C-c
check "Ctrl-C ends the TUI by SIGINT" wait_for "[exit 130]"
tui_stop
check_no_leftovers "Ctrl-C"

TUI_ENV="TERM=dumb" tui_start 80 24 fork-cow
check "TERM=dumb: one clear message" wait_for "terminal type 'dumb' cannot move the cursor"
check "TERM=dumb: exit status 2" wait_for "[exit 2]"
tui_stop
tm new-session -d -x 80 -y 24 "env -u TERM LANG=C.UTF-8 $BIN fork-cow; echo \"[exit \$?]\"; exec cat"
check "TERM unset: says so" wait_for "cannot use terminal type ''"
check "TERM unset: exit status 2" wait_for "[exit 2]"
tui_stop
tm new-session -d -x 80 -y 24 "env LANG=C.UTF-8 TERM=xterm $BIN fork-cow < /dev/null; echo \"[exit \$?]\"; exec cat"
check "the TUI without a terminal on stdin: says what to use instead" wait_for "the TUI needs a terminal on stdin"
check "and exits 2" wait_for "[exit 2]"
tui_stop

if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount -t tmpfs none /proc && exec "$0" --plain fork-cow' "$BIN" > "$T/out" 2> "$T/err"
	is "$?" 1 "no /proc: exit status 1"
	check "no /proc: the message says what is missing" grep -q "cannot read /proc/self/pagemap" "$T/err"
else
	skip "hiding /proc needs a private mount namespace (CAP_SYS_ADMIN)"
	skip "hiding /proc needs a private mount namespace (CAP_SYS_ADMIN)"
fi
finish
