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
# wall times and the ratio ours/tesseract (target ≤ 1.2).
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
    tr '\t' ' ' <"$work/list" | xargs -P 2 -L 1 sh -c \
        'tesseract "$0" stdout -l swe+eng --psm 3 ${1:+--dpi "$1"} >/dev/null 2>&1' || true
}
run_ours() { "$ours" scan "$corpus" --ocr -j 2 --no-progress --jsonl "$work/out.jsonl" >/dev/null 2>&1 || true; }
time_of() {
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$rounds"); do "$1"; done
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
# Warm-up (WARMUP=0 skips it: OCR is CPU-bound, the page cache matters little).
if [ "${WARMUP:-1}" = 1 ]; then run_tesseract; run_ours; fi
t_tess=$(time_of run_tesseract)
t_ours=$(time_of run_ours)
printf 'pictures: %d, rounds: %d\n' "$count" "$rounds"
printf 'tesseract alone: %.2f s\n' "$t_tess"
printf 'arkivsvep --ocr: %.2f s\n' "$t_ours"
printf 'ratio arkivsvep/tesseract: %.2f\n' "$(echo "$t_ours / $t_tess" | bc -l)"
