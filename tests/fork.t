#!/bin/bash
# SPDX-License-Identifier: MIT
# Copy-on-write after fork, measured on real processes, as root and not.
. "$(dirname "$0")/lib.sh"

S=$(scenario cow <<'X'
var x global 1
var h heap 10
parent fork
child set x 2
parent set x 3
X
)

# The facts anyone can see, with or without CAP_SYS_ADMIN.
visible_facts() { # WHO OUT
	local who=$1 out=$2
	is "$(var "$out" 0 parent x exclusive)" true "$who: before fork x is mapped once (bit 56 set)"
	is "$(var "$out" 1 parent x exclusive)$(var "$out" 1 child x exclusive)" falsefalse \
		"$who: after fork neither copy of x is exclusive"
	is "$(var "$out" 2 child x value) $(var "$out" 2 parent x value)" "2 1" \
		"$who: the child's write is not seen by the parent"
	check "$who: the child's write took at least one fault" \
		test "$(var "$out" 2 child x faults)" -ge 1
	is "$(var "$out" 2 child x exclusive)$(var "$out" 2 parent x exclusive)" truetrue \
		"$who: after the write both are exclusive again (bit 56 0 -> 1)"
	check "$who: the last owner's first write still faults once" \
		test "$(var "$out" 3 parent x faults)" -ge 1
	is "$(rel "$out" 1 parent child vm)" separate "$who: kcmp says the address spaces are separate"
}

as_nobody "$BIN" --json "$S" > "$T/nobody.json"
is "$?" 0 "unprivileged run exits 0"
is "$(q "$T/nobody.json" '.[0].pfn_visible')" false "unprivileged: PFNs are reported hidden"
is "$(var "$T/nobody.json" 1 child x pfn)" null "unprivileged: pfn is null, not a made-up number"
visible_facts nobody "$T/nobody.json"
check_no_leftovers "the unprivileged run"

if ! is_root; then
	skip "PFN facts need CAP_SYS_ADMIN (run the tests as root)"
	exit 0
fi
"$BIN" --json "$S" > "$T/root.json"
is "$?" 0 "root run exits 0"
visible_facts root "$T/root.json"
need_pfns 5 "$T/root.json"
pfn() { var "$T/root.json" "$1" "$2" "$3" pfn; }
is "$(pfn 1 parent x)" "$(pfn 1 child x)" "root: right after fork both show the same PFN"
check "root: the PFN is a real hex number" grep -q '^0x[0-9a-f]*$' <<<"$(pfn 1 child x)"
is "$(pfn 2 parent x) $(test "$(pfn 2 child x)" != "$(pfn 1 child x)" && echo new)" \
	"$(pfn 1 parent x) new" "root: the writer (child) gets a new frame, the parent keeps the old"
# Usual, not guaranteed: most of ten runs (and none if looking made the
# kernel copy, as reading the pages from outside once did).
reused=0
for i in $(seq 10); do
	"$BIN" --json "$S" > "$T/again.json"
	[ "$(var "$T/again.json" 3 parent x pfn)" = "$(var "$T/again.json" 2 parent x pfn)" ] &&
		reused=$((reused + 1))
done
check "root: the last owner's write usually reuses its frame, no copy ($reused of 10)" \
	test "$reused" -ge 7
check_no_leftovers "the root run"
finish
