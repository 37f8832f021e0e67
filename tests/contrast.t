#!/bin/bash
# SPDX-License-Identifier: MIT
# Colours a lecture hall can read: every role of both themes reaches WCAG AA
# against the theme's own background (4.5:1 text, 3:1 bold marks), computed
# from the RGB values terminals show for the palette numbers; and the theme
# that fits the terminal is chosen by itself.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

if cc -std=c11 -D_GNU_SOURCE -I"$TOP/src" -o "$T/contrast" "$TOP/tests/contrast/contrast.c" \
	"$TOP/src/theme.c" -lncursesw -lm 2> "$T/cc"; then
	while read -r verdict rest; do
		case $verdict in
		ok) ok 0 "$rest" ;;
		not) ok 1 "${rest#ok }" ;;
		esac
	done < <("$T/contrast")
else
	sed 's/^/# /' "$T/cc"
	ok 1 "the contrast checker builds"
fi

# The background each theme paints: 16 (black) or 231 (white) as an SGR
# background colour in the 256-colour palette.
painted_bg() {
	tm capture-pane -e -p -t 0 | grep -oE $'\e\\[[0-9;]*m' | grep -oE '48;5;(16|231)' |
		sort | uniq -c | sort -rn | head -1 | awk '{print $2}'
}
TUI_ENV="COLORFGBG='0;15'" tui_start 80 24 fork-cow
wait_for "step 0/7" > /dev/null
is "$(painted_bg)" "48;5;231" "auto theme: COLORFGBG says white background: the light theme"
TUI_ENV="COLORFGBG='15;default;0'" tui_start 80 24 fork-cow
wait_for "step 0/7" > /dev/null
is "$(painted_bg)" "48;5;16" "auto theme: COLORFGBG says black background: the dark theme"
tui_start 80 24 fork-cow
wait_for "step 0/7" > /dev/null
is "$(painted_bg)" "48;5;16" "auto theme: a terminal that does not say (tmux): dark"
TUI_ENV="COLORFGBG='0;15'" tui_start 80 24 --theme dark fork-cow
wait_for "step 0/7" > /dev/null
is "$(painted_bg)" "48;5;16" "--theme dark wins over the terminal's word"
tui_stop
finish
