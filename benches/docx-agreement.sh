#!/usr/bin/env bash
# Agreement of our DOCX plain text with pandoc's, over the real-world corpus.
#
# Our text: `arkivsvep extract --plain FILE` (body, table, footnote,
# endnote, tracked insertion), release build; OFFICETEXT overrides it.
#
# For each .docx/.docm/.dotx under the corpus where `pandoc -t plain`
# succeeds and yields >= 50 words: bag-of-words F1 of ours vs pandoc
# (../shared/tools/textf1.py). Prints the share of files with F1 >= 0.95
# (target >= 90%), the micro-F1 over all words, and the worst ten.
#
# usage: benches/docx-agreement.sh [CORPUS_DIR]   (run from the repo root)
#   MIN_WORDS=N  compare files where pandoc gives >= N words (default 50)
#   WORST=N      list the N worst files (default 10)
#   PANDOC_ARGS  extra pandoc options, e.g. "-s" (then pandoc also prints
#                Title/Subtitle-styled paragraphs, which it otherwise moves
#                into metadata and drops)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus/real-world}
TOOLS=${TOOLS:-../shared/tools}
command -v pandoc >/dev/null || { echo "pandoc missing: apt-get install -y pandoc" >&2; exit 2; }
cargo build --quiet --release
BIN=${OFFICETEXT:-"target/release/arkivsvep extract --plain"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LIST="$WORK/list.tsv"
: > "$LIST"
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1))
  ref="$WORK/$i.ref"; cand="$WORK/$i.cand"
  if ! timeout 30 pandoc -f docx -t plain --wrap=none ${PANDOC_ARGS:-} "$f" -o "$ref" 2>/dev/null; then continue; fi
  # shellcheck disable=SC2086 # BIN may be a command with arguments
  timeout 30 $BIN "$f" > "$cand" 2>/dev/null || : > "$cand"
  printf '%s\t%s\t%s\n' "$f" "$ref" "$cand" >> "$LIST"
done < <(find "$CORPUS" -type f \( -iname '*.docx' -o -iname '*.docm' -o -iname '*.dotx' \) -print0 | sort -z)

python3 - "$LIST" "$TOOLS" "${MIN_WORDS:-50}" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from textf1 import words, f1
rows, common, nref, ncand = [], 0, 0, 0
for line in open(sys.argv[1], encoding="utf-8"):
    path, ref, cand = line.rstrip("\n").split("\t")
    r, c = words(ref), words(cand)
    if sum(r.values()) < int(sys.argv[3]):
        continue
    score, p, rc = f1(r, c)
    rows.append((score, p, rc, path))
    common += sum((r & c).values()); nref += sum(r.values()); ncand += sum(c.values())
if not rows:
    sys.exit("no files compared")
good = sum(1 for s, *_ in rows if s >= 0.95)
p = common / max(1, ncand); r = common / max(1, nref)
micro = 2 * p * r / (p + r) if p + r else 0.0
print(f"files compared: {len(rows)}")
print(f"F1 >= 0.95: {good}/{len(rows)} = {100 * good / len(rows):.1f}%  (target >= 90%)")
print(f"micro-F1: {micro:.4f}  (precision {p:.4f}, recall {r:.4f})")
# Pandoc drops some text (tables without w:tblGrid, Title-styled paragraphs
# without -s): recall says whether we at least hold everything it found.
full = sum(1 for _, _, rr, _ in rows if rr >= 0.95)
print(f"recall >= 0.95: {full}/{len(rows)} = {100 * full / len(rows):.1f}%")
print("worst ten (f1 precision recall file):")
for s, pp, rr, path in sorted(rows)[:int(__import__("os").environ.get("WORST", "10"))]:
    print(f"  {s:.4f} {pp:.4f} {rr:.4f} {path}")
PY
