#!/bin/sh
# Peak memory of a scan of several GB (issue 11: peak RSS <= 300 MB).
#
# Builds a tree of hard links to every file of the shared corpora
# (real-world, labeled-dev, long-dev, ocr-dev: PDF, Office, archives,
# text, scanned pages, many malformed on purpose), round after round until
# the tree holds GB gigabytes (default 4). Hard links cost no disk, yet each
# path is a document of its own that the scan reads, extracts and checks.
# Then one `arkivsvep scan` over it under /usr/bin/time -v: wall time,
# peak RSS, documents and bytes, and the row count by status.
#
# usage: benches/large-scan.sh [GB]   (release binary is built if absent)
set -eu
GB="${1:-4}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${ARKIVSVEP:-$HERE/target/release/arkivsvep}"
SHARED="$HERE/../shared/corpus"
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arkivsvep-large.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A private copy to link to: the shared corpus itself is never touched.
mkdir -p "$WORK/src"
for c in real-world labeled-dev long-dev ocr-dev; do
    [ -d "$SHARED/$c" ] && cp -r "$SHARED/$c" "$WORK/src/$c"
done
python3 - "$WORK/src" "$WORK/tree" "$GB" <<'PY'
import os, sys, pathlib
src, out, gb = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), float(sys.argv[3])
files = sorted(p for p in src.rglob("*") if p.is_file())
total, rnd = 0, 0
while total < gb * 2**30:
    for f in files:
        dst = out / f"r{rnd:04d}" / f.relative_to(src)
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, dst)
        total += f.stat().st_size
    rnd += 1
print(f"tree: {rnd} rounds of {len(files)} files, {total / 2**30:.2f} GiB")
PY
THREADS="${THREADS:-$(nproc)}"
/usr/bin/time -v -o "$WORK/time.txt" "$BIN" scan "$WORK/tree" --jsonl "$WORK/r.jsonl" \
    --no-progress -j "$THREADS" >/dev/null 2>"$WORK/stderr" || true
awk -F': ' '/Elapsed \(wall clock\)/ {print "wall: " $2}
            /Maximum resident set size/ {printf "peak RSS: %.1f MB\n", $2/1024}' "$WORK/time.txt"
python3 - "$WORK/r.jsonl" <<'PY'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
status = collections.Counter(r["status"] for r in rows)
print(f"rows: {len(rows)}  bytes of top-level files: {sum(r['bytes'] for r in rows if r['container'] is None) / 2**30:.2f} GiB")
print("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
PY
