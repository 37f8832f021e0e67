#!/bin/bash
# SPDX-License-Identifier: MIT
# Where forkscope runs: it decides by what the kernel shows, never by the uid.
# A seccomp profile that refuses kcmp(2) (Docker's default) leaves relations
# "unknown" with the reason; a pid namespace whose /proc is not its own is
# refused, never read silently; root without CAP_SYS_ADMIN (a container's
# root) sees no frames and is told why.
. "$(dirname "$0")/lib.sh"

if cc -o "$T/nokcmp" "$TOP/tests/helpers/nokcmp.c" 2>"$T/cc.err"; then
	"$T/nokcmp" "$BIN" --json clone-flags > "$T/nokcmp.json"; rc=$?
	is "$rc" 0 "kcmp refused: the run still ends well"
	is "$(q "$T/nokcmp.json" '.[0].kcmp_visible')" false "kcmp refused: the header says so"
	check "kcmp refused: and why" grep -q 'seccomp' <<<"$(q "$T/nokcmp.json" '.[0].why_no_kcmp')"
	is "$(rel "$T/nokcmp.json" 3 parent copy vm)" unknown "kcmp refused: a relation is unknown, not a guess"
	"$T/nokcmp" "$BIN" --plain clone-flags > "$T/nokcmp.txt"
	check "kcmp refused: the transcript gives the reason next to the relations" \
		grep -q "what they share is unknown: kcmp(2) is refused here" "$T/nokcmp.txt"
	"$T/nokcmp" "$BIN" --json vfork-shared > "$T/nokcmp-v.json"
	is "$(q "$T/nokcmp-v.json" '[.[] | .expects[]? | select(.text | test("shares")) | .ok] | map(tostring) | join(",")')" null \
		"kcmp refused: a claim about sharing is not checkable, never held or missed"
	out=$("$T/nokcmp" "$BIN" --verify 2>&1); rc=$?
	is "$rc" 0 "kcmp refused: --verify of every demo still exits 0"
	check "kcmp refused: --verify says why some claims cannot be checked" \
		grep -q 'kcmp(2) is refused here' <<<"$out"
else
	skip "no C compiler to build the seccomp helper: $(head -1 "$T/cc.err")"
fi

# A pid namespace without its own /proc: /proc/PID would name other processes.
if unshare -p -f true 2>/dev/null; then ns="unshare -p -f"
elif unshare -Urpf true 2>/dev/null; then ns="unshare -Urpf"
else ns=""; fi
if [ -n "$ns" ]; then
	$ns "$BIN" --plain fork-hello > "$T/ns.out" 2> "$T/ns.err"; rc=$?
	is "$rc" 1 "a foreign /proc: refused with status 1"
	is "$(cat "$T/ns.err")" "forkscope: /proc belongs to another pid namespace (/proc/self is not this process): mount a proc of its own, e.g. unshare -p -f --mount-proc" \
		"a foreign /proc: one message that says how to fix it"
	is "$(wc -c < "$T/ns.out")" 0 "a foreign /proc: nothing on stdout"
else
	skip "no pid namespace can be made here"
fi
if unshare -p -f --mount-proc true 2>/dev/null; then
	unshare -p -f --mount-proc "$BIN" --json fork-hello > "$T/ownproc.json"
	is "$?" 0 "a pid namespace with its own /proc runs"
else
	skip "no pid namespace with its own /proc can be made here"
fi

# uid 0 without CAP_SYS_ADMIN, as a container's root: no frames, and why.
if is_root && command -v capsh > /dev/null; then
	capsh --drop=cap_sys_admin -- -c '"$0" --json fork-cow' "$BIN" > "$T/nocap.json"
	is "$?" 0 "root without CAP_SYS_ADMIN: the run ends well"
	is "$(q "$T/nocap.json" '.[0].pfn_visible')" false "root without CAP_SYS_ADMIN: frames are hidden"
	is "$(var "$T/nocap.json" 1 child x pfn)" null "root without CAP_SYS_ADMIN: no frame is made up"
	is "$(var "$T/nocap.json" 3 child x change)" copied "root without CAP_SYS_ADMIN: the story is still told (bit 56)"
else
	skip "dropping CAP_SYS_ADMIN needs root and capsh"
fi
check_no_leftovers "the runs in other places"
finish
