#!/bin/bash
# SPDX-License-Identifier: MIT
# vfork: the parent sleeps, the child writes straight into its memory.
. "$(dirname "$0")/lib.sh"

S=$(scenario vfork <<'X'
var x global 1
var s stack 5
parent vfork
child set x 42
child inc s
child exit 3
parent wait child
X
)

facts() { # WHO OUT
	local who=$1 o=$2
	is "$(proc "$o" 1 parent state)" suspended "$who: after vfork the parent is suspended"
	is "$(proc "$o" 2 parent kstate)" D "$who: the kernel shows it in state D while the child acts"
	is "$(proc "$o" 2 parent observed)" true "$who: the suspended parent is read from outside"
	is "$(var "$o" 2 parent x value)" 42 "$who: the child's write is in the parent's memory at once"
	is "$(var "$o" 3 parent s value)" 6 "$who: the child's stack write lands in the parent's stack"
	is "$(var "$o" 2 child x faults)" 0 "$who: the child's write takes no fault (nothing to copy)"
	is "$(rel "$o" 1 parent child vm)" shared "$who: kcmp says one address space"
	is "$(proc "$o" 4 parent state) $(proc "$o" 4 parent returned)" \
		"running $(proc "$o" 1 child pid)" "$who: _exit wakes the parent; vfork returns the child's pid"
	is "$(proc "$o" 5 child state) $(proc "$o" 5 child exit_status)" "exited 3" \
		"$who: wait collects the exit status"
}

run_halves "$S" facts 12
need_pfns 1 "$T/root.json"
is "$(var "$T/root.json" 2 parent x pfn)" "$(var "$T/root.json" 2 child x pfn)" \
	"root: parent and child show the same PFN for x"
finish
