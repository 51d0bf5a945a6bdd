//! Integration tests for incremental scans (`--state`), `diff`, `--shard`
//! with `merge`, and resuming after an interrupt: the real binary on
//! temporary trees.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

mod common;
use common::{bin, run, s, write};

/// Scan `root` with extra arguments, the report to `out`; return the exit
/// code.
fn scan(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "scan",
        s(root),
        "--jsonl",
        s(out),
        "--no-progress",
        "-j",
        "2",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn sorted_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

fn row<'a>(rows: &'a [Value], path: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["path"] == path && r["container"].is_null())
        .unwrap_or_else(|| panic!("no row for {path}"))
}

fn rows(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kinds(r: &Value) -> Vec<String> {
    r["personal_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// Overwrite a file with other bytes of the same length and put its mtime
/// back: only a content read could tell.
fn swap_content_keep_stat(path: &Path, new: &[u8]) {
    let old = std::fs::metadata(path).unwrap();
    assert_eq!(old.len(), new.len() as u64);
    let mtime = old.modified().unwrap();
    std::fs::write(path, new).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

const WITH_PNR: &[u8] = b"Beslut om bistand. Sokande: 19121212-1212, Storgatan 4.\n";
const WITHOUT: &[u8] = b"Beslut om bistand. Sokande: xxxxxxxxxxxxx, Storgatan 4.\n";

#[test]
fn rerun_skips_unchanged_files_and_rereads_changed_ones() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    let doc = write(&tree, "a/beslut.txt", WITH_PNR);
    write(&tree, "b/other.txt", b"Protokoll fran namnden.\n");
    let state = t.path().join("s.db");
    let out1 = t.path().join("1.jsonl");
    scan(&tree, &out1, &["--state", s(&state)]);
    assert!(kinds(row(&rows(&out1), "a/beslut.txt")).contains(&"personnummer".to_owned()));

    // Same size and mtime: the file must not be read again, so the stored
    // verdict (with the personnummer) comes back although the bytes changed.
    swap_content_keep_stat(&doc, WITHOUT);
    let out2 = t.path().join("2.jsonl");
    scan(&tree, &out2, &["--state", s(&state)]);
    assert_eq!(sorted_lines(&out1), sorted_lines(&out2));

    // Same bytes, new mtime: read, hashed, found unchanged: rows reused.
    std::fs::write(&doc, WITHOUT).unwrap();
    let out3 = t.path().join("3.jsonl");
    scan(&tree, &out3, &["--state", s(&state)]);
    let r = rows(&out3);
    assert!(
        kinds(row(&r, "a/beslut.txt")).is_empty(),
        "sha256 changed, so re-analysed"
    );

    // Size changed: read and analysed again.
    std::fs::write(&doc, [WITH_PNR, b"Mer text.\n"].concat()).unwrap();
    let out4 = t.path().join("4.jsonl");
    scan(&tree, &out4, &["--state", s(&state)]);
    assert!(kinds(row(&rows(&out4), "a/beslut.txt")).contains(&"personnummer".to_owned()));

    // A removed file leaves the state at the end of a complete run.
    std::fs::remove_file(tree.join("b/other.txt")).unwrap();
    let out5 = t.path().join("5.jsonl");
    scan(&tree, &out5, &["--state", s(&state)]);
    let d = run(&["diff", s(&out4), s(&state), "--format", "jsonl"]);
    let text = String::from_utf8(d.stdout).unwrap();
    assert!(text.contains("\"removed-document\""), "{text}");
    assert!(text.contains("b/other.txt"), "{text}");
}

#[test]
fn same_bytes_new_mtime_reuses_rows() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    let doc = write(&tree, "beslut.txt", WITH_PNR);
    let state = t.path().join("s.db");
    let out1 = t.path().join("1.jsonl");
    scan(&tree, &out1, &["--state", s(&state)]);
    std::fs::File::options()
        .write(true)
        .open(&doc)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    let out2 = t.path().join("2.jsonl");
    scan(&tree, &out2, &["--state", s(&state)]);
    assert_eq!(sorted_lines(&out1), sorted_lines(&out2));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn rule_change_forces_reanalysis() {
    let t = tempfile::tempdir().unwrap();
    let rules = t.path().join("rules");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"), &rules);
    let tree = t.path().join("tree");
    let doc = write(&tree, "beslut.txt", WITH_PNR);
    let state = t.path().join("s.db");
    let out1 = t.path().join("1.jsonl");
    scan(&tree, &out1, &["--state", s(&state), "--rules", s(&rules)]);
    assert!(kinds(row(&rows(&out1), "beslut.txt")).contains(&"personnummer".to_owned()));

    swap_content_keep_stat(&doc, WITHOUT);
    // Same rules: reused (the stale verdict proves the file was not read).
    let out2 = t.path().join("2.jsonl");
    scan(&tree, &out2, &["--state", s(&state), "--rules", s(&rules)]);
    assert!(kinds(row(&rows(&out2), "beslut.txt")).contains(&"personnummer".to_owned()));

    // Changed rules: every file is analysed again.
    let f = rules.join("records.toml");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str("\n# changed\n");
    std::fs::write(&f, text).unwrap();
    let out3 = t.path().join("3.jsonl");
    scan(&tree, &out3, &["--state", s(&state), "--rules", s(&rules)]);
    assert!(kinds(row(&rows(&out3), "beslut.txt")).is_empty());
}

#[test]
fn schema_version_mismatch_exits_2_with_one_line() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    write(&tree, "a.txt", b"hej\n");
    let state = t.path().join("s.db");
    let out = t.path().join("1.jsonl");
    assert!(
        scan(&tree, &out, &["--state", s(&state)])
            .status
            .code()
            .unwrap()
            < 2
    );
    // PRAGMA user_version lives in the database header, bytes 60..64.
    let mut bytes = std::fs::read(&state).unwrap();
    bytes[60..64].copy_from_slice(&7u32.to_be_bytes());
    std::fs::write(&state, bytes).unwrap();
    let o = scan(&tree, &out, &["--state", s(&state)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("schema version 7"), "{err}");

    // Not a database at all: also exit 2, one line.
    let junk = t.path().join("junk.db");
    std::fs::write(&junk, b"this is not sqlite, just some text....").unwrap();
    let o = scan(&tree, &out, &["--state", s(&junk)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8(o.stderr).unwrap().lines().count(), 1);
}

#[test]
fn diff_lists_new_changed_resolved_and_removed() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    write(&tree, "kept.txt", b"Protokoll.\n");
    write(&tree, "fixed.txt", WITH_PNR);
    write(&tree, "gone.txt", b"Bort.\n");
    let old = t.path().join("old.jsonl");
    scan(&tree, &old, &[]);
    std::fs::write(tree.join("fixed.txt"), WITHOUT).unwrap();
    std::fs::remove_file(tree.join("gone.txt")).unwrap();
    write(&tree, "new.txt", b"Kontakt: 19121212-1212\n");
    let new = t.path().join("new.jsonl");
    scan(&tree, &new, &[]);

    let o = run(&["diff", s(&old), s(&new), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    let changes: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let has = |change: &str, path: &str| {
        changes
            .iter()
            .any(|c| c["change"] == change && c["path"] == path)
    };
    assert!(has("new-document", "new.txt"));
    assert!(has("new-finding", "new.txt"));
    assert!(has("changed-document", "fixed.txt"));
    assert!(has("resolved-finding", "fixed.txt"));
    assert!(has("removed-document", "gone.txt"));
    assert!(!changes.iter().any(|c| c["path"] == "kept.txt"));
    assert!(!changes.iter().any(|c| c.to_string().contains("1212-1212")));

    let text = String::from_utf8(run(&["diff", s(&old), s(&new)]).stdout).unwrap();
    assert!(text.contains("New documents (1):"), "{text}");
    assert!(text.contains("Resolved findings"), "{text}");
    assert!(!text.contains("19121212-1212"), "{text}");

    let csv =
        String::from_utf8(run(&["diff", s(&old), s(&new), "--format", "csv"]).stdout).unwrap();
    assert!(csv.starts_with("change,root,container,path,"), "{csv}");
    assert!(csv.contains("removed-document,,,gone.txt"), "{csv}");

    let bad = run(&["diff", s(&old), s(&new), "--format", "xml"]);
    assert_eq!(bad.status.code(), Some(2));
}

fn zip_with(members: &[(&str, &[u8])]) -> Vec<u8> {
    // A stored (uncompressed) ZIP, built by hand to need no dev-dependency.
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in members {
        let crc = crc32(data);
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0u8; 8]); // comment, disk, attrs
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn three_shards_merged_equal_one_run() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    for i in 0..30 {
        let body = format!("Dokument {i}. Kontakt: anna{i}@example.se\n");
        write(&tree, &format!("d{}/doc{i}.txt", i % 4), body.as_bytes());
    }
    write(
        &tree,
        "arkiv/namnd.zip",
        &zip_with(&[("a.txt", WITH_PNR), ("b/c.txt", b"Hej.\n")]),
    );
    let full = t.path().join("full.jsonl");
    let full_state = t.path().join("full.db");
    scan(&tree, &full, &["--state", s(&full_state)]);
    let mut parts = Vec::new();
    let mut states = Vec::new();
    for i in 0..3 {
        let out = t.path().join(format!("shard{i}.jsonl"));
        let st = t.path().join(format!("shard{i}.db"));
        scan(
            &tree,
            &out,
            &["--shard", &format!("{i}/3"), "--state", s(&st)],
        );
        let n = rows(&out).len();
        assert!(n > 0 && n < 33, "shard {i} has {n} rows");
        parts.push(out);
        states.push(st);
    }
    let merged = t.path().join("merged.jsonl");
    let mut args = vec!["merge", s(&merged), "--jsonl"];
    args.extend(parts.iter().map(|p| s(p)));
    assert_eq!(run(&args).status.code(), Some(0));
    assert_eq!(sorted_lines(&merged), sorted_lines(&full));
    // Members went with their archive.
    let zip_shard: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| std::fs::read_to_string(p).unwrap().contains("namnd.zip"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(zip_shard.len(), 1);

    let merged_state = t.path().join("merged.db");
    let mut args = vec!["merge", s(&merged_state), "--state"];
    args.extend(states.iter().map(|p| s(p)));
    assert_eq!(run(&args).status.code(), Some(0));
    let d = run(&[
        "diff",
        s(&full_state),
        s(&merged_state),
        "--format",
        "jsonl",
    ]);
    assert_eq!(String::from_utf8(d.stdout).unwrap(), "");
    // And the merged state serves a full rerun.
    let again = t.path().join("again.jsonl");
    scan(&tree, &again, &["--state", s(&merged_state)]);
    assert_eq!(sorted_lines(&again), sorted_lines(&full));

    assert_eq!(
        scan(&tree, &again, &["--shard", "3/3"]).status.code(),
        Some(2)
    );
}

fn interrupted_then_resumed(signal: &str) {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    for i in 0..4000 {
        let body = format!(
            "Protokoll {i} fran socialnamnden.\nSokande: Anna Berg, Storgatan {i}.\nKontakt anna{i}@example.se\n"
        );
        write(
            &tree,
            &format!("d{:02}/doc{i:05}.txt", i % 50),
            body.as_bytes(),
        );
    }
    let full = t.path().join("full.jsonl");
    scan(&tree, &full, &[]);

    let state = t.path().join("s.db");
    let out = t.path().join("r.jsonl");
    let partial = t.path().join("r.jsonl.partial");
    let mut child = bin()
        .args([
            "scan",
            s(&tree),
            "--jsonl",
            s(&out),
            "--no-progress",
            "-j",
            "1",
        ])
        .args(["--state", s(&state)])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Wait until some state batches are committed (the report is buffered).
    loop {
        let n = std::fs::metadata(&state).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(state.with_extension("db-wal"))
                .map(|m| m.len())
                .unwrap_or(0);
        if n > 200_000 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    if signal == "-INT" {
        assert_eq!(code.code(), Some(130), "interrupted before finishing");
        assert!(partial.exists());
        assert!(!out.exists());
    }
    let resumed = t.path().join("resumed.jsonl");
    let o = scan(&tree, &resumed, &["--state", s(&state)]);
    assert!(o.status.code().unwrap() < 2, "{o:?}");
    assert_eq!(sorted_lines(&resumed), sorted_lines(&full));
}

#[test]
fn resume_after_sigint_equals_a_full_run() {
    interrupted_then_resumed("-INT");
}

#[test]
fn sigkill_never_corrupts_the_state() {
    interrupted_then_resumed("-KILL");
}

/// The state keeps rows as analysed; a baseline is applied on the way out.
/// A rerun without the baseline must not bring back its acceptances from
/// the stored rows.
#[test]
fn baseline_is_applied_on_the_way_out_not_stored() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    write(&tree, "beslut.txt", WITH_PNR);
    let plain = t.path().join("plain.jsonl");
    assert_eq!(scan(&tree, &plain, &[]).status.code(), Some(1));
    let out = run(&["baseline", s(&plain), "--by", "Eva", "--reason", "granskat"]);
    assert_eq!(out.status.code(), Some(0));
    let baseline = write(t.path(), "baseline.jsonl", &out.stdout);

    let state = t.path().join("s.db");
    let with = t.path().join("with.jsonl");
    let out = scan(
        &tree,
        &with,
        &["--state", s(&state), "--baseline", s(&baseline)],
    );
    assert_eq!(out.status.code(), Some(0), "every finding accepted");
    assert!(
        row(&rows(&with), "beslut.txt")["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("accepted").is_some())
    );

    let without = t.path().join("without.jsonl");
    let out = scan(&tree, &without, &["--state", s(&state)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "no baseline: the findings count"
    );
    assert_eq!(sorted_lines(&without), sorted_lines(&plain));
}

/// A damaged file gives the same error for the same bytes: its row is kept
/// and reused, not read again every night.
#[test]
fn damaged_files_are_kept_like_any_other() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    let damaged: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n";
    let doc = write(&tree, "trasig.pdf", damaged);
    let state = t.path().join("s.db");
    let out1 = t.path().join("1.jsonl");
    scan(&tree, &out1, &["--state", s(&state)]);
    assert_eq!(row(&rows(&out1), "trasig.pdf")["status"], "error");

    // Same size and mtime, now readable text: only a re-read would notice.
    let mut text = b"Protokoll".to_vec();
    text.resize(damaged.len(), b' ');
    swap_content_keep_stat(&doc, &text);
    let out2 = t.path().join("2.jsonl");
    scan(&tree, &out2, &["--state", s(&state)]);
    assert_eq!(sorted_lines(&out1), sorted_lines(&out2));
}

fn listed(root: &Path, extra: &[&str]) -> Vec<(String, u64)> {
    let mut args = vec!["scan", s(root), "--list"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows: Vec<(String, u64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_owned(),
                v["bytes"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// `--list` walks as a scan would (excludes, shards) and reads nothing.
#[test]
fn list_shows_what_a_scan_would_read() {
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    write(&tree, "a.txt", b"hej\n");
    write(&tree, "sub/b.pdf", b"%PDF-1.7 not really\n");
    write(&tree, "sub/skiva.iso", b"x");
    write(&tree, "rad\nbryt.txt", b"ny rad");
    let all = listed(&tree, &["--exclude", "*.iso"]);
    assert_eq!(
        all,
        [
            ("a.txt".to_owned(), 4),
            ("rad\nbryt.txt".to_owned(), 6),
            ("sub/b.pdf".to_owned(), 20)
        ]
    );
    // The two shards split the same list between them.
    let mut halves = listed(&tree, &["--exclude", "*.iso", "--shard", "0/2"]);
    let other = listed(&tree, &["--exclude", "*.iso", "--shard", "1/2"]);
    assert!(halves.iter().all(|r| !other.contains(r)));
    halves.extend(other);
    halves.sort();
    assert_eq!(halves, all);
    // A list writes no report and no state.
    let out = run(&[
        "scan",
        s(&tree),
        "--list",
        "--jsonl",
        s(&t.path().join("r")),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
