#!/bin/bash
# SPDX-License-Identifier: MIT
# Cell attributes as a terminal emulator (libvterm) sees forkscope's output:
# what a step changed is bold and reverse, with colour or without.
. "$(dirname "$0")/lib.sh"

if ! cc -std=c11 -D_GNU_SOURCE -o "$T/cells" "$TOP/tests/vterm/cells.c" -lvterm 2> "$T/cc"; then
	skip_all "libvterm-dev is not installed"
fi
run() { "$T/cells" "step 3/7" "   " "$1" -- env TERM=xterm-256color LANG=C.UTF-8 "$BIN" fork-cow; }
# codes STEP KEYS PROBE DEMO: the attribute codes of the cells showing PROBE.
codes() {
	"$T/cells" "$1" "$2" "$3" -- env TERM=xterm-256color LANG=C.UTF-8 "$BIN" "$4" |
		sed -n "s/^$3: //p"
}

r=$(run "= 2 ◆")
is "$(head -1 <<<"$r")" "= 2 ◆: ..R.R" "the changed value and its mark are bold and reverse"
check "colours are in use by default" grep -qE "coloured cells: [1-9]" <<<"$r"
r=$(NO_COLOR=1 run "= 2 ◆")
is "$(head -1 <<<"$r")" "= 2 ◆: ..R.R" "NO_COLOR: the same cells are still bold and reverse"
is "$(grep coloured <<<"$r")" "coloured cells: 0" "NO_COLOR: not one coloured cell"
r=$(run "+1 fault: copy-on-write")
check "the fault explanation is bold, every cell" grep -qE '^\+1 fault: copy-on-write: b{23}$' <<<"$(head -1 <<<"$r")"
# The other marks the eye looks for: who acts (reversed), who is stuck.
check "the actor's name is reversed, every cell" \
	grep -qE '^[rR]{7}$' <<<"$(codes "step 3/7" "   " "▶ child" fork-cow)"
check "a process that does not act is not reversed" \
	grep -qE '^[.b]{6}$' <<<"$(codes "step 3/7" "   " "parent" fork-cow)"
check "'suspended in vfork()' is bold, every cell" \
	grep -qE '^b{20}$' <<<"$(codes "step 1/6" " " "suspended in vfork()" vfork-shared)"
check "and so is the second variable's change mark, not only the first's" \
	grep -qE '^\.\.R\.R$' <<<"$(codes "step 3/6" "   " "= 6 ◆" vfork-shared)"
# --theme auto asks the terminal for its background (OSC 11).
r=$(CELLS_BG=ffff/ffff/ffff run "= 2 ◆")
is "$(grep background <<<"$r")" "background: #ffffff" \
	"a terminal that answers 'white background' gets the light theme, painted white"
r=$(CELLS_BG=0000/0000/0000 run "= 2 ◆")
is "$(grep background <<<"$r")" "background: #000000" \
	"a terminal that answers 'black background' gets the dark theme, painted black"
finish
