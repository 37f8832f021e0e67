#!/bin/bash
# SPDX-License-Identifier: MIT
# The mutant list of make mutate (tests/mutants.txt) does not rot: every
# mutant parses, its fragment occurs exactly once in its file, and the tests
# it names exist. Running the mutants is make mutate's job, not this file's.
. "$(dirname "$0")/lib.sh"

perl "$TOP/tests/mutate.pl" --check > "$T/list" 2> "$T/err"
is "$?/$(cat "$T/err")" "0/" "the mutant list parses"
count=$(wc -l < "$T/list")
check "at least 40 mutants are listed ($count)" test "$count" -ge 40
while IFS=$'\t' read -r id what problem; do
	is "$problem" "" "mutant $what: still applies to the source"
done < "$T/list"
check "make mutate is a target of the Makefile" grep -q '^mutate:' "$TOP/Makefile"
check "and CI does not run it" test -z "$(grep -s mutate "$TOP/.ci/run")"
finish
