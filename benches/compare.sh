#!/usr/bin/env bash
# Whole-run speed of `arkivsvep scan` against the reference tools, in one
# run, on the same files, with the same number of threads (2: the machine's
# cores) and the same per-file time limit (30 s) on both sides:
#
#   PDF   real-world PDFs that pdftotext reads   vs  pdftotext (xargs -P 2)
#   DOCX  real-world DOCX that pandoc reads      vs  pandoc -t plain (xargs -P 2)
#   TXT   a tree of corpus text repeated to ~SIZE_MB  vs  ../shared/tools/rg-baseline.sh
#
# arkivsvep does more than either side (it extracts, runs every rule,
# classifies and writes a report), so a ratio below 1 means the whole scan
# beats extraction alone. Each timing is the best of ROUNDS after a warm-up
# (warm page cache); peak RSS comes from /usr/bin/time -v.
#
# usage: benches/compare.sh [ROUNDS] [SIZE_MB]
#   needs: poppler-utils pandoc ripgrep time (Debian packages)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
size_mb=${2:-200}
shared=../shared
for tool in pdftotext pandoc rg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install poppler-utils pandoc ripgrep time" >&2; exit 2; }
done
cargo build --quiet --release
bin=$PWD/target/release/arkivsvep
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the file sets: only files the reference tool completes ---------------
mkdir -p "$work/pdf" "$work/docx" "$work/txt"
i=0
while IFS= read -r -d '' f; do
    head -c 1024 "$f" | grep -aq '%PDF-' || continue
    if timeout 30 pdftotext -q "$f" /dev/null 2>/dev/null; then
        i=$((i + 1)); cp "$f" "$work/pdf/$i.pdf"
    fi
done < <(find "$shared/corpus/real-world" -type f -print0 | sort -z)
while IFS= read -r -d '' f; do
    if timeout 30 pandoc -t plain "$f" -o /dev/null 2>/dev/null; then
        i=$((i + 1)); cp "$f" "$work/docx/$i.docx"
    fi
done < <(find "$shared/corpus/real-world" -type f \( -name '*.docx' -o -name '*.docm' -o -name '*.dotx' \) -print0 | sort -z)
# TXT: every text document of the corpora, copied round after round.
round=0
while [ "$(du -sm "$work/txt" | cut -f1)" -lt "$size_mb" ]; do
    round=$((round + 1)); mkdir -p "$work/txt/r$round"
    find "$shared/corpus/long-dev/docs" "$shared/corpus/labeled-dev/docs" -type f -name '*.txt' -print0 |
        while IFS= read -r -d '' f; do i=$((i + 1)); cp "$f" "$work/txt/r$round/$(basename "$f").$RANDOM.$i.txt"; done
done

# --- timing helpers ----------------------------------------------------------
best_of() { # "shell command" → prints "seconds peak_kb" of the fastest round
    bash -c "$1" >/dev/null 2>&1 || true # warm-up
    local best="" rss=""
    for _ in $(seq "$rounds"); do
        /usr/bin/time -v -o "$work/t" bash -c "$1" >/dev/null 2>&1 || true
        local s k
        s=$(awk -F': ' '/Elapsed/ {n=split($2,a,":"); t=0; for(j=1;j<=n;j++) t=t*60+a[j]; print t}' "$work/t")
        k=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/t")
        if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; rss=$k; fi
    done
    echo "$best $rss"
}
scan() { echo "'$bin' scan '$work/$1' -j 2 --timeout 30 --no-progress --jsonl '$work/out.jsonl'"; }
pdfref="find '$work/pdf' -type f -print0 | xargs -0 -P 2 -I{} timeout 30 pdftotext -q -enc UTF-8 {} /dev/null"
docxref="find '$work/docx' -type f -print0 | xargs -0 -P 2 -I{} timeout 30 pandoc -t plain {} -o /dev/null"
txtref="'$shared/tools/rg-baseline.sh' '$work/txt' 2"

report() { # label files ours ref
    read -r t1 m1 <<<"$3"; read -r t2 m2 <<<"$4"
    printf '%-5s %5d files  arkivsvep %7.2f s %6d MB   %-10s %7.2f s %6d MB   ratio %.2f\n' \
        "$1" "$2" "$t1" $((m1 / 1024)) "$5" "$t2" $((m2 / 1024)) "$(echo "$t1 / $t2" | bc -l)"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
report PDF "$(ls "$work/pdf" | wc -l)" "$(best_of "$(scan pdf)")" "$(best_of "$pdfref")" pdftotext
report DOCX "$(ls "$work/docx" | wc -l)" "$(best_of "$(scan docx)")" "$(best_of "$docxref")" pandoc
report TXT "$(find "$work/txt" -type f | wc -l)" "$(best_of "$(scan txt)")" "$(best_of "$txtref")" rg
echo "(TXT tree: $(du -sm "$work/txt" | cut -f1) MB; ratio = arkivsvep / reference wall time)"
