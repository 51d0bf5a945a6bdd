#!/bin/sh
# Build the seed corpora under fuzz/corpus/<target>/ from the fixtures and
# the shared corpora. Seeds are not committed: this script makes them again.
#
#   fuzz/seed.sh            # from anywhere in the repository
#   MAX_KB=256 fuzz/seed.sh # smaller seeds: faster runs, less coverage
#
# Each seed is named by its SHA-1, as libFuzzer names what it adds, so a
# second run adds nothing twice.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
shared=${SHARED:-$repo/../shared}
max_kb=${MAX_KB:-1024}
corpus=$here/corpus

sources="$repo/fixtures $shared/corpus/real-world $shared/corpus/labeled-dev/docs"
for s in $sources; do
    [ -d "$s" ] || { echo "seed.sh: $s is missing" >&2; exit 1; }
done

# add TARGET: copy each file named on stdin (one a line; names may hold
# spaces) into the target's corpus.
add() {
    mkdir -p "$corpus/$1"
    while IFS= read -r f; do
        cp "$f" "$corpus/$1/$(sha1sum <"$f" | cut -c1-40)"
    done
}

# files PATTERN: the seed files whose names end in one of the extensions.
files() {
    # shellcheck disable=SC2086 # $sources holds paths without spaces
    find $sources -type f -size -"$max_kb"k | grep -iE "$1" | sort
}

# Everything goes to the whole-pipeline target.
files '.' | add sniff_and_extract
files '\.pdf$' | add pdf
files '\.(docx|docm|dotx|xlsx|xlsm|pptx|odt|ods|odp|zip)$' | add ooxml
files '\.(txt|log|conf|md|tsv|csv|py|rtf|html?|eml)$' | add txt_and_rules

# xml_parts takes one format byte and the XML parts split on NUL NUL, in
# the order fuzz_targets/xml_parts.rs lists them; cut them out of real
# packages.
mkdir -p "$corpus/xml_parts"
files '\.(docx|docm|dotx|xlsx|xlsm|pptx|odt|ods|odp)$' | python3 -c '
import hashlib, os, sys, zipfile
PARTS = {
    0: ["word/document.xml", "word/styles.xml", "word/numbering.xml",
        "word/comments.xml", "word/header1.xml", "word/footnotes.xml",
        "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
        "word/settings.xml", "word/diagrams/data1.xml",
        "word/_rels/document.xml.rels", "_rels/.rels", "[Content_Types].xml"],
    1: ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
        "xl/worksheets/sheet2.xml", "xl/comments1.xml", "docProps/core.xml",
        "docProps/app.xml", "xl/_rels/workbook.xml.rels",
        "xl/worksheets/_rels/sheet1.xml.rels", "_rels/.rels"],
    2: ["ppt/slides/slide1.xml", "ppt/notesSlides/notesSlide1.xml",
        "ppt/comments/comment1.xml", "ppt/presentation.xml",
        "ppt/slides/slide2.xml", "ppt/commentAuthors.xml", "docProps/core.xml",
        "ppt/_rels/presentation.xml.rels", "ppt/slides/_rels/slide1.xml.rels",
        "_rels/.rels"],
    3: ["content.xml", "styles.xml", "meta.xml", "mimetype"],
}
SELECTOR = {"docx": 0, "docm": 0, "dotx": 0, "xlsx": 1, "xlsm": 1, "pptx": 2,
            "odt": 3, "ods": 4, "odp": 5}
out = sys.argv[1]
limit = int(sys.argv[2]) * 1024
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    selector = SELECTOR[path.rsplit(".", 1)[1].lower()]
    try:
        z = zipfile.ZipFile(path)
        names = {n.lower(): n for n in z.namelist()}
        parts = []
        # Only the first parts the document has: a missing one in between
        # becomes empty, trailing ones keep the skeleton default.
        wanted = PARTS[min(selector, 3)]
        last = max((i for i, p in enumerate(wanted) if p.lower() in names), default=-1)
        for p in wanted[: last + 1]:
            n = names.get(p.lower())
            parts.append(z.read(n) if n else b"")
    except Exception as e:
        print(f"seed.sh: skipped {path}: {e}", file=sys.stderr)
        continue
    data = bytes([selector]) + b"\0\0".join(parts)
    if len(data) > limit:
        continue
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
' "$corpus/xml_parts" "$max_kb"

for t in "$corpus"/*; do
    printf '%-18s %5d files %s\n' "$(basename "$t")" "$(ls "$t" | wc -l)" "$(du -sh "$t" | cut -f1)"
done
