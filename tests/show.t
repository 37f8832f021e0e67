#!/bin/bash
# SPDX-License-Identifier: MIT
# forkscope --show NAME prints a built-in demo's source, byte for byte, so
# that it can be copied, edited and run as a file of one's own.
. "$(dirname "$0")/lib.sh"

for d in $("$BIN" --list | awk '{print $1}'); do
	"$BIN" --show "$d" > "$T/$d.scn"
	is "$?" 0 "--show $d exits 0"
	check "--show $d prints demos/$d.scn exactly" cmp -s "$T/$d.scn" "$TOP/demos/$d.scn"
done
sed -e 's/^child set x 2$/child set x 7/' -e 's/^expect child x value 2$/expect child x value 7/' \
	"$T/fork-cow.scn" > "$T/mine.scn"
check "a copy of fork-cow was edited" grep -q '^child set x 7$' "$T/mine.scn"
r=$("$BIN" --check "$T/mine.scn"); check "the edited copy passes --check" grep -q ': ok: ' <<<"$r"
"$BIN" --json "$T/mine.scn" > "$T/mine.json"
is "$?" 0 "the edited copy runs"
is "$(var "$T/mine.json" 3 child x value)" 7 "and does what the edit says"

"$BIN" --show no-such-demo > "$T/out" 2> "$T/err"
is "$?" 2 "--show of an unknown demo exits 2"
is "$(cat "$T/out")" "" "and prints nothing on stdout"
check "and says which name, and where the names are" \
	grep -q "no demo named 'no-such-demo' (forkscope --list shows the demos)" "$T/err"
"$BIN" --show "$TOP/demos/fork-cow.scn" > "$T/out" 2>&1
is "$?" 2 "--show takes demo names, not files"
"$BIN" --show > "$T/out" 2>&1
is "$?" 2 "--show without a name exits 2"
check "and says the option needs a value" grep -q "option '--show' needs a value" "$T/out"
check_no_leftovers "--show"
finish
