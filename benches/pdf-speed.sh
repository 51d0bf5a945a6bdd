#!/usr/bin/env bash
# Speed of our PDF text extraction against poppler's pdftotext.
#
# Same files for both: every PDF in the real-world corpus that pdftotext
# reads within 30 s. Both tools run over the list with `xargs -P 2` (the
# machine has two cores), after one untimed warm-up pass so the page cache is
# warm. Prints both wall times and the ratio ours/pdftotext (below 1 = we
# are faster).
#
# Our side is `examples/pdftext.rs` built in release mode, a stand-in for
# `arkivsvep extract --plain` until the CLI lands on main.
#
# usage: benches/pdf-speed.sh [CORPUS_DIR] [ROUNDS]   (needs poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/real-world}
rounds=${2:-3}
command -v pdftotext >/dev/null || { echo "pdftotext missing: apt-get install poppler-utils" >&2; exit 2; }
cargo build --quiet --release --example pdftext
ours=$PWD/target/release/examples/pdftext

list=$(mktemp)
trap 'rm -f "$list"' EXIT
while IFS= read -r -d '' f; do
    head -c 1024 "$f" | grep -aq '%PDF-' || continue
    timeout 30 pdftotext -q "$f" /dev/null 2>/dev/null && printf '%s\0' "$f" >>"$list"
done < <(find "$corpus" -type f -print0 | sort -z)
count=$(tr -cd '\0' <"$list" | wc -c)

run_pdftotext() { xargs -0 -P 2 -I{} pdftotext -q -enc UTF-8 {} - <"$list" >/dev/null 2>&1 || true; }
run_ours() { xargs -0 -P 2 -n 1 "$ours" <"$list" >/dev/null 2>&1 || true; }
time_of() {
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$rounds"); do "$1"; done
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
run_pdftotext; run_ours # warm-up
t_pdftotext=$(time_of run_pdftotext)
t_ours=$(time_of run_ours)
printf 'files: %d, rounds: %d\n' "$count" "$rounds"
printf 'pdftotext: %.2f s\n' "$t_pdftotext"
printf 'arkivsvep: %.2f s\n' "$t_ours"
printf 'ratio arkivsvep/pdftotext: %.2f\n' "$(echo "$t_ours / $t_pdftotext" | bc -l)"
