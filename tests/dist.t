#!/bin/bash
# SPDX-License-Identifier: MIT
# make dist packs exactly the tracked files, sorted, under forkscope-VERSION/,
# with one mtime (the last commit's, or SOURCE_DATE_EPOCH), owner and group 0
# and modes 644 or 755, gzipped without a name or a time: the same tree gives
# the same bytes whatever the umask, the files' mtimes or how often it runs.
# It works on copies of the checkout's tracked files, each committed in a
# repository of its own; make distcheck (in CI) builds and tests the result.
. "$(dirname "$0")/lib.sh"

if ! git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1; then
	skip "not a git checkout (an unpacked tarball): make dist needs git"
	exit 0
fi
export TZ=UTC
version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
tarball=forkscope-$version.tar.gz
when=2026-01-02T03:04:05Z
epoch=$(date -u -d "$when" +%s)

# copy DIR UMASK [TAR-OPTION]: the checkout's tracked files in DIR, created
# under UMASK, committed on $when in a repository of their own.
copy() {
	mkdir "$1"
	git -C "$TOP" ls-files -z | (cd "$TOP" && tar --null -T - -cf -) |
		(umask "$2" && cd "$1" && tar --no-same-permissions ${3:-} -xf -)
	(cd "$1" && git init -q && git add -A &&
	 GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
	 git -c user.name=forkscope-test -c user.email=test@invalid commit -q -m copy)
}
copy "$T/a" 022
copy "$T/b" 077 --touch
git -C "$T/a" ls-files | LC_ALL=C sort | sed "s,^,forkscope-$version/," > "$T/want"
echo "not tracked" > "$T/a/untracked.txt"
touch "$T/a/forkscope" "$T/a/src/demos_gen.c"

make -s -C "$T/a" dist > "$T/log" 2>&1
is "$?" 0 "make dist succeeds"
sed 's/^/# /' "$T/log"
tar -tzf "$T/a/$tarball" > "$T/got"
is "$(cat "$T/got")" "$(cat "$T/want")" \
	"$tarball holds the tracked files, sorted, under forkscope-$version/, and nothing else"
tar --numeric-owner --full-time -tvzf "$T/a/$tarball" |
	awk '{print $1, $2, $4, $5}' | sort -u > "$T/meta"
is "$(cut -d' ' -f2- "$T/meta" | sort -u)" "0/0 $(date -u -d "$when" '+%Y-%m-%d %H:%M:%S')" \
	"every member has owner and group 0 and the last commit's time"
is "$(cut -d' ' -f1 "$T/meta" | sort -u | tr '\n' ' ')" "-rw-r--r-- -rwxr-xr-x " \
	"every member's mode is 644 or 755"
is "$(tar -tvzf "$T/a/$tarball" "forkscope-$version/.ci/run" | cut -c1-10)" "-rwxr-xr-x" \
	"an executable script stays executable"
is "$(od -An -tx1 -j3 -N5 "$T/a/$tarball" | tr -d ' ')" "0000000000" \
	"the gzip header holds no file name and no time"

make -s -C "$T/b" dist > "$T/log" 2>&1
is "$?" 0 "make dist succeeds in a copy made with umask 077 and fresh mtimes"
check "that copy's tarball is byte for byte the same" cmp "$T/a/$tarball" "$T/b/$tarball"
cp "$T/a/$tarball" "$T/first.tar.gz"
make -s -C "$T/a" dist > /dev/null 2>&1
check "making it again gives the same bytes" cmp "$T/first.tar.gz" "$T/a/$tarball"

SOURCE_DATE_EPOCH=$((epoch + 3600)) make -s -C "$T/a" dist > /dev/null 2>&1
is "$(tar --full-time -tvzf "$T/a/$tarball" | awk '{print $4, $5}' | sort -u)" \
	"$(date -u -d "@$((epoch + 3600))" '+%Y-%m-%d %H:%M:%S')" \
	"SOURCE_DATE_EPOCH, when set, is the members' time"

rm -rf "$T/a/.git"
make -s -C "$T/a" dist > "$T/log" 2>&1
rc=$?
is "$([ "$rc" != 0 ] && grep -c 'needs a git checkout' "$T/log")" 1 \
	"outside a git checkout make dist fails and says why"
finish
