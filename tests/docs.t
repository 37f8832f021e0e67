#!/bin/bash
# SPDX-License-Identifier: MIT
# The documentation agrees with the program: the man page (its source and
# the page as built) lints clean and names every option and demo; the built
# page, NEWS and --version name the one version the Makefile holds; every
# demo passes --check.
. "$(dirname "$0")/lib.sh"

man=$TOP/doc/forkscope.1
built=$TOP/forkscope.1
version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
date=$(sed -n 's/^DATE *= *//p' "$TOP/Makefile")
opts=$("$BIN" --help | grep -oE '^  --[a-z]+' | tr -d ' ')
demos=$("$BIN" --list | awk '{print $1}')

if command -v mandoc >/dev/null; then
	is "$(mandoc -T lint -W warning "$man" 2>&1)" "" "the man page is clean under mandoc -T lint"
	is "$(mandoc -T lint -W warning "$built" 2>&1)" "" "the built man page is clean under mandoc -T lint"
	is "$(mandoc -T ascii "$built" | tail -n 1 | tr -s ' ')" \
		"forkscope $version $date forkscope $version" \
		"the built man page's footer carries the Makefile's version and date"
else
	skip "mandoc is not installed"
	skip "mandoc is not installed"
	skip "mandoc is not installed"
fi
is "$("$BIN" --version)" "forkscope $version" "--version prints the Makefile's version"
is "$(grep -m 1 '^forkscope [0-9]' "$TOP/NEWS" | awk '{print $2}')" "$version" \
	"NEWS opens with the Makefile's version"
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
