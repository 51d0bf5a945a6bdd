//! Integration tests: the real binary on temporary trees. Each test builds
//! its own tree, runs `arkivsvep`, and checks rows, exit codes and files.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

#[path = "cli/reports.rs"]
mod reports;

mod common;
use common::{bin, run, write};

/// Scan `root` to stdout and return rows keyed by display path.
fn scan_rows(root: &Path, extra: &[&str]) -> (BTreeMap<String, Value>, Output) {
    let mut args = vec!["scan", root.to_str().unwrap(), "--jsonl", "-"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let mut rows = BTreeMap::new();
    for line in String::from_utf8(out.stdout.clone()).unwrap().lines() {
        let v: Value = serde_json::from_str(line).expect("every line is JSON");
        let key = match v["container"].as_str() {
            Some(c) => format!("{c}!/{}", v["path"].as_str().unwrap()),
            None => v["path"].as_str().unwrap().to_owned(),
        };
        assert!(rows.insert(key, v).is_none(), "one row per document");
    }
    (rows, out)
}

const REQUIRED: &[&str] = &[
    "schema",
    "path",
    "container",
    "format",
    "bytes",
    "sha256",
    "status",
    "error",
    "needs_ocr",
    "personal_data",
    "special_categories",
    "secrecy",
    "ai",
    "record",
    "findings",
];

fn assert_contract(row: &Value) {
    for field in REQUIRED {
        assert!(row.get(field).is_some(), "missing {field} in {row}");
    }
    assert_eq!(row["schema"], 1);
    for field in [
        "generated",
        "disclosure",
        "violation",
        "violations",
        "signals",
    ] {
        assert!(row["ai"].get(field).is_some(), "missing ai.{field}");
    }
    for field in ["class", "diarienummer", "reasons"] {
        assert!(row["record"].get(field).is_some(), "missing record.{field}");
    }
    if row["status"] != "ok" {
        assert!(
            row["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty() && !e.contains('\n'))
        );
        assert_eq!(row["findings"], serde_json::json!([]));
        assert_eq!(row["record"]["class"], "uncertain");
        assert_eq!(row["ai"]["disclosure"], "none");
    }
}

#[test]
fn every_file_gets_one_row_with_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a/beslut.txt",
        "Sökande: Anna Karlsson, 19121212-1212\nBor på Storgatan 4".as_bytes(),
    );
    write(
        d,
        "a/latin1.txt",
        b"Beslut om f\xf6rs\xf6rjningsst\xf6d\r\nTill Anna Karlsson\r\n",
    );
    write(d, "b/utf16.txt", b"\xFF\xFEH\x00e\x00j\x00");
    write(d, "b/blob.bin", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    write(d, "b/empty.txt", b"");
    write(d, "c/long.txt", "x".repeat(3_000_000).as_bytes());
    let (rows, out) = scan_rows(d, &[]);
    assert_eq!(rows.len(), 6, "{rows:?}");
    for row in rows.values() {
        assert_contract(row);
    }
    assert_eq!(rows["a/beslut.txt"]["status"], "ok");
    assert_eq!(rows["a/beslut.txt"]["format"], "txt");
    assert_eq!(
        rows["a/beslut.txt"]["personal_data"],
        serde_json::json!(["address", "name", "personnummer"])
    );
    assert_eq!(rows["b/blob.bin"]["status"], "skipped");
    assert_eq!(rows["b/empty.txt"]["status"], "skipped");
    assert_eq!(rows["c/long.txt"]["status"], "ok");
    // Windows-1252 is decoded: the name after "Till" is found.
    assert_eq!(
        rows["a/latin1.txt"]["personal_data"],
        serde_json::json!(["name"])
    );
    assert_eq!(rows["a/beslut.txt"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a personnummer is a high finding"
    );
}

#[test]
fn identifiers_never_leave_unmasked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x.txt",
        b"Personnummer 19121212-1212, kort 4111 1111 1111 1111, konto 8327-9, 123 456 789-0",
    );
    let out = run(&["scan", dir.path().to_str().unwrap(), "--jsonl", "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("19121212-****"), "{text}");
    for secret in ["1212-1212", "1111 1111 1111 1111", "123 456 789-0"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[test]
fn format_is_sniffed_not_taken_from_the_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "looks.pdf", "Hej Anna Karlsson".as_bytes());
    write(dir.path(), "looks.txt", b"%PDF-1.4\n%broken");
    write(dir.path(), "notes.md", b"%PDF-1.4\n%broken");
    let (rows, _) = scan_rows(dir.path(), &[]);
    // Text named .pdf is reported as what it is, and as damaged: no PDF
    // reader can open it.
    assert_eq!(rows["looks.pdf"]["format"], "txt");
    assert_eq!(rows["looks.pdf"]["status"], "error");
    assert!(
        rows["looks.pdf"]["error"]
            .as_str()
            .unwrap()
            .contains("plain text")
    );
    assert_eq!(rows["looks.txt"]["format"], "pdf");
    assert_eq!(rows["notes.md"]["format"], "pdf");
}

#[cfg(unix)]
#[test]
fn symlinks_fifos_and_loops_become_rows() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "real/doc.txt", b"hej");
    symlink(d.join("real"), d.join("real/loop")).unwrap();
    symlink(d.join("nowhere"), d.join("dangling")).unwrap();
    let fifo = d.join("pipe");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);

    let (rows, _) = scan_rows(d, &[]);
    assert_eq!(rows["real/loop"]["status"], "skipped");
    assert_eq!(rows["dangling"]["status"], "skipped");
    if ok {
        assert_eq!(rows["pipe"]["status"], "skipped");
        assert_eq!(rows["pipe"]["format"], "fifo");
    }

    let (rows, _) = scan_rows(d, &["--follow"]);
    let loop_row = rows
        .iter()
        .find(|(k, _)| k.starts_with("real/loop"))
        .expect("loop row")
        .1;
    assert_eq!(loop_row["status"], "error");
    assert!(
        loop_row["error"].as_str().unwrap().contains("loop"),
        "{loop_row}"
    );
    assert_eq!(rows["dangling"]["status"], "error");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_row() {
    use std::os::unix::fs::PermissionsExt;
    if unsafe_is_root() {
        eprintln!("skipped: running as root, permissions do not stop reads");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "secret.txt", b"hej");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (rows, _) = scan_rows(dir.path(), &[]);
    assert_eq!(rows["secret.txt"]["status"], "error");
}

#[cfg(unix)]
fn unsafe_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn archive_members_are_documents_with_container() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut inner = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut inner);
        z.start_file("deep.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all("Elev: Johan Berg, 20121212-1212".as_bytes())
            .unwrap();
        z.finish().unwrap();
    }
    let mut outer = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut outer);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("2024/brev.txt", o).unwrap();
        z.write_all(b"Hej").unwrap();
        z.start_file("2024/bilagor.zip", o).unwrap();
        z.write_all(inner.get_ref()).unwrap();
        z.finish().unwrap();
    }
    write(dir.path(), "Nämnd.zip", outer.get_ref());
    let (rows, _) = scan_rows(dir.path(), &[]);
    assert_eq!(rows.len(), 4, "{:?}", rows.keys());
    assert_eq!(rows["Nämnd.zip"]["format"], "zip");
    assert_eq!(rows["Nämnd.zip"]["record"]["class"], "uncertain");
    assert_eq!(rows["Nämnd.zip!/2024/brev.txt"]["container"], "Nämnd.zip");
    let deep = &rows["Nämnd.zip!/2024/bilagor.zip!/deep.txt"];
    assert_eq!(deep["container"], "Nämnd.zip!/2024/bilagor.zip");
    assert_eq!(deep["path"], "deep.txt");
    assert_eq!(
        deep["personal_data"],
        serde_json::json!(["name", "personnummer"])
    );
}

#[test]
fn output_file_is_partial_until_complete_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "a.txt", b"hej");
    let report = dir.path().join("out.jsonl");
    let out = run(&[
        "scan",
        tree.to_str().unwrap(),
        "--jsonl",
        report.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.exists());
    assert!(!dir.path().join("out.jsonl.partial").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn fatal_problems_exit_2_before_scanning() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let out = run(&["scan", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot read scan root"), "{err}");

    let rules = dir.path().join("rules");
    write(&rules, "bad.toml", b"[[rule]]\nid = \"x\"\npatern = 1\n");
    let out = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml") && err.contains("line"), "{err}");

    let out = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--jsonl",
        "/nonexistent/dir/out.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["scan", dir.path().to_str().unwrap(), "--fail-on", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn never_writes_into_the_scanned_tree() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"hej");
    let inside = dir.path().join("report.jsonl");
    let out = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--jsonl",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!inside.exists() && !dir.path().join("report.jsonl.partial").exists());
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Kontakt: Anna Karlsson".as_bytes());
    let root = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["scan", root, "--fail-on", "personnummer"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["scan", root, "--fail-on", "name"]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["scan", root]).status.code(),
        Some(0),
        "a name alone is not high severity"
    );
}

#[test]
fn summary_lists_flagged_documents_without_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "beslut 19121212-1212.txt",
        b"Personnummer 19121212-1212",
    );
    let out = run(&["scan", dir.path().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("beslut 19121212-****.txt"), "{text}");
    assert!(!text.contains("1212-1212"), "{text}");
    assert!(text.contains("personnummer"), "{text}");
}

#[test]
fn extract_shows_parts_and_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", b"Rad ett\r\nRad tv\xe5");
    let out = run(&["extract", p.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("=== body ==="), "{text}");
    let out = run(&["extract", "--plain", p.to_str().unwrap()]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Rad ett\nRad två\n");
}

#[test]
fn rules_check_passes_builtin_and_fails_bad_examples() {
    assert_eq!(run(&["rules", "check"]).status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "own.toml",
        b"[[rule]]\nid = \"own.word\"\nkind = \"health\"\ncategory = \"special-category\"\nseverity = \"high\"\npattern = \"(?i)\\\\bdiabetes\\\\b\"\nreason = \"r\"\nexamples = [\"har diabetes\"]\nnegative_examples = [\"diabetes\"]\n",
    );
    let out = run(&["rules", "check", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("negative example fires")
    );
}

#[test]
fn own_rules_replace_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    write(
        &rules,
        "own.toml",
        b"[[rule]]\nid = \"own.project\"\nkind = \"project-code\"\ncategory = \"personal-data\"\nseverity = \"high\"\npattern = \"PRJ-\\\\d{4}\"\nreason = \"r\"\nexamples = [\"PRJ-1234\"]\n",
    );
    let tree = dir.path().join("tree");
    write(&tree, "a.txt", b"PRJ-1234 and 19121212-1212");
    let (rows, _) = scan_rows(&tree, &["--rules", rules.to_str().unwrap()]);
    assert_eq!(
        rows["a.txt"]["personal_data"],
        serde_json::json!(["project-code"])
    );
}

/// The labelled development corpus: every labelled document gets exactly one
/// valid row (report-v1), matched by (container, path).
#[test]
fn labeled_dev_corpus_has_one_row_per_document() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/labeled-dev");
    if !corpus.exists() {
        eprintln!("skipped: {} not present", corpus.display());
        return;
    }
    let (rows, out) = scan_rows(&corpus.join("docs"), &["--no-progress"]);
    assert!(matches!(out.status.code(), Some(0 | 1)));
    for row in rows.values() {
        assert_contract(row);
    }
    let labels = std::fs::read_to_string(corpus.join("labels.jsonl")).unwrap();
    let mut missing = Vec::new();
    for line in labels.lines() {
        let l: Value = serde_json::from_str(line).unwrap();
        let key = match l["container"].as_str() {
            Some(c) => format!("{c}!/{}", l["path"].as_str().unwrap()),
            None => l["path"].as_str().unwrap().to_owned(),
        };
        if !rows.contains_key(&key) {
            missing.push(key);
        }
    }
    assert!(missing.is_empty(), "missing rows: {missing:?}");
}

#[test]
fn diarium_tells_registered_missing_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let decision = "BESLUT\nNämnden beslutar att bevilja ansökan.\nDu kan överklaga beslutet hos förvaltningsrätten.\n";
    write(
        &tree,
        "a.txt",
        format!("Dnr KS 2024/123\n{decision}").as_bytes(),
    );
    write(
        &tree,
        "b.txt",
        format!("Dnr KS 2024/999\n{decision}").as_bytes(),
    );
    write(&tree, "c.txt", decision.as_bytes());
    let diarium = write(
        dir.path(),
        "diarium.csv",
        "Diarienummer;Ärendemening\nKS 2024/0123;Bygglov\n".as_bytes(),
    );
    let (rows, _) = scan_rows(&tree, &["--diarium", diarium.to_str().unwrap()]);
    assert_eq!(rows["a.txt"]["record"]["diarium"], "registered");
    assert_eq!(rows["b.txt"]["record"]["diarium"], "not-in-diarium");
    assert_eq!(rows["c.txt"]["record"]["class"], "register");
    assert_eq!(rows["c.txt"]["record"]["diarium"], "missing-dnr");

    let (rows, _) = scan_rows(&tree, &[]);
    assert!(
        rows["a.txt"]["record"].get("diarium").is_none(),
        "optional field only with --diarium"
    );

    let bad = write(dir.path(), "bad.csv", b"Foo;Bar\n1;2\n");
    let out = run(&[
        "scan",
        tree.to_str().unwrap(),
        "--diarium",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

fn tesseract_installed() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "swe")
        })
}

fn ocr_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ocr")
        .join(name);
    std::fs::read(path).unwrap()
}

#[test]
fn ocr_reads_image_files_and_scanned_pdfs() {
    if !tesseract_installed() {
        eprintln!(
            "skipped: tesseract with the swe model is not installed (apt-get install tesseract-ocr tesseract-ocr-swe)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bild.png", &ocr_fixture("personnummer.png"));
    write(dir.path(), "skannad.pdf", &ocr_fixture("scanned.pdf"));

    // Without --ocr nothing changes: the image is skipped, the scan is empty.
    let (rows, _) = scan_rows(dir.path(), &[]);
    assert_eq!(rows["bild.png"]["status"], "skipped");
    assert_eq!(rows["skannad.pdf"]["needs_ocr"], true);
    assert_eq!(rows["skannad.pdf"]["personal_data"], serde_json::json!([]));

    let (rows, _) = scan_rows(dir.path(), &["--ocr"]);
    for name in ["bild.png", "skannad.pdf"] {
        let row = &rows[name];
        assert_contract(row);
        assert_eq!(row["status"], "ok", "{row}");
        assert_eq!(row["needs_ocr"], true, "{row}");
        let pnr = row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "personnummer")
            .unwrap_or_else(|| panic!("no personnummer in {row}"));
        assert_eq!(pnr["where"]["part"], "ocr", "{pnr}");
        assert_eq!(pnr["where"]["page"], 1, "{pnr}");
        assert_eq!(pnr["where"]["line"], 2, "{pnr}");
        // The check digit passed, so OCR does not lower the confidence.
        assert_eq!(pnr["confidence"], "high", "{pnr}");
        assert!(!row.to_string().contains("1212-1212"), "masked: {row}");
    }
}

#[test]
fn ocr_without_tesseract_exits_2_with_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    write(dir.path(), "docs/a.txt", b"hej");
    let out = bin()
        .args(["scan", dir.path().join("docs").to_str().unwrap(), "--ocr"])
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("apt-get install tesseract-ocr tesseract-ocr-swe"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn ocr_reads_every_page_of_a_multi_page_tiff() {
    if !tesseract_installed() {
        eprintln!("skipped: tesseract with the swe model is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fax.tif", &ocr_fixture("two-pages.tif"));
    let (rows, _) = scan_rows(dir.path(), &["--ocr"]);
    let row = &rows["fax.tif"];
    assert_eq!(row["status"], "ok", "{row}");
    let pages: Vec<&Value> = row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "personnummer" && f["where"]["part"] == "ocr")
        .map(|f| &f["where"]["page"])
        .collect();
    assert_eq!(pages, [1, 2], "{row}");
}

#[test]
fn ocr_stops_at_the_document_time_limit() {
    if !tesseract_installed() {
        eprintln!("skipped: tesseract with the swe model is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lang-skanning.pdf",
        &ocr_fixture("many-pages.pdf"),
    );
    let started = std::time::Instant::now();
    let (rows, _) = scan_rows(dir.path(), &["--ocr", "--timeout", "2"]);
    // 30 pages at a second or more each: the limit, not the pages, ends it.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let row = &rows["lang-skanning.pdf"];
    assert_eq!(row["status"], "ok", "{row}");
    let error = row["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("OCR incomplete: timed out after 2s; page(s)"),
        "{row}"
    );
}
