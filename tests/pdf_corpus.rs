//! The PDF extractor against the shared corpora: every PDF in
//! `../shared/corpus/real-world` and `../shared/corpus/labeled-dev/docs`
//! must come back — no panic, no hang — within its time budget, and the
//! labelled documents must match their labels (`expect_status`,
//! `needs_ocr`).
//!
//! The corpora live outside the repository; without them the test says so
//! and passes. Run it with `cargo test --test pdf_corpus -- --nocapture` to
//! see the per-corpus summary.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use arkivsvep::extract::{Budget, Limits, pdf};

/// Budget per document, as the brief sets it.
const BUDGET_SECS: u64 = 30;
/// Wall-clock bound per document: the budget plus slack for the time between
/// two budget checks and a loaded machine.
const HARD_BOUND: Duration = Duration::from_secs(BUDGET_SECS + 30);

struct Outcome {
    path: PathBuf,
    elapsed: Duration,
    /// `Ok(needs_ocr)`, `Err(message)` or a panic message.
    result: Result<Result<bool, String>, String>,
}

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| is_pdf(p))
        .collect();
    out.sort();
    out
}

fn is_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    head[..n].windows(5).any(|w| w == b"%PDF-")
}

/// Runs the extractor over `files` on two threads; fails if one document
/// takes longer than [`HARD_BOUND`].
fn run_all(files: Vec<PathBuf>) -> Vec<Outcome> {
    let queue = Arc::new(Mutex::new(files.clone()));
    let (tx, rx) = mpsc::channel::<Outcome>();
    let in_flight: Arc<Mutex<HashMap<usize, (PathBuf, Instant)>>> = Arc::default();
    for worker in 0..2 {
        let queue = Arc::clone(&queue);
        let tx = tx.clone();
        let in_flight = Arc::clone(&in_flight);
        std::thread::spawn(move || {
            loop {
                let Some(path) = queue.lock().unwrap().pop() else {
                    break;
                };
                in_flight
                    .lock()
                    .unwrap()
                    .insert(worker, (path.clone(), Instant::now()));
                let bytes = std::fs::read(&path).unwrap_or_default();
                let start = Instant::now();
                let limits = Limits {
                    timeout_secs: BUDGET_SECS,
                    ..Limits::default()
                };
                let result = catch_unwind(AssertUnwindSafe(|| {
                    pdf::extract(&bytes, &Budget::new(&limits))
                        .map(|x| x.needs_ocr)
                        .map_err(|e| e.to_string())
                }))
                .map_err(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "panic".into())
                });
                let elapsed = start.elapsed();
                if tx
                    .send(Outcome {
                        path,
                        elapsed,
                        result,
                    })
                    .is_err()
                {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut outcomes = Vec::new();
    while outcomes.len() < files.len() {
        match rx.recv_timeout(HARD_BOUND) {
            Ok(o) => outcomes.push(o),
            Err(_) => {
                let stuck: Vec<String> = in_flight
                    .lock()
                    .unwrap()
                    .values()
                    .filter(|(_, t)| t.elapsed() >= HARD_BOUND)
                    .map(|(p, _)| p.display().to_string())
                    .collect();
                panic!("extraction hung for over {HARD_BOUND:?}: {stuck:?}");
            }
        }
    }
    outcomes
}

fn summarize(name: &str, outcomes: &[Outcome]) {
    let ok = outcomes
        .iter()
        .filter(|o| matches!(o.result, Ok(Ok(_))))
        .count();
    let err = outcomes
        .iter()
        .filter(|o| matches!(o.result, Ok(Err(_))))
        .count();
    let panics = outcomes.iter().filter(|o| o.result.is_err()).count();
    let slowest = outcomes.iter().max_by_key(|o| o.elapsed);
    println!(
        "{name}: {} PDFs, {ok} ok, {err} error, {panics} panics",
        outcomes.len()
    );
    if let Some(s) = slowest {
        println!("  slowest: {} in {:.2?}", s.path.display(), s.elapsed);
    }
    for o in outcomes {
        if let Ok(Err(e)) = &o.result {
            println!("  error: {}: {e}", o.path.display());
        }
    }
}

fn check_no_panics_and_time(outcomes: &[Outcome]) {
    let panics: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.result
                .as_ref()
                .err()
                .map(|m| format!("{}: {m}", o.path.display()))
        })
        .collect();
    assert!(panics.is_empty(), "panics: {panics:#?}");
    let slow: Vec<String> = outcomes
        .iter()
        .filter(|o| o.elapsed > HARD_BOUND)
        .map(|o| format!("{}: {:.1?}", o.path.display(), o.elapsed))
        .collect();
    assert!(slow.is_empty(), "over the time bound: {slow:#?}");
}

#[test]
fn real_world_pdfs_never_panic_or_hang() {
    let dir = corpus_root().join("real-world");
    if !dir.exists() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let outcomes = run_all(pdfs_under(&dir));
    summarize("real-world", &outcomes);
    check_no_panics_and_time(&outcomes);
}

#[test]
fn labeled_dev_pdfs_match_labels() {
    let root = corpus_root().join("labeled-dev");
    let docs = root.join("docs");
    if !docs.exists() {
        eprintln!("skipped: {} not found", docs.display());
        return;
    }
    let labels: HashMap<String, serde_json::Value> =
        std::fs::read_to_string(root.join("labels.jsonl"))
            .expect("labels.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["container"].is_null())
            .filter_map(|v| Some((v["path"].as_str()?.to_owned(), v)))
            .collect();
    let outcomes = run_all(pdfs_under(&docs));
    summarize("labeled-dev", &outcomes);
    check_no_panics_and_time(&outcomes);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for o in &outcomes {
        let rel = o
            .path
            .strip_prefix(&docs)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(label) = labels.get(&rel) else {
            continue;
        };
        checked += 1;
        let expect_ok = label["expect_status"] == "ok";
        match (&o.result, expect_ok) {
            (Ok(Ok(needs_ocr)), true) => {
                if Some(*needs_ocr) != label["needs_ocr"].as_bool() {
                    wrong.push(format!(
                        "{rel}: needs_ocr {needs_ocr}, label {}",
                        label["needs_ocr"]
                    ));
                }
            }
            (Ok(Err(_)), false) => {}
            (Ok(Ok(_)), false) => wrong.push(format!("{rel}: read, but labelled error")),
            (Ok(Err(e)), true) => wrong.push(format!("{rel}: {e}, but labelled ok")),
            (Err(_), _) => {}
        }
    }
    println!(
        "labeled-dev: {checked} labelled PDFs checked, {} mismatches",
        wrong.len()
    );
    assert!(checked > 0, "no labelled PDF found");
    assert!(wrong.is_empty(), "label mismatches: {wrong:#?}");
}

/// Damaged variants of the corpus PDFs — cut short, bytes overwritten —
/// must not panic either. Slow-ish (a few thousand documents), so opt-in:
/// `cargo test --test pdf_corpus -- --ignored`.
#[test]
#[ignore]
fn mutated_pdfs_never_panic() {
    let dir = corpus_root().join("real-world");
    if !dir.exists() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut files = Vec::new();
    for (i, path) in pdfs_under(&dir).iter().enumerate() {
        let bytes = std::fs::read(path).unwrap_or_default();
        if bytes.len() > 2 << 20 || bytes.is_empty() {
            continue;
        }
        for variant in 0..8 {
            let mut b = bytes.clone();
            if variant % 2 == 0 {
                b.truncate((next() as usize) % b.len());
            }
            for _ in 0..(1 + variant * 4) {
                let at = (next() as usize) % b.len().max(1);
                if let Some(byte) = b.get_mut(at) {
                    *byte = next() as u8;
                }
            }
            let out = scratch.path().join(format!("{i}-{variant}.pdf"));
            std::fs::write(&out, &b).expect("write");
            files.push(out);
        }
    }
    let outcomes = run_all(files);
    summarize("mutated", &outcomes);
    check_no_panics_and_time(&outcomes);
}
