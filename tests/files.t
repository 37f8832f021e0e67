#!/bin/bash
# SPDX-License-Identifier: MIT
# Scenario files are untrusted: only regular files (and - for standard input)
# are read, nothing blocks or has side effects on open, nothing too large is
# read, and under sudo a file is read with the invoking user's rights: what
# they cannot read is refused, never echoed.
. "$(dirname "$0")/lib.sh"

refused() { # DESCRIPTION WANT-STATUS MESSAGE ARGS... (forkscope runs with a deadline)
	local d=$1 st=$2 m=$3; shift 3
	timeout 10 "$@" > "$T/out" 2> "$T/err"
	local rc=$?
	is "$rc/$(grep -c -F -e "$m" "$T/err")/$(wc -l < "$T/err")/$(wc -c < "$T/out")" "$st/1/1/0" \
		"$d: exit $st at once, one line on stderr: $m"
}

mkfifo "$T/fifo.scn"
refused "a FIFO is not opened for reading (it would block)" 2 "fifo.scn: not a regular file" \
	"$BIN" --check "$T/fifo.scn"
refused "a device is refused" 2 "/dev/null: not a regular file" "$BIN" --plain /dev/null
refused "a directory is refused" 2 "is a directory, not a scenario file" "$BIN" --check "$T"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' '#' > "$T/big.scn"
refused "a file over 1 MiB is refused" 2 "too large for a scenario (at most 1 MiB)" \
	"$BIN" --check "$T/big.scn"
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' '#' | "$BIN" --check - > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "2/forkscope: <stdin>: too large for a scenario (at most 1 MiB)" \
	"standard input is read up to the limit too"
refused "a missing file in a directory" 2 "nowhere/x.scn: No such file or directory" \
	"$BIN" --check "$T/nowhere/x.scn"

# A secret: one long line, no spaces, as /etc/shadow has.
secret=root:\$y\$j9T\$SALTsaltSALTsalt\$HASHhashHASHhashHASHhashHASHhashHASHhash:19000:0:99999:7:::
printf '%s\n' "$secret" > "$T/secret"
chmod 600 "$T/secret"
ln -s "$T/secret" "$T/lecture.scn"
as_nobody "$BIN" --check "$T/lecture.scn" > "$T/out" 2> "$T/err"
is "$?/$(cat "$T/err")" "2/forkscope: $T/lecture.scn: Permission denied" \
	"a file the user cannot read is refused with the reason"

if is_root; then
	sudo_env() { env SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody "$@"; }
	sudo_env "$BIN" --check "$T/lecture.scn" > "$T/out" 2> "$T/err"
	is "$?" 2 "under sudo: a symlink to a root-only file is refused"
	is "$(cat "$T/err")" "forkscope: $T/lecture.scn: Permission denied" \
		"under sudo: the message is the reason, not a line of the file"
	is "$(cat "$T/err" "$T/out" | grep -c 'SALT\|HASH')" 0 "under sudo: no part of the secret is shown"
	if [ -r /etc/shadow ]; then
		ln -s /etc/shadow "$T/shadow.scn"
		sudo_env "$BIN" --check "$T/shadow.scn" > "$T/out" 2> "$T/err"
		is "$?/$(cat "$T/err")" "2/forkscope: $T/shadow.scn: Permission denied" \
			"under sudo: a symlink to /etc/shadow is refused"
	else
		skip "/etc/shadow is not there to be refused"
	fi
	cp "$TOP/demos/fork-cow.scn" "$T/group.scn"
	chown root:root "$T/group.scn"
	chmod 640 "$T/group.scn"
	sudo_env "$BIN" --check "$T/group.scn" > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "2/forkscope: $T/group.scn: Permission denied" \
		"under sudo: root's groups are not the user's (a group-readable root file is refused)"
	mkdir -m 700 "$T/private"
	cp "$TOP/demos/fork-cow.scn" "$T/private/x.scn"
	chmod 644 "$T/private/x.scn"
	sudo_env "$BIN" --check "$T/private/x.scn" > "$T/out" 2> "$T/err"
	is "$?/$(cat "$T/err")" "2/forkscope: $T/private/x.scn: Permission denied" \
		"under sudo: a directory the user cannot search hides its files"
	cp "$TOP/demos/fork-cow.scn" "$T/mine.scn"
	chmod 644 "$T/mine.scn"
	sudo_env "$BIN" --json "$T/mine.scn" > "$T/j"
	is "$?" 0 "under sudo: a file the user can read runs"
	pfn=$("$BIN" --json fork-cow | head -1 | jq -r .pfn_visible)
	is "$(head -1 "$T/j" | jq -r .pfn_visible)" "$pfn" \
		"under sudo: the run itself keeps root's view (PFNs as visible as without sudo)"
	env SUDO_UID=bogus SUDO_GID=65534 "$BIN" --check "$T/group.scn" > "$T/out" 2>&1
	is "$?" 0 "a malformed SUDO_UID is not a user to switch to"
else
	skip "the sudo checks switch to another user, which needs root"
fi
check_no_leftovers "the file checks"
finish
