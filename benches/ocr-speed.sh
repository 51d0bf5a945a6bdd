#!/usr/bin/env bash
# Speed of `arkivsvep scan --ocr` against Tesseract alone on the same page
# pictures.
#
# The pictures are taken out of the PDFs once, by `examples/ocrimages.rs`,
# exactly as the scanner hands them to Tesseract (JPEG as is, fax data in a
# TIFF header, raw pixels as PNM), with the same `--dpi`. Both sides run two
# at a time (the machine has two cores: `xargs -P 2` there, `-j 2` here)
# with OMP_THREAD_LIMIT=1, after one untimed warm-up pass. Our side includes
# everything a scan does: crawl, PDF parsing, picture extraction, one
# tesseract child per picture, rules, classification, JSONL. Prints both
# wall and CPU times and the ratios ours/tesseract (target ≤ 1.2).
#
# usage: benches/ocr-speed.sh [CORPUS_DIR] [ROUNDS]
#        (needs tesseract-ocr tesseract-ocr-swe; PROFILE=dev to skip the
#        release build — Tesseract's time dominates either way; WARMUP=0)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/ocr-dev/docs}
rounds=${2:-1}
command -v tesseract >/dev/null || { echo "tesseract missing: apt-get install tesseract-ocr tesseract-ocr-swe" >&2; exit 2; }
profile=${PROFILE:-release}
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
cargo build --quiet --profile "$profile" --bin arkivsvep --example ocrimages
ours=$PWD/target/$dir/arkivsvep
export OMP_THREAD_LIMIT=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$corpus" -type f -name '*.pdf' -print0 | sort -z \
    | xargs -0 "$PWD/target/$dir/examples/ocrimages" "$work/img" >"$work/list"
count=$(wc -l <"$work/list")

run_tesseract() {
    # shellcheck disable=SC2016
    # No trailing blank on a line: xargs -L would join it with the next.
    sed 's/\t$//; s/\t/ /' "$work/list" | xargs -P 2 -L 1 sh -c \
        'tesseract "$0" stdout -l swe+eng --psm 3 ${1:+--dpi "$1"} >/dev/null 2>&1' || true
}
run_ours() { "$ours" scan "$corpus" --ocr -j 2 --no-progress --jsonl "$work/out.jsonl" >/dev/null 2>&1 || true; }
# Wall time and CPU time (user + sys of every child) of one pass. CPU time
# is the steadier number on a shared machine, where other jobs stretch the
# wall time of whichever side happens to run beside them.
TIMEFORMAT='%R %U %S'
time_of() {
    local t
    t=$( { time "$1" >/dev/null 2>&1; } 2>&1 )
    set -- $t
    echo "$1 $(echo "$2 + $3" | bc -l)"
}
# Warm-up (WARMUP=0 skips it: OCR is CPU-bound, the page cache matters little).
if [ "${WARMUP:-1}" = 1 ]; then run_tesseract; run_ours; fi
tw=0; tc=0; ow=0; oc=0
for _ in $(seq "$rounds"); do
    # Alternate the order so drifting load from other jobs hits both sides.
    read -r w c < <(time_of run_ours); ow=$(echo "$ow + $w" | bc -l); oc=$(echo "$oc + $c" | bc -l)
    read -r w c < <(time_of run_tesseract); tw=$(echo "$tw + $w" | bc -l); tc=$(echo "$tc + $c" | bc -l)
done
printf 'pictures: %d, rounds: %d\n' "$count" "$rounds"
printf 'tesseract alone: %.2f s wall, %.2f s CPU\n' "$tw" "$tc"
printf 'arkivsvep --ocr: %.2f s wall, %.2f s CPU\n' "$ow" "$oc"
printf 'ratio arkivsvep/tesseract: %.2f wall, %.2f CPU\n' "$(echo "$ow / $tw" | bc -l)" "$(echo "$oc / $tc" | bc -l)"
