#!/bin/bash
# SPDX-License-Identifier: MIT
# Pictures for slides: --svg writes the full-screen view of one step as a
# standalone SVG that XML tools accept and librsvg renders, holding what the
# TUI shows at that step (the same screen as in tmux, numbers aside), in the
# theme's colours, nothing outside its view box; --plain and --json --step
# print one step; the file is created safely, also under sudo.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

# The picture's grid: cells of 9.6 x 20 units inside a margin of 9.6 x 10,
# text on a baseline 15 units below a cell's top. rows FILE prints the
# screen the text elements make, one row a line (a wide glyph's second
# cell left blank).
rows() {
	perl -CSD -0777 -ne '
		my @row;
		while (/<text y="([\d.]+)"[^>]*? x="([^"]*)">(.*?)<\/text>/g) {
			my ($y, @x) = ($1, split / /, $2);
			my $t = $3;
			$t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&amp;/&/g;
			my @c = split //, $t;
			my $r = int(($y - 25) / 20 + 0.5);
			$row[$r][int(($x[$_] - 9.6) / 9.6 + 0.5)] = $c[$_] for 0 .. $#c;
		}
		for my $r (@row) {
			my $l = join "", map { defined $_ ? $_ : " " } @{$r || []};
			$l =~ s/ +$//;
			print "$l\n";
		}' "$1"
}
# A screen with its numbers (pids, frames, addresses) and runs of blanks
# made alike, to compare two runs of the same demo.
alike() { sed -E 's/0x[0-9a-f]+/#/g; s/[0-9]+/#/g; s/ +/ /g; s/ $//' | grep -v '^$'; }
# The largest x and y any text or rectangle reaches, and the view box.
extent() {
	perl -0777 -ne '
		my ($mx, $my) = (0, 0);
		/viewBox="0 0 ([\d.]+) ([\d.]+)"/ or die; my ($w, $h) = ($1, $2);
		while (/<text y="([\d.]+)"[^>]*? x="([^"]*)"/g) {
			$my = $1 if $1 > $my;
			for (split / /, $2) { $mx = $_ + 9.6 if $_ + 9.6 > $mx }
		}
		while (/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g) {
			$mx = $1 + $3 if $1 + $3 > $mx; $my = $2 + $4 if $2 + $4 > $my;
		}
		printf "%s\n", ($mx <= $w + 0.01 && $my <= $h + 0.01) ? "inside" : "outside: $mx,$my in $w,$h";
	' "$1"
}

# fork-cow's copy-on-write step, as a picture and in tmux.
"$BIN" --svg "$T/cow.svg" --step 3 fork-cow > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/out" "$T/err")" "0/" "--svg --step 3 fork-cow: exit 0, nothing on stdout or stderr"
if command -v xmllint > /dev/null; then
	check "xmllint accepts the picture" xmllint --noout "$T/cow.svg"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
if command -v rsvg-convert > /dev/null; then
	rsvg-convert "$T/cow.svg" -o "$T/cow.png" 2> "$T/err"
	is "$?/$(cat "$T/err")" "0/" "rsvg-convert renders it without a word"
	is "$(od -An -tx1 -N8 "$T/cow.png" | tr -d ' ')" 89504e470d0a1a0a "the rendering is a PNG"
	w=$(od -An -tu1 -j16 -N4 "$T/cow.png" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')
	check "the PNG is as wide as 80 columns and the margins ($w px)" test "$w" -ge 780 -a "$w" -le 800
else
	skip "rsvg-convert is not installed (librsvg2-bin)"
fi
rows "$T/cow.svg" > "$T/cow.rows"
for w in "Copy-on-write after fork()" "parent" "child" "x global = 2" "h heap = 10" \
	"fork() returned 0" "child: set x 2" "Now the child writes x." "step 3/7"; do
	check "the picture's text holds '$w'" grep -qF -- "$w" "$T/cow.rows"
done
if [ "$("$BIN" --json fork-cow | jq -r -s '.[4].procs[1].vars[0].change')" = copied ]; then
	check "the picture says why: +1 fault: copy-on-write" grep -qF "+1 fault: copy-on-write" "$T/cow.rows"
else
	skip "this kernel did not show the write as a copy"
fi
tui_start 80 24 fork-cow
keys Space Space Space
wait_for "+1 fault: copy-on-write" > /dev/null
wait_for "step 3/7" > /dev/null
screen > "$T/cow.tmux"
tui_stop
is "$(alike < "$T/cow.rows")" "$(alike < "$T/cow.tmux")" \
	"the picture is the screen tmux shows at that step (numbers aside)"
is "$(extent "$T/cow.svg")" inside "nothing lies outside the view box"
is "$(grep -o 'viewBox="[^"]*"' "$T/cow.svg")" 'viewBox="0 0 787.2 500.0"' \
	"the view box is the 80x24 cell grid and its margin"

# Colours and attributes as the terminal shows them.
page() { grep -o '<rect width="[^"]*" height="[^"]*" rx="[^"]*" fill="#[0-9a-f]*"' "$1" | grep -o '#[0-9a-f]*'; }
is "$(page "$T/cow.svg")" "#000000" "the dark theme (the default) paints its own background: black"
"$BIN" --svg "$T/light.svg" --step 3 --theme light fork-cow
is "$(page "$T/light.svg")" "#ffffff" "--theme light paints it white"
# The changed value: reverse (a rectangle in the mark's colour, the glyph
# in the background's) and bold, as libvterm sees it in the TUI (vterm.t).
check "the changed value is drawn bold on its mark's colour (reverse)" \
	grep -qE '<text y="[0-9.]+" fill="#000000" font-weight="bold" x="[0-9.]+">2</text>' "$T/cow.svg"
check "the title bar has its own background colour" \
	grep -qE '<rect x="9.6" y="10.0" width="768.0" height="20.0" fill="#[0-9a-f]{6}"/>' "$T/cow.svg"
NO_COLOR=1 "$BIN" --svg "$T/mono.svg" --step 3 fork-cow
is "$(grep -o 'fill="#[0-9a-f]*"' "$T/mono.svg" | sort -u | wc -l)" 2 \
	"NO_COLOR: the picture has two colours, the theme's text and background"
check "NO_COLOR: the change is still reverse and bold" \
	grep -qE '<text y="[0-9.]+" fill="#000000" font-weight="bold" x="[0-9.]+">2</text>' "$T/mono.svg"
LANG=C LC_ALL=C "$BIN" --svg "$T/c.svg" --step 3 fork-cow
check "in the C locale the picture still has its glyphs (UTF-8)" grep -q '◆' "$T/c.svg"

# Text from a scenario is escaped for XML, whatever it holds.
scn=$(printf 'title <b>&amp; "quotes" \x27it\x27 ]]> \x1b[31m 漢字 tail\nvar x global 1\nsay a < b && c > d 漢字x\nparent fork\n' |
	scenario odd)
"$BIN" --svg "$T/odd.svg" --step 1 "$scn"
is "$?" 0 "a scenario full of XML's special characters draws"
if command -v xmllint > /dev/null; then
	check "xmllint accepts it" xmllint --noout "$T/odd.svg"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
rows "$T/odd.svg" > "$T/odd.rows"
check "the title is shown as written, escapes and all" grep -qF '<b>&amp; "quotes"' "$T/odd.rows"
check "an escape character is shown, not sent (^[)" grep -qF '^[[31m' "$T/odd.rows"
check "the narration keeps < and > and &&" grep -qF 'a < b && c > d' "$T/odd.rows"
# The cells of 漢, 字 and x in the narration: each wide glyph takes two.
wide=$(perl -CSD -Mutf8 -ne 'if (/x="([\d. ]+)">([^<]*漢字x)/) { my @x = split / /, $1;
	my $t = $2; $t =~ s/&(lt|gt|amp);/x/g; my $i = index($t, "漢"); printf "%.1f %.1f\n", $x[$i + 1] - $x[$i], $x[$i + 2] - $x[$i + 1] }' "$T/odd.svg")
is "$wide" "19.2 19.2" "a wide glyph takes two cells: the next glyph is placed two cells on"

# Sizes.
"$BIN" --svg "$T/big.svg" --step 3 --size 120x40 fork-cow
is "$(grep -o 'viewBox="[^"]*"' "$T/big.svg")" 'viewBox="0 0 1171.2 820.0"' "--size 120x40 sizes the grid"
is "$(extent "$T/big.svg")" inside "at 120x40 too nothing lies outside"
check "120 columns show the wider layout (addresses beside frames)" grep -q "addr" <(rows "$T/big.svg")
"$BIN" --svg "$T/small.svg" --step 3 --size 64x18 fork-cow
is "$(extent "$T/small.svg")" inside "at 64x18, the smallest, nothing lies outside"

# One step of the transcript, for a slide's code block.
"$BIN" --plain --step 3 fork-cow > "$T/p3"
is "$?/$(grep -c '^== step' "$T/p3")/$(grep -m 1 . "$T/p3")" "0/1/== step 3/7: child set x 2" \
	"--plain --step 3: that step only, without the header"
check "--plain --step 3 says what the step did" grep -q "copy-on-write" "$T/p3"
is "$(head -n 1 "$T/p3")" "== step 3/7: child set x 2" "--plain --step 3 starts with the step, no blank line first"
"$BIN" --json --step 3 fork-cow > "$T/j3"
is "$?/$(wc -l < "$T/j3")/$(jq -s -c '[.[0].steps, .[1].step]' "$T/j3")" "0/2/[7,3]" \
	"--json --step 3: the header, then that step"
is "$("$BIN" --json --step 0 fork-cow | jq -s -c '[length, .[1].step]')" "[2,0]" \
	"--json --step 0: the header and step 0"
is "$("$BIN" --step 7 fork-cow | grep -m 1 .)" "== step 7/7: parent wait child" \
	"--step alone, off a terminal: the plain step"

# What does not fit is a usage error, exit 2, one message.
usage_error() { # DESCRIPTION MESSAGE ARGS...
	local d=$1 m=$2; shift 2
	(cd "$T" && "$BIN" "$@") > "$T/out" 2> "$T/err"
	is "$?/$(grep -c -F -e "$m" "$T/err")/$(wc -c < "$T/out")" "2/1/0" "$d: exit 2, one message, no output"
}
usage_error "--svg without --step" "--svg needs --step N" --svg x.svg fork-cow
usage_error "a step past the end" "--step 8: the scenario has 7 steps (0 to 7)" --svg x.svg --step 8 fork-cow
usage_error "a step that is no number" "--step takes a step number, 0 or more ('three')" --step three fork-cow
usage_error "--size too small" "--size takes COLSxROWS, from 64x18 to 400x200 ('20x5')" \
	--svg x.svg --step 1 --size 20x5 fork-cow
usage_error "--size not COLSxROWS" "('80,24')" --svg x.svg --step 1 --size 80,24 fork-cow
usage_error "--size without --svg" "--size is for --svg" --size 80x24 fork-cow
usage_error "--size with --plain" "--size is for --svg, not --plain" --plain --size 80x24 fork-cow
usage_error "--svg with --json" "--json and --svg cannot be used together" --json --svg x.svg --step 1 fork-cow
usage_error "--step with --predict" "--step is for --plain, --json and --svg, not --predict" \
	--predict --step 1 fork-cow
usage_error "--theme with --json" "--theme is for the full-screen view and --svg, not --json" \
	--json --theme dark fork-cow
usage_error "--record with --svg" "--record is for the full-screen view, not --svg" \
	--svg x.svg --step 1 --record x.cast fork-cow
usage_error "--step with --list" "--step does not apply to --list" --list --step 1
check "no picture is left by a refused command" test ! -e "$T/x.svg"

# The file: a new one renamed onto the name, never written through a link.
echo "the lecture notes" > "$T/notes.txt"
ln -s "$T/notes.txt" "$T/link.svg"
"$BIN" --svg "$T/link.svg" --step 1 fork-hello
is "$?/$(cat "$T/notes.txt")" "0/the lecture notes" "a symlink at the name: its target is untouched"
check "the symlink was replaced by the picture" test -f "$T/link.svg" -a ! -L "$T/link.svg"
ln "$T/notes.txt" "$T/hard.svg"
"$BIN" --svg "$T/hard.svg" --step 1 fork-hello
is "$(cat "$T/notes.txt")" "the lecture notes" "a hard link at the name: the other name's file is untouched"
is "$(stat -c %a "$T/cow.svg")" "$(printf '%o' $((0666 & ~0$(umask))))" "the picture's mode is 0666 less the umask"
mkdir "$T/dir.svg"
"$BIN" --svg "$T/dir.svg" --step 1 fork-hello > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "1/forkscope: $T/dir.svg: Is a directory" "a directory at the name: exit 1, the reason"
"$BIN" --svg "$T/nowhere/x.svg" --step 1 fork-hello > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "1/forkscope: $T/nowhere/x.svg: No such file or directory" \
	"a missing directory: exit 1, the reason"
is "$(ls -A "$T" | grep -c '^\.')" 0 "no temporary file is left behind"
if is_root; then
	mkdir -m 755 "$T/rootonly"
	mkdir -m 777 "$T/shared"
	sudo_env() { env SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody "$@"; }
	sudo_env "$BIN" --svg "$T/rootonly/x.svg" --step 1 fork-hello > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "1/forkscope: $T/rootonly/x.svg: Permission denied" \
		"under sudo: no picture where the user may not write"
	sudo_env "$BIN" --svg "$T/shared/x.svg" --step 1 fork-hello
	is "$?/$(stat -c %u "$T/shared/x.svg")" "0/65534" "under sudo: the picture belongs to the user"
	as_nobody "$BIN" --svg "$T/rootonly/y.svg" --step 1 fork-hello > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "1/forkscope: $T/rootonly/y.svg: Permission denied" \
		"unprivileged: no picture where the user may not write"
	as_nobody "$BIN" --svg "$T/shared/n.svg" --step 3 fork-cow
	is "$?" 0 "unprivileged: the picture is drawn"
	check "unprivileged: the picture says frames are hidden, and why" \
		grep -qE "PFNs hidden|PFN hidden" <(rows "$T/shared/n.svg")
else
	skip "the sudo and unprivileged checks switch users, which needs root"
fi
check_no_leftovers "the pictures"
finish
