#!/bin/bash
# SPDX-License-Identifier: MIT
# The text module: what a terminal is shown of hostile text, how wide it is
# whatever the locale, how it is fitted and wrapped, and JSON strings that are
# always valid. Driven through tests/text/probe.c, a table of cases.
. "$(dirname "$0")/lib.sh"

if ! cc -std=c11 -D_GNU_SOURCE -I"$TOP/src" -o "$T/probe" "$TOP/tests/text/probe.c" \
	"$TOP/src/text.c" 2> "$T/cc"; then
	sed 's/^/# /' "$T/cc"
	ok 1 "the text probe builds"
	exit 1
fi
p() { "$T/probe" "$@"; }

# Each case: probe arguments | expected output | what it guards.
cases=(
'clean 100 a\eb|a^[b|4|ESC is shown as ^['
'clean 100 \e]0;OWNED\x07x|^[]0;OWNED^Gx|13|a title-setting OSC cannot reach the terminal'
'clean 100 \e]52;c;SGVsbG8=\x07|^[]52;c;SGVsbG8=^G|18|a clipboard-writing OSC cannot reach the terminal'
'clean 100 \e[8mhidden|^[[8mhidden|11|an SGR that hides text is shown, not obeyed'
'clean 100 x\x7fy|x^?y|4|DEL is shown as ^?'
'clean 100 a\x01\x1fb|a^A^_b|6|C0 controls in caret notation'
'clean 100 \xc2\x9b2J|\u009b2J|8|a C1 CSI (U+009B) is shown as an escape'
'clean 100 abc\xe2\x80\xaedef|abc\u202edef|12|a right-to-left override (U+202E) is shown, not obeyed'
'clean 100 \xe2\x81\xa6\xe2\x80\x8f\xd8\x9c|\u2066\u200f\u061c|18|bidi isolates and marks are shown'
'clean 100 caf\xe9|caf\xef\xbf\xbd|4|an invalid byte becomes U+FFFD'
'clean 100 \xed\xa0\x80|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|3|an encoded surrogate is invalid, byte by byte'
'clean 100 a\tb|a b|3|a tab becomes one space'
'clean 100 l1\nl2|l1\nl2|4|a newline is kept in multi-line text'
'clean 6 abcdefgh|ab\xe2\x80\xa6|3|a buffer too small cuts with an ellipsis, never silently'
'clean 5 \xe4\xb8\xad\xe6\x96\x87|\xe2\x80\xa6|1|a cut never splits a character'
'-a clean 100 caf\xc3\xa9 \xff|caf\u00e9 ?|11|ASCII output: non-ASCII as an escape, invalid as ?'
'fit 5 hello world|hell\xe2\x80\xa6|5|fit: cut with an ellipsis'
'fit 11 hello world|hello world|11|fit: what fits is whole'
'fit 4 \xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97|\xe4\xb8\xad\xe2\x80\xa6|3|fit: a wide character is never halved'
'-a fit 5 hello world|he...|5|fit in ASCII: three dots'
'fit 8 \e[31mred|^[[31mr\xe2\x80\xa6|8|fit counts the shown form of a control'
'width 0 \xe4\xb8\xad\xe6\x96\x87e\xcc\x81|5||width: CJK two columns each, a combining accent none'
'width 0 \xf0\x9f\x98\x80|2||width: an emoji takes two columns'
'wrap 10 the quick brown fox jumps|[the quick][brown fox][jumps]||wrap at spaces'
'wrap 4 abcdefghij|[abcd][efgh][ij]||a word longer than the line is broken, nothing lost'
'wrap 10 para one\n\npara two is longer|[para one][][para two][is longer]||wrap keeps paragraphs'
'wrap 5 \e[2Jab|[^[[2J][ab]||wrap measures the shown form'
'copy 4 a\xe2\x80\xa6b|a|1|copy cuts at a character boundary'
'copy 5 a\xe2\x80\xa6b|a\xe2\x80\xa6|4|copy keeps a whole character that fits'
)
for c in "${cases[@]}"; do
	IFS='|' read -r args want wid what <<<"$c"
	# The text may hold spaces: it is everything after the argument.
	set -- $args
	op=$1; shift
	flag=
	if [ "$op" = -a ] || [ "$op" = -u ]; then flag=$op; op=$1; shift; fi
	arg=$1; shift
	text=${args#*"$arg" }
	want=$(perl -pe 's/\\x([0-9a-f]{2})/chr hex $1/ge; s/\\n/\n/g' <<<"$want")
	[ -n "$wid" ] && want="$want|$wid"
	is "$(p $flag "$op" "$arg" "$text")" "$want" "$what"
done

# Widths do not depend on the process locale.
for loc in C POSIX C.UTF-8; do
	is "$(LC_ALL=$loc p -u width 0 '\xe4\xb8\xad\xe6\x96\x87e\xcc\x81')" 5 \
		"width under LC_ALL=$loc is wcwidth's in UTF-8"
done
is "$(LC_ALL=C p clean 100 'caf\xc3\xa9')" 'caf\u00e9|9' "a C locale gets ASCII output"

# JSON: jq reads it back to the same text, invalid bytes as U+FFFD.
j=$(p json 0 'a"b\\c\e\xc2\x9b\xe2\x80\xae\xf3\xa0\x80\x81\xff\n')
is "$j" '"a\"b\\c\u001b\u009b\u202e\udb40\udc01\ufffd\n"' \
	"JSON escapes controls, C1, bidi and tags (as a surrogate pair); invalid bytes as \\ufffd"
is "$(jq -r 'explode | map(tostring) | join(",")' <<<"$j")" \
	"97,34,98,92,99,27,155,8238,917505,65533,10" "jq reads the JSON string back code point by code point"
is "$(p json 0 'caf\xc3\xa9 \xe4\xb8\xad')" '"café 中"' "JSON keeps printable UTF-8 as it is"
finish
