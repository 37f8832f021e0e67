#!/bin/bash
# SPDX-License-Identifier: MIT
# clone: with CLONE_VM one address space and both running; without, like fork.
. "$(dirname "$0")/lib.sh"

S=$(scenario clone <<'X'
var x global 1
parent clone vm worker
worker set x 100
parent set x 7
parent clone none copy
copy set x 5
worker exit
copy exit
parent wait worker
parent wait copy
X
)

facts() { # WHO OUT
	local who=$1 o=$2
	is "$(proc "$o" 1 parent state)" running "$who: clone(CLONE_VM) leaves the parent running"
	is "$(var "$o" 2 parent x value)" 100 "$who: the worker's write is seen by the parent at once"
	is "$(var "$o" 3 worker x value)" 7 "$who: the parent's write is seen by the worker at once"
	is "$(var "$o" 2 worker x faults)$(var "$o" 3 parent x faults)" 00 "$who: no fault on either write"
	is "$(rel "$o" 1 parent worker vm)" shared "$who: kcmp: the worker shares the address space"
	is "$(rel "$o" 1 parent worker files)" separate "$who: kcmp: but not the fd table (no CLONE_FILES)"
	is "$(rel "$o" 4 parent copy vm)" separate "$who: clone without flags: a separate address space"
	is "$(var "$o" 5 copy x value) $(var "$o" 5 parent x value)" "5 7" "$who: the copy's write stays its own"
	check "$who: the copy's write faults, as after fork" test "$(var "$o" 5 copy x faults)" -ge 1
}

run_halves "$S" facts 14
need_pfns 3 "$T/root.json"
o=$T/root.json
is "$(var "$o" 2 parent x pfn)" "$(var "$o" 2 worker x pfn)" "root: CLONE_VM: one frame for both"
is "$(var "$o" 4 copy x pfn)" "$(var "$o" 4 parent x pfn)" "root: clone none: the same frame until a write"
check "root: clone none: the writer gets a new frame" \
	test "$(var "$o" 5 copy x pfn)" != "$(var "$o" 4 copy x pfn)"
finish
