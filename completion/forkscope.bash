# SPDX-License-Identifier: MIT
# bash completion for forkscope: options (read from `forkscope --help`, so
# they cannot drift), demo names (from `forkscope --list`) and explore,
# themes, picture sizes, bench sizes and subcommands, *.scn files, and any
# file for the files forkscope writes (--record, --svg). Installed as
# share/bash-completion/completions/forkscope, where bash-completion finds it.

# The options `forkscope [bench] --help` lists, each with its argument's name
# if it takes one: "--check FILE...", "--verify FILE...", "--plain".
_forkscope_options()
{
	"$@" --help 2>/dev/null |
		sed -n 's/^ \{1,\}\(-[A-Za-z], *\)\{0,1\}\(--[a-z][a-z0-9-]*\)[= ]\{0,1\}\[\{0,1\}\([A-Z][A-Z.]*\)\{0,1\}.*/\2 \3/p'
}

# Add to COMPREPLY the words of list ($2) that start with the current word ($1).
_forkscope_words()
{
	local w
	while IFS= read -r w; do
		COMPREPLY+=("$w")
	done < <(compgen -W "$2" -- "$1")
}

# Add directories and, unless $2 is "any", *.scn files that start with $1.
_forkscope_files()
{
	local f
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		COMPREPLY+=("$f")
	done < <({ compgen -d -- "$1"; if [ "$2" = any ]; then compgen -f -- "$1";
		 else compgen -f -X '!*.scn' -- "$1"; fi; } | sort -u)
}

_forkscope()
{
	local cmd=$1 cur=${COMP_WORDS[COMP_CWORD]} prev=
	local i=$COMP_CWORD opts arg sizes="1M 4M 16M 64M 256M 1G 4G"

	COMPREPLY=()
	[ "$i" -gt 0 ] && prev=${COMP_WORDS[i - 1]}
	# bash splits --opt=value at '=': complete the value.
	if [ "$cur" = = ]; then
		cur=
	elif [ "$prev" = = ] && [ "$i" -gt 1 ]; then
		prev=${COMP_WORDS[i - 2]}
	fi
	command -v "$cmd" > /dev/null 2>&1 || cmd=forkscope

	if [ "${COMP_WORDS[1]}" = bench ] && [ "$i" -gt 1 ]; then
		case $prev in
		--sizes)
			# A comma list: complete the size after the last comma.
			local head=
			case $cur in *,*) head=${cur%,*},;; esac
			for arg in $sizes; do
				[[ "$head$arg" == "$cur"* ]] && COMPREPLY+=("$head$arg")
			done
			return 0 ;;
		esac
		if [ "$i" = 2 ] && [[ "$cur" != -* ]]; then
			_forkscope_words "$cur" "step store tui"
		else
			opts=$(_forkscope_options "$cmd" bench)
			_forkscope_words "$cur" "${opts:+$(awk '{print $1}' <<< "$opts")}"
		fi
		return 0
	fi

	opts=$(_forkscope_options "$cmd")
	case $prev in
	--theme)
		_forkscope_words "$cur" "auto dark light"
		return 0 ;;
	--size)
		# A picture's size: the projector layout and a few larger ones.
		_forkscope_words "$cur" "80x24 80x22 100x30 120x40"
		return 0 ;;
	--show)
		_forkscope_words "$cur" "$("$cmd" --list 2>/dev/null | awk '{print $1}')"
		return 0 ;;
	--*)
		# Another option that takes a value: scenario files (FILE..., as
		# for --check and --verify), any file, or nothing to offer.
		arg=$(awk -v o="$prev" '$1 == o {print $2}' <<< "$opts")
		case $arg in
		FILE...) _forkscope_files "$cur"; return 0 ;;
		FILE*) _forkscope_files "$cur" any; return 0 ;;
		?*) return 0 ;;
		esac ;;
	esac
	if [[ "$cur" == -* ]]; then
		_forkscope_words "$cur" "$(awk '{print $1}' <<< "$opts")"
		return 0
	fi
	# After an option that takes files (FILE...), every word is one.
	for arg in "${COMP_WORDS[@]:1:i-1}"; do
		if [[ "$arg" == --* ]] &&
		   [ "$(awk -v o="$arg" '$1 == o {print $2}' <<< "$opts")" = FILE... ]; then
			_forkscope_files "$cur"
			return 0
		fi
	done
	[ "$i" = 1 ] && _forkscope_words "$cur" bench
	# A scenario: a demo, explore (no steps, for typing your own) or a file.
	_forkscope_words "$cur" "$("$cmd" --list 2>/dev/null | awk '{print $1}') explore"
	_forkscope_files "$cur"
	return 0
}
complete -F _forkscope forkscope
