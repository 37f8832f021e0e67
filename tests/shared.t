#!/bin/bash
# SPDX-License-Identifier: MIT
# MAP_SHARED memory: one frame for everyone, writes visible across fork.
. "$(dirname "$0")/lib.sh"

S=$(scenario shared <<'X'
var m shared 1
var p global 1
parent fork
child read m
child set m 9
parent set m 10
X
)

facts() { # WHO OUT
	local who=$1 o=$2
	is "$(var "$o" 0 parent m file_or_shared)" true "$who: shared anonymous memory has bit 61 set"
	is "$(var "$o" 1 child m present)" false "$who: fork does not copy the shared page's entry: not present in the child"
	is "$(var "$o" 2 child m present) $(var "$o" 2 child m faults)" "true 1" \
		"$who: the child's first touch maps it in with one fault"
	is "$(var "$o" 3 parent m value)" 9 "$who: the child's write is seen by the parent"
	is "$(var "$o" 4 child m value)" 10 "$who: the parent's write is seen by the child"
}

run_halves "$S" facts 9
need_pfns 2 "$T/root.json"
o=$T/root.json
is "$(var "$o" 2 child m pfn)" "$(var "$o" 2 parent m pfn)" "root: the child maps the parent's very frame"
is "$(var "$o" 4 child m pfn)" "$(var "$o" 0 parent m pfn)" "root: writes by both keep one frame"
finish
