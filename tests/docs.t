#!/bin/bash
# SPDX-License-Identifier: MIT
# The documentation agrees with the program: the man page lints clean and
# names every option and demo; every demo passes --check.
. "$(dirname "$0")/lib.sh"

man=$TOP/doc/forkscope.1
opts=$("$BIN" --help | grep -oE '^  --[a-z]+' | tr -d ' ')
demos=$("$BIN" --list | awk '{print $1}')

if command -v mandoc >/dev/null; then
	is "$(mandoc -T lint -W warning "$man" 2>&1)" "" "the man page is clean under mandoc -T lint"
else
	skip "mandoc is not installed"
fi
has_prose() {
	grep -q '^title ' "$1" && grep -q '^about ' "$1" && grep -q '^say ' "$1"
}
for o in $opts; do
	check "the man page documents $o" grep -q "^\.It Fl -${o#--}" "$man"
done
for d in $demos; do
	check "demo $d passes --check" "$BIN" --check "$TOP/demos/$d.scn"
	check "demo $d has a title, about text and narration" has_prose "$TOP/demos/$d.scn"
done
finish
