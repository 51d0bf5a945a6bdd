#!/usr/bin/env bash
# Agreement of our PDF text with poppler's pdftotext (plain mode).
#
# For every PDF in the real-world corpus where `pdftotext` succeeds within
# 30 s and yields at least 50 words, compare our plain text with pdftotext's
# using ../shared/tools/textf1.py (bag-of-words F1). Prints the share of files
# with F1 >= 0.95 (target: 90 %), the micro-F1 over all words, and the ten
# worst files.
#
# Our text comes from `arkivsvep extract --plain` (the release build); set
# PDFTEXT to another command (e.g. target/release/examples/pdftext) to
# compare that instead.
#
# usage: benches/pdf-agreement.sh [CORPUS_DIR]   (needs poppler-utils:
#        apt-get install poppler-utils)
# Environment: PDFTEXT=command printing a PDF's plain text (default: build the
# release binary); KEEP=dir to keep the texts;
# MIN_WORDS=n to change the 50-word floor.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/real-world}
command -v pdftotext >/dev/null || { echo "pdftotext missing: apt-get install poppler-utils" >&2; exit 2; }
if [[ -z "${PDFTEXT:-}" ]]; then
    cargo build --quiet --release
    PDFTEXT="target/release/arkivsvep extract --plain"
fi
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
results="$work/results.tsv"
: >"$results"
while IFS= read -r -d '' f; do
    head -c 1024 "$f" | grep -aq '%PDF-' || continue
    key=$(echo "${f#"$corpus"/}" | tr '/' '_')
    ref="$work/$key.ref.txt"
    cand="$work/$key.ours.txt"
    timeout 30 pdftotext -enc UTF-8 "$f" "$ref" 2>/dev/null || continue
    words=$(python3 -c 'import re,sys; print(len(re.findall(r"\w+", open(sys.argv[1], encoding="utf-8", errors="replace").read())))' "$ref")
    (( words >= ${MIN_WORDS:-50} )) || continue
    # shellcheck disable=SC2086 # PDFTEXT may be a command with arguments
    timeout 60 $PDFTEXT "$f" >"$cand" 2>/dev/null || true
    read -r f1 p r < <(python3 ../shared/tools/textf1.py "$ref" "$cand")
    printf '%s\t%s\t%s\t%s\t%s\n' "${f#"$corpus"/}" "$f1" "$p" "$r" "$words" >>"$results"
done < <(find "$corpus" -type f -print0 | sort -z)

python3 - "$results" "$work" "$corpus" <<'PY'
import re, sys, unicodedata
from collections import Counter
results, work, corpus = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(results, encoding="utf-8") if l.strip()]
WORD = re.compile(r"\w+", re.UNICODE)
def words(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        return Counter()
    return Counter(WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
common = ref_total = cand_total = 0
for name, *_ in rows:
    key = name.replace("/", "_")
    r, c = words(f"{work}/{key}.ref.txt"), words(f"{work}/{key}.ours.txt")
    common += sum((r & c).values()); ref_total += sum(r.values()); cand_total += sum(c.values())
p = common / max(1, cand_total); r = common / max(1, ref_total)
micro = 2 * p * r / (p + r) if p + r else 0.0
good = sum(1 for row in rows if float(row[1]) >= 0.95)
print(f"files compared: {len(rows)}")
print(f"F1 >= 0.95: {good}/{len(rows)} = {100 * good / max(1, len(rows)):.1f} %")
print(f"micro-F1: {micro:.4f} (precision {p:.4f}, recall {r:.4f})")
print("worst ten (file, F1, precision, recall, reference words):")
for row in sorted(rows, key=lambda r: float(r[1]))[:10]:
    print("  " + "\t".join(row))
PY
echo "texts and results.tsv in $work"
