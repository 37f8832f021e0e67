#!/bin/bash
# SPDX-License-Identifier: MIT
# expect lines and --verify: every built-in demo's claims hold on this
# machine, as root and unprivileged; a claim that does not hold fails the run
# with status 3, a soft one never does, and a claim the kernel hides from us
# is reported as not checkable, never as held.
. "$(dirname "$0")/lib.sh"

verify_ok() { # WHO OUTPUT STATUS
	local who=$1 out=$2 rc=$3
	is "$rc" 0 "$who: --verify of every built-in demo exits 0"
	is "$(grep -c 'steps\? ' <<<"$out")" "$("$BIN" --list | wc -l)" "$who: one line per demo"
	is "$(grep -v ' 0 hard misses ' <<<"$out" | grep -c ' steps\? ')" 0 \
		"$who: no hard expectation missed in any demo"
	is "$(grep -c 'STEPS FAILED' <<<"$out")" 0 "$who: no step failed in any demo"
}

out=$(as_nobody "$BIN" --verify); rc=$?
verify_ok nobody "$out" "$rc"
check "nobody: claims about hidden frames are counted as not checkable" \
	grep -q 'Not checkable: frame numbers are hidden' <<<"$out"
if is_root; then
	out=$("$BIN" --verify); rc=$?
	verify_ok root "$out" "$rc"
	"$BIN" --json fork-cow > "$T/cow.json"
	if pfn_visible "$T/cow.json" && mapcount_visible "$T/cow.json"; then
		is "$(grep -v ' 0 not checkable' <<<"$out" | grep -c ' steps\? ')" 0 \
			"root with CAP_SYS_ADMIN: every claim can be checked"
	else
		skip "frames or map counts hidden even as root (no CAP_SYS_ADMIN here)"
	fi
else
	skip "the root half of --verify needs root"
fi

S=$(scenario hard <<'X'
var x global 1
parent fork
child set x 2
expect child x value 3
expect parent x value 1
X
)
as_nobody "$BIN" --json "$S" > "$T/hard.json"; rc=$?
is "$rc" 3 "a hard expectation that does not hold: exit status 3"
is "$(exp "$T/hard.json" 2)" "child x value 3|false|value 2
parent x value 1|true|value 1" "JSON: each verdict with what was measured"
as_nobody "$BIN" --plain "$S" > "$T/hard.txt"
check "plain: the miss is marked and says what was measured" \
	grep -qx '  ✗ MISSED: child x value 3: got value 2' "$T/hard.txt"
check "plain: the held one is marked ✓" grep -qx '  ✓ held: parent x value 1' "$T/hard.txt"
check "plain: the run ends saying an expectation did not hold" \
	grep -q '^1 expectation did not hold' "$T/hard.txt"
out=$(as_nobody "$BIN" --verify "$S"); rc=$?
is "$rc" 3 "--verify of that file exits 3"
check "--verify names its hard miss" grep -q ' 1 hard miss ' <<<"$out"

S=$(scenario soft <<'X'
var x global 1
parent fork
child set x 2
expect? child x value 3
X
)
as_nobody "$BIN" --plain "$S" > "$T/soft.txt"; rc=$?
is "$rc" 0 "a soft expectation that does not hold never fails the run"
check "it is shown as 'not this time' with what happened" \
	grep -qx '  ~ usual: not this time: child x value 3: got value 2' "$T/soft.txt"

S=$(scenario hidden <<'X'
var x global 1
parent fork
expect child x frame same-as parent
expect child x not-exclusive
X
)
as_nobody "$BIN" --json "$S" > "$T/hidden.json"; rc=$?
if pfn_visible "$T/hidden.json"; then
	skip "frames are visible to this unprivileged user: nothing is hidden"
else
	is "$(exp "$T/hidden.json" 1 | head -1)" "child x frame same-as parent|null|frame numbers hidden" \
		"frames hidden: a frame claim is not checkable, never counted as held"
fi
is "$(exp "$T/hidden.json" 1 | tail -1)" "child x not-exclusive|true|not exclusive (mapped 2+ times)" \
	"bit 56 claims are checked for everyone"
is "$rc" 0 "a claim that cannot be checked does not fail the run"

# Mistakes in expect lines are found before anything runs.
bad() { # TEXT MESSAGE-AFTER-FILE DESCRIPTION
	printf '%b' "$1" > "$T/bad.scn"
	r=$("$BIN" --check "$T/bad.scn" 2>&1); rc=$?
	is "$rc:${r#"forkscope: $T/bad.scn:"}" "2:$2" "$3"
}
bad 'parent fork\nexpect nobody x copied' "2:8: unknown process 'nobody'" \
	"expect: an unknown process is named, with its column"
bad 'var x global\nparent fork\nexpect child x bogus' \
	"3:16: unknown claim about a variable (see demos/README.md: copied, reused, value N, frame unchanged, ...)" \
	"expect: an unknown claim about a variable"
bad 'var x global\nparent fork\nexpect child x value' "3:21: 'value' needs a number" \
	"expect: a claim missing its number"
bad 'var x global\nparent fork\nexpect child x frame same-as' "3:29: 'expect' needs a process" \
	"expect: a frame comparison without a process"
bad 'var x global\nexpect child x copied\nparent fork' "2:8: unknown process 'child'" \
	"expect: a process that does not exist yet at that line"
bad 'parent fork\nsay and then?' "2:1: 'say' after the last step: narration goes before the step it describes" \
	"a say after the last step is a scenario error"

r=$(printf 'parent fork\nexpect child running\n' > "$T/one.scn"; "$BIN" --check "$T/one.scn")
is "${r#"$T/one.scn: "}" "ok: 1 step, 2 processes, 0 variables, 1 expectation" \
	"--check counts in words: 1 step, not 1 steps"
check_no_leftovers "the expectation runs"
finish
