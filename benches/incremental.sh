#!/bin/sh
# Incremental scans: how much a rerun with --state saves, and how much
# memory the scan holds as the tree grows.
#
# 1. Generates N small Swedish text documents (default 100 000) in a temp
#    dir: the corpus's text files (../shared/corpus/labeled-dev/docs/**.txt)
#    cut to their first lines and varied with a per-file line (a name, an
#    address, every 50th a Skatteverket test personnummer), 100 per folder.
# 2. Times the first `scan --state` run and the rerun (nothing changed), and
#    records peak RSS of each with /usr/bin/time -v, at 10k and at N docs.
# 3. Times the first run and the rerun over MIX real documents (hard links).
# 4. Times a crawl + stat of a large tree of empty files (default 300 000):
#    arkivsvep (plain, then --state first run and rerun) against
#    `find -type f -printf '%s'` (which also stats every file).
#
# Usage: benches/incremental.sh [N] [EMPTY] [MIX]   (release binary is built if absent)
# Targets (issue 10): rerun <= 5 % of the first run; peak RSS <= 300 MB.
set -eu
N="${1:-100000}"
EMPTY="${2:-300000}"
MIX="${3:-$N}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${ARKIVSVEP:-$HERE/target/release/arkivsvep}"
CORPUS="${CORPUS:-$HERE/../shared/corpus/labeled-dev/docs}"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arkivsvep-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
THREADS="${THREADS:-$(nproc)}"

gen() { # gen DIR COUNT
    python3 - "$CORPUS" "$1" "$2" <<'PY'
import os, sys, pathlib
corpus, out, n = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
texts = []
for p in sorted(pathlib.Path(corpus).rglob("*.txt")):
    lines = p.read_text(encoding="utf-8", errors="replace").splitlines()[:12]
    texts.append("\n".join(lines))
if not texts:
    texts = ["Protokoll fört vid sammanträde med socialnämnden.\nNärvarande: ledamöter enligt bilaga."]
names = ["Anna Berg", "Erik Lind", "Maria Holm", "Johan Ek", "Sara Nyström"]
for i in range(n):
    d = out / f"f{i // 100:05d}"
    if i % 100 == 0:
        d.mkdir(parents=True, exist_ok=True)
    extra = f"\nHandläggare: {names[i % 5]}, Storgatan {i % 97 + 1}, 123 45 Kommunen.\nÄrende {i}."
    if i % 50 == 0:
        extra += "\nSökande: 19121212-1212"
    (d / f"dok{i:06d}.txt").write_text(texts[i % len(texts)] + extra + "\n", encoding="utf-8")
PY
}

measure() { # measure LABEL ARGS… → prints "LABEL: S s, RSS MB"
    label="$1"; shift
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" "$@" >/dev/null 2>&1 || true
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")
    echo "$label: ${secs} s, peak RSS ${rss} MB"
    LAST_SECS="$secs"
}

for n in 10000 "$N"; do
    tree="$WORK/tree-$n"
    gen "$tree" "$n"
    echo "== $n documents ($(du -sh "$tree" | cut -f1)), $THREADS threads"
    measure "first run  " scan "$tree" --state "$WORK/s-$n.db" --jsonl "$WORK/r1-$n.jsonl" --no-progress -j "$THREADS"
    first="$LAST_SECS"
    measure "rerun      " scan "$tree" --state "$WORK/s-$n.db" --jsonl "$WORK/r2-$n.jsonl" --no-progress -j "$THREADS"
    rerun="$LAST_SECS"
    measure "no state   " scan "$tree" --jsonl "$WORK/r0-$n.jsonl" --no-progress -j "$THREADS"
    echo "rerun/first: $(awk -v a="$rerun" -v b="$first" 'BEGIN {printf "%.1f %%", 100*a/b}')"
    if [ "$(sort "$WORK/r1-$n.jsonl" | md5sum)" = "$(sort "$WORK/r2-$n.jsonl" | md5sum)" ]; then
        echo "rerun report identical to the first (sorted lines)"
    else
        echo "RERUN REPORT DIFFERS"
    fi
    echo "state file: $(du -h "$WORK/s-$n.db" | cut -f1)"
    rm -rf "$tree"
done

# The same on a realistic mix: MIX paths that are hard links to the
# development corpus's documents (PDF, DOCX, TXT, ZIP…, 4.5 MB in all), so
# the tree costs no disk while every path is a document of its own to scan.
# Tiny text files above are the worst case for the ratio (the first run
# does little per file); this is what a share of real documents costs.
mixtree="$WORK/mix"
cp -r "$CORPUS" "$WORK/mix-src"
python3 - "$WORK/mix-src" "$mixtree" "$MIX" <<'PY'
import os, sys, pathlib
src, out, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
files = sorted(p for p in src.rglob("*") if p.is_file())
for i in range(n):
    d = out / f"m{i // 200:05d}"
    if i % 200 == 0:
        d.mkdir(parents=True, exist_ok=True)
    f = files[i % len(files)]
    os.link(f, d / f"{i:06d}-{f.name}")
PY
echo "== realistic mix: $MIX documents (hard links to $(find "$WORK/mix-src" -type f | wc -l) corpus files), $THREADS threads"
measure "first run  " scan "$mixtree" --state "$WORK/s-mix.db" --jsonl "$WORK/m1.jsonl" --no-progress -j "$THREADS"
first="$LAST_SECS"
measure "rerun      " scan "$mixtree" --state "$WORK/s-mix.db" --jsonl "$WORK/m2.jsonl" --no-progress -j "$THREADS"
rerun="$LAST_SECS"
echo "rerun/first: $(awk -v a="$rerun" -v b="$first" 'BEGIN {printf "%.1f %%", 100*a/b}')"
if [ "$(sort "$WORK/m1.jsonl" | md5sum)" = "$(sort "$WORK/m2.jsonl" | md5sum)" ]; then
    echo "rerun report identical to the first (sorted lines)"
else
    echo "RERUN REPORT DIFFERS"
fi
rm -rf "$mixtree" "$WORK/mix-src"

# Crawl + stat of a large tree of empty files. arkivsvep has no crawl-only
# mode; an empty file is sniffed as `empty` and skipped without parsing, so
# the scan of this tree is crawl + stat + open/read of 0 bytes + one row
# each. Compared with GNU find printing each size (one stat per file).
tree="$WORK/empty"
python3 - "$tree" "$EMPTY" <<'PY'
import sys, pathlib
out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    d = out / f"a{i // 10000:03d}" / f"b{i // 500:05d}"
    if i % 500 == 0:
        d.mkdir(parents=True, exist_ok=True)
    (d / f"e{i:07d}").touch()
PY
echo "== crawl of $EMPTY empty files"
sync
find "$tree" -type f -printf '%s\n' >/dev/null   # warm the cache
/usr/bin/time -f "%e" -o "$WORK/find.txt" find "$tree" -type f -printf '%s\n' >/dev/null
FIND_SECS=$(cat "$WORK/find.txt")
echo "find -printf %s (stat each): $FIND_SECS s"
measure "arkivsvep scan --list (crawl+stat)" scan "$tree" --list
echo "crawl+stat vs find: $(awk -v a="$LAST_SECS" -v b="$FIND_SECS" 'BEGIN {printf "%.2fx", a/b}')"
measure "arkivsvep scan (crawl+stat+open, rows written)" scan "$tree" --jsonl "$WORK/empty.jsonl" --no-progress -j "$THREADS"
measure "arkivsvep scan --state, first" scan "$tree" --state "$WORK/empty.db" --jsonl "$WORK/empty.jsonl" --no-progress -j "$THREADS"
measure "arkivsvep scan --state, rerun (crawl+stat+lookup)" scan "$tree" --state "$WORK/empty.db" --jsonl "$WORK/empty.jsonl" --no-progress -j "$THREADS"
