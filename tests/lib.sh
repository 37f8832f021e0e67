# SPDX-License-Identifier: MIT
# lib.sh - TAP helpers for forkscope's tests. Source it from a tests/*.t file.
# Tests run the real binary on real processes and assert kernel facts.

set -u
export LANG=C.UTF-8 LC_ALL=C.UTF-8
TOP=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/forkscope-test.XXXXXX")
chmod 755 "$T"
# A private copy that the unprivileged user can run whatever the checkout's
# mode, under a name of its own so that leftovers() sees only this file's
# processes (subjects are named after the binary).
BIN=$T/fst$$
cp "$TOP/forkscope" "$BIN"
chmod 755 "$BIN"
# At exit: the test's own cleanup (ON_EXIT), then the plan, counted from the
# tests that ran (done_testing style: no hand-counted numbers to drift).
ON_EXIT=
at_exit() {
	local rc=$?
	[ -n "$ON_EXIT" ] && $ON_EXIT
	if [ -n "${SKIP_ALL:-}" ] && [ "$n" = 0 ]; then
		echo "1..0 # SKIP $SKIP_ALL"
	else
		echo "1..$n"
	fi
	rm -rf "$T"
	return $rc
}
trap at_exit EXIT

n=0
failed=0
ok() {  # ok COND-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
check() { # check DESCRIPTION COMMAND... : ok if the command succeeds
	local d=$1; shift
	if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi
}
is() {  # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got:  '$1'"; echo "#   want: '$2'"; fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
# skip_all REASON: nothing in this file can be shown here: TAP's skip-all
# plan, and the file ends (no hand-counted skips to drift from the tests).
skip_all() { SKIP_ALL=$1; exit 0; }
diag() { echo "# $*"; }

is_root() { [ "$(id -u)" = 0 ]; }

# Run forkscope as the unprivileged user: setpriv when we are root.
as_nobody() {
	if is_root; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

# PIDs of processes still running our binary, and zombies of ours that a
# process of ours failed to reap. A zombie handed to PID 1 (its parent was
# SIGKILLed) is init's to reap, however lazily: not counted.
leftovers() {
	# One find for all of /proc: a readlink per process takes seconds on a
	# loaded machine.
	find /proc/[0-9]*/exe -maxdepth 0 -lname "$BIN" 2>/dev/null | cut -d/ -f3
	ps -eo stat=,ppid=,comm= | awk -v me="fst$$" '$1 ~ /^Z/ && $2 != 1 && $3 == me'
	return 0
}
# Processes that were told to end may still be exiting (a sanitizer build
# cleans up slowly): wait for them with a deadline of 10 s, polling /proc.
check_no_leftovers() { # DESCRIPTION
	local left i
	for i in $(seq 200); do
		left=$(leftovers)
		[ -z "$left" ] && break
		sleep 0.05
	done
	is "$left" "" "no forkscope process or zombie left after $1"
}

# Write a scenario from stdin to $T/NAME.scn, readable by anyone; print its path.
scenario() {
	cat > "$T/$1.scn"
	chmod 644 "$T/$1.scn"
	echo "$T/$1.scn"
}

# refused_scenario SCENARIO-TEXT MESSAGE-PART DESCRIPTION: --check says why, exit 2.
refused_scenario() {
	local f out
	f=$(printf '%b' "$1" | scenario refused)
	out=$("$BIN" --check "$f" 2>&1)
	is "$?" 2 "$3: refused before anything runs"
	check "$3: the message says why" grep -qF -- "$2" <<<"$out"
}

# jq over the JSON Lines of a run: q FILE FILTER
q() { jq -r -s "$2" "$1"; }
# Field of a variable: var FILE STEP PROC VAR FIELD
var() {
	jq -r -s --argjson s "$2" --arg p "$3" --arg v "$4" --arg f "$5" \
		'.[$s+1].procs[] | select(.name==$p) | .vars[] | select(.name==$v) | .[$f] | tostring' "$1"
}
# Field of a process: proc FILE STEP PROC FIELD. A step or process that is
# not there prints NO-SUCH-PROC, so that a wrong index cannot pass as "".
proc() {
	jq -r -s --argjson s "$2" --arg p "$3" --arg f "$4" \
		'[.[$s+1].procs[]? | select(.name==$p)] | if length == 0 then "NO-SUCH-PROC"
		 else .[0][$f] | tostring end' "$1"
}
# Field of the relation between two processes: rel FILE STEP A B FIELD
rel() {
	jq -r -s --argjson s "$2" --arg a "$3" --arg b "$4" --arg f "$5" \
		'.[$s+1].relations[] | select((.a==$a and .b==$b) or (.a==$b and .b==$a)) | .[$f]' "$1"
}

finish() {
	[ "$failed" = 0 ]
}

# Run scenario $2 as user $1 (nobody or root) into $T/$1.json; one TAP line
# for the exit status and one for leftovers.
run_json() {
	local who=$1 scn=$2
	if [ "$who" = nobody ]; then
		as_nobody "$BIN" --json "$scn" > "$T/$who.json"
	else
		"$BIN" --json "$scn" > "$T/$who.json"
	fi
	is "$?" 0 "$who: the run exits 0"
	check_no_leftovers "the $who run"
}

# --- TUI driving: tmux on a private socket, fixed size, polled captures ---
TMUX_SOCK=forkscope-test-$$
tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
# tui_start W H ARGS...: run forkscope in a fresh tmux server; after it exits,
# the pane prints "[exit N]" and the terminal's echo setting, and stays. The
# pane's shell ignores SIGINT, as an interactive shell keeps Ctrl-C for the
# job; forkscope installs its own handler.
tui_start() {
	local w=$1 h=$2; shift 2
	tui_stop
	printf '%q ' "$BIN" "$@" > "$T/cmd"
	tm new-session -d -x "$w" -y "$h" \
		"trap '' INT; ${TUI_WRAP:-} env LANG=C.UTF-8 TERM=xterm-256color ${TUI_ENV:-} $(cat "$T/cmd"); echo \"[exit \$?]\"; stty -a | tr ' ' '\n' | grep -x -e echo -e -echo; exec cat"
}
screen() { tm capture-pane -p -t 0; }
# wait_for TEXT: poll the screen for a fixed string, 10 s at most.
wait_for() {
	local i
	for i in $(seq 200); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05      # polling with a deadline, as the TUI redraws
	done
	echo "# screen while waiting for '$1':"; screen | sed 's/^/#   /'
	return 1
}
# wait_re REGEX: the same for an extended regular expression.
wait_re() {
	local i
	for i in $(seq 200); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	echo "# screen while waiting for /$1/:"; screen | sed 's/^/#   /'
	return 1
}
keys() { tm send-keys -t 0 "$@"; }
# Stop the tmux server and wait (bounded) until it is gone, so that the next
# tui_start cannot reach a server that is still shutting down.
tui_stop() {
	local i
	tm kill-server 2>/dev/null
	for i in $(seq 100); do
		tm list-sessions > /dev/null 2>&1 || return 0
		sleep 0.02
	done
	return 0
}
viewer_pid() { # the forkscope viewer: the pane's child running our binary
	local p
	for p in $(pgrep -P "$(tm display -p -t 0 '#{pane_pid}')"); do
		[ "$(readlink /proc/$p/exe)" = "$BIN" ] && echo "$p"
	done
}

# run_halves SCENARIO FACTS ROOT_TESTS: run the scenario as nobody and call
# "FACTS nobody FILE"; then as root and "FACTS root FILE". Without root the
# root half (ROOT_TESTS lines, root-only checks included) is skipped and the
# test file ends here.
run_halves() {
	local scn=$1 facts=$2 i
	run_json nobody "$scn"
	"$facts" nobody "$T/nobody.json"
	if ! is_root; then
		for i in $(seq "$3"); do skip "PFN facts need CAP_SYS_ADMIN (run the tests as root)"; done
		exit 0
	fi
	run_json root "$scn"
	"$facts" root "$T/root.json"
}

# Does this run show frame numbers / map counts? From the JSON header, so a
# test decides by what the kernel showed, never by the uid.
pfn_visible() { [ -s "$1" ] && [ "$(jq -r -s '.[0].pfn_visible' "$1")" = true ]; }
# need_pfns N FILE: the N tests that follow compare frame numbers of FILE's
# run; where the kernel hid them (no CAP_SYS_ADMIN, even as uid 0) skip them
# with the reason and end the test file, so null == null never passes.
need_pfns() {
	local i
	pfn_visible "$2" && return 0
	for i in $(seq "$1"); do skip "frame numbers are hidden here (no CAP_SYS_ADMIN)"; done
	exit 0
}
# Does the current user see frame numbers? (One run of a tiny demo.)
pfns_here() {
	[ -n "${PFNS_HERE:-}" ] || { "$BIN" --json fork-hello > "$T/pfns-here.json" 2>/dev/null
		PFNS_HERE=no; pfn_visible "$T/pfns-here.json" && PFNS_HERE=yes; }
	[ "$PFNS_HERE" = yes ]
}
mapcount_visible() { [ "$(jq -r -s '.[0].mapcount_visible' "$1")" = true ]; }
# The expectation verdicts of a step: exp FILE STEP -> "text|ok|got" lines.
exp() {
	jq -r -s --argjson s "$2" '.[$s+1].expects[] | "\(.text)|\(.ok)|\(.got)"' "$1"
}
