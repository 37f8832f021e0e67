#!/bin/bash
# SPDX-License-Identifier: MIT
# exec, posix_spawn, descriptors, signal handlers, file and huge regions, and
# steps the kernel refuses: each reported as that step's failure, exit 1.
. "$(dirname "$0")/lib.sh"

S=$(scenario more <<'X'
var x global 1
var f file 3
parent fork c
c set x 5
c exec
parent spawn s
parent open log
parent handle USR1
parent clone vm,files,sighand t
t close log
t default USR1
parent open log
parent clone vm k
k close log
X
)
run_json nobody "$S"
o=$T/nobody.json
is "$(proc "$o" 3 c pid)" "$(proc "$o" 1 c pid)" "exec keeps the pid"
is "$(var "$o" 3 c x value)" 1 "exec: the variable is declared anew with its initial value"
is "$(var "$o" 3 c x faults) $(proc "$o" 3 c call)" "0 null" "exec: a new image, no fork-like return in it"
is "$(proc "$o" 4 parent call) $(proc "$o" 4 parent returned)" "posix_spawn $(proc "$o" 4 s pid)" \
	"posix_spawn returns the child's pid"
is "$(rel "$o" 4 parent s vm)" separate "posix_spawn: the child has its own address space"
is "$(var "$o" 4 s f value) $(var "$o" 4 s f file_or_shared)" "3 false" \
	"file region: written private file page is an anonymous copy (bit 61 clear)"
is "$(q "$o" '.[6].procs[0].fds|join(",")')" log "open: the descriptor is listed"
is "$(q "$o" '.[7].procs[0].handlers|join(",")')" SIGUSR1 "handle: the handler is listed"
is "$(rel "$o" 9 parent t files)$(rel "$o" 9 parent t sighand)" sharedshared \
	"kcmp: CLONE_FILES and CLONE_SIGHAND share the tables"
is "$(q "$o" '.[9].procs[] | select(.name=="parent") | .fds | length')" 0 \
	"CLONE_FILES: a close in the child closes the parent's descriptor"
is "$(q "$o" '.[10].procs[] | select(.name=="parent") | .handlers | length')" 0 \
	"CLONE_SIGHAND: a reset in the child resets the parent's handler"
is "$(q "$o" '.[13].procs[] | select(.name=="parent") | .fds|join(",")')" log \
	"without CLONE_FILES a close in the child leaves the parent's descriptor open"

# The kernel refuses CLONE_SIGHAND without CLONE_VM.
S=$(scenario refused <<'X'
var x global 1
parent clone sighand t
t set x 2
parent set x 3
X
)
as_nobody "$BIN" --json "$S" > "$o"
is "$?" 1 "a refused step makes the run exit 1"
is "$(q "$o" '.[2].ok')" false "the refused step is marked failed"
is "$(q "$o" '.[2].error')" "clone() failed in 'parent': Invalid argument (EINVAL): CLONE_SIGHAND needs CLONE_VM" \
	"the failure names the call, the process and the errno"
is "$(q "$o" '.[3].error')" "not run: 't' was never created" "steps of the missing child are not run"
is "$(q "$o" '.[4].ok') $(var "$o" 3 parent x value)" "true 3" "the rest of the scenario still runs"
# A refused clone closes the child's channel at about the time the parent
# answers; whichever the viewer sees first, the answer must be read (once).
bad=0
for i in $(seq 30); do
	as_nobody "$BIN" --json "$S" > "$o"
	[ "$(q "$o" '.[2].error + "|" + (.[4].procs[0].vars[0].value | tostring)')" = \
	  "clone() failed in 'parent': Invalid argument (EINVAL): CLONE_SIGHAND needs CLONE_VM|3" ] || bad=$((bad + 1))
done
is "$bad" 0 "30 runs: the refusal and the steps after it are reported right every time"
check_no_leftovers "refused steps"

# RLIMIT_NPROC: fork fails with EAGAIN, reported, nothing hangs.
S=$(scenario nproc <<'X'
var x global 1
parent fork
child set x 2
X
)
if is_root; then
	# A uid of its own: RLIMIT_NPROC counts every process of the user.
	setpriv --reuid=64999 --regid=64999 --clear-groups -- \
		bash -c 'ulimit -u 2; exec "$0" --json "$1"' "$BIN" "$S" > "$o"
	rc=$?
	is "$rc" 1 "RLIMIT_NPROC: the run exits 1"
	is "$(q "$o" '.[2].error')" "fork() failed in 'parent': Resource temporarily unavailable (EAGAIN): the process limit (RLIMIT_NPROC) is reached" \
		"RLIMIT_NPROC: fork reports EAGAIN"
	check_no_leftovers "the RLIMIT_NPROC run"
else
	skip "RLIMIT_NPROC test needs root to switch to a user with few processes"
fi

# Huge pages: only where THP can be had for MADV_HUGEPAGE.
S=$(scenario huge <<'X'
var g huge 4
parent fork
child set g 5
X
)
thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
if [ -z "$thp" ] || [[ "$thp" == *"[never]"* ]]; then
	skip "transparent huge pages are unavailable here ($thp)"
else
	as_nobody "$BIN" --json "$S" > "$o"
	h=$(var "$o" 0 parent g huge)
	if [ "$h" = true ]; then
		is "$h" true "huge region: the kernel gave a huge page (PAGEMAP_SCAN or kpageflags)"
		is "$(var "$o" 1 child g huge)" true "fork shares the huge page"
		is "$(var "$o" 2 child g value) $(var "$o" 2 parent g value)" "5 4" \
			"a child write to a huge page is its own"
	else
		skip "no huge page given here (huge=$h): memory too fragmented or THP limited"
	fi
fi
finish
