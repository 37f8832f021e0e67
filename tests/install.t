#!/bin/bash
# SPDX-License-Identifier: MIT
# make install and make uninstall honour PREFIX and DESTDIR: install puts
# exactly the expected files there with the expected modes, the installed
# binary runs every built-in demo from any directory, and uninstall leaves
# no file and none of forkscope's own directories behind.
. "$(dirname "$0")/lib.sh"

D=$T/dest
P=$D/opt/fs
demos=$("$BIN" --list | awk '{print $1}')
make -s -C "$TOP" install DESTDIR="$D" PREFIX=/opt/fs > "$T/log" 2>&1
is "$?" 0 "make install DESTDIR=... PREFIX=/opt/fs succeeds"
sed 's/^/# /' "$T/log"

# Every file, with its mode, as install must have left it.
{
	echo "755 bin/forkscope"
	echo "644 share/man/man1/forkscope.1"
	for d in $demos; do echo "644 share/forkscope/demos/$d.scn"; done
	echo "644 share/doc/forkscope/scenario-language.md"
	echo "644 share/bash-completion/completions/forkscope"
} | LC_ALL=C sort > "$T/want"
(cd "$P" 2>/dev/null && find . ! -type d -printf '%m %P\n' | LC_ALL=C sort) > "$T/got"
is "$(cat "$T/got")" "$(cat "$T/want")" "install puts exactly these files there, with these modes"
is "$(find "$D" -mindepth 1 -maxdepth 2 -printf '%P\n')" "opt
opt/fs" "install writes nothing outside DESTDIR/PREFIX"

check "the installed completion is completion/forkscope.bash" \
	cmp -s "$TOP/completion/forkscope.bash" "$P/share/bash-completion/completions/forkscope"
check "the installed man page is the generated one, naming the version" \
	grep -qx ".Os forkscope $("$BIN" --version | awk '{print $2}')" "$P/share/man/man1/forkscope.1"
for d in $demos; do
	check "the installed $d.scn is the demo's source" \
		cmp -s "$TOP/demos/$d.scn" "$P/share/forkscope/demos/$d.scn"
done
for d in $demos; do
	(cd / && "$P/bin/forkscope" --plain "$d" > /dev/null)
	is "$?" 0 "the installed binary runs $d from /"
done

make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/opt/fs > "$T/log" 2>&1
is "$?" 0 "make uninstall succeeds"
is "$(find "$D" ! -type d)" "" "make uninstall removes every file install put there"
is "$(find "$D" -printf '%P\n' | grep forkscope)" "" "make uninstall removes forkscope's own directories"
make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/opt/fs > "$T/log" 2>&1
is "$?" 0 "make uninstall of what is not installed succeeds"
finish
