#!/bin/bash
# SPDX-License-Identifier: MIT
# No process outlives forkscope, however it ends: SIGKILL, SIGTERM, SIGHUP or
# SIGINT in the middle of a run, with subjects alive and the viewer busy.
. "$(dirname "$0")/lib.sh"

{
	echo "var x global 1"
	echo "parent fork"
	for i in $(seq 400); do echo "child set x $i"; echo "parent inc x"; done
} > "$T/long.scn"
chmod 644 "$T/long.scn"

# Wait (bounded) until nothing of ours is left; print what is.
settle() {
	local left i
	for i in $(seq 100); do
		left=$(leftovers)
		[ -z "$left" ] && return 0
		sleep 0.05      # polling an outside fact with a deadline, not syncing
	done
	echo "$left"
}

for sig in KILL TERM HUP INT; do
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	# Job control off: a background job ignores SIGINT unless we reset it.
	( trap - INT; exec "$BIN" --json "$T/long.scn" > "$T/fifo" 2>/dev/null ) &
	pid=$!
	exec 3< "$T/fifo"
	head -n 3 <&3 > "$T/head"       # header, step 0, step 1: the child exists
	is "$(wc -l < "$T/head")" 3 "SIG$sig: the run got going (2 processes alive)"
	check "SIG$sig: the viewer and both subjects are alive before the kill" \
		test "$(leftovers | wc -l)" -ge 3
	kill -s "$sig" "$pid"
	exec 3<&-
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	is "$rc" $((128 + $(kill -l "$sig"))) "SIG$sig: forkscope ends by the signal"
	is "$(settle)" "" "SIG$sig: no subject and no zombie left"
done

# The guard (a child of the viewer that ends the subjects' process group when
# the viewer dies) and the viewer SIGKILLed together: the subjects' own
# parent-death signals still end them all.
rm -f "$T/fifo"
mkfifo "$T/fifo"
"$BIN" --json "$T/long.scn" > "$T/fifo" 2>/dev/null &
pid=$!
exec 3< "$T/fifo"
head -n 3 <&3 > "$T/head"
is "$(wc -l < "$T/head")" 3 "guard and viewer: the run got going"
guard=
for c in $(pgrep -P "$pid"); do
	grep -qa -- --agent-fd "/proc/$c/cmdline" || guard=$c
done
check "the viewer has a guard process" test -n "$guard"
kill -KILL "$guard" "$pid"
exec 3<&-
{ wait "$pid"; } 2>/dev/null
is "$(settle)" "" "guard and viewer SIGKILLed together: no subject and no zombie left"

# The first subject's parent-death signal alone: the subject is stopped (so
# it reads no end of file on its channel), the guard is killed with the
# viewer, and a subreaper of this session adopts the subject (so its process
# group is not orphaned and the kernel sends it no SIGHUP). Only the
# parent-death signal can end it now.
case $(uname -m) in
x86_64) nr=157 ;;
aarch64) nr=167 ;;
*) nr= ;;
esac
if [ -n "$nr" ]; then
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	perl -e 'syscall('"$nr"', 36, 1, 0, 0, 0) == 0 or die "prctl: $!\n";
		my $v = fork() // die; if (!$v) { exec @ARGV or die "exec: $!\n" }
		open(my $f, ">", "'"$T/viewer"'") or die; print $f "$v\n"; close $f;
		$SIG{TERM} = sub { exit 0 };
		while (1) { wait() == -1 and select(undef, undef, undef, 0.05) }' \
		"$BIN" --json "$T/long.scn" > "$T/fifo" 2>/dev/null &
	reaper=$!
	exec 3< "$T/fifo"
	head -n 3 <&3 > "$T/head"
	pid=$(cat "$T/viewer")
	first= guard=
	for c in $(pgrep -P "$pid"); do
		if grep -qa -- --agent-fd "/proc/$c/cmdline"; then first=$c; else guard=$c; fi
	done
	kill -STOP "$first"
	for i in $(seq 100); do
		[ "$(awk '{print $3}' "/proc/$first/stat" 2>/dev/null)" = T ] && break
		sleep 0.02      # polling /proc with a deadline
	done
	kill -KILL "$guard" "$pid"
	exec 3<&-
	gone=no
	for i in $(seq 100); do
		[ -e "/proc/$first" ] && [ "$(awk '{print $3}' "/proc/$first/stat")" != Z ] ||
			{ gone=yes; break; }
		sleep 0.05
	done
	is "$gone" yes "viewer killed, guard gone, first subject stopped and adopted in this session: its parent-death signal ends it"
	kill -KILL "$first" 2>/dev/null
	kill -TERM "$reaper"
	{ wait "$reaper"; } 2>/dev/null
	is "$(settle)" "" "after the parent-death signal: no subject and no zombie left"
else
	skip "no prctl number known for $(uname -m): the subreaper cannot be set up"
fi
finish
