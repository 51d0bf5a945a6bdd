#!/bin/sh
# Join the shards of one run into one report (and one state file), as if a
# single run had scanned the whole share; then diff against the previous
# merged state to list what changed.
#
#   SHARDS, OUT, RUN, ARKIVSVEP as in shard.sh
set -eu
: "${SHARDS:?set SHARDS to the number of shards}"
OUT="${OUT:-/out}"
RUN="${RUN:-$(date -u +%Y-%m-%d)}"
ARKIVSVEP="${ARKIVSVEP:-arkivsvep}"

reports=""
states=""
i=0
while [ "$i" -lt "$SHARDS" ]; do
    f="$OUT/$RUN/shard-$i.jsonl"
    if [ ! -f "$f" ]; then
        echo "merge: $f is missing (shard $i unfinished?)" >&2
        exit 2
    fi
    reports="$reports $f"
    states="$states $OUT/state/shard-$i.db"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # word splitting wanted: one argument per shard
"$ARKIVSVEP" merge "$OUT/$RUN/report.jsonl" --jsonl $reports
rm -f "$OUT/$RUN/state.db"
# shellcheck disable=SC2086
"$ARKIVSVEP" merge "$OUT/$RUN/state.db" --state $states
if [ -f "$OUT/latest/state.db" ]; then
    "$ARKIVSVEP" diff "$OUT/latest/state.db" "$OUT/$RUN/state.db" > "$OUT/$RUN/changes.txt"
    "$ARKIVSVEP" diff --format csv "$OUT/latest/state.db" "$OUT/$RUN/state.db" > "$OUT/$RUN/changes.csv"
fi
ln -sfn "$RUN" "$OUT/latest"
