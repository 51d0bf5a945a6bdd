//! The Office extractors on the shared corpora: every file whose bytes sniff
//! as DOCX/XLSX/PPTX/ODF (plus every file named like one, whatever its
//! bytes) is read in its own thread under `catch_unwind` and a time limit.
//! None may panic or overrun; labelled DOCX files must end as labelled
//! (`expect_status` `ok` → `Ok`, `error` → `Err`).
//!
//! Skips with a message when `../shared/corpus` is not there, so the crate
//! still tests on a machine without the corpus.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use arkivsvep::extract::{self, Budget, Limits};
use arkivsvep::sniff::{self, Format};

/// Per-file budget for the extractor, and the hard wall-clock limit after
/// which the test gives up on a file that ignores its budget.
const TIMEOUT_SECS: u64 = 30;
const HARD_LIMIT: Duration = Duration::from_secs(TIMEOUT_SECS + 15);

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if root.join("real-world").is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: {} not found", root.join("real-world").display());
        None
    }
}

fn is_office(format: Format) -> bool {
    matches!(
        format,
        Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods | Format::Odp
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The format to read a file as: its sniffed one when that is an Office
/// format, else the one its name claims (so a `.docx` that is not a ZIP is
/// still handed to the DOCX reader, which must refuse it cleanly).
fn office_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    let sniffed = sniff::sniff(bytes);
    if is_office(sniffed) {
        return Some(sniffed);
    }
    Some(match extension(path).as_str() {
        "docx" | "docm" | "dotx" | "dotm" => Format::Docx,
        "xlsx" | "xlsm" | "xltx" => Format::Xlsx,
        "pptx" | "pptm" | "potx" => Format::Pptx,
        "odt" => Format::Odt,
        "ods" => Format::Ods,
        "odp" => Format::Odp,
        _ => return None,
    })
}

#[derive(Debug)]
enum Outcome {
    Ok,
    Err(String),
    Panic(String),
    Hang,
}

/// Extract in a thread of its own, under `catch_unwind` and a time limit.
fn run(format: Format, bytes: Vec<u8>) -> (Outcome, Duration) {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let limits = Limits {
            timeout_secs: TIMEOUT_SECS,
            ..Limits::default()
        };
        let budget = Budget::new(&limits);
        let result = catch_unwind(AssertUnwindSafe(|| {
            extract::extract(format, &bytes, &budget)
        }));
        let outcome = match result {
            Ok(Ok(_)) => Outcome::Ok,
            Ok(Err(e)) => Outcome::Err(e.to_string()),
            Err(p) => Outcome::Panic(
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            ),
        };
        let _ = tx.send(outcome);
    });
    let outcome = rx.recv_timeout(HARD_LIMIT).unwrap_or(Outcome::Hang);
    (outcome, start.elapsed())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// `expect_status` of labelled documents, by (container, path) as in
/// labels.jsonl (container `""` for documents outside archives).
fn labels(corpus: &Path) -> BTreeMap<(String, String), String> {
    let path = corpus.join("labeled-dev/labels.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let container = v["container"].as_str().unwrap_or("").to_string();
            Some((
                (container, v["path"].as_str()?.to_string()),
                v["expect_status"].as_str()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn office_files_never_panic_or_hang_and_match_their_labels() {
    let Some(corpus) = corpus() else { return };
    let labels = labels(&corpus);
    let docs = corpus.join("labeled-dev/docs");
    let mut files = files_under(&corpus.join("real-world"));
    files.extend(files_under(&docs));

    let mut failures = Vec::new();
    let mut counts: BTreeMap<(&'static str, &'static str), (u32, u32)> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Some(format) = office_format(&path, &bytes) else {
            continue;
        };
        let (outcome, took) = run(format, bytes);
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        let set = if path.starts_with(&docs) {
            "labeled-dev"
        } else {
            "real-world"
        };
        let entry = counts.entry((set, format.name())).or_default();
        match &outcome {
            Outcome::Ok => entry.0 += 1,
            Outcome::Err(_) => entry.1 += 1,
            Outcome::Panic(msg) => failures.push(format!("{}: panicked: {msg}", path.display())),
            Outcome::Hang => failures.push(format!(
                "{}: still running after {HARD_LIMIT:?}",
                path.display()
            )),
        }
        if let Outcome::Err(e) = &outcome {
            eprintln!("error {}: {e}", path.display());
        }
        let relative = path
            .strip_prefix(&docs)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        if let Some(expected) = relative.and_then(|r| labels.get(&(String::new(), r))) {
            let ok = matches!(outcome, Outcome::Ok);
            let want_ok = expected == "ok";
            if ok != want_ok && matches!(outcome, Outcome::Ok | Outcome::Err(_)) {
                failures.push(format!(
                    "{}: labelled {expected}, got {outcome:?}",
                    path.display()
                ));
            }
        }
    }
    for ((set, format), (ok, err)) in &counts {
        eprintln!("{set} {format}: {ok} ok, {err} error");
    }
    eprintln!("slowest: {:?} {}", slowest.0, slowest.1.display());
    assert!(
        !counts.is_empty(),
        "no Office files found under {}",
        corpus.display()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// DOCX members of the labelled ZIP archives, read the way the pipeline
/// will: member bytes from `archive::for_each_member`, then sniffed and
/// extracted. A damaged (CRC) or password-protected member must end `Err`.
#[test]
fn labelled_docx_members_of_archives_match_their_labels() {
    let Some(corpus) = corpus() else { return };
    let labels = labels(&corpus);
    let docs = corpus.join("labeled-dev/docs");
    let limits = Limits::default();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in files_under(&docs) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if sniff::sniff(&bytes) != Format::Zip {
            continue;
        }
        let container = path
            .strip_prefix(&docs)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let budget = Budget::new(&limits);
        let walked = extract::archive::for_each_member(&bytes, &limits, &budget, |m| {
            let Some(expected) = labels.get(&(container.clone(), m.name.clone())) else {
                return;
            };
            if !m.name.to_ascii_lowercase().ends_with(".docx") {
                return;
            }
            checked += 1;
            let ok = match m.bytes {
                Ok(b) => extract::extract(sniff::sniff(&b), &b, &Budget::new(&limits)).is_ok(),
                Err(_) => false,
            };
            if ok != (expected == "ok") {
                failures.push(format!(
                    "{container}!{}: labelled {expected}, ok={ok}",
                    m.name
                ));
            }
        });
        if let Err(e) = walked {
            failures.push(format!("{container}: {e}"));
        }
    }
    eprintln!("archive DOCX members checked: {checked}");
    assert!(checked > 0, "no labelled DOCX members found in archives");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Mutation rounds per file, and which files (every STEP-th); raise both
/// with `ARKIVSVEP_FUZZ_ROUNDS` for a longer hunt.
const ROUNDS: usize = 8;
const STEP: usize = 2;

/// A tiny deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Rewrite every XML part of a package with `mutate` applied, stored
/// (uncompressed) so the damage reaches the XML reader, not the inflater.
fn remix(bytes: &[u8], rng: &mut Lcg) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).ok()?;
            let name = f.name().ok()?.to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).ok()?;
            if name.ends_with(".xml") && !data.is_empty() {
                match rng.next(4) {
                    0 => data.truncate(rng.next(data.len())),
                    1 => {
                        let at = rng.next(data.len());
                        let len = rng.next(64).min(data.len() - at);
                        data.drain(at..at + len);
                    }
                    2 => {
                        let at = rng.next(data.len());
                        let junk: &[u8] = [
                            &b"<w:p><w:r><w:t>"[..],
                            b"</w:tbl>",
                            b"&#xD800;",
                            b"\xFF\xFE",
                            b"<!DOCTYPE x [<!ENTITY a \"&a;\">]>&a;",
                        ][rng.next(5)];
                        data.splice(at..at, junk.iter().copied());
                    }
                    _ => {
                        let at = rng.next(data.len());
                        data[at] ^= 1 << rng.next(8);
                    }
                }
            }
            w.start_file(name, opts).ok()?;
            w.write_all(&data).ok()?;
        }
        w.finish().ok()?;
    }
    Some(out.into_inner())
}

/// Damaged copies of real packages — raw bytes flipped or cut, and XML parts
/// cut, spliced and flipped inside a valid ZIP — must never panic or hang.
#[test]
fn mutated_office_files_never_panic_or_hang() {
    let Some(corpus) = corpus() else { return };
    let mut rng = Lcg(0x5eed);
    let mut files: Vec<(PathBuf, Vec<u8>, Format)> = files_under(&corpus.join("real-world"))
        .into_iter()
        .filter_map(|p| {
            let b = std::fs::read(&p).ok()?;
            let f = sniff::sniff(&b);
            is_office(f).then_some((p, b, f))
        })
        .collect();
    // Every fourth file keeps the run short and still covers each format.
    files = files.into_iter().step_by(STEP).collect();
    let mut failures = Vec::new();
    let mut runs = 0;
    for (path, bytes, format) in &files {
        let rounds = std::env::var("ARKIVSVEP_FUZZ_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(ROUNDS);
        for round in 0..rounds {
            let mutated = if round < 3 {
                let mut b = bytes.clone();
                if round == 0 {
                    b.truncate(rng.next(b.len()));
                } else {
                    for _ in 0..4 {
                        let at = rng.next(b.len());
                        b[at] ^= 1 << rng.next(8);
                    }
                }
                b
            } else {
                match remix(bytes, &mut rng) {
                    Some(b) => b,
                    None => continue,
                }
            };
            runs += 1;
            match run(*format, mutated).0 {
                Outcome::Panic(msg) => {
                    failures.push(format!("{} round {round}: panicked: {msg}", path.display()))
                }
                Outcome::Hang => failures.push(format!("{} round {round}: hangs", path.display())),
                _ => {}
            }
        }
    }
    eprintln!("mutated runs: {runs}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
