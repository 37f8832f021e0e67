#!/bin/bash
# SPDX-License-Identifier: MIT
# A full demo run of the viewer is clean under valgrind's memcheck. (The
# subjects are separate programs, run natively.)
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind > /dev/null; then
	skip_all "valgrind is not installed"
fi
if [ -n "${FORKSCOPE_SANITIZED:-}" ]; then
	why="valgrind cannot run an AddressSanitizer build (make check-sanitize)"
	skip_all "$why"
fi
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	"$BIN" --plain vfork-exit-pitfall > "$T/out" 2> "$T/err"
rc=$?
is "$rc" 0 "memcheck finds no error and no definite leak in a full run"
[ "$rc" = 0 ] || grep -v "unhandled amd64-linux syscall\|your own handler\|README_MISSING\|bug_reports\|consider this a bug" "$T/err" | head -40 | sed 's/^/# /'
check "the run under valgrind completes the demo" grep -q "End of scenario" "$T/out"
finish
