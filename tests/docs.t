#!/bin/bash
# SPDX-License-Identifier: MIT
# The documentation agrees with the program: the man page (its source and
# the page as built) lints clean and names every option and demo; the built
# page, NEWS and --version name the one version the Makefile holds; every
# demo passes --check.
. "$(dirname "$0")/lib.sh"

man=$TOP/doc/forkscope.1
built=$TOP/forkscope.1
version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
date=$(sed -n 's/^DATE *= *//p' "$TOP/Makefile")
opts=$("$BIN" --help | grep -oE '^  --[a-z]+' | tr -d ' ')
demos=$("$BIN" --list | awk '{print $1}')

if command -v mandoc >/dev/null; then
	is "$(mandoc -T lint -W warning "$man" 2>&1)" "" "the man page is clean under mandoc -T lint"
	is "$(mandoc -T lint -W warning "$built" 2>&1)" "" "the built man page is clean under mandoc -T lint"
	is "$(mandoc -T ascii "$built" | tail -n 1 | tr -s ' ')" \
		"forkscope $version $date forkscope $version" \
		"the built man page's footer carries the Makefile's version and date"
else
	skip "mandoc is not installed"
	skip "mandoc is not installed"
	skip "mandoc is not installed"
fi
is "$("$BIN" --version)" "forkscope $version" "--version prints the Makefile's version"
is "$(grep -m 1 '^forkscope [0-9]' "$TOP/NEWS" | awk '{print $2}')" "$version" \
	"NEWS opens with the Makefile's version"
has_prose() {
	grep -q '^title ' "$1" && grep -q '^about ' "$1" && grep -q '^say ' "$1"
}
# The sections a user looks in for what forkscope reads, needs and cannot do.
for sec in ENVIRONMENT FILES "EXIT STATUS" "SEE ALSO" CAVEATS; do
	check "the man page has a $sec section" grep -qx "\.Sh $sec" "$man"
done
section() { sed -n "/^\.Sh $1\$/,/^\.Sh /p" "$man"; }
# Every environment variable the program reads is documented.
for e in $(cat "$TOP"/src/*.c | grep -o 'getenv("[A-Za-z_]*")' | sed 's/getenv("\(.*\)")/\1/' | sort -u) \
	LANG LC_ALL; do
	check "ENVIRONMENT documents $e" grep -qE "^\.It .*Ev $e( |\$)" <(section ENVIRONMENT)
done
for f in /proc/self/pagemap /proc/PID/stat /proc/PID/mem /proc/kpagecount \
	/sys/kernel/mm/transparent_hugepage/enabled; do
	check "FILES names $f" grep -qF ".It Pa ${f//PID/ Ns Ar pid Ns Pa }" <(section FILES)
done
for x in 'execve 2' 'wait 2' 'mmap 2' 'madvise 2' 'proc 5' 'pagemon 8'; do
	check "SEE ALSO names ${x% *}(${x#* })" grep -q "^\.Xr $x" <(section "SEE ALSO")
done
for w in 'Linux 4.2' 'Linux 6.7' CONFIG_KCMP CAP_SYS_ADMIN SYS_PTRACE seccomp; do
	check "CAVEATS speaks of $w" grep -q "$w" <(section CAVEATS)
done
# The README opens with the two commands a newcomer needs, and keeps its
# sections for lecturers and for students.
readme=$TOP/README.md
is "$(awk '/^```/ {n++; next} n == 1 {print $1, $2}' "$readme")" "make run
make check" "the README's first commands are make run and make check"
sect() { sed -n "/^## $1/,/^## /p" "$readme"; }
for w in --theme --predict '`b`' '`:`' Tab 'Page Down' --check --show --verify --record --svg \
	--step pauseOnMarkers +exec_replace; do
	check "the README's lecturers' section speaks of $w" grep -qF -- "$w" <(sect Teaching)
done
check "the README has a section for students working alone" grep -q '^## Working alone' "$readme"
# Under the two commands, the picture forkscope draws of itself.
is "$(awk '/^```/ {n++; next} n == 2 && NF {print; exit}' "$readme" | cut -c1-2)" "![" \
	"the first thing after the newcomer commands is the screenshot"
shot=$(grep -o '](doc/[a-z-]*\.svg)' "$readme" | head -1 | tr -d '()]')
is "$shot" doc/fork-cow.svg "the screenshot is doc/fork-cow.svg"
if command -v xmllint > /dev/null; then
	check "the screenshot is well-formed SVG" xmllint --noout "$TOP/$shot"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
check "it shows fork-cow's copy-on-write step" grep -q '<title>forkscope: Copy-on-write after fork(), step 3/7</title>' "$TOP/$shot"
is "$(make -s -n -C "$TOP" screenshot | grep -- --svg)" "./forkscope --svg doc/fork-cow.svg --step 3 fork-cow" \
	"make screenshot redraws it with forkscope --svg"
for o in $opts; do
	check "the man page documents $o" grep -q "^\.It Fl -${o#--}" "$man"
done
for d in $demos; do
	check "demo $d passes --check" "$BIN" --check "$TOP/demos/$d.scn"
	check "demo $d has a title, about text and narration" has_prose "$TOP/demos/$d.scn"
done
finish
