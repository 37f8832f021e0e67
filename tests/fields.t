#!/bin/bash
# SPDX-License-Identifier: MIT
# The fields of JSON and plain output that few people look at, on real
# processes: step numbers, exit statuses above 127, zombies in relations,
# the faults of processes that did not act, the transcript's change marks.
. "$(dirname "$0")/lib.sh"

zombie=$(scenario zombie <<'SCN'
title an exit status above 127, and a zombie
var x global 1
var y heap 7
parent fork c
c set y 8
c exit 200
parent read x
parent wait c
SCN
)
two=$(scenario two <<'SCN'
title two globals and a heap variable between them
var x global 1
var y heap 5
var z global 9
var w global 4
parent fork c
c set x 2
c set z 3
c inc y
c set w 5
SCN
)

# Facts of one run as WHO of scenario SCN (JSON in $T/f.json, plain in $T/f.txt).
facts() {
	local who=$1 scn=$2 name
	name=$(basename "$scn" .scn)
	if [ "$who" = nobody ]; then
		as_nobody "$BIN" --json "$scn" > "$T/f.json"; as_nobody "$BIN" --plain "$scn" > "$T/f.txt"
	else
		"$BIN" --json "$scn" > "$T/f.json"; "$BIN" --plain "$scn" > "$T/f.txt"
	fi
	is "$(q "$T/f.json" '.[1:] | map(.step) == [range(0; length)]')" true \
		"$who, $name: JSON steps are numbered 0, 1, 2... in order"
	is "$(q "$T/f.json" '.[0].steps == length - 2')" true \
		"$who, $name: the header's step count is the number of steps after step 0"
	is "$(grep -oE '^== step [0-9]+/[0-9]+' "$T/f.txt" | tr '\n' ' ')" \
		"$(q "$T/f.json" '.[0].steps as $n | [range(0; $n + 1) | "== step \(.)/\($n)"] | join(" ")') " \
		"$who, $name: the transcript's steps are numbered the same way"
	is "$(q "$T/f.json" '[.[1:][] | (.procs | map(select(.state == "zombie" or .state == "exited")
		| .name)) as $dead | .relations[] | select(.a as $a | .b as $b | $dead | index($a) or index($b))] | length')" 0 \
		"$who, $name: no relation names a zombie or an exited process"
	is "$(q "$T/f.json" '[range(2; length) as $i | .[$i].procs[] as $p
		| select($p.state == "running" or $p.state == "suspended")
		| select(any(.[$i - 1].procs[]; .pid == $p.pid and (.state == "running" or .state == "suspended")))
		| select(($p.faults | type) != "number") | "\(.[$i].step):\($p.name)"] | join(" ")')" "" \
		"$who, $name: every live process that lived before the step has a fault count, acting or not"
	# The transcript's '*' after a value: exactly where JSON says the value changed.
	perl -e '
		use JSON::PP; my ($json, $txt) = @ARGV;
		open(my $j, "<", $json) or die; my @s = map { decode_json($_) } <$j>; shift @s;
		my (%want, %got, $step, $proc);
		for my $i (1 .. $#s) { for my $p (@{$s[$i]{procs}}) {
			my ($o) = grep { $_->{pid} == $p->{pid} } @{$s[$i - 1]{procs}};
			for my $v (@{$p->{vars}}) {
				my ($ov) = $o ? grep { $_->{name} eq $v->{name} } @{$o->{vars}} : ();
				$want{"$i $p->{name} $v->{name}"} = $ov && defined $ov->{value} &&
					defined $v->{value} && $ov->{value} != $v->{value} ? "*" : " ";
		} } }
		open(my $t, "<", $txt) or die;
		while (<$t>) {
			$step = $1 if /^== step (\d+)\//;
			$proc = $1 if /^  (\S+)  pid \d+/;
			$got{"$step $proc $1"} = $2 if $step && /^    (\S+)\s+\S+\s+= \S+\s*([* ]) addr /;
		}
		my @bad = grep { ($got{$_} // "none") ne $want{$_} } sort keys %want;
		print join(", ", map { "$_: got \"" . ($got{$_} // "none") . "\"" } @bad);
	' "$T/f.json" "$T/f.txt" > "$T/marks"
	is "$(cat "$T/marks")" "" "$who, $name: the transcript marks every changed value with '*', and no other"
}

for who in root nobody; do
	if [ "$who" = nobody ] || is_root; then
		for scn in "$zombie" "$two" fork-cow vfork-shared; do
			facts "$who" "$scn"
		done
	fi
done

# Exit statuses above 127, in JSON and in words.
"$BIN" --json "$zombie" > "$T/z.json"
"$BIN" --plain "$zombie" > "$T/z.txt"
is "$(proc "$T/z.json" 3 c state)/$(proc "$T/z.json" 3 c exit_status)" zombie/200 \
	"exit 200: the zombie's exit status is 200, all 8 bits"
is "$(proc "$T/z.json" 5 c state)/$(proc "$T/z.json" 5 c exit_status)" exited/200 \
	"exit 200: and still 200 once waited for"
check "exit 200: the words say status 200 while a zombie" \
	grep -q 'zombie: exited with status 200, not yet waited for' "$T/z.txt"
check "exit 200: and once waited for" grep -qE '^  c  pid [0-9]+  exited with status 200' "$T/z.txt"
# Control characters in every text field JSON has: escaped, and decoded
# back to the very same text (C0, DEL, and C1 as UTF-8).
ctl=$'\x01\x10\x1b[31m\x1f\x7f'$'\xc2\x9b'
S=$(scenario controls <<SCN
title t$ctl
about a$ctl
var x global 1
say s$ctl
parent print p$ctl
parent fork c
c exit libc
SCN
)
"$BIN" --json "$S" > "$T/c.json"
is "$?" 0 "a scenario with control characters in its texts runs (JSON)"
is "$(LC_ALL=C grep -c -P '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/c.json")" 0 \
	"JSON: no raw control character in any field"
for f in '.[0].title' '.[0].about' '.[2].say' '.[2].action' '.[-1].procs[1].output'; do
	want=$(printf '%s' "$ctl" | od -An -tx1 | tr -d ' \n')
	got=$(q "$T/c.json" "$f" | od -An -tx1 | tr -d ' \n')
	check "JSON: $f keeps its control characters, escaped" test "${got%"$want"*}" != "$got"
done
check_no_leftovers "the runs"
finish
