#!/bin/sh
# Run one shard of a sharded sweep. Used by the Kubernetes Indexed Job
# (JOB_COMPLETION_INDEX) and the Slurm job array (SLURM_ARRAY_TASK_ID).
#
#   SHARDS   number of shards N (required)
#   SHARE    the share to scan, mounted read-only (default /share)
#   OUT      directory for this run's outputs (default /out)
#   RUN      run name, so reruns of the same job resume (default: today's date)
#   ARKIVSVEP the binary (default: arkivsvep on PATH)
#
# Each shard writes OUT/RUN/shard-I.jsonl and keeps OUT/state/shard-I.db, so
# a shard that is killed and restarted re-reports what it had finished and
# analyses only the rest. Exit codes are arkivsvep's: 0 clean, 1 flagged
# (not a failure of the job), 2 could not run, 130 interrupted.
set -eu

I="${JOB_COMPLETION_INDEX:-${SLURM_ARRAY_TASK_ID:-}}"
: "${I:?set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID}"
: "${SHARDS:?set SHARDS to the number of shards}"
SHARE="${SHARE:-/share}"
OUT="${OUT:-/out}"
RUN="${RUN:-$(date -u +%Y-%m-%d)}"
ARKIVSVEP="${ARKIVSVEP:-arkivsvep}"

mkdir -p "$OUT/$RUN" "$OUT/state"
set +e
"$ARKIVSVEP" scan "$SHARE" \
    --shard "$I/$SHARDS" \
    --state "$OUT/state/shard-$I.db" \
    --jsonl "$OUT/$RUN/shard-$I.jsonl" \
    --no-progress
code=$?
set -e
# Flagged documents are the point of the sweep, not a failed pod.
if [ "$code" -eq 1 ]; then code=0; fi
exit "$code"
