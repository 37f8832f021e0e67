#!/bin/bash
# SPDX-License-Identifier: MIT
# Descriptor hygiene, seen from outside: at every step of every built-in demo
# each subject holds exactly what the scenario accounts for - /dev/null on 0,
# its stdout file on 1, the stderr file on 2, the slots it opened at 200+,
# and per process sharing its table (CLONE_FILES) one channel and one
# pagemap (plus kpagecount and kpageflags as root), one of each per task:
# a thread holds its own in its process's table. The viewer's own
# descriptors are all close-on-exec. The TUI waits for a key after each
# step: that is the handshake, no sleep.
. "$(dirname "$0")/lib.sh"
ON_EXIT=tui_stop

# Processes of ours that are subjects, with their kernel state: not the
# viewer, not zombies, not the guard (which holds only its pipe, no fd 1).
subjects() { # VIEWER
	local p st c
	ps -e -o pid=,stat=,comm= | while read -r p st c; do
		[ "$c" = "fst$$" ] && [ "$p" != "$1" ] && [ "${st:0:1}" != Z ] &&
			[ -e "/proc/$p/fd/1" ] && echo "$p ${st:0:1}"
	done
}
table() { # PID: "N target" per descriptor, sorted
	find "/proc/$1/fd" -mindepth 1 -printf '%f %l\n' 2>/dev/null | sort -n
}
# audit LABEL VIEWER: one line per descriptor nobody accounts for. A parent
# asleep in vfork (state D) still holds the channel it handed its child: it
# closes it when vfork returns.
audit() {
	local label=$1 viewer=$2 p q n socks pms fd t st
	local -A tab state
	while read -r p st; do
		[ -n "$p" ] || continue
		tab[$p]=$(table "$p")
		state[$p]=$st
	done <<<"$(subjects "$viewer")"
	for p in "${!tab[@]}"; do
		n=0     # tasks sharing the table: a process's threads (thread) share it too
		for q in "${!tab[@]}"; do
			[ "${tab[$q]}" = "${tab[$p]}" ] && n=$((n + $(ls "/proc/$q/task" | wc -l)))
		done
		socks=0 pms=0
		while read -r fd t; do
			case "$fd:$t" in
			0:/dev/null|1:"/memfd:forkscope-stdout (deleted)"|2:"/memfd:forkscope-stderr (deleted)") ;;
			20[0-3]:/dev/null|*:/proc/kpagecount|*:/proc/kpageflags) ;;
			*:socket:*) socks=$((socks + 1)) ;;
			*:/proc/*/pagemap)
				q=${t#/proc/}; q=${q%/pagemap}
				if [ "${tab[$q]+set}" = set ] && [ "${tab[$q]}" = "${tab[$p]}" ]; then
					pms=$((pms + 1))
				else
					echo "$label: pid $p fd $fd -> $t (not the pagemap of a process sharing its table)"
				fi ;;
			*) echo "$label: pid $p fd $fd -> $t" ;;
			esac
		done <<<"${tab[$p]}"
		[ "${state[$p]}" = D ] && [ "$socks" = $((n + 1)) ] && socks=$n
		[ "$socks" = "$n" ] || echo "$label: pid $p holds $socks channels, for $n process(es) sharing its table"
		[ "$pms" = "$n" ] || echo "$label: pid $p holds $pms pagemaps, for $n process(es) sharing its table"
	done
	grep -H '^flags' /proc/"$viewer"/fdinfo/* 2>/dev/null | while IFS=: read -r f _ flags; do
		fd=${f##*/}
		flags=${flags//[[:space:]]/}
		[ "$fd" -lt 3 ] && continue
		[ $((8#$flags & 8#2000000)) = 0 ] &&
			echo "$label: the viewer's fd $fd -> $(readlink "/proc/$viewer/fd/$fd") is not close-on-exec"
	done
	return 0
}

for demo in $("$BIN" --list | awk '{print $1}'); do
	total=$("$BIN" --check "$TOP/demos/$demo.scn" | sed 's/.*ok: \([0-9]*\) steps.*/\1/')
	tui_start 80 24 "$demo"
	bad=
	for k in $(seq 0 "$total"); do
		[ "$k" -gt 0 ] && keys Space
		if ! wait_re "step $k/$total( |$)" > /dev/null; then
			bad+="step $k never came"$'\n'
			break
		fi
		r=$(audit "$demo step $k" "$(viewer_pid)")
		[ -n "$r" ] && bad+="$r"$'\n'

	done
	is "$bad" "" "$demo: at every step, every subject holds only the descriptors the scenario gives it"
	tui_stop
done

# The same for a scenario that keeps a CLONE_FILES child past its exec and
# exit, and spawns and forks afterwards.
S=$(scenario files <<'X'
var x global 1
parent open log
parent clone files kid
kid open other
parent fork f1
f1 exit
parent wait f1
kid exec
parent spawn s
parent clone vm,files,vfork vk
vk exit
parent wait vk
parent clone files k2
k2 exit
parent fork f2
X
)
tui_start 80 24 "$S"
bad=
for k in $(seq 0 14); do
	[ "$k" -gt 0 ] && keys Space
	wait_re "step $k/14( |$)" > /dev/null || { bad+="step $k never came"; break; }
	r=$(audit "files step $k" "$(viewer_pid)")
	[ -n "$r" ] && bad+="$r"$'\n'

done
is "$bad" "" "CLONE_FILES children leave no channel or pagemap behind in the parent, nor in later children"
tui_stop
# The file region is a memfd: no file in any directory, named or not,
# whatever TMPDIR says (a named temporary file could be left behind).
S=$(scenario fileregion <<'X'
var f file 7
parent read f
X
)
mkdir "$T/tmp"
TUI_ENV="TMPDIR=$T/tmp" tui_start 80 24 "$S"
wait_re "step 0/1( |$)" > /dev/null
p=$(subjects "$(viewer_pid)" | awk '{print $1}')
is "$(grep -c 'memfd:forkscope-file' "/proc/$p/maps")" 1 "the file region maps a memfd"
is "$(grep ' (deleted)$' "/proc/$p/maps" | grep -vc 'memfd:')" 0 \
	"the file region is no (deleted) file of a directory, in TMPDIR or elsewhere"
tui_stop
check_no_leftovers "the descriptor audits"
finish
