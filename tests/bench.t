#!/bin/bash
# SPDX-License-Identifier: MIT
# forkscope bench: the mechanics on small sizes. The figures themselves are
# for the benchmark to report, not for a test to time.
. "$(dirname "$0")/lib.sh"

"$BIN" bench --sizes 1M,2M --json > "$T/b.json" 2> "$T/err"
is "$?" 0 "bench --json on small sizes exits 0"
is "$(jq -s 'length' "$T/b.json")" 12 "one JSON object per (size, method): 2 x 6"
is "$(jq -r -s '[.[].method] | unique | join(",")' "$T/b.json")" \
	"clone,fork,fork-exec,posix_spawn,vfork,vfork-exec" "every method runs, named as documented"
is "$(jq -s '[.[] | select(.iterations >= 15 and .min_us > 0 and .min_us <= .median_us
	and .median_us <= .p90_us)] | length' "$T/b.json")" 12 \
	"each object has iterations and ordered min <= median <= p90"
is "$(jq -s '[.[] | select(.rss_bytes >= .size_bytes)] | length' "$T/b.json")" 12 \
	"the measured RSS covers the size asked for (memory was touched)"
is "$(jq -r -s '[.[].size_bytes] | unique | map(tostring) | join(",")' "$T/b.json")" \
	"1048576,2097152" "sizes are reported in bytes"
"$BIN" bench --sizes 1M --plain > "$T/b.txt"
check "--plain prints a table with a header" grep -q "^size   rss      method" "$T/b.txt"
check "--plain derives the fork/vfork ratio" grep -q "fork/vfork [0-9.]*x" "$T/b.txt"

"$BIN" bench --sizes 4M --huge --json > "$T/h.json"
is "$?/$(jq -s length "$T/h.json")" 0/6 "--huge runs every method"
is "$(jq -s '[.[] | select(.thp_bytes >= 0 and .thp_bytes <= .size_bytes)] | length' "$T/h.json")" 6 \
	"--huge: every object says how many bytes the kernel gave as huge pages"
"$BIN" bench --sizes=4M --huge --plain > "$T/h.txt"
check "--huge --plain: the table says how much was granted as huge pages" \
	grep -qE "^4M .* [0-9]+[KMG]? *$" "$T/h.txt"
check "--huge --plain: and says what the column is" grep -q "thp" "$T/h.txt"

# Sizes are labelled exactly: bytes below a KiB, and never rounded down.
"$BIN" bench --sizes 1,1536K --plain > "$T/s.txt"
check "--sizes 1 is labelled 1B, not 0K" grep -q "^1B " "$T/s.txt"
check "--sizes 1536K is labelled 1536K, not 1M" grep -q "^1536K " "$T/s.txt"

# bench has its own --help and --version, on stdout, exit 0.
r=$("$BIN" bench --help 2>&1; echo "rc=$?")
check "bench --help prints its usage" grep -q "^usage: forkscope bench" <<<"$r"
is "$(tail -1 <<<"$r")" rc=0 "bench --help exits 0"
is "$("$BIN" bench -V)" "$("$BIN" --version)" "bench -V prints the version"

bad() { # bad DESCRIPTION EXPECTED-MESSAGE ARGS...
	local d=$1 m=$2; shift 2
	"$BIN" bench "$@" > "$T/out" 2> "$T/err"
	is "$?/$(grep -c "$m" "$T/err")/$(wc -c < "$T/out")" "2/1/0" "$d: exit 2, one message, no output"
}
bad "a zero size" "bad size '0'" --sizes 0
bad "a size with a bad suffix" "bad size '12X'" --sizes 12X
bad "a size that cannot fit" "will not fit" --sizes 64G
bad "--sizes without a value" "needs a value" --sizes
bad "an unknown bench option" "unknown bench option '--fast'" --fast
bad "an option of the fork benchmark with step" "does not apply to bench step" step --huge
bad "an unknown benchmark" "unknown benchmark 'stpe'" stpe
bad "--plain=x" "option '--plain' takes no value" --plain=x
if [ -z "${FORKSCOPE_SANITIZED:-}" ]; then
	# The address space limit is checked before anything is allocated.
	(ulimit -v 300000; exec "$BIN" bench --sizes 512M --plain) > "$T/out" 2> "$T/err"
	is "$?/$(wc -c < "$T/out")" "2/0" "RLIMIT_AS too small: exit 2 before any output"
	check "RLIMIT_AS too small: the message names the limit" grep -q "address space limit (ulimit -v)" "$T/err"
else
	skip "an address space limit cannot be set under AddressSanitizer"
	skip "an address space limit cannot be set under AddressSanitizer"
fi

# bench step prints its three goals (whether they are met is for the
# benchmark to say, not for a test to time), and bench store proves that a
# stored step comes back exactly.
"$BIN" bench step > "$T/step.txt" 2> "$T/err"
is "$?" 0 "bench step exits 0"
for g in 1 2 3; do
	check "bench step prints goal $g with a verdict or why it was not measured" \
		grep -qE "^goal $g: .*(: (MET|NOT MET)|not measured: .+)\$" "$T/step.txt"
done
check "bench step reports pinned and unpinned" grep -q "pinned to one CPU:.*unpinned" \
	<(tr '\n' ' ' < "$T/step.txt")
check "bench step reports memory per stored step in bytes" \
	grep -qE "^memory per stored step, .*: [0-9]+ bytes" "$T/step.txt"
"$BIN" bench store > "$T/store.txt"
is "$?" 0 "bench store: every demo's every snapshot packs and unpacks exactly"
check "bench store says so" grep -q "all came back exactly" "$T/store.txt"
check_no_leftovers "bench step and bench store"

# Ctrl-C in the middle stops cleanly, with nothing left behind. After three
# lines the posix_spawn block runs: most of its time is spent in waitpid.
rm -f "$T/fifo"; mkfifo "$T/fifo"
( trap - INT; exec "$BIN" bench --sizes 1M,2M,4M,8M --json > "$T/fifo" 2> "$T/err" ) &
pid=$!
exec 3< "$T/fifo"
head -n 3 <&3 > /dev/null
kill -INT "$pid"
cat <&3 > /dev/null
exec 3<&-
{ wait "$pid"; } 2>/dev/null
is "$?" 130 "SIGINT stops the benchmark (status 130)"
is "$(cat "$T/err")" "" "SIGINT: no message about a measurement interrupted (EINTR)"
check_no_leftovers "an interrupted benchmark"
check "no child of the benchmark is left" test -z "$(pgrep -P "$pid" 2>/dev/null)"
finish
