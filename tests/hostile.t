#!/bin/bash
# SPDX-License-Identifier: MIT
# Text from a scenario file or from a demo process is hostile: escape
# sequences, bidi overrides, invalid UTF-8. None reaches the terminal raw in
# --check messages, file names, the plain transcript or the subjects' stderr;
# JSON stays valid UTF-8 even where a long output is cut.
. "$(dirname "$0")/lib.sh"

esc=$'\e'
# Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls in
# UTF-8 (U+0080-U+009F), and the bidi controls.
raw_controls() { # FILE: how many such sequences it holds
	LC_ALL=C grep -c -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}
utf8_ok() { # FILE: strictly valid UTF-8
	perl -MEncode -e 'local $/; my $s = <STDIN>; decode("UTF-8", $s, Encode::FATAL); 1' < "$1" 2>/dev/null
}

S=$(scenario hostile <<EOF2
title Pwned ${esc}]0;OWNED$(printf '\a') ${esc}]52;c;SGVsbG8=$(printf '\a')
about abc $(printf '\xe2\x80\xae')gnp.exe ${esc}[8m hidden from here
var x global 1
say look ${esc}[2J cleared
parent print hi ${esc}[31mred $(printf '\xe2\x80\xae')evil
parent fork
parent exit libc
EOF2
)
as_nobody "$BIN" --plain "$S" > "$T/plain" 2> "$T/err"
is "$?" 0 "a scenario full of escapes runs"
is "$(raw_controls "$T/plain")" 0 "--plain: no escape, control or bidi character in the transcript"
check "--plain: the title's escape is shown as ^[" grep -qF 'Pwned ^[]0;OWNED^G' "$T/plain"
check "--plain: the override is shown as \\u202e" grep -qF 'abc \u202egnp.exe ^[[8m' "$T/plain"
check "--plain: a process's output is shown sanitised" grep -qF 'stdout: hi ^[[31mred \u202eevil' "$T/plain"
check "--plain: the step text is shown sanitised" grep -qF ': parent print hi ^[[31mred \u202eevil' "$T/plain"
is "$(raw_controls "$T/err")" 0 "--plain: nothing raw on stderr either"

# --check: the message quotes a short, sanitised token; the file name too.
bad=$T/$'evil\e]0;x\a.scn'
printf 'parent frok%s\n' $'\e]0;OWNED\a' > "$bad"
"$BIN" --check "$bad" > "$T/out" 2> "$T/err"
is "$?" 2 "--check of a bad file exits 2"
is "$(raw_controls "$T/err")" 0 "--check: no raw escape in the message or the file name"
check "--check: the file name is shown with ^[" grep -qF 'evil^[]0;x^G.scn:1:8:' "$T/err"
check "--check: the token is shown with ^[" grep -qF "unknown action 'frok^[]0;OWNED^G'" "$T/err"
printf 'parent %s\n' "$(printf 'A%.0s' $(seq 200))" > "$T/long.scn"
"$BIN" --check "$T/long.scn" 2> "$T/err"
check "--check quotes at most a short token, cut with an ellipsis" \
	grep -qF "unknown action 'AAAAAAAAAAAAAAAAAAAAAAA…'" "$T/err"
is "$(wc -l < "$T/err")" 1 "--check: one line on stderr"

# An unknown demo or file: its name is sanitised.
"$BIN" --plain $'no\e[2Jsuch' 2> "$T/err"
is "$(raw_controls "$T/err")" 0 "an unknown scenario's name is shown sanitised"

# JSON: the output field is cut to its last bytes at a character boundary.
S=$(scenario cut <<EOF2
parent print $(printf 'é%.0s' $(seq 45))
parent print $(printf 'é%.0s' $(seq 45))
parent print $(printf 'é%.0s' $(seq 45))
parent exit libc
EOF2
)
as_nobody "$BIN" --json "$S" > "$T/j"
check "JSON: a long output cut to its tail is still valid UTF-8" utf8_ok "$T/j"
is "$(q "$T/j" '.[5].procs[0].output | test("^é")')" true "JSON: the cut output starts on a whole character"
check_no_leftovers "the hostile texts"
finish
