#!/bin/bash
# SPDX-License-Identifier: MIT
# Many-page variables, as root and unprivileged: after fork every present
# private page is shared; a child writing pages A-B has exactly A-B copied,
# with one fault each (random A-B, the seed printed; in a global, heap,
# stack and file buffer); MAP_SHARED pages stay shared; a huge buffer splits
# as KERNEL.md fact 7 says; each buffer's page table is read with one
# pagemap pread per process per step; the language refuses pages a variable
# does not have.
. "$(dirname "$0")/lib.sh"

# pages FILE STEP PROC VAR: one line per page, "PAGE KIND CHANGE CERTAIN
# FAULTS HUGE TOUCHED VALUE", from the JSON runs [first,last,kind,...].
pages() {
	jq -r -s --argjson s "$2" --arg p "$3" --arg v "$4" \
		'.[$s+1].procs[] | select(.name==$p) | .vars[] | select(.name==$v) |
		 .pages[] | . as $r | range($r[0]; $r[1] + 1) |
		 "\(.) \($r[2]) \($r[3]) \($r[4]) \($r[5]) \($r[6]) \($r[7]) \($r[8])"' "$1"
}
# counts FILE STEP PROC VAR FIELD: a field of its page_counts.
counts() {
	jq -r -s --argjson s "$2" --arg p "$3" --arg v "$4" --arg f "$5" \
		'.[$s+1].procs[] | select(.name==$p) | .vars[] | select(.name==$v) |
		 .page_counts[$f] | tostring' "$1"
}
# Pages of FILE STEP PROC VAR in [A, B] (or outside it, with "out") whose
# line does not match the pattern: none is the answer wanted.
odd() { # FILE STEP PROC VAR A B in|out PATTERN
	pages "$1" "$2" "$3" "$4" | awk -v a="$5" -v b="$6" -v w="$7" -v re="$8" \
		'{ inr = $1 >= a && $1 <= b } (w == "in") == inr && $0 !~ re { print $1 }' | head -3
}

refused_scenario 'var b heap 1 1p\n' "a variable has 2 to 512 pages" "1p: a one-page variable takes no option"
refused_scenario 'var b huge 1 513p\n' "not '513p'" "more pages than one huge page"
refused_scenario 'var b frame 1 4p\n' "it cannot have pages" "a frame variable with pages"
refused_scenario 'var b heap 4p\nparent set b[4] 1\n' "2:14: 'b' has pages 0 to 3: no page 4" "a page out of range"
refused_scenario 'var b heap 4p\nparent fill b 2-9 1\n' "no page 9" "a range out of range"
refused_scenario 'var b heap 4p\nparent touch b 3-1\n' "run backwards" "a range written backwards"
refused_scenario 'var b heap\nparent set b[0] 1\n' "'b' is a one-page variable" "b[...] on a one-page variable"
refused_scenario 'var a heap 512p\nvar b heap 512p\nvar c heap 2p\n' "at most 1024 pages together" \
	"a scenario's buffers together hold at most MODEL_PROC_PAGES"
refused_scenario 'var a heap 512p\nvar b heap 512p\nparent fork\nparent fork\nparent fork\nparent fork\n' \
	"6:8: too many processes for the pages" "processes times buffer pages at most MODEL_POOL_PAGES"
refused_scenario 'var b heap 4p\nexpect parent b[7] present\n' "no page 7" "an expect line about a page out of range"
refused_scenario 'var b heap\nexpect parent b pages shared 1\n' "one" "'pages' claims on a one-page variable"

# both SCENARIO FACTS ROOT_TESTS: run_halves, but without root the root
# half is skipped and the file goes on (each section here has its own).
both() {
	run_json nobody "$1"
	"$2" nobody "$T/nobody.json"
	if is_root; then
		run_json root "$1"
		"$2" root "$T/root.json"
	else
		for _ in $(seq "$3"); do skip "the root half needs root (CAP_SYS_ADMIN)"; done
	fi
}

# --- property: a child writing pages A-B copies exactly A-B ---
SEED=${PAGES_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
diag "seed $SEED (PAGES_SEED=$SEED prove tests/pages.t replays it)"
RANDOM=$SEED
# Every private region, in turn (the huge region: its own section below).
round=0
for R in global heap stack file; do
	round=$((round + 1))
	A=$((RANDOM % 64)); B=$((A + RANDOM % (64 - A)))
	diag "a $R buffer, the child writes $A-$B"
	S=$(scenario "fill$round" <<EOF2
var buf $R 1 64p
parent fork
child fill buf $A-$B 7
child touch buf
EOF2
)
	fill_facts() { # WHO FILE
		local who=$1 o=$2 certain=false cnt=$((B - A + 1))
		pfn_visible "$o" && certain=true
		is "$(odd "$o" 1 child buf 0 63 in '^[0-9]+ shared ')$(odd "$o" 1 parent buf 0 63 in '^[0-9]+ shared ')" "" \
			"$who: after fork every present private page is shared, in both"
		is "$(odd "$o" 2 child buf "$A" "$B" in "^[0-9]+ copied copied $certain 1 ")" "" \
			"$who: $R: child wrote $A-$B: each of those pages copied, with one fault"
		is "$(odd "$o" 2 child buf "$A" "$B" out '^[0-9]+ shared null true 0 ')" "" \
			"$who: every page outside $A-$B still shared, untouched, no fault"
		is "$(counts "$o" 2 child buf copied_now)/$(counts "$o" 2 child buf faults)/$(var "$o" 2 child buf faults)" \
			"$cnt/$cnt/$cnt" "$who: $cnt pages copied in the step, $cnt faults in all (B-A+1)"
		is "$(counts "$o" 2 child buf kib_copied)" $((cnt * 4)) "$who: $((cnt * 4)) KiB copied"
		is "$(odd "$o" 2 parent buf "$A" "$B" in '^[0-9]+ own null true 0 null false 1$')" "" \
			"$who: the parent's pages $A-$B: its own now, value 1, not touched"
		is "$(odd "$o" 3 child buf 0 63 in '^[0-9]+ [a-z]+ null true 0 null true ')" "" \
			"$who: reading every page afterwards faults on none and changes none"
		is "$(counts "$o" 3 child buf shared)/$(counts "$o" 3 child buf copied)" "$((64 - cnt))/$cnt" \
			"$who: $((64 - cnt)) shared, $cnt copied"
	}
	both "$S" fill_facts 10
done

# --- MAP_SHARED stays shared ---
S=$(scenario shared <<'EOF2'
var s shared 1 16p
parent fork
child touch s
child fill s 0-7 9
EOF2
)
shared_facts() { # WHO FILE
	local who=$1 o=$2
	is "$(counts "$o" 1 child s absent)" 16 "$who: fork copies no page-table entry of MAP_SHARED: the child has none yet"
	is "$(odd "$o" 2 child s 0 15 in '^[0-9]+ shared mapped ')" "" \
		"$who: the child's first touch maps each page in, shared with the parent"
	is "$(odd "$o" 3 child s 0 7 in '^[0-9]+ shared null true 0 null true 9$')$(odd "$o" 3 parent s 0 7 in '^[0-9]+ shared null true 0 null false 9$')" "" \
		"$who: the child's writes copy nothing and the parent sees them"
}
both "$S" shared_facts 5

# --- huge: KERNEL.md fact 7 ---
S=$(scenario huge <<'EOF2'
var buf huge 1 512p
parent fork
child set buf[0] 2
parent set buf[1] 3
EOF2
)
"$BIN" --json "$S" > "$T/huge-probe.json"
thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
if ! grep -qE '\[(always|madvise)\]' <<<"$thp"; then
	skip "transparent huge pages are off here ($thp)"
elif [ "$(counts "$T/huge-probe.json" 0 parent buf huge)" != 512 ]; then
	skip "the kernel gave no huge page this time (fragmentation, or a THP limit)"
else
	huge_facts() { # WHO FILE
		local who=$1 o=$2
		if [ "$(counts "$o" 0 parent buf huge)" != 512 ]; then
			skip "$who: the kernel gave no huge page this time"
			return
		fi
		# Where frames are hidden, the exclusive bit of every piece of a
		# huge mapping is its first piece's: the other 511 are unknown.
		local k=shared want=512/0
		pfn_visible "$o" || { k=unknown; want=1/511; }
		is "$(counts "$o" 1 child buf shared)/$(counts "$o" 1 child buf unknown)/$(counts "$o" 1 child buf huge)" \
			"$want/512" "$who: fork shares the huge page: $want shared/unknown, all huge"
		is "$(odd "$o" 2 parent buf 1 511 in "^[0-9]+ $k ")" "" \
			"$who: after the child wrote piece 0, the parent's pieces 1-511 are $k, not own"
		is "$(pages "$o" 2 child buf | head -1 | cut -d' ' -f2,3,5)/$(counts "$o" 2 child buf shared)" \
			"copied copied 1/511" "$who: a child write copies 4 KiB (one page, one fault); 511 stay shared"
		is "$(counts "$o" 2 child buf huge)/$(counts "$o" 2 parent buf huge)" 0/512 \
			"$who: the child's mapping is split, the parent's still huge"
		is "$(pages "$o" 3 parent buf | sed -n 2p | cut -d' ' -f2,3,5)/$(counts "$o" 3 parent buf huge)" \
			"copied copied 1/0" "$who: the parent's write copies 4 KiB too and splits its mapping (fact 7)"
	}
	run_json nobody "$S"
	huge_facts nobody "$T/nobody.json"
	if is_root; then
		run_json root "$S"
		huge_facts root "$T/root.json"
	fi
fi

# Without huge pages the demo still runs and says why nothing is huge.
if [ "$(uname -m)" = x86_64 ]; then
	# prctl(PR_SET_THP_DISABLE, 1) is syscall 157, option 41, on x86-64.
	perl -e 'syscall(157, 41, 1, 0, 0, 0) == 0 or die "prctl: $!"; exec @ARGV' \
		"$BIN" --plain huge-split > "$T/nothp.txt"
	is "$?" 0 "huge-split without huge pages (PR_SET_THP_DISABLE): still runs, exit 0"
	check "and says why nothing is huge" grep -q 'not in a huge page: huge pages are disabled.*PR_SET_THP_DISABLE' "$T/nothp.txt"
else
	skip "PR_SET_THP_DISABLE is set here through the x86-64 syscall number"
	skip "PR_SET_THP_DISABLE is set here through the x86-64 syscall number"
fi

# --- one pagemap pread per buffer per process per step ---
if command -v strace > /dev/null; then
	S=$(scenario preads <<'EOF2'
var buf heap 1 64p
var b2 stack 1 32p
parent fork
child fill buf 0-3 1
EOF2
)
	# Only the viewer is traced: a traced subject would look stopped ('t').
	# LeakSanitizer cannot run under ptrace: a sanitizer build's viewer
	# here looks for no leaks (check-sanitize's other runs do).
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -yy -e trace=pread64 -o "$T/strace" "$BIN" --json "$S" > "$T/preads.json"
	is "$?" 0 "the run under strace exits 0"
	looks=$(q "$T/preads.json" '[.[1:][] | .procs[] | select(.state == "running")] | length')
	n64=$(grep -c 'pagemap>, .*, 512, [0-9]*) = 512' "$T/strace")
	n32=$(grep -c 'pagemap>, .*, 256, [0-9]*) = 256' "$T/strace")
	is "$n64/$n32" "$looks/$looks" "one pagemap pread per buffer per process per step, not one per page"

	# The held stat of each process: read once per step. A read that finds
	# a subject still running (R: on its way back to its wait) is taken
	# again, so only reads that show it settled are counted. Each step's
	# reads are those after the previous step's JSON line and up to its own.
	# A wait for an answer that lasts over 5 ms also reads, to see whether
	# the subject was stopped: on a loaded machine the run is tried again,
	# up to three times.
	S=$(scenario statreads <<'EOF2'
var a global 1
var b heap 2
parent fork c1
parent fork c2
c1 set a 5
c2 inc b
parent read a
c1 inc a
c2 read b
parent fork c3
c3 set a 7
EOF2
)
	# Steps 3 to 7, then a fork (a new process: 4) and a step of it:
	# the last seven lines. Under AddressSanitizer a forking subject's own
	# count is not final as it answers (agent.c), so it is read once more,
	# and its slow fork is looked at while it lasts: the fork's line is
	# left out there.
	want="3 3 3 3 3 4 4 "
	cut='{ for (i = NF - 6; i <= NF; i++) printf "%s ", $i }'
	if [ -n "${FORKSCOPE_SANITIZED:-}" ]; then
		want="3 3 3 3 3 4 "
		cut='{ for (i = NF - 6; i <= NF; i++) if (i != NF - 1) printf "%s ", $i }'
	fi
	for try in 1 2 3; do
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -yy -e trace=pread64,write -o "$T/strace2" "$BIN" --json "$S" > "$T/stat.json"
		rc=$?
		per_step=$(awk '/^write\(1</ { n++; printf "%d ", c; c = 0; next }
				/\/stat>/ && !/\) R / { c++ }' "$T/strace2")
		got=$(echo "$per_step" | awk "$cut")
		[ "$rc/$got" = "0/$want" ] && break
	done
	is "$rc" 0 "the stat run under strace exits 0"
	is "$got" "$want" \
		"one stat pread per process per step, a fork's included (run $try; per line: $per_step)"
else
	skip "strace is not installed"
	skip "strace is not installed"
	skip "strace is not installed"
	skip "strace is not installed"
fi
check_no_leftovers "the page runs"
finish
