#!/bin/bash
# SPDX-License-Identifier: MIT
# Malformed scenarios: each refused before any process starts, with its exact
# FILE:LINE:COL message on stderr, status 2 and nothing on stdout.
. "$(dirname "$0")/lib.sh"

# Each case: scenario text (printf format) | expected message after "FILE:".
long=$(printf 'say %01100d' 0)
cases=(
"$long|1:1: line too long (at most 1024 bytes)"
'\x89PNG\r\n\x1a\n\x00\x00|1:1: invalid UTF-8'
'var x moon|1:7: unknown region '"'"'moon'"'"' (expected global, heap, stack, shared, file, huge or frame)'
'parent frok|1:8: unknown action '"'"'frok'"'"' (expected read, set, inc, fill, touch, fork, vfork, clone, thread, spawn, exec, exit, wait, open, close, handle, default or print)'
'bob fork|1:1: unknown process '"'"'bob'"'"''
'var x global 1\nparent set y 2|2:12: undeclared variable '"'"'y'"'"''
'var x global 1\nvar x heap|2:5: variable '"'"'x'"'"' is already declared'
'var x global 12x\nparent fork|1:14: '"'"'12x'"'"' is not an integer'
'var x global 99999999999999999999\nparent fork|1:14: 99999999999999999999 is out of range (-9223372036854775808 to 9223372036854775807)'
'var x global\nparent fork\nchild exit\nchild read x|4:1: process '"'"'child'"'"' has exited'
'var x global\nparent vfork\nparent read x|3:1: process '"'"'parent'"'"' is suspended until '"'"'child'"'"' exits or execs'
'parent fork a\nparent fork b\nparent fork c\nparent fork d\nparent fork e\nparent fork f\nparent fork g\nparent fork h|8:8: too many processes (at most 8)'
'var a global\nvar b global\nvar c global\nvar d global\nvar e global\nvar f global\nvar g global\nvar h global\nvar i global|9:5: too many variables (at most 8)'
'parent fork\nvar x global|2:1: '"'"'var'"'"' must come before the first step'
'parent clone vm,bogus|1:17: unknown clone flag '"'"'bogus'"'"' (expected vm, files, sighand, vfork or none)'
'parent fork\nparent wait child|2:13: '"'"'child'"'"' has not exited: wait would block forever'
'parent fork\nparent fork child|2:13: process '"'"'child'"'"' already exists'
'parent handle SIGFOO|1:15: unknown signal '"'"'SIGFOO'"'"' (expected USR1, USR2, ALRM or WINCH)'
'parent close f|1:14: unknown descriptor '"'"'f'"'"': open it first'
'|1:1: no steps: a scenario needs at least one action such as '"'"'parent fork'"'"''
'parent exit 256|1:13: 256 is out of range (0 to 255)'
'say caf\xe9\nparent fork|1:8: invalid UTF-8'
'parent\x00 fork|1:7: NUL byte in text'
'var x global\nparent set|2:11: '"'"'set'"'"' needs a variable and a value'
'parent fork child extra|1:19: unexpected '"'"'extra'"'"' after the step'
'parent wait|1:8: '"'"'parent'"'"' has no exited child to wait for'
'var 9lives heap|1:5: bad variable name '"'"'9lives'"'"': use up to 15 letters, digits, '"'"'_'"'"' or '"'"'-'"'"', starting with a letter'
'var x global\nparent clone none,vm|2:14: clone flag '"'"'none'"'"' cannot be combined with others'
'var b heap 4p\nparent set b[4] 1|2:14: '"'"'b'"'"' has pages 0 to 3: no page 4'
'var b heap\nparent read b[0]|2:15: '"'"'b'"'"' is a one-page variable: name it without pages ('"'"'b'"'"', not '"'"'b[0]'"'"')'
'var b heap 4p\nparent fill b 1-9 2|2:15: '"'"'b'"'"' has pages 0 to 3: no page 9'
'var b heap 1 600p|1:14: a variable has 2 to 512 pages (512: one 2 MiB huge page), not '"'"'600p'"'"'; a one-page variable needs no option'
'var a heap 512p\nvar b heap 512p\nvar c stack 2p|3:5: too many pages: the variables of one scenario have at most 1024 pages together'
'var a heap 512p\nvar b heap 512p\nparent fork\nparent fork\nparent fork\nparent fork|6:8: too many processes for the pages: 1024 pages of variables in each process fit 4 processes (4096 pages at most, all processes together)'
)

i=0
for c in "${cases[@]}"; do
	i=$((i + 1))
	text=${c%%|*}
	want=${c#*|}
	f=$T/bad$i.scn
	printf "$text" > "$f"
	chmod 644 "$f"
	as_nobody "$BIN" --plain "$f" > "$T/out" 2> "$T/err"
	rc=$?
	is "$(cat "$T/err")" "forkscope: $f:$want" "case $i: message: $want"
	is "$rc" 2 "case $i: exit status 2"
	is "$(wc -c < "$T/out")" 0 "case $i: nothing on stdout"
done
check_no_leftovers "the malformed scenarios"
finish
