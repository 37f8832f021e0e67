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

# Ctrl-C in the middle stops cleanly, with nothing left behind.
rm -f "$T/fifo"; mkfifo "$T/fifo"
( trap - INT; exec "$BIN" bench --sizes 1M,2M,4M,8M --json > "$T/fifo" 2>/dev/null ) &
pid=$!
exec 3< "$T/fifo"
head -n 1 <&3 > /dev/null
kill -INT "$pid"
cat <&3 > /dev/null
exec 3<&-
{ wait "$pid"; } 2>/dev/null
is "$?" 130 "SIGINT stops the benchmark (status 130)"
check_no_leftovers "an interrupted benchmark"
check "no child of the benchmark is left" test -z "$(pgrep -P "$pid" 2>/dev/null)"
finish
