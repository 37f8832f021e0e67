#!/bin/bash
# SPDX-License-Identifier: MIT
# Cell attributes as a terminal emulator (libvterm) sees forkscope's output:
# what a step changed is bold and reverse, with colour or without.
. "$(dirname "$0")/lib.sh"

if ! cc -std=c11 -D_GNU_SOURCE -o "$T/cells" "$TOP/tests/vterm/cells.c" -lvterm 2> "$T/cc"; then
	for i in 1 2 3 4 5 6 7; do skip "libvterm-dev is not installed"; done
	exit 0
fi
run() { "$T/cells" "step 3/7" "   " "$1" -- env TERM=xterm-256color LANG=C.UTF-8 "$BIN" fork-cow; }

r=$(run "= 2 ◆")
is "$(head -1 <<<"$r")" "= 2 ◆: ..R.R" "the changed value and its mark are bold and reverse"
check "colours are in use by default" grep -qE "coloured cells: [1-9]" <<<"$r"
r=$(NO_COLOR=1 run "= 2 ◆")
is "$(head -1 <<<"$r")" "= 2 ◆: ..R.R" "NO_COLOR: the same cells are still bold and reverse"
is "$(grep coloured <<<"$r")" "coloured cells: 0" "NO_COLOR: not one coloured cell"
r=$(run "+1 fault: copy-on-write")
check "the fault explanation is bold, every cell" grep -qE '^\+1 fault: copy-on-write: b{23}$' <<<"$(head -1 <<<"$r")"
# --theme auto asks the terminal for its background (OSC 11).
r=$(CELLS_BG=ffff/ffff/ffff run "= 2 ◆")
is "$(grep background <<<"$r")" "background: #ffffff" \
	"a terminal that answers 'white background' gets the light theme, painted white"
r=$(CELLS_BG=0000/0000/0000 run "= 2 ◆")
is "$(grep background <<<"$r")" "background: #000000" \
	"a terminal that answers 'black background' gets the dark theme, painted black"
finish
