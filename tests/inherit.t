#!/bin/bash
# SPDX-License-Identifier: MIT
# Inheritance switched off with madvise(2): a dontfork variable has no mapping
# in a forked child; a wipeonfork one reads zero there, from a frame of its
# own; impossible combinations are refused before anything runs.
. "$(dirname "$0")/lib.sh"

S=$(scenario inherit <<'EOF2'
var n heap 7
var d heap 7 dontfork
var w heap 7 wipeonfork
var s stack 5 wipeonfork
var h huge 4 wipeonfork
var m shared 3 dontfork
parent fork
child read w
child read s
child set h 9
parent set d 8
parent set w 8
parent clone vm twin
twin read d
child fork grandchild
EOF2
)

facts() { # WHO OUT
	local who=$1 o=$2 v
	for v in d m; do
		is "$(var "$o" 1 child $v mapped)/$(var "$o" 1 child $v present)/$(var "$o" 1 child $v value)" \
			false/false/null "$who: dontfork $v: the child has no mapping, no page, no value"
		is "$(var "$o" 1 parent $v mapped)/$(var "$o" 1 parent $v present)" true/true \
			"$who: dontfork $v: the parent keeps its mapping and page"
	done
	is "$(var "$o" 1 child d madvise)/$(var "$o" 1 child w madvise)/$(var "$o" 1 child n madvise)" \
		dontfork/wipeonfork/null "$who: JSON names each variable's madvise"
	is "$(var "$o" 1 child n exclusive)/$(var "$o" 1 parent d exclusive)/$(var "$o" 1 parent w exclusive)" \
		false/true/true "$who: after fork only the ordinary page is mapped twice"
	for v in w s h; do
		is "$(var "$o" 1 child $v mapped)/$(var "$o" 1 child $v present)" true/false \
			"$who: wipeonfork $v: the child has the mapping but no page"
	done
	is "$(var "$o" 2 child w value)/$(var "$o" 2 child w change)/$(var "$o" 2 child w faults)" 0/mapped/1 \
		"$who: wipeonfork heap: the child reads 0 (not 7), a new page with one fault"
	is "$(var "$o" 3 child s value)" 0 "$who: wipeonfork stack: the child reads 0 (not 5)"
	is "$(var "$o" 4 child h value)/$(var "$o" 4 parent h value)" 9/4 \
		"$who: wipeonfork huge: the child's write is its own"
	is "$(var "$o" 5 parent d faults)/$(var "$o" 5 parent d change)" 0/null \
		"$who: dontfork: fork never write-protected the parent's page: no fault"
	is "$(var "$o" 6 parent w faults)/$(var "$o" 6 parent w change)" 0/null \
		"$who: wipeonfork: no fault for the parent either"
	is "$(var "$o" 8 twin d value)/$(var "$o" 8 twin d mapped)" 8/true \
		"$who: clone vm copies nothing: the twin sees the parent's dontfork page"
	is "$(var "$o" 9 grandchild d mapped)/$(var "$o" 9 grandchild w mapped)" false/true \
		"$who: a child's own fork passes on no mapping it does not have"
	is "$(var "$o" 9 grandchild w value)/$(var "$o" 9 grandchild w present)" null/false \
		"$who: and wipes again what it had"
}

refused_scenario 'var g global 1 wipeonfork\nparent fork\n' \
	"1:16: 'wipeonfork' is not possible in global memory: MADV_WIPEONFORK takes only private anonymous memory" \
	"wipeonfork on a global (.data is a file mapping)"
refused_scenario 'var m shared wipeonfork\nparent fork\n' "not possible in shared memory" "wipeonfork on MAP_SHARED"
refused_scenario 'var f file 1 wipeonfork\nparent fork\n' "not possible in file memory" "wipeonfork on a file mapping"
refused_scenario 'var f frame 1 dontfork\nparent fork\n' "holds live call frames" "dontfork on the frame region"
refused_scenario 'var x heap 1 dontfork wipeonfork\nparent fork\n' "exclude each other" "dontfork and wipeonfork together"
refused_scenario 'var x heap 1 sticky\nparent fork\n' "unknown option 'sticky'" "an unknown option"
refused_scenario 'var x heap 1 dontfork\nparent fork\nchild set x 2\n' \
	"3:11: 'child' has no mapping for 'x'" "a forked child touching a dontfork variable"
refused_scenario 'var x heap 1 dontfork\nparent clone none c\nc fork g\ng read x\n' \
	"'g' has no mapping for 'x'" "a grandchild through clone without vm"
f=$(printf 'var x heap 1 dontfork\nvar y stack dontfork\nparent fork\nchild exec\nchild read x\nparent vfork v\nv set x 3\nv exit\nparent clone vm t\nt read y\n' | scenario allowed)
check "after exec, or in one address space (vfork, clone vm), a dontfork variable is there" \
	"$BIN" --check "$f"

run_halves "$S" facts 21
need_pfns 3 "$T/root.json"
o=$T/root.json
check "root: the wiped child's page is a frame of its own, not the parent's" \
	test "$(var "$o" 2 child w pfn)" != "$(var "$o" 2 parent w pfn)"
is "$(var "$o" 1 child n pfn)" "$(var "$o" 1 parent n pfn)" "root: the ordinary page is shared frame for frame"
is "$(var "$o" 5 parent d pfn)" "$(var "$o" 0 parent d pfn)" "root: the parent's dontfork write kept its frame"
finish
