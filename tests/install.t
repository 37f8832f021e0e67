#!/bin/bash
# SPDX-License-Identifier: MIT
# make install and make uninstall honour PREFIX and DESTDIR; the installed
# binary runs every built-in demo from any directory.
. "$(dirname "$0")/lib.sh"

D=$T/dest
n_demos=$("$BIN" --list | wc -l)
make -s -C "$TOP" install DESTDIR="$D" PREFIX=/opt/fs > "$T/log" 2>&1
is "$?" 0 "make install DESTDIR=... PREFIX=/opt/fs succeeds"
check "the binary is installed under DESTDIR/PREFIX/bin" test -x "$D/opt/fs/bin/forkscope"
check "the man page is installed under share/man/man1" test -f "$D/opt/fs/share/man/man1/forkscope.1"
for d in $("$BIN" --list | awk '{print $1}'); do
	(cd / && "$D/opt/fs/bin/forkscope" --plain "$d" > /dev/null)
	is "$?" 0 "the installed binary runs $d from /"
done
is "$(find "$D" -type f | wc -l)" 2 "install put exactly the binary and the man page there"
make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/opt/fs > "$T/log" 2>&1
is "$?" 0 "make uninstall succeeds"
is "$(find "$D" -type f | wc -l)" 0 "make uninstall removes what install put there"
finish
