#!/bin/bash
# SPDX-License-Identifier: MIT
# Output that never lies about failing: a write error ends the run with a
# message and status 1, a closed pipe ends it quietly (SIGPIPE, as in a
# pipeline), a closed stdout is never reused for a subject's file, and an
# interrupted transcript ends on a whole step.
. "$(dirname "$0")/lib.sh"

{
	echo "var x global 1"
	echo "parent fork"
	for i in $(seq 300); do echo "child set x $i"; echo "parent inc x"; done
} > "$T/long.scn"
chmod 644 "$T/long.scn"

full() { # DESCRIPTION ARGS...: the output goes to /dev/full
	local d=$1; shift
	"$BIN" "$@" > /dev/full 2> "$T/err"
	is "$?/$(cat "$T/err")" "1/forkscope: cannot write the output: No space left on device" \
		"$d > /dev/full: exit 1 and says why"
}
if [ -w /dev/full ]; then
	full "--plain fork-cow" --plain fork-cow
	full "--json fork-cow" --json fork-cow
	full "--list" --list
	full "--check" --check "$TOP/demos/fork-cow.scn"
	full "--show" --show fork-cow
	full "--help" --help
	full "bench --plain" bench --sizes 1M --plain
else
	skip "/dev/full is not there"
fi
check_no_leftovers "writing to a full device"

# A reader that goes away ends the run at once, quietly, by SIGPIPE.
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$BIN" --json "$T/long.scn" > "$T/fifo" 2> "$T/err" &
pid=$!
head -n 2 "$T/fifo" > /dev/null
wait "$pid"
is "$?" 141 "a closed pipe: the run stops by SIGPIPE instead of running all 601 steps"
is "$(cat "$T/err")" "" "a closed pipe: nothing on stderr"
check_no_leftovers "a closed pipe"
"$BIN" --plain "$T/long.scn" 2> "$T/err" | head -1 > "$T/out"
is "${PIPESTATUS[0]}/$(cat "$T/err")" "141/" "| head -1: ends by SIGPIPE, quietly"
check_no_leftovers "| head -1"

# stdout closed: descriptor 1 is reserved, so nothing else takes its place.
"$BIN" --plain fork-cow >&- 2> "$T/err"
is "$?" 1 "stdout closed: exit 1"
is "$(head -1 "$T/err")" "forkscope: cannot write the output: Bad file descriptor" \
	"stdout closed: says so"
is "$(grep -c '== step' "$T/err")" 0 "stdout closed: the transcript does not end up in the subjects' stderr file"
"$BIN" --plain fork-cow <&- > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "0/" "stdin closed: the run is not disturbed"
check_no_leftovers "closed standard descriptors"

# SIGTERM in the middle of a transcript: it ends on a whole step. Every step
# of slow.scn after the fork ends with the line of what the two share. Its
# 1024 pages per process make each step measure that many, so that the run
# lasts long after its fifth step (long.scn's 600 steps can be over within
# one poll).
{
	echo "var x global 1"
	echo "var pad1 heap 1 512p"
	echo "var pad2 heap 1 512p"
	echo "parent fork"
	for i in $(seq 495); do echo "child set x $i"; echo "parent inc x"; done
} > "$T/slow.scn"
"$BIN" --plain "$T/slow.scn" > "$T/plain" 2> /dev/null &
pid=$!
for i in $(seq 1000); do
	[ "$(grep -c '^== step' "$T/plain")" -ge 5 ] && break
	sleep 0.01      # polling the file with a deadline
done
kill -TERM "$pid"
wait "$pid"
is "$?" 143 "SIGTERM ends the transcript by the signal"
is "$(tail -c 1 "$T/plain" | od -An -c | tr -d ' ')" '\n' "the interrupted transcript ends with a whole line"
check "the interrupted transcript ends on a whole step (its last line is the step's last)" \
	grep -q '^  parent & child: address space separate, fd table separate, signal handlers separate$' \
	<<<"$(tail -1 "$T/plain")"
check_no_leftovers "an interrupted transcript"
# The change mark after a value wider than its column keeps a space from it.
printf 'var x global 1\nparent set x -1234567890123456789\n' > "$T/wide.scn"
check "plain: a changed 20-character value and its '*' are two words" \
	grep -qE -- '= -1234567890123456789 \* addr' <("$BIN" --plain "$T/wide.scn")
finish
