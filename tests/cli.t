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
check "an unknown theme is refused by name" grep -q "unknown theme 'neon' (expected dark or light)" <<<"$r"
is "$(tail -1 <<<"$r")" rc=2 "an unknown theme exits 2"
check_no_leftovers "the command-line checks"
finish
