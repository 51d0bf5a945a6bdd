#!/usr/bin/env bash
# Tesseract through a library binding (the `tesseract` crate, one engine per
# thread) against the `tesseract` program (one child per picture, as
# src/ocr does), on the same page pictures with the same threads (issue #12).
#
# Pictures: taken out of ocr-dev's image-only PDFs by examples/ocrimages
# exactly as `arkivsvep scan --ocr` hands them to Tesseract (as
# benches/ocr-speed.sh does), into $PAGES (default /tmp/ocr-pages).
# Three ways, all `swe+eng --psm 3` with the picture's dpi, THREADS at a time,
# OMP_THREAD_LIMIT=1:
#   api   benches/ocr-binding, one TessBaseAPI per thread, pictures from memory
#   cli   the same program and work queue, one `tesseract stdin stdout` child
#         per picture (what src/ocr/mod.rs does)
#   xargs `tesseract FILE stdout` under `xargs -P THREADS`
# First an untimed pass of api and cli that writes each picture's text, which
# is compared (byte-identical? textf1.py per picture); then ROUNDS timed
# rounds, order rotated each round; prints every round, the medians and the
# ratios. Also the fixed cost per picture: a blank 64x32 picture 20 times,
# one thread, each way. Wall and CPU (user+sys of us and every child); CPU is
# the steadier number on a shared machine.
#
# usage: benches/ocr-binding.sh [CORPUS_DIR] [ROUNDS]   (THREADS=2, PAGES=…)
# Installs nothing; says what to apt-get when something is missing
# (tesseract-ocr tesseract-ocr-swe libtesseract-dev libleptonica-dev clang libclang-dev pkg-config bc).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/ocr-dev/docs}
rounds=${2:-3}
threads=${THREADS:-2}
pages=${PAGES:-/tmp/ocr-pages}
f1=../shared/tools/textf1.py

need() { echo "missing $1: apt-get install $2" >&2; exit 2; }
command -v tesseract >/dev/null || need tesseract "tesseract-ocr tesseract-ocr-swe"
tesseract --list-langs 2>&1 | grep -qx swe || need "Tesseract's Swedish model" tesseract-ocr-swe
command -v pkg-config >/dev/null || need pkg-config pkg-config
pkg-config --exists tesseract lept || need "libtesseract/leptonica headers" "libtesseract-dev libleptonica-dev"
command -v clang >/dev/null || need "clang (bindgen)" "clang libclang-dev"
command -v bc >/dev/null || need bc bc
command -v python3 >/dev/null || need python3 python3

cargo build --quiet --release --example ocrimages
cargo build --quiet --release --manifest-path benches/ocr-binding/Cargo.toml
bin=$PWD/benches/ocr-binding/target/release/ocr-binding
export OMP_THREAD_LIMIT=1

rm -rf "$pages"
mkdir -p "$pages"
find "$corpus" -type f -name '*.pdf' -print0 | sort -z \
    | xargs -0 target/release/examples/ocrimages "$pages/img" >"$pages/list"
count=$(wc -l <"$pages/list")
echo "pictures: $count from $corpus; threads: $threads; rounds: $rounds; tesseract $(pkg-config --modversion tesseract), leptonica $(pkg-config --modversion lept)"
echo "load before: $(uptime)"

run_api() { "$bin" api "$threads" "$pages/list" >/dev/null 2>&1; }
run_cli() { "$bin" cli "$threads" "$pages/list" >/dev/null 2>&1; }
run_xargs() {
    # shellcheck disable=SC2016
    sed 's/\t$//; s/\t/ /' "$pages/list" | xargs -P "$threads" -L 1 sh -c \
        'tesseract "$0" stdout -l swe+eng --psm 3 ${1:+--dpi "$1"} >/dev/null 2>&1' || true
}
TIMEFORMAT='%R %U %S'
time_of() {
    local t
    t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
    set -- $t
    printf '%.2f %.2f\n' "$1" "$(echo "$2 + $3" | bc -l)"
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# Untimed pass (also the warm-up): the text of every picture, both ways.
"$bin" api "$threads" "$pages/list" "$pages/text-api" 2>/dev/null
"$bin" cli "$threads" "$pages/list" "$pages/text-cli" 2>/dev/null
same=0; scores=""
for a in "$pages"/text-api/*.txt; do
    c=$pages/text-cli/$(basename "$a")
    cmp -s "$a" "$c" && same=$((same + 1))
    scores="$scores$(python3 "$f1" "$c" "$a" | cut -d' ' -f1)"$'\n'
done
printf 'text: %d of %d pictures byte-identical api vs cli; textf1 min %s, mean %s\n' "$same" "$count" \
    "$(printf '%s' "$scores" | sort -n | head -1)" \
    "$(printf '%s' "$scores" | awk '{s+=$1} END {printf "%.4f", s/NR}')"

declare -A wall cpu
ways=(api cli xargs)
for r in $(seq "$rounds"); do
    for k in 0 1 2; do
        way=${ways[$(( (k + r - 1) % 3 ))]}
        read -r w c < <(time_of "run_$way")
        wall[$way]="${wall[$way]:-}$w"$'\n'; cpu[$way]="${cpu[$way]:-}$c"$'\n'
        printf 'round %d %-5s %7.2f s wall %7.2f s CPU   (%s)\n' "$r" "$way" "$w" "$c" "load $(cut -d' ' -f1 /proc/loadavg)"
    done
done
declare -A mw mc
for way in "${ways[@]}"; do
    mw[$way]=$(printf '%s' "${wall[$way]}" | median); mc[$way]=$(printf '%s' "${cpu[$way]}" | median)
    printf 'median %-5s %7.2f s wall %7.2f s CPU\n' "$way" "${mw[$way]}" "${mc[$way]}"
done
printf 'ratio cli/api:   %.2f wall, %.2f CPU\n' "$(echo "${mw[cli]} / ${mw[api]}" | bc -l)" "$(echo "${mc[cli]} / ${mc[api]}" | bc -l)"
printf 'ratio xargs/api: %.2f wall, %.2f CPU\n' "$(echo "${mw[xargs]} / ${mw[api]}" | bc -l)" "$(echo "${mc[xargs]} / ${mc[api]}" | bc -l)"
printf 'extra CPU per picture for a child: %.2f s (median CPU cli - api over %d pictures)\n' \
    "$(echo "(${mc[cli]} - ${mc[api]}) / $count" | bc -l)" "$count"

# Fixed cost: a blank picture, 20 times, one thread. The api side loads the
# models once; the cli side starts a program and loads them 20 times.
blank=$pages/blank
mkdir -p "$blank"
{ printf 'P5\n64 32\n255\n'; head -c 2048 /dev/zero | tr '\0' '\377'; } >"$blank/blank.pnm"
for i in $(seq 20); do printf '%s\t\n' "$blank/blank.pnm"; done >"$blank/list"
read -r bw ba < <(time_of "$bin" api 1 "$blank/list")
read -r cw cc < <(time_of "$bin" cli 1 "$blank/list")
printf 'blank 64x32 x20, 1 thread: api %.2f s wall %.2f s CPU; cli %.2f s wall %.2f s CPU -> %.2f s CPU per child\n' \
    "$bw" "$ba" "$cw" "$cc" "$(echo "($cc - $ba) / 20" | bc -l)"
echo "load after: $(uptime)"
