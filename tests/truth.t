#!/bin/bash
# SPDX-License-Identifier: MIT
# Regressions for what forkscope once showed falsely (issue "Truth II"), each
# on real processes, as root and unprivileged: the observer made the copy it
# reported; exec was called copy-on-write; a huge page's parent write was
# called reused; a likely reuse was stated as certain; a suspended parent kept
# stale descriptors and handlers; MAP_SHARED read "own frame".
. "$(dirname "$0")/lib.sh"

both() { # NAME SCENARIO-FILE: $T/NAME.nobody and, as root, $T/NAME.root
	as_nobody "$BIN" --json "$2" > "$T/$1.nobody"
	is_root && "$BIN" --json "$2" > "$T/$1.root"
	return 0
}
whos() { echo nobody; is_root && echo root; }

# 1. Reading a vfork-suspended parent must not unshare its pages.
S=$(scenario observe <<'X'
var x global 1
var h heap 2
parent fork c
parent vfork v
v read x
X
)
both observe "$S"
for who in $(whos); do
	o=$T/observe.$who
	is "$(var "$o" 3 parent x change)/$(var "$o" 3 parent h change)" null/null \
		"$who: reading the suspended parent changes none of its pages"
	is "$(var "$o" 3 parent x exclusive)/$(var "$o" 3 c x exclusive)" false/false \
		"$who: x is still mapped twice (parent and v's one address space, and c)"
	is "$(proc "$o" 3 parent observed)" true "$who: the suspended parent was read from outside"
	if pfn_visible "$o"; then
		is "$(var "$o" 3 parent x pfn)/$(var "$o" 3 parent h pfn)" \
			"$(var "$o" 2 parent x pfn)/$(var "$o" 2 parent h pfn)" \
			"$who: the suspended parent's frames did not move"
		is "$(var "$o" 3 c x pfn)" "$(var "$o" 3 parent x pfn)" "$who: c still shares the parent's frame"
	else
		skip "$who: frame numbers hidden here"
	fi
done

# 2. The write after a vfork child's exit is the real copy-on-write.
S=$(scenario vexit <<'X'
var x global 1
parent vfork v
v fork g
v exit 0
parent set x 2
X
)
both vexit "$S"
for who in $(whos); do
	o=$T/vexit.$who
	is "$(var "$o" 3 parent x change)" null "$who: v's exit changes nothing in the parent's pages"
	is "$(var "$o" 4 parent x change)" copied "$who: the parent's write, with g still mapping x, is a copy"
	check "$who: and it faulted" test "$(var "$o" 4 parent x faults)" -ge 1
done

# 3. exec gives new pages of a new program; never a copy-on-write.
for d in exec vfork-exec spawn; do
	as_nobody "$BIN" --json "$d" > "$T/$d.json"
	is "$(q "$T/$d.json" '[.[] | .procs[]? | .vars[] | select(.change == "copied")] | length')/$(
	      q "$T/$d.json" '[.[] | .procs[]? | select(.image > 1) | .vars[] | select(.change == "new_image")] | length > 0')" \
		"0/true" \
		"$d: the exec'd program's variables are new_image, and nothing here is copied"
done

# 4. Without frames, a reuse is only probable: certain is false, and the
#    words say "probably".
S=$(scenario likely <<'X'
var x global 1
parent fork
child set x 2
parent set x 3
X
)
as_nobody "$BIN" --json "$S" > "$T/likely.json"
if pfn_visible "$T/likely.json"; then
	skip "frames visible to the unprivileged user here"
else
	is "$(var "$T/likely.json" 3 parent x change)/$(var "$T/likely.json" 3 parent x certain)" reused/false \
		"frames hidden: the last owner's write is inferred as reused, not certain"
	as_nobody "$BIN" --plain "$S" > "$T/likely.txt"
	check "the words say it is probable, not certain" \
		grep -q "probably the same frame (frame numbers hidden)" "$T/likely.txt"
fi
if is_root; then
	"$BIN" --json "$S" > "$T/likely.root"
	if pfn_visible "$T/likely.root"; then
		c=$(var "$T/likely.root" 3 parent x change)
		check "frames seen: the last owner's write is measured, reused or (rarely) copied ($c)" \
			grep -qx 'reused\|copied' <<<"$c"
		is "$(var "$T/likely.root" 3 parent x certain)" true "frames seen: the change is certain"
	else
		skip "no frames even as root"
	fi
else
	skip "root half"
fi

# 5. A suspended parent's descriptors and handlers are read afresh each step.
S=$(scenario stale <<'X'
parent open log
parent handle USR1
parent clone vm,files,sighand,vfork t
t close log
t default USR1
X
)
both stale "$S"
for who in $(whos); do
	o=$T/stale.$who
	is "$(proc "$o" 3 parent state)" suspended "$who: the parent is suspended by clone(vfork)"
	is "$(q "$o" '.[5].procs[0].fds | length')" 0 "$who: t's close shows in the suspended parent at once"
	is "$(q "$o" '.[6].procs[0].handlers | length')" 0 "$who: t's reset shows in the suspended parent at once"
done

# 6. MAP_SHARED is never "own frame".
as_nobody "$BIN" --plain fork-shared > "$T/shared.txt"
is "$(grep -E '^ +m +shared' "$T/shared.txt" | grep -c 'own frame')" 0 "MAP_SHARED never reads 'own frame'"
check "MAP_SHARED says what it is" grep -q 'shared mapping (MAP_SHARED)' "$T/shared.txt"

# 7. Huge pages: the parent's write after the child's is a copy too.
"$BIN" --json fork-huge > "$T/huge.json" 2>/dev/null
if [ "$(var "$T/huge.json" 1 parent big huge)" != true ]; then
	skip "no transparent huge page granted here"
else
	is "$(var "$T/huge.json" 2 child big change)/$(var "$T/huge.json" 2 child big split)" copied/true \
		"huge: the child's write copies and splits its mapping"
	is "$(var "$T/huge.json" 3 parent big change)/$(var "$T/huge.json" 3 parent big split)" copied/true \
		"huge: the parent, not the only user, copies and splits too (KERNEL.md fact 7)"
fi
# 8. The kernel state letter does not flap between runs: an idle subject is
#    S (waiting for its next command), a vfork parent D, a zombie Z.
letters=$(for i in $(seq 10); do as_nobody "$BIN" --json vfork-shared; done |
	jq -r -s '[.[] | .procs[]? | "\(.state)=\(.kstate)"] | unique | join(" ")')
is "$letters" "exited=? running=S suspended=D zombie=Z" \
	"ten runs: running is always S, suspended D, zombie Z (no R/S flapping)"
# 9. A page a fork shares and a write copies within one step was shared:
#    its copy is a copy-on-write, not a copy "though mapped once".
if pfns_here; then
	"$BIN" --plain fork-regions > "$T/regions.txt"
	is "$(sed -n '/step 1\//,/step 2\//p' "$T/regions.txt" | grep -cE '^ +fr .*though mapped once')" 0 \
		"fork-regions: fr copied in the fork's step is a copy-on-write, not 'though mapped once'"
else
	skip "frame numbers are hidden here: the copy is not classified by frame"
fi
# 10. A step that fails or is not run checks none of its claims.
S=$(scenario notrun <<'X'
var x global 1
parent clone sighand c
c read x
expect c x value 1
expect parent x value 1
X
)
as_nobody "$BIN" --json "$S" > "$T/notrun.json"
is "$(q "$T/notrun.json" '[.[3].expects[] | .ok] | map(tostring) | join(",")')" "null,null" \
	"the claims of a step that did not run are not checked (not held, not missed)"
# 11. A waited-for child's exit status stays on screen, in its parent's line.
as_nobody "$BIN" --plain fork-hello > "$T/hello.txt"
check "after wait, the parent's line says how the child ended" \
	grep -q 'waitpid() returned [0-9]*: child exited with status 7' "$T/hello.txt"
# 12. Without frame numbers, two pages each mapped once in two address
#     spaces are different frames: the transcript's JSON says so, and the
#     count words keep "(page tables)" for one address space.
as_nobody "$BIN" --plain vfork-shared > "$T/vshared.txt"
check "unprivileged vfork: 'mapped once (page tables)' for one address space" \
	grep -q 'PFN hidden; mapped once (page tables)\|; mapped once (page tables)' "$T/vshared.txt"
# 13. posix_spawn's child ran the parent's program, then execed: image 2,
#     as for clone and exec by hand.
as_nobody "$BIN" --json spawn > "$T/spawn.json"
is "$(proc "$T/spawn.json" 1 s image)" 2 "a posix_spawn child is on its second program image"
# 14. A process that sits a step out counts no fault in it. It counts its
#     own faults as it wakes for our question, so nothing the agent does on
#     its way back to its wait may fault: after an exec whose last variable
#     is a stack buffer, after its child forked the memory they share, or
#     after a vfork child forked and ended. Likely, not guaranteed (a page
#     the kernel moved meanwhile would fault): up to three runs each.
idle_zero() { # NAME SCENARIO STEP PROC...: every PROC took 0 faults in STEP
	local name=$1 s=$2 step=$3 got want
	shift 3
	want=$(printf '0 %.0s' "$@")
	for try in 1 2 3; do
		as_nobody "$BIN" --json "$s" > "$T/$name.json"
		got=$(for p in "$@"; do printf '%s ' "$(proc "$T/$name.json" "$step" "$p" faults)"; done)
		[ "$got" = "$want" ] && break
	done
	is "$got" "$want" "$name: step $step, $* sat it out and took no fault (run $try)"
}
S=$(scenario idle-exec <<'X'
var a global 1
var s stack 2p
parent fork c
parent exec
c set a 5
X
)
idle_zero idle-exec "$S" 3 parent
S=$(scenario idle-sharer <<'X'
var a global 1
parent clone vm w
w fork g
g set a 2
parent read a
X
)
idle_zero idle-sharer "$S" 2 parent
idle_zero idle-sharer "$S" 3 parent w
S=$(scenario idle-vfork <<'X'
var a global 1
parent clone vm,vfork w
w fork g
g set a 2
w exit 0
g set a 3
parent read a
X
)
idle_zero idle-vfork "$S" 5 parent
S=$(scenario idle-thread <<'X'
var a global 1
var h heap 2
parent thread t
parent fork c
c set a 2
t read h
X
)
idle_zero idle-thread "$S" 2 t
idle_zero idle-thread "$S" 3 parent t
idle_zero idle-thread "$S" 4 parent c
check_no_leftovers "the regression runs"
finish
