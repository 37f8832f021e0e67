#!/bin/bash
# SPDX-License-Identifier: MIT
# The page grid in tmux at 80x22 (a projector): one cell per page of a
# many-page variable, its glyph saying what the page is; the counts beside
# it; the legend's words; two processes of 512 pages fitting; g toggling to
# the panes and back; the same as the unprivileged user, where the kernel
# hides frame numbers and the model goes by its exclusive bit.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

PS=$(getconf PAGESIZE)
kib=$((32 * PS / 1024))

# The glyphs of a block's cells, in page order, for the process named $1:
# the row under its header line (counts below the cells), or the 8 rows
# from the one where its name heads the counts column beside 64 cells.
cells() {
	perl -CSD -Mutf8 -e 'my ($name) = @ARGV; my @l = <STDIN>; chomp @l;
		for my $i (0 .. $#l) {
			if ($l[$i] =~ /^( *)(▶ )?\Q$name\E .*─ \w+, \d+ pages/) {
				print substr($l[$i + 1], length($1), 64), "\n"; exit }
			if ($l[$i] =~ /^(.{64,}?) (▶ )?\Q$name\E( |$)/) {
				my $x = length($1) - 64;
				print substr($l[$_], $x, 64) for $i .. $i + 7; print "\n"; exit }
		}' "$1"
}
# lacks REGEX FILE: the file does not hold it.
lacks() { ! grep -qE -- "$1" "$2"; }
# The cells in reverse video (changed by the step) in the grid row of
# process $1 under its header line, from tmux's capture with attributes.
reversed() {
	tm capture-pane -e -p -t 0 | perl -CSD -Mutf8 -e 'my ($name) = @ARGV; my $next = 0;
		while (my $l = <STDIN>) {
			(my $plain = $l) =~ s/\e\[[0-9;]*m//g;
			if ($next) {
				my ($rev, $n) = (0, 0);
				while ($l =~ /\G(?:\e\[([0-9;]*)m|(.))/gc) {
					if (defined $1) { for (split /;/, ($1 eq "" ? "0" : $1)) {
						$rev = 1 if $_ eq "7"; $rev = 0 if $_ eq "0" || $_ eq "27" } }
					elsif ($2 =~ /[■=□○·s]/) { $n += $rev }
				}
				print "$n\n"; exit }
			$next = $plain =~ /(▶ )?\Q$name\E .*─ \w+, \d+ pages/;
		}' "$1"
}
# How many of glyph $2 are in the cells string $1.
count() { perl -CSD -Mutf8 -e 'my $n = () = $ARGV[0] =~ /\Q$ARGV[1]\E/g; print $n' "$1" "$2"; }

half=$(scenario half <<'EOF'
title grid: a child writes half of a buffer
var x global 1
var buf heap 0 64p
parent fork
child fill buf 0-31 7
child touch buf 32-63
EOF
)

# run_half WHO: the scenario at 80x22 as root or as nobody, stepped to the
# child's write; the grid's cells, counts and legend checked.
run_half() {
	local who=$1 screen_file=$T/half.$1 child parent
	keys Space Space
	check "$who: the child's write ran" wait_for "step 2/3"
	check "$who: the grid is the default view" wait_for "buf, 64 pages"
	screen > "$screen_file"
	child=$(cells child < "$screen_file")
	parent=$(cells parent < "$screen_file")
	is "${#child}" 64 "$who: the child's grid has one cell per page (64)"
	is "${#parent}" 64 "$who: the parent's grid has one cell per page (64)"
	is "${child:0:32}" "$(printf '■%.0s' $(seq 32))" \
		"$who: the child's cells 0-31 have the copied glyph"
	is "${child:32}" "$(printf '=%.0s' $(seq 32))" \
		"$who: the child's cells 32-63 have the shared glyph"
	is "${parent:32}" "$(printf '=%.0s' $(seq 32))" \
		"$who: the parent's cells 32-63 have the shared glyph"
	is "$(count "${parent:0:32}" '■')" 0 "$who: none of the parent's pages is copied"
	is "$(reversed child)" 32 "$who: the 32 pages the step changed are in reverse video"
	is "$(reversed parent)" 0 "$who: none of the parent's pages is marked changed"
	check "$who: the child's counts say 32 copied" grep -q "32 copied  0 not present" "$screen_file"
	check "$who: the child's counts say 32 shared" grep -q "32 shared  32 copied" "$screen_file"
	check "$who: the counts say the child's 32 faults" grep -q "32 faults  $kib KiB copied" "$screen_file"
	check "$who: the counts say $kib KiB copied (32 pages of $PS bytes)" \
		grep -q "$kib KiB copied" "$screen_file"
	for w in shared copied reused own "not present" swapped changed huge; do
		check "$who: the legend says '$w'" grep -qE "(=|■|○|□|·|s) $w( |$)" "$screen_file"
	done
	is "$(perl -CSD -ne 'print "$.\n" if length($_) > 81' "$screen_file")" "" \
		"$who: no line is wider than the terminal"
	check "$who: nothing left out for want of room" \
		lacks 'no room for the grid|does not fit' "$screen_file"
	check "$who: the panes keep the one-page variable above the grid" grep -qE "x global += 1" "$screen_file"
	check "$who: the panes leave the buffer to the grid" lacks 'buf heap += ' "$screen_file"
	keys g
	check "$who: g shows the panes of every variable" wait_re "buf heap += 0|buf heap += 7"
	screen > "$T/panes.$who"
	check "$who: the panes have no grid" lacks 'buf, 64 pages' "$T/panes.$who"
	keys Left
	check "$who: the step keys work in the panes: Left goes back" wait_for "step 1/3"
	keys Right
	check "$who: and Right forward" wait_for "step 2/3"
	keys g
	check "$who: g shows the grid again" wait_for "buf, 64 pages"
	keys '?'
	wait_for "page 1/" > /dev/null
	keys Space
	check "$who: the help's next page explains the grid's glyphs in words" \
		wait_for "copied: a write fault gave it a frame of its own"
	keys x
	check "$who: any key leaves the help" wait_for "step 2/3"
	keys Space
	check "$who: the child's read ran" wait_for "step 3/3"
	wait_for "0 faults  0 KiB copied" > /dev/null
	screen > "$screen_file.3"
	child=$(cells child < "$screen_file.3")
	is "${child:0:32}" "$(printf '■%.0s' $(seq 32))" \
		"$who: after a read the child's copied pages keep the copied glyph"
	is "$(reversed child)" 0 "$who: a read changes no page: nothing in reverse video"
	check "$who: the step's counts say no fault, no KiB copied" \
		grep -q "32 copied  0 not present  0 faults  0 KiB copied" "$screen_file.3"
	keys q
	check "$who: q quits" wait_for "[exit 0]"
	check_no_leftovers "the $who grid run"
}

tui_start 80 22 "$half"
check "root: step 0 of the buffer scenario" wait_for "step 0/3"
run_half "$(is_root && echo root || echo user)"
if is_root; then
	TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" tui_start 80 22 "$half"
	check "nobody: step 0 of the buffer scenario" wait_for "step 0/3"
	run_half nobody
else
	skip "the unprivileged half switches user, which needs root"
fi

# Two processes of 512 pages each fit at 80x22: 64 cells by 8 rows each,
# the counts in a column beside them.
big=$(scenario big <<'EOF'
title grid: two processes of 512 pages
var buf heap 0 512p
parent fill buf 0-511 1
parent fork
EOF
)
# run_big WHO: the 512-page scenario at 80x22, stepped past the fork.
run_big() {
	local who=$1 child parent
	keys Space Space
	check "$who, 512 pages: the fork ran" wait_for "step 2/2"
	wait_for "512 shared" > /dev/null
	screen > "$T/big.$who"
	child=$(cells child < "$T/big.$who")
	parent=$(cells parent < "$T/big.$who")
	is "${#child}" 512 "$who, 512 pages: the child's grid has 512 cells"
	is "${#parent}" 512 "$who, 512 pages: the parent's grid has 512 cells"
	is "$(count "$child" '=')" 512 \
		"$who, 512 pages: after fork every present page of the child is shared"
	is "$(count "$parent" '=')" 512 "$who, 512 pages: and every page of the parent"
	is "$(grep -c '512 shared' "$T/big.$who")" 2 \
		"$who, 512 pages: both counts columns say 512 shared"
	check "$who, 512 pages: the caption is on screen too" grep -q "parent: fork" "$T/big.$who"
	check "$who, 512 pages: nothing left out for want of room" \
		lacks 'no room for the grid|does not fit' "$T/big.$who"
	is "$(perl -CSD -ne 'print "$.\n" if length($_) > 81' "$T/big.$who")" "" \
		"$who, 512 pages: no line is wider than the terminal"
	keys q
	check "$who, 512 pages: q quits" wait_for "[exit 0]"
}
tui_start 80 22 "$big"
run_big "$(is_root && echo root || echo user)"
if is_root; then
	TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" tui_start 80 22 "$big"
	run_big nobody
else
	skip "the unprivileged half switches user, which needs root"
fi

# huge-split: one write into a shared huge page copies one 4 KiB piece; the
# grid shows that one page copied and the other 511 still shared.
if "$BIN" --plain --step 0 huge-split 2> /dev/null | grep -q "512 in a huge page"; then
	tui_start 80 22 huge-split
	keys Space Space
	check "huge-split: the child's write ran" wait_for "step 2/"
	wait_for "KiB copied" > /dev/null
	screen > "$T/huge"
	child=$(cells child < "$T/huge")
	is "${child:0:1}/$(count "${child:1}" '=')" "■/511" \
		"huge-split: the child's page 0 is copied, its other 511 pages shared"
	check "huge-split: the child's counts say $((PS / 1024)) KiB copied" \
		grep -qE "(^| )$((PS / 1024)) KiB copied" "$T/huge"
	check "huge-split: the parent's counts say its 512 pages are in a huge mapping" \
		grep -qE "512 huge" "$T/huge"
	keys q
	wait_for "[exit 0]" > /dev/null
	# Without frame numbers, the parent's pieces after the first cannot be
	# told (pagemap gives all 512 the first piece's exclusive bit): they
	# are drawn unknown, and the legend says what ? means.
	if is_root; then
		TUI_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups --" tui_start 80 22 huge-split
		keys Space Space
		check "nobody, huge-split: the child's write ran" wait_for "step 2/"
		wait_for "KiB copied" > /dev/null
		screen > "$T/huge-nobody"
		parent=$(cells parent < "$T/huge-nobody")
		if grep -q "512 huge" "$T/huge-nobody"; then
			is "${parent:0:1}/$(count "${parent:1}" '?')" "□/511" \
				"nobody, huge-split: the parent's page 0 is its own, its other 511 unknown"
			check "nobody, huge-split: the legend says ? is unknown" grep -q "? unknown" "$T/huge-nobody"
		else
			skip "nobody, huge-split: this run got no huge page"
			skip "nobody, huge-split: this run got no huge page"
		fi
		keys q
		wait_for "[exit 0]" > /dev/null
	else
		skip "the unprivileged huge-split switches user, which needs root"
	fi
else
	skip "huge-split: no transparent huge page here (see /sys/kernel/mm/transparent_hugepage)"
fi

# Where one grid fits and the other does not, the actor's is shown and the
# other named, not cut.
for size in 80x18 64x18; do
	tui_start "${size%x*}" "${size#*x}" "$big"
	keys Space Space
	check "$size: the fork ran" wait_for "step 2/2"
	check "$size: the actor's grid is shown" wait_re "▶ parent"
	check "$size: the grid that does not fit is named, not cut" wait_for "no room for the grid of child"
	keys q
	wait_for "[exit 0]" > /dev/null
done

# A process without the pages (a zombie) keeps a header saying why.
tui_start 64 18 fork-buffer
keys Space Space Space Space
check "fork-buffer: the child's exit ran" wait_for "step 4/"
wait_for "zombie: exited with status 0" > /dev/null
is "$(screen | perl -CSD -Mutf8 -ne 'print $1 if $seen && /^\s*(zombie: exited with status 0)/;
	$seen = /▶ child ─/')" "zombie: exited with status 0" \
	"the zombie child keeps its header in the grid view, with its state under it"
keys q
wait_for "[exit 0]" > /dev/null
keys q
wait_for "[exit 0]" > /dev/null

# The picture for slides shows the same grid.
"$BIN" --svg "$T/half.svg" --step 2 --size 80x22 "$half" 2> "$T/err"
is "$?/$(cat "$T/err")" "0/" "--svg of the buffer scenario: exit 0, no message"
check "the picture holds the child's counts" grep -qF "$kib KiB copied" "$T/half.svg"
check "the picture holds the copied glyph" grep -qF "■" "$T/half.svg"
check_no_leftovers "the grid runs"
finish
