#!/bin/bash
# SPDX-License-Identifier: MIT
# The scenario language as files are really written: comments after a step,
# CRLF line endings, and long steps that a typed command line must not lose.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

S=$(scenario comment <<'EOF2'
parent print hello # a note for the lecturer
parent print two  words   # spacing inside the text is kept
parent print issue#5
parent exit libc
EOF2
)
"$BIN" --json "$S" > "$T/j"
is "$(q "$T/j" '.[5].procs[0].output')" "hello
two  words
issue#5
atexit handler of $(q "$T/j" '.[1].procs[0].pid') ran in $(q "$T/j" '.[1].procs[0].pid')" \
	"print: a # comment is not printed; # inside a word is text; inner spacing kept"
is "$(q "$T/j" '.[2].action')" "parent print hello" "the step text leaves the comment out"

printf 'title CRLF file\r\nvar x global 1\r\nsay a CRLF line\r\nparent print crlf\r\nparent set x 7\r\nparent exit libc\r\n' > "$T/crlf.scn"
"$BIN" --json "$T/crlf.scn" > "$T/j"
is "$?" 0 "a CRLF file runs"
is "$(q "$T/j" '.[0].title')" "CRLF file" "CRLF: no CR in the title"
is "$(q "$T/j" '.[2].say + "|" + .[2].procs[0].output')" "a CRLF line|" "CRLF: no CR in the narration"
is "$(q "$T/j" '.[4].procs[0].output | split("\n")[0]')" "crlf" "CRLF: no CR in the printed text"
is "$("$BIN" --check "$T/crlf.scn" 2>&1)" "$T/crlf.scn: ok: 3 steps, 1 process, 1 variable, 0 expectations" \
	"CRLF: --check accepts it"

# inc is defined at the limits: it wraps, as the machine's add does.
S=$(scenario limits <<'EOF2'
var x global 9223372036854775807
var y heap -9223372036854775808
parent inc x
parent inc y
parent set y -9223372036854775808
EOF2
)
"$BIN" --json "$S" > "$T/j"
is "$?" 0 "inc at the limits: the run succeeds (no overflow in the subject)"
# (jq reads numbers as doubles: the exact digits are read from the text.)
value() { sed -n "$(($1 + 2))p" "$T/j" | grep -o "\"name\":\"$2\",[^}]*\"value\":-\?[0-9]*" | sed 's/.*"value"://'; }
is "$(value 1 x)" -9223372036854775808 "inc of LLONG_MAX wraps to LLONG_MIN"
is "$(value 2 y)" -9223372036854775807 "inc of LLONG_MIN is LLONG_MIN + 1"
is "$(value 3 y)" -9223372036854775808 "set takes LLONG_MIN"

# A step longer than 512 bytes stays in the scenario when a typed command
# line cuts the scenario at the current step.
flags=$(printf 'vm,%.0s' $(seq 250))vm
S=$(scenario longstep <<EOF2
var x global 1
parent clone $flags w
w exit
parent wait w
parent set x 9
EOF2
)
tui_start 80 24 "$S"
wait_for "step 0/4" > /dev/null
keys Space
check "the long clone step runs" wait_for "step 1/4"
keys : 'parent set x 3' Enter
check "a typed step after a long one runs as step 2 of 2" wait_for "step 2/2"
check "the typed step is the one shown" wait_for "parent: set x 3"
tui_stop

# The grammar at its edges, through --check: exit 0 accepted, 2 refused.
# Each case: exit status | scenario line (a step follows it) | what it guards.
edges=(
'0|var abcdefghijklmno global 1|a variable name of 15 characters, the longest, is accepted'
'2|var abcdefghijklmnop global 1|a variable name of 16 characters is refused'
'0|parent fork abcdefghijklmno|a process name of 15 characters is accepted'
'2|parent fork abcdefghijklmnop|a process name of 16 characters is refused'
'0|var x global 1|var takes a name, a region and a first value'
'0|var x global|var without a first value is accepted'
'2|var x global 1 2|var with a word too many is refused'
'2|var x|var without a region is refused'
)
for c in "${edges[@]}"; do
	IFS='|' read -r want line what <<<"$c"
	printf '%s\nparent fork\n' "$line" > "$T/edge.scn"     # and a step
	"$BIN" --check "$T/edge.scn" > /dev/null 2>&1
	is "$?" "$want" "$what"
done
check_no_leftovers "the language checks"
finish
