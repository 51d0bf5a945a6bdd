//! Human-readable reports (CSV, HTML), `arkivsvep.toml` and baselines,
//! through the real binary. The HTML report is opened in headless Chromium
//! when it is installed (`.ci/run` installs it); without it those checks
//! print a skip line and pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{bin, run, write};

/// Whole identifiers that must never appear in a report file.
const SECRETS: &[&str] = &[
    "19121212-1212",
    "1212-1212",
    "4111 1111 1111 1111",
    "4111111111111111",
    "123 456 789-0",
    "8327-9, 123",
];

const DECISION: &str = "BESLUT\nSökande: Anna Karlsson, 19121212-1212\nUtbetalning till konto 8327-9, 123 456 789-0. Kort 4111 1111 1111 1111.\nDu kan överklaga beslutet hos förvaltningsrätten.\n";

struct Reports {
    jsonl: PathBuf,
    csv: PathBuf,
    findings: PathBuf,
    html: PathBuf,
}

/// Scan `tree` writing every report into `out`.
fn scan_all(tree: &Path, out: &Path, extra: &[&str]) -> (Reports, std::process::Output) {
    let r = Reports {
        jsonl: out.join("r.jsonl"),
        csv: out.join("r.csv"),
        findings: out.join("f.csv"),
        html: out.join("r.html"),
    };
    let mut args = vec![
        "scan",
        tree.to_str().unwrap(),
        "-j",
        "1",
        "--jsonl",
        r.jsonl.to_str().unwrap(),
        "--csv",
        r.csv.to_str().unwrap(),
        "--csv-findings",
        r.findings.to_str().unwrap(),
        "--html",
        r.html.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    (r, output)
}

fn read(p: &Path) -> String {
    String::from_utf8(std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn every_report_masks_identifiers_and_csv_opens_in_excel() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "Social/beslut.txt", DECISION.as_bytes());
    write(&tree, "=cmd|calc.txt", b"Hej");
    write(&tree, "-lista.txt", b"Hej");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (r, o) = scan_all(&tree, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for p in [&r.jsonl, &r.csv, &r.findings, &r.html] {
        let text = read(p);
        for s in SECRETS {
            assert!(!text.contains(s), "{s} leaked into {}", p.display());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", p.display());
        }
    }
    assert!(std::fs::read_dir(&out).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")
    }));
    let csv = read(&r.csv);
    assert!(csv.starts_with('\u{feff}'), "BOM");
    assert!(
        csv.contains("\r\n") && !csv.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    let header = csv.lines().next().unwrap();
    assert_eq!(header.matches(';').count(), 14, "{header}");
    assert!(csv.contains("\r\n'=cmd|calc.txt;"), "{csv}");
    assert!(csv.contains("\r\n'-lista.txt;"), "{csv}");
    let findings = read(&r.findings);
    assert!(findings.starts_with('\u{feff}'));
    assert!(findings.contains("Social/beslut.txt;;se.personnummer;personnummer;high;"));
    assert!(findings.contains("**** **** **** 1111"), "{findings}");
    assert!(findings.contains("19121212-****"), "{findings}");
}

#[test]
fn html_masks_paths_csv_keeps_them_exact() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "19121212-1212 beslut.txt", b"Hej");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (r, _) = scan_all(&tree, &out, &[]);
    assert!(read(&r.csv).contains("\r\n19121212-1212 beslut.txt;"));
    let html = read(&r.html);
    assert!(!html.contains("1212-1212"));
    assert!(html.contains("19121212-**** beslut.txt"));
}

/// The fixture tree's reports, compared with `fixtures/expected/`. Set
/// `ARKIVSVEP_BLESS=1` to rewrite the expected files after a deliberate
/// change, then review the diff.
#[test]
fn reports_of_the_fixture_match_expected_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let (r, o) = scan_all(&root.join("fixtures/reports"), dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let html = read(&r.html);
    let embedded = format!(
        "{}\n{}\n",
        json_block(&html, "texts"),
        json_block(&html, "data")
    );
    let actual = [
        ("reports.csv", sorted_rows(&read(&r.csv))),
        ("reports-findings.csv", sorted_rows(&read(&r.findings))),
        ("reports-html-data.json", embedded),
    ];
    let bless = std::env::var_os("ARKIVSVEP_BLESS").is_some();
    for (name, text) in actual {
        let path = root.join("fixtures/expected").join(name);
        if bless {
            std::fs::write(&path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text, expected,
            "{name} differs (ARKIVSVEP_BLESS=1 rewrites it)"
        );
    }
}

/// The contents of the page's `<script type="application/json" id=ID>`.
fn json_block<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).unwrap() + open.len();
    &html[start..start + html[start..].find("</script>").unwrap()]
}

/// Header first, rows sorted: workers finish in any order.
fn sorted_rows(csv: &str) -> String {
    let mut lines: Vec<&str> = csv.split_inclusive("\r\n").collect();
    lines[1..].sort_unstable();
    lines.concat()
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The DOM after the page's script ran, as headless Chromium sees it.
fn dump_dom(browser: &Path, page: &Path, hash: &str, profile: &Path) -> String {
    let url = format!("file://{}{hash}", page.display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn body_attr(dom: &str, name: &str) -> String {
    let body = &dom[dom.find("<body").unwrap()..];
    let body = &body[..body.find('>').unwrap()];
    let key = format!("{name}=\"");
    let at = body
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        + key.len();
    body[at..at + body[at..].find('"').unwrap()].to_owned()
}

#[test]
fn html_renders_filters_and_pages_in_a_browser() {
    let Some(browser) = chromium() else {
        println!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "Social/beslut.txt", DECISION.as_bytes());
    write(&tree, "<img src=x onerror=alert(1)>.txt", b"Hej");
    for i in 0..248 {
        write(&tree, &format!("Arkiv/fil-{i:03}.txt"), b"Hej hej");
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (r, _) = scan_all(&tree, &out, &[]);
    let profile = dir.path().join("profile");

    let dom = dump_dom(&browser, &r.html, "", &profile);
    assert_eq!(body_attr(&dom, "data-errors"), "0", "script errors");
    assert_eq!(body_attr(&dom, "data-matching"), "250");
    assert_eq!(body_attr(&dom, "data-rendered"), "100", "one page of rows");
    assert_eq!(dom.matches("<tr class=\"doc\"").count(), 100);
    assert!(!dom.contains("<img"), "a file name became markup");
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
    for s in SECRETS {
        assert!(!dom.contains(s), "{s} in the DOM");
    }

    let dom = dump_dom(&browser, &r.html, "#class=register", &profile);
    assert_eq!(body_attr(&dom, "data-errors"), "0");
    assert_eq!(body_attr(&dom, "data-matching"), "1");
    assert_eq!(
        dom.matches("<tr class=\"doc\" data-class=\"register\"")
            .count(),
        1
    );
    assert_eq!(dom.matches("<tr class=\"doc\"").count(), 1);
    assert!(dom.contains("Social/beslut.txt"));
    assert!(
        !dom.contains("<tr class=\"detail\""),
        "collapsed by default"
    );

    // Expanded: reasons from the text table and masked findings.
    let dom = dump_dom(&browser, &r.html, "#class=register&details=all", &profile);
    assert_eq!(body_attr(&dom, "data-errors"), "0");
    assert_eq!(dom.matches("<tr class=\"detail\"").count(), 1);
    assert!(dom.contains("Personnummer eller samordningsnummer identifierar"));
    assert!(
        dom.contains("Sökande: Anna Karlsson, 19121212-****"),
        "{dom}"
    );
    for s in SECRETS {
        assert!(!dom.contains(s), "{s} in the expanded DOM");
    }

    let dom = dump_dom(&browser, &r.html, "#q=fil-24&page=1", &profile);
    assert_eq!(body_attr(&dom, "data-matching"), "8", "fil-240 … fil-247");

    let dom = dump_dom(&browser, &r.html, "#folder=Arkiv&page=3", &profile);
    assert_eq!(body_attr(&dom, "data-rendered"), "48", "the last page");
    assert_eq!(body_attr(&dom, "data-errors"), "0");

    let dom = dump_dom(
        &browser,
        &r.html,
        "#kind=personnummer&sort=N&dir=-1",
        &profile,
    );
    assert_eq!(body_attr(&dom, "data-matching"), "1");
}

#[test]
fn html_speaks_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "a.txt", DECISION.as_bytes());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (r, _) = scan_all(&tree, &out, &["--lang", "en"]);
    let html = read(&r.html);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Record class"));
    assert!(read(&r.csv).starts_with("\u{feff}path;container;format;"));
}

#[test]
fn config_unknown_key_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "arkivsvep.toml",
        b"lang = \"sv\"\n\n[outputs]\njsonl = \"r.jsonl\"\nhtlm = \"r.html\"\n",
    );
    let out = bin()
        .args(["scan", "--config", cfg.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("arkivsvep.toml:5: unknown field `htlm`"),
        "{err}"
    );
    assert!(err.contains("`html`"), "names the expected keys: {err}");
}

#[test]
fn config_gives_roots_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tree/a.txt",
        "Sökande: 19121212-1212".as_bytes(),
    );
    write(
        dir.path(),
        "arkivsvep.toml",
        b"roots = [\"tree\"]\nfail_on = [\"email\"]\nlang = \"en\"\n\n[outputs]\njsonl = \"out/cfg.jsonl\"\n",
    );
    std::fs::create_dir(dir.path().join("out")).unwrap();
    // ./arkivsvep.toml, roots and outputs from it; fail_on email: exit 0.
    let out = bin().arg("scan").current_dir(dir.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = read(&dir.path().join("out/cfg.jsonl"));
    assert!(rows.contains("\"path\":\"a.txt\""), "{rows}");
    assert!(
        rows.contains("personal identity"),
        "lang from the file: {rows}"
    );
    // Flags win: --fail-on, --lang and the output.
    let out = bin()
        .args([
            "scan",
            "--fail-on",
            "personnummer",
            "--lang",
            "sv",
            "--jsonl",
            "out/flag.jsonl",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows = read(&dir.path().join("out/flag.jsonl"));
    assert!(
        rows.contains("Personnummer eller samordningsnummer"),
        "{rows}"
    );
    // No PATH and no configuration: a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("scan")
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to scan"));
}

#[test]
fn baseline_accepts_findings_and_clears_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "beslut.txt", DECISION.as_bytes());
    let report = dir.path().join("r.jsonl");
    let out = run(&[
        "scan",
        tree.to_str().unwrap(),
        "--jsonl",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));

    let out = run(&[
        "baseline",
        report.to_str().unwrap(),
        "--by",
        "Eva Registrator",
        "--reason",
        "granskat 2026-11",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let baseline = dir.path().join("baseline.jsonl");
    std::fs::write(&baseline, &out.stdout).unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("1212-1212"));

    let again = dir.path().join("again.jsonl");
    let out = run(&[
        "scan",
        tree.to_str().unwrap(),
        "--jsonl",
        again.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "every finding accepted");
    let row: Value = serde_json::from_str(read(&again).lines().next().unwrap()).unwrap();
    for f in row["findings"].as_array().unwrap() {
        assert_eq!(
            f["accepted"],
            serde_json::json!({"by": "Eva Registrator", "reason": "granskat 2026-11"})
        );
    }

    // A TOML baseline accepting only the card: the personnummer still fails.
    let sha = row["sha256"].as_str().unwrap();
    let toml = write(
        dir.path(),
        "baseline.toml",
        format!("[[accepted]]\nsha256 = \"{sha}\"\nrule = \"se.payment-card\"\nby = \"Eva\"\nreason = \"testkort\"\n").as_bytes(),
    );
    let out = run(&[
        "scan",
        tree.to_str().unwrap(),
        "--jsonl",
        "-",
        "--baseline",
        toml.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let row: Value = serde_json::from_slice(&out.stdout).unwrap();
    let accepted: Vec<&str> = row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("accepted").is_some())
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(accepted, ["se.payment-card"]);
}

#[test]
fn config_inside_the_scanned_tree_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Hej");
    // A hostile or stray file in the share: were it read, the run would fail.
    write(dir.path(), "arkivsvep.toml", b"no_such_key = 1\n");
    let out = bin()
        .args(["scan", ".", "--jsonl", "-"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn only_one_report_may_go_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Hej");
    let out = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--jsonl",
        "-",
        "--csv",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output"));
}
