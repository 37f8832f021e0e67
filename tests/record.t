#!/bin/bash
# SPDX-License-Identifier: MIT
# Recording for the web: --record writes the session as an asciicast v2
# file (a header, output events, one marker per step shown), flushed at each
# step; its output, played back through libvterm, leaves exactly the screen
# tmux showed; the TUI behaves as without recording (keys, resize, exit
# status, terminal restored); a recorder killed mid-session leaves a valid
# cast and no process; the file is made as --svg's are.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

cast=$T/cow.cast
have_vterm=yes
cc -std=c11 -D_GNU_SOURCE -o "$T/replay" "$TOP/tests/vterm/replay.c" -lvterm 2> "$T/cc" ||
	have_vterm=no
# The bytes of the output events, in order.
output() { jq -j 'select(type == "array" and .[1] == "o") | .[2]' "$1"; }
markers() { jq -r 'select(type == "array" and .[1] == "m") | .[2]' "$1"; }
# wait_markers FILE N: poll until the file holds N markers (10 s at most).
wait_markers() {
	local i
	for i in $(seq 200); do
		[ "$(markers "$1" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
# compare_screen FILE COLS ROWS: libvterm's screen after the cast's output
# against tmux's, trailing blanks aside.
compare_screen() {
	diff <(output "$1" | "$T/replay" "$2" "$3" | sed 's/ *$//') <(screen | sed 's/ *$//') \
		> "$T/diff"
}
# The recorder: the pane's child running our binary (the TUI is its child).
recorder_pid() { viewer_pid; }

tui_start 80 24 --record "$cast" fork-cow
check "the TUI comes up while recording" wait_for "step 0/7"
keys Space
wait_for "step 1/7" > /dev/null
keys Space
wait_for "step 2/7" > /dev/null
keys Space
check "keys reach the TUI: step 3, the copy-on-write" wait_for "step 3/7"
wait_for "+1 fault: copy-on-write" > /dev/null
check "each step is in the file at once (flushed per step)" wait_markers "$cast" 4
is "$(head -1 "$cast" | jq -c '[.version, .width, .height, .title, .env.TERM]')" \
	'[2,80,24,"Copy-on-write after fork()","xterm-256color"]' \
	"the header: version 2, the terminal's width and height, the demo's title, TERM"
check "the header has the start time" test "$(head -1 "$cast" | jq '.timestamp | floor')" -gt 1600000000
is "$(tail -n +2 "$cast" | jq -c 'select((type != "array") or (length != 3) or
	((.[0] | type) != "number") or ((.[1] | IN("o", "m", "r")) | not) or ((.[2] | type) != "string"))' | wc -l)" 0 \
	"every later line is an event: [time, \"o\"|\"m\"|\"r\", text]"
is "$(tail -n +2 "$cast" | jq -s '[.[][0]] | . == sort')" true "event times never go back"
is "$(markers "$cast")" "step 0/7: start
step 1/7: parent fork
step 2/7: child read x
step 3/7: child set x 2" "one marker per step visited, named for the step"
if [ "$have_vterm" = yes ]; then
	compare_screen "$cast" 80 24
	is "$?" 0 "libvterm playing the output back shows what tmux shows"
	[ -s "$T/diff" ] && sed 's/^/#   /' "$T/diff"
else
	skip "libvterm-dev is not installed"
fi
check "the markers reach neither the terminal nor the cast's output" \
	test "$(output "$cast" | grep -c 'forkscope-mark')/$(screen | grep -c 'forkscope-mark')" = 0/0
keys Left
check "Left: a replay of step 2" wait_for "REPLAY of step 2"
wait_markers "$cast" 5
is "$(markers "$cast" | tail -1)" "step 2/7: child read x" "going back to a step marks it again"
keys '?'
wait_for "previous step: a replay" > /dev/null
keys x
wait_for "REPLAY of step 2" > /dev/null
keys Right
wait_for "step 3/7" > /dev/null
wait_markers "$cast" 6
is "$(markers "$cast" | wc -l)" 6 "the help screen in between adds no marker"
tm resize-window -t 0 -x 100 -y 30
check "a resize reaches the TUI: it redraws at 100 columns" wait_re "step 3/7 *$"
keys Space
wait_for "step 4/7" > /dev/null
wait_markers "$cast" 7
is "$(jq -r 'select(type == "array" and .[1] == "r") | .[2]' "$cast" | tail -1)" "100x30" \
	"the resize is in the cast"
if [ "$have_vterm" = yes ]; then
	# Played back at the first size, then resized as the event says.
	out=$(jq -r 'select(type == "array" and .[1] == "r") | .[2]' "$cast" | tail -1)
	compare_screen "$cast" "${out%x*}" "${out#*x}"
	is "$?" 0 "after the resize, too, the playback shows what tmux shows"
else
	skip "libvterm-dev is not installed"
fi
keys q
check "q quits; the exit status is the TUI's" wait_for "[exit 0]"
check "the terminal is back to normal: echo on" wait_for "echo"
is "$(tm display -p -t 0 '#{alternate_on}')" 0 "the terminal is off the alternate screen"
check "the cast ends with the TUI leaving the alternate screen" \
	grep -q '1049l' <(output "$cast" | tail -c 200 | od -c | tr -d ' \n')
check_no_leftovers "a recorded session"
is "$(stat -c %a "$cast")" "$(printf '%o' $((0666 & ~0$(umask))))" "the cast's mode is 0666 less the umask"

# Killed mid-session, the recorder still leaves a valid cast, and nothing
# of the session survives it.
tui_start 80 24 --record "$T/cut.cast" fork-cow
wait_for "step 0/7" > /dev/null
keys Space
wait_for "step 1/7" > /dev/null
wait_markers "$T/cut.cast" 2
kill -KILL "$(recorder_pid)"
jq -e . "$T/cut.cast" > /dev/null
ok $? "after SIGKILL every line of the cast is still JSON"
is "$(markers "$T/cut.cast" | wc -l)" 2 "the steps shown before it are in it"
for i in $(seq 100); do [ -z "$(leftovers)" ] && break; sleep 0.05; done
check_no_leftovers "the recorder was killed (its TUI and subjects die with it)"
tui_stop

# SIGTERM to the recorder ends the TUI too, and the terminal comes back.
tui_start 80 24 --record "$T/term.cast" fork-cow
wait_for "step 0/7" > /dev/null
kill -TERM "$(recorder_pid)"
check "SIGTERM: the recording ends by the signal, terminal restored" wait_for "[exit 143]"
check "SIGTERM: echo is on again" wait_for "echo"
check_no_leftovers "a recorder stopped by SIGTERM"

# Ctrl-C is a key on the recorded terminal: the TUI ends as without recording.
tui_start 80 24 --record "$T/int.cast" fork-cow
wait_for "step 0/7" > /dev/null
keys C-c
check "Ctrl-C ends a recorded session by SIGINT" wait_for "[exit 130]"
check_no_leftovers "Ctrl-C"

# Without privileges: the same recording, in a directory the user may write.
if is_root; then
	mkdir -m 777 "$T/shared"
	TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" \
		tui_start 80 24 --record "$T/shared/n.cast" fork-cow
	wait_for "step 0/7" > /dev/null
	keys Space
	check "unprivileged: the recorded TUI steps on" wait_for "step 1/7"
	wait_markers "$T/shared/n.cast" 2
	keys q
	check "unprivileged: q quits with status 0" wait_for "[exit 0]"
	is "$(markers "$T/shared/n.cast" | wc -l)/$(stat -c %u "$T/shared/n.cast")" 2/65534 \
		"unprivileged: a marker per step, the file the user's"
	check_no_leftovers "an unprivileged recording"
else
	skip "the unprivileged run switches users, which needs root"
fi

# The file: where it cannot be made, nothing runs; a symlink is replaced.
echo "the lecture notes" > "$T/notes.txt"
ln -s "$T/notes.txt" "$T/link.cast"
tui_start 80 24 --record "$T/link.cast" fork-hello
wait_for "step 0/4" > /dev/null
keys q
wait_for "[exit 0]" > /dev/null
is "$(cat "$T/notes.txt")" "the lecture notes" "a symlink at the name: its target is untouched"
check "the symlink was replaced by the cast" test -f "$T/link.cast" -a ! -L "$T/link.cast"
tui_start 80 24 --record "$T/nowhere/x.cast" fork-hello
check "a directory that is not there: the reason, exit 1, no TUI" \
	wait_for "forkscope: $T/nowhere/x.cast: No such file or directory"
check "... and the status is 1" wait_for "[exit 1]"
"$BIN" --record "$T/pipe.cast" fork-hello < /dev/null > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "2/forkscope: --record records the full-screen view: it needs a terminal" \
	"--record off a terminal: exit 2, the reason"
check "... and no file" test ! -e "$T/pipe.cast"
check_no_leftovers "the recordings"
finish
