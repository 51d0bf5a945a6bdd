#!/usr/bin/env bash
# Speed of our DOCX plain-text extraction against `pandoc -f docx -t plain`
# over the same files as benches/docx-agreement.sh (every DOCX/DOCM/DOTX in
# the corpus that pandoc reads), both run per file with `xargs -P 2`.
# Prints wall time for each and the ratio (target: ours >= 5x faster).
#
# Intended command once the CLI on main has it:
#     arkivsvep extract --plain FILE
# Until then: the release build of examples/officetext.rs (same parts).
#
# usage: benches/docx-speed.sh [CORPUS_DIR] [ROUNDS]   (from the repo root)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus/real-world}
ROUNDS=${2:-3}
command -v pandoc >/dev/null || { echo "pandoc missing: apt-get install -y pandoc" >&2; exit 2; }
if [ -z "${OFFICETEXT:-}" ]; then
  cargo build --quiet --release --example officetext
  OFFICETEXT=target/release/examples/officetext
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LIST="$WORK/files"
: > "$LIST"
while IFS= read -r -d '' f; do
  if timeout 30 pandoc -f docx -t plain "$f" -o /dev/null 2>/dev/null; then
    printf '%s\0' "$f" >> "$LIST"
  fi
done < <(find "$CORPUS" -type f \( -iname '*.docx' -o -iname '*.docm' -o -iname '*.dotx' \) -print0 | sort -z)
n=$(tr -cd '\0' < "$LIST" | wc -c)
bytes=$(xargs -0 cat < "$LIST" | wc -c)
echo "files: $n ($((bytes / 1024)) KiB), rounds: $ROUNDS, xargs -P 2"

# Best of ROUNDS, in seconds.
best() {
  local best=""
  for _ in $(seq "$ROUNDS"); do
    local t0 t1 dt
    t0=$(date +%s.%N)
    xargs -0 -P 2 -n 1 "$@" < "$LIST" > /dev/null 2>&1 || true
    t1=$(date +%s.%N)
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
  done
  echo "$best"
}
ours=$(best "$OFFICETEXT")
theirs=$(best pandoc -f docx -t plain)
printf 'ours:   %.3f s (%.1f ms/file)\n' "$ours" "$(echo "$ours * 1000 / $n" | bc -l)"
printf 'pandoc: %.3f s (%.1f ms/file)\n' "$theirs" "$(echo "$theirs * 1000 / $n" | bc -l)"
printf 'ratio:  %.1fx faster (target >= 5x)\n' "$(echo "$theirs / $ours" | bc -l)"
