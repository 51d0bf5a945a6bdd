#!/bin/sh
# One fuzzing round of one target, gently, on a shared machine: one job,
# lowest priority, 2 GiB of memory, 10 s per input (twice the 5 s budget
# the targets give a document: an input over it never checks its budget).
#
#   fuzz/run.sh TARGET [SECONDS]     # default 900
#
# The libFuzzer output goes to fuzz/logs/TARGET-<time>.log (not committed);
# the command and the final stats are appended to fuzz/logs/rounds.log.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
target=$1
seconds=${2:-900}
mkdir -p "$here/logs"
log=$here/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log

set -- nice -n 19 cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" -- \
    -jobs=1 -rss_limit_mb=2048 -timeout=10 -max_total_time="$seconds" -print_final_stats=1
cd "$here"
echo "$(date -u +%FT%TZ) $*" >>logs/rounds.log
status=0
"$@" >"$log" 2>&1 || status=$?
# -jobs=1 sends libFuzzer's own output to fuzz-0.log in the working directory.
[ -f fuzz-0.log ] && cat fuzz-0.log >>"$log" && rm fuzz-0.log
grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^(==|SUMMARY|Done)|artifact_prefix|Test unit written' "$log" \
    | awk '!seen[$0]++' | sed "s/^/  $target: /" >>logs/rounds.log || true
echo "  $target: exit $status, corpus $(ls "corpus/$target" | wc -l) files" >>logs/rounds.log
tail -n 30 "$log"
exit "$status"
