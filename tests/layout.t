#!/bin/bash
# SPDX-License-Identifier: MIT
# The projector layout: every step of every built-in demo, driven in tmux at
# 80x22 (28pt text on a 1080p projector), 80x24, 64x18 (the compact layout)
# and 200x50. The step's actor always has a column; no line is wider than
# the terminal; no word is cut without an ellipsis; the facts the demos'
# narration points at are on screen.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

SIZES="80x22 80x24 64x18 200x50"
DEMOS=$("$BIN" --list | awk '{print $1}')

# Every word forkscope may print: the demos' text and transcripts, and the
# TUI's own sentences (string literals with a space in them).
for d in $DEMOS; do
	"$BIN" --plain "$d" > "$T/plain.$d"
	"$BIN" --show "$d"
	cat "$T/plain.$d"
done > "$T/vocab.txt"
strings -n 3 "$BIN" | grep -E ' |^[A-Z][a-z]+$' >> "$T/vocab.txt"
tr -cs 'A-Za-z' '\n' < "$T/vocab.txt" | tr 'A-Z' 'a-z' | sort -u > "$T/words"

# Every demo at every size at once, one tmux session each, stepped in
# lockstep; every step's screen is kept in $T/WxH/DEMO.N once its footer
# (the last row ncurses paints) says "step N/". One tmux command per poll
# captures them all, so the test costs rounds, not screens.
declare -A steps
max=0
for d in $DEMOS; do
	steps[$d]=$(grep -c '^== step' "$T/plain.$d")
	[ "${steps[$d]}" -gt "$max" ] && max=${steps[$d]}
done
tui_stop
tm new-session -d -s keep "exec cat"      # one server for all
for size in $SIZES; do
	mkdir -p "$T/$size"
	for d in $DEMOS; do
		tm new-session -d -s "$size-$d" -x "${size%x*}" -y "${size#*x}" \
			"env LANG=C.UTF-8 TERM=xterm-256color $BIN $d; exec cat"
	done
done
for i in $(seq 0 $((max - 1))); do
	for k in $(seq 250); do
		cmd=()
		for size in $SIZES; do
			for d in $DEMOS; do
				[ "$i" -lt "${steps[$d]}" ] && [ ! -e "$T/$size/$d.$i" ] &&
					cmd+=(display -p "@@ $size/$d" \; capture-pane -p -J -t "$size-$d" \;)
			done
		done
		[ ${#cmd[@]} = 0 ] && break
		tm "${cmd[@]}" | awk -v dir="$T" -v i="$i" '
			function keep() { if (f != "" && text ~ ("step " i "/"))
				{ printf "%s", text > (dir "/" f "." i); close(dir "/" f "." i) } }
			/^@@ / { keep(); f = $2; text = ""; next }
			{ text = text $0 "\n" }
			END { keep() }'
		sleep 0.02
	done
	cmd=()
	for size in $SIZES; do
		for d in $DEMOS; do
			cmd+=(send-keys -t "$size-$d" Space \;)
		done
	done
	tm "${cmd[@]}"
done
tui_stop

# The steps whose actor has no column marked as the actor's, as "SIZE DEMO
# STEP" lines; the actor of a step is the first word of its action in the
# transcript.
for d in $DEMOS; do
	sed -n "s/^== step \([0-9]*\)\/[0-9]*: \([^ ]*\).*/$d \1 \2/p" "$T/plain.$d"
done > "$T/actors"
for size in $SIZES; do
	perl -CSD -Mutf8 -ne 'my ($d, $i, $a) = split; next if $i == 0;  # before the first action
		open(my $f, "<", "'"$T/$size"'/$d.$i") or do { print "'"$size"' $d $i\n"; next };
		local $/; my $s = <$f>; print "'"$size"' $d $i\n" unless $s =~ /▶ \Q$a\E( |─|$)/m' \
		"$T/actors"
done > "$T/no-actor"
# Lines wider than the terminal, as "FILE:LINE: width" (tmux joins what
# the terminal wrapped, -J above).
too_wide() {
	perl -CSD -ne 'my $w = length($_) - 1; print "$ARGV:$.: $w\n" if $w > '"$1"'; close ARGV if eof' "${@:2}"
}
# Words on screen that forkscope never says: a word cut without an ellipsis.
cut_words() {
	perl -CSD -Mutf8 -ne 'for my $t (split /[\s\x{2500}-\x{257f}═≠≡◆▶✓✗]+/) {
		next if $t =~ /\x{2026}$/ or $t =~ /\.\.\.$/;
		next if $t =~ /^(0x)?[0-9a-f]+[,;:.)]*$/i;
		print "$1\n" while $t =~ /([A-Za-z]+)/g }' "$@" | tr 'A-Z' 'a-z' | sort -u |
		comm -23 - "$T/words"
}

for size in $SIZES; do
	W=${size%x*}
	for d in $DEMOS; do
		is "$(awk -v s="$size" -v d="$d" '$1 == s && $2 == d { printf " %s", $3 }' "$T/no-actor")" "" \
			"$size $d: every step shows its actor in a column of its own"
	done
	is "$(too_wide "$W" "$T/$size"/*)" "" "$size: no line is wider than the terminal"
	is "$(cut_words "$T/$size"/* | tr '\n' ' ')" "" "$size: no word is cut without an ellipsis"
	# clone-flags step 4: twin shares the parent's table and handlers.
	is "$(grep -o 'log fd 200' "$T/$size/clone-flags.4" | wc -l | tr -d ' ')" 3 \
		"$size clone-flags: the descriptor 'log' is shown in parent, copy and twin"
	is "$(grep -o 'SIGUSR1 handler' "$T/$size/clone-flags.4" | wc -l | tr -d ' ')" 3 \
		"$size clone-flags: the SIGUSR1 handler is shown in parent, copy and twin"
	check "$size vfork-exit-pitfall: after the fork child's exit(), its stdout shows the parent's line" \
		grep -q "hello from the parent" "$T/$size/vfork-exit-pitfall.3"
	check "$size vfork-exit-pitfall: after the vfork child's exit(), its stdout shows the parent's line" \
		grep -q "hello from the parent" "$T/$size/vfork-exit-pitfall.6"
	if [ "$("$BIN" --json fork-many | head -1 | jq -r .mapcount_visible)" = true ]; then
		check "$size fork-many: the map count of x after the grandchild's fork is 4" \
			grep -q "mapped 4 times" "$T/$size/fork-many.3"
	else
		skip "$size fork-many map count: /proc/kpagecount is not readable here"
	fi
done
check_no_leftovers "the layout runs"
finish
