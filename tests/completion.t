#!/bin/bash
# SPDX-License-Identifier: MIT
# The bash completion, sourced in a fresh bash and called as bash calls it:
# options from --help, demo names from --list, themes, bench subcommands and
# sizes, *.scn files and directories (names with spaces kept whole), values
# after --opt=; and bash-completion loads it from the installed location.
. "$(dirname "$0")/lib.sh"

script=$TOP/completion/forkscope.bash
mkdir -p "$T/bin" "$T/work/lectures" "$T/work/my dir"
ln -s "$BIN" "$T/bin/forkscope"
touch "$T/work/cow.scn" "$T/work/notes.txt" "$T/work/my lecture.scn" "$T/work/lectures/a.scn"
demos=$("$BIN" --list | awk '{print $1}' | LC_ALL=C sort)

# comp WORD...: what completing the last word offers, sorted, one a line.
comp() {
	(cd "$T/work" && PATH=$T/bin:$PATH bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_forkscope forkscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$@") | LC_ALL=C sort
}
lines() { printf '%s\n' "$@" | LC_ALL=C sort; }

is "$(bash --norc -c '. "$1" && complete -p forkscope' _ "$script")" "complete -F _forkscope forkscope" \
	"sourcing the script registers _forkscope for forkscope"
is "$(comp forkscope --th)" "--theme" "--th completes to --theme"
opts=$("$BIN" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | LC_ALL=C sort)
is "$(comp forkscope --)" "$opts" "-- offers every option --help lists"
is "$(comp forkscope --theme '')" "$(lines auto dark light)" "--theme offers the themes"
is "$(comp forkscope --theme = l)" "light" "--theme=l completes the value after ="
is "$(comp forkscope --size '')" "$(lines 80x24 80x22 100x30 120x40)" "--size offers picture sizes"
is "$(comp forkscope --svg no)" "notes.txt" "--svg offers any file (it names a file to write)"
is "$(comp forkscope --record '')" "$(lines cow.scn lectures 'my dir' 'my lecture.scn' notes.txt)" \
	"--record offers files and directories"
is "$(comp forkscope --step '')" "" "--step offers nothing (a number)"
is "$(comp forkscope fork-c)" "fork-cow" "a demo name completes"
is "$(comp forkscope '')" "$(lines bench $demos explore cow.scn lectures 'my dir' 'my lecture.scn')" \
	"the first word offers bench, every demo, explore, *.scn files and directories, not other files"
is "$(comp forkscope my)" "$(lines 'my dir' 'my lecture.scn')" "names with spaces stay whole"
is "$(comp forkscope lectures/)" "lectures/a.scn" "*.scn files complete inside a directory"
is "$(comp forkscope --plain '')" "$(lines $demos explore cow.scn lectures 'my dir' 'my lecture.scn')" \
	"after an option: demos and scenario files, no bench"
is "$(comp forkscope --show vfork-)" "$(lines $(grep '^vfork-' <<< "$demos"))" \
	"--show offers demo names only"
is "$(comp forkscope --check '')" "$(lines cow.scn lectures 'my dir' 'my lecture.scn')" \
	"--check offers scenario files and directories, no demo names"
is "$(comp forkscope --check cow.scn '')" "$(lines cow.scn lectures 'my dir' 'my lecture.scn')" \
	"--check goes on offering scenario files after the first"
is "$(comp forkscope --verify '')" "$(lines cow.scn lectures 'my dir' 'my lecture.scn')" \
	"--verify offers scenario files"
is "$(comp forkscope --verify cow.scn my)" "$(lines 'my dir' 'my lecture.scn')" \
	"and goes on offering them"
is "$(comp forkscope --list '')" "$(lines $demos explore cow.scn lectures 'my dir' 'my lecture.scn')" \
	"the completion never fails on an option without a value"
is "$(comp forkscope bench '')" "$(lines step store tui)" "bench offers its subcommands"
bopts=$("$BIN" bench --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | LC_ALL=C sort)
is "$(comp forkscope bench --)" "$bopts" "bench -- offers every option bench --help lists"
check "those include --sizes and --huge" grep -qzE -- '--huge.*--sizes' <<< "$bopts"
is "$(comp forkscope bench --sizes '')" "$(lines 1M 4M 16M 64M 256M 1G 4G)" "--sizes offers sizes"
is "$(comp forkscope bench --sizes 1M,2)" "1M,256M" "--sizes completes the size after the last comma"
is "$(comp forkscope bench --huge --sizes = 1)" "$(lines 16M 1G 1M)" "--sizes=1 completes sizes too"

# bash-completion finds the installed file by the command's name.
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
	mkdir -p "$T/share/bash-completion/completions"
	cp "$script" "$T/share/bash-completion/completions/forkscope"
	got=$(PATH=$T/bin:$PATH XDG_DATA_DIRS=$T/share bash --norc --noprofile -c '
		. "$1"
		if declare -F _comp_load > /dev/null; then _comp_load forkscope
		else __load_completion forkscope; fi
		complete -p forkscope' _ "$bc" 2>&1)
	is "$got" "complete -F _forkscope forkscope" \
		"bash-completion loads it from share/bash-completion/completions/forkscope"
else
	skip "bash-completion is not installed"
fi
finish
