#!/bin/bash
# SPDX-License-Identifier: MIT
# The command line: options, demo names, files, and the exit statuses.
. "$(dirname "$0")/lib.sh"

out() { "$BIN" "$@" 2>&1; echo "rc=$?"; }

r=$(out --help); check "--help prints usage and exits 0" grep -q '^usage: forkscope' <<<"$r"
check "--help names the exit statuses" grep -q 'Exit status' <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "--help exits 0"
is "$(out --version)" "forkscope $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
rc=0" "--version prints the Makefile's version"
r=$(out --list)
for d in fork-cow vfork-shared clone-vm; do
	check "--list names $d first on its line" grep -q "^$d " <<<"$r"
done
r=$(out --bogus)
check "unknown option: one clear message" grep -q "forkscope: unknown option '--bogus'" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "unknown option exits 2"
r=$(out --check)
check "option missing its value is named" grep -q "option '--check' needs a value" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "option missing its value exits 2"
r=$(out --plain no-such-demo)
check "unknown demo: says so and points to --list" grep -q "no demo or file named 'no-such-demo'" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "unknown demo exits 2"
r=$(out --plain ./missing.scn)
check "missing file: names the file and the reason" grep -q "missing.scn: No such file" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "missing file exits 2"
r=$(out --plain "$T")
check "a directory is refused by name" grep -q "is a directory" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "a directory exits 2"
r=$(out --check "$TOP/demos/fork-cow.scn")
check "--check accepts a good file" grep -q "fork-cow.scn: ok: 7 steps" <<<"$r"
r=$(out --plain one two)
is "$(tail -1 <<<"$r")" rc=2 "two scenarios at once exits 2"
r=$(cd / && "$BIN" --plain vfork-shared; echo "rc=$?")
check "built-in demos run from any directory" grep -q "vfork(): the child borrows" <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "a full demo run exits 0"
r=$("$BIN" fork-cow | head -1)
check "stdout not a terminal: the plain transcript by default" grep -q "^forkscope .*Copy-on-write" <<<"$r"
r=$(out --theme neon fork-cow)
check "an unknown theme is refused by name" grep -q "unknown theme 'neon' (expected auto, dark or light)" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "an unknown theme exits 2"
# getopt_long: --opt=value, --, - for standard input, -h and -V.
r=$(out --theme=light --plain fork-cow)
check "--theme=value is read as --theme value (and is refused with --plain)" \
	grep -q "forkscope: --theme is for the full-screen view and --svg, not --plain" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "an option for the full-screen view with --plain exits 2"
cp "$TOP/demos/fork-hello.scn" "$T/-odd.scn"
r=$(cd "$T" && "$BIN" --plain -- -odd.scn 2>&1; echo "rc=$?")
check "-- ends the options: a file named -odd.scn runs" grep -q "^End of scenario" <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "-- then a file exits 0"
r=$("$BIN" --json - < "$TOP/demos/fork-hello.scn" 2>&1; echo "rc=$?")
check "- reads the scenario from standard input" grep -q '"step":3' <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "a scenario from standard input exits 0"
r=$("$BIN" --check - < "$TOP/demos/fork-cow.scn"); is "$r" "<stdin>: ok: 7 steps, 2 processes, 2 variables, 21 expectations" \
	"--check - checks standard input, named <stdin>"
printf 'parent frok\n' | "$BIN" --check - 2> "$T/err"
is "$(cat "$T/err")" "forkscope: <stdin>:1:8: unknown action 'frok' (expected read, set, inc, fill, touch, fork, vfork, clone, thread, spawn, exec, exit, wait, open, close, handle, default or print)" \
	"a mistake on standard input is placed in <stdin>"
r=$(out -h); check "-h prints the usage" grep -q '^usage: forkscope' <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "-h exits 0"
is "$(out -V)" "$(out --version)" "-V is --version"
r=$(out --help); check "--help shows -h and -V" grep -q -- "-h, --help" <<<"$r"

# Every file given to --check is checked; any bad one makes the status 2.
printf 'parent frok\n' > "$T/bad.scn"
r=$("$BIN" --check "$TOP/demos/fork-cow.scn" "$T/bad.scn" "$TOP/demos/spawn.scn" 2> "$T/err"; echo "rc=$?")
check "--check a b c: the first good file is reported" grep -q "fork-cow.scn: ok: " <<<"$r"
check "--check a b c: the file after a bad one is checked too" grep -q "spawn.scn: ok: " <<<"$r"
check "--check a b c: the bad one has its message" grep -q "bad.scn:1:8: unknown action" "$T/err"
is "$(tail -1 <<<"$r")" rc=2 "--check with one bad file of three exits 2"
r=$(out --check="$TOP/demos/fork-cow.scn"); check "--check=FILE works" grep -q "fork-cow.scn: ok: " <<<"$r"

# Options that do not apply to what was asked for are usage errors.
usage_error() { # DESCRIPTION MESSAGE ARGS...
	local d=$1 m=$2 r; shift 2
	r=$(out "$@")
	is "$(grep -c -F -e "$m" <<<"$r")/$(tail -1 <<<"$r")" "1/rc=2" "$d: one message, exit 2"
}
usage_error "--list --bogus" "unknown option '--bogus'" --list --bogus
usage_error "--bogus --list" "unknown option '--bogus'" --bogus --list
usage_error "--list with a scenario" "--list takes no scenario ('fork-cow')" --list fork-cow
usage_error "--plain with --json" "--plain and --json cannot be used together" --plain --json fork-cow
usage_error "--check with --json" "--json does not apply to --check" --check --json "$TOP/demos/fork-cow.scn"
usage_error "--list with --check" "--list and --check cannot be used together" --list --check x.scn
usage_error "--predict with --json" "--predict is for the full-screen view, not --json" --predict --json fork-cow
usage_error "--list=x" "option '--list' takes no value" --list=x
usage_error "an ambiguous abbreviation" "ambiguous option '--p'" --p fork-cow
usage_error "an unknown short option" "unknown option '-x'" -x
# Out of memory: a message and status 1, not a usage error. The smallest
# address space limit (ulimit -v) --version runs in leaves no room for the
# scenario (1.6 MB).
if [ -z "${FORKSCOPE_SANITIZED:-}" ]; then
	lo=1000 hi=64000
	while [ $((hi - lo)) -gt 32 ]; do
		mid=$(((lo + hi) / 2))
		if (ulimit -v "$mid"; "$BIN" --version) > /dev/null 2>&1; then hi=$mid; else lo=$mid; fi
	done
	(ulimit -v "$hi"; exec "$BIN" --plain fork-cow) > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "1/forkscope: out of memory" "out of memory: one message, exit 1"
	(ulimit -v "$hi"; exec "$BIN" --check "$TOP/demos/fork-cow.scn") > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "1/forkscope: out of memory" "out of memory in --check: one message, exit 1"
else
	skip "an address space limit cannot be set under AddressSanitizer"
	skip "an address space limit cannot be set under AddressSanitizer"
fi
check_no_leftovers "the command-line checks"
finish
