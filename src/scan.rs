//! The scan, in three stages a reader can follow top to bottom:
//!
//! 1. a crawler thread walks the roots and sends [`Candidate`]s into a
//!    *bounded* channel (memory stays flat on a share of millions of files);
//! 2. a rayon pool of workers takes candidates and analyses them, each
//!    sending finished [`DocumentReport`]s into a second bounded channel;
//! 3. this thread, the one writer, owns every output, the progress bar and
//!    the summary.
//!
//! With `--state`, workers first look each file up in the state's index
//! (loaded before the crawl, read-only while the scan runs): an unchanged
//! file's stored rows are fetched through the worker's own read-only
//! connection instead of reading the file; the writer thread alone stores
//! what was analysed, in batched transactions.
//!
//! Ctrl-C (SIGINT/SIGTERM) sets a flag: the crawler stops, workers drain
//! without starting new files, the writer flushes what is done and leaves
//! `NAME.partial` files behind (report-v1 "Output files"), and commits the
//! state's last batch so a rerun with the same state resumes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossbeam_channel::bounded;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::analyze::{Analyzer, sha256_hex};
use crate::baseline::Baseline;
use crate::crawl::{self, Candidate, CrawlOptions, EntryKind, Shard};
use crate::report::summary::{FailOn, Summary};
use crate::report::{DocumentReport, ReportWriter};
use crate::state::{self, Index};

/// A fully validated scan: built by `config`, run by [`run`].
pub struct Scan {
    pub roots: Vec<PathBuf>,
    /// Root names as given, for `root` when more than one root is scanned.
    pub root_labels: Vec<String>,
    pub crawl: CrawlOptions,
    pub analyzer: Analyzer,
    pub writers: Vec<Box<dyn ReportWriter>>,
    /// Accepted findings (`--baseline`), marked before any writer sees a row.
    pub baseline: Option<Baseline>,
    pub threads: usize,
    pub fail_on: FailOn,
    pub progress: bool,
    /// `--shard I/N`: scan only this shard's files.
    pub shard: Option<Shard>,
    /// `--state FILE`: the writer and the index loaded from it.
    pub state: Option<(state::Writer, Index)>,
}

/// How a scan ended.
pub struct Outcome {
    pub summary: Summary,
    pub elapsed: Duration,
    pub interrupted: bool,
    /// At least one document met the failing condition.
    pub failed: bool,
    /// An output could not be written: the run cannot be trusted.
    pub write_error: Option<String>,
}

const CANDIDATE_QUEUE: usize = 4096;
const REPORT_QUEUE: usize = 1024;

/// What the writer should do with the state for a finished file.
enum StateAction {
    /// No state, or not a regular file: nothing to store.
    None,
    /// Analysed now: store the rows (when the file was read whole).
    Store,
    /// Unchanged: rows came from the state.
    Reused,
    /// Same bytes, new size or mtime: rows came from the state.
    Touch,
}

/// One crawled entry, finished: every row it produced, in order.
struct Finished {
    root: usize,
    rel: String,
    size: u64,
    mtime_ns: i64,
    rows: Vec<DocumentReport>,
    /// For rows from the state: the JSON line each was stored as.
    stored_lines: Vec<String>,
    action: StateAction,
}

impl Finished {
    /// Rows taken from the state instead of an analysis.
    fn reusing(mut self, stored: state::StoredRows, action: StateAction) -> Finished {
        self.rows = stored.rows;
        self.stored_lines = stored.lines;
        self.action = action;
        self
    }
}

/// One worker's handling of one candidate: reuse stored rows when the
/// state says the file is unchanged, else analyse it.
fn process(
    c: &Candidate,
    analyzer: &Analyzer,
    state: Option<(&Index, &state::Reader)>,
) -> Finished {
    let size = match c.kind {
        EntryKind::File { size } => size,
        _ => 0,
    };
    let mut fin = Finished {
        root: c.root,
        rel: c.rel.clone(),
        size,
        mtime_ns: c.mtime_ns,
        rows: Vec::new(),
        stored_lines: Vec::new(),
        action: StateAction::None,
    };
    if let (EntryKind::File { .. }, Some((index, reader))) = (&c.kind, state) {
        fin.action = StateAction::Store;
        if let Some(known) = index.get(c.root, &c.rel).filter(|k| k.rules_match) {
            if known.size == size && known.mtime_ns == c.mtime_ns {
                // Same size and mtime, same rules: not even opened.
                if let Some(stored) = reader.rows(c.root, &c.rel) {
                    return fin.reusing(stored, StateAction::Reused);
                }
            } else if let Ok(bytes) = crawl::read_file(&c.path, analyzer.limits.max_file_bytes) {
                if known.has_sha256(&sha256_hex(&bytes))
                    && let Some(stored) = reader.rows(c.root, &c.rel)
                {
                    return fin.reusing(stored, StateAction::Touch);
                }
                analyzer.analyze_read(c, &bytes, &mut |r| fin.rows.push(r));
                return fin;
            }
        }
    }
    analyzer.analyze_candidate(c, &mut |r| fin.rows.push(r));
    fin
}

/// The writer's half of the state: store, touch or forget one file.
fn record(w: &mut state::Writer, index: &Index, f: &Finished) -> Result<()> {
    match f.action {
        StateAction::None => return Ok(()),
        StateAction::Reused => {}
        StateAction::Touch => w.touch(f.root, &f.rel, f.size, f.mtime_ns)?,
        StateAction::Store => {
            // Only a file read whole (its top row has a hash; a read error
            // has none) and not cut short by the clock is kept: a timeout
            // depends on the machine's load, so such a file is tried again
            // next time. A damaged or encrypted file is kept: the same
            // bytes give the same error, and retrying it every night would
            // cost a full read each time.
            let top = f.rows.first().filter(|r| r.container.is_none());
            let sha = top.and_then(|r| r.sha256.as_deref());
            let timed_out = f.rows.iter().any(|r| {
                r.error
                    .as_deref()
                    .is_some_and(|e| e.contains(crate::extract::TIMED_OUT))
            });
            match sha {
                Some(sha) if !timed_out => {
                    w.store(f.root, &f.rel, f.size, f.mtime_ns, sha, &f.rows)?
                }
                _ => w.forget(f.root, &f.rel)?,
            }
        }
    }
    index.mark_seen(f.root, &f.rel);
    w.maybe_commit()
}

/// Run the scan to completion or interruption.
pub fn run(scan: Scan, stop: Arc<AtomicBool>) -> Result<Outcome> {
    let started = Instant::now();
    let Scan {
        roots,
        root_labels,
        crawl: crawl_options,
        analyzer,
        mut writers,
        baseline,
        threads,
        fail_on,
        progress,
        shard,
        state,
    } = scan;
    let (mut state_writer, index) = match state {
        Some((w, i)) => (Some(w), Some(Arc::new(i))),
        None => (None, None),
    };
    let state_path = state_writer.as_ref().map(|w| w.path().to_path_buf());
    let (cand_tx, cand_rx) = bounded::<Candidate>(CANDIDATE_QUEUE);
    let (report_tx, report_rx) = bounded::<Finished>(REPORT_QUEUE);
    let discovered_files = Arc::new(AtomicU64::new(0));
    let discovered_bytes = Arc::new(AtomicU64::new(0));
    let crawl_done = Arc::new(AtomicBool::new(false));

    let crawler = {
        let stop = stop.clone();
        let bytes = discovered_bytes.clone();
        let files = discovered_files.clone();
        let done = crawl_done.clone();
        let roots = roots.clone();
        std::thread::Builder::new()
            .name("arkivsvep-crawl".into())
            .spawn(move || {
                let (tx, rx) = bounded::<Candidate>(64);
                let counter = std::thread::spawn(move || {
                    for c in rx {
                        if let Some(shard) = &shard
                            && !shard.contains(&c.rel)
                        {
                            continue;
                        }
                        files.fetch_add(1, Ordering::Relaxed);
                        if cand_tx.send(c).is_err() {
                            break;
                        }
                    }
                });
                let excluded = crawl::crawl(&roots, &crawl_options, &tx, &stop, &bytes);
                drop(tx);
                let _ = counter.join();
                done.store(true, Ordering::Relaxed);
                excluded
            })?
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("arkivsvep-worker-{i}"))
        .build()?;
    let analyzer = Arc::new(analyzer);
    let readers = state_path
        .as_ref()
        .map(|p| state::ReaderPool::new(p.clone(), root_labels.clone()));
    let workers = {
        let stop = stop.clone();
        let analyzer = analyzer.clone();
        let index = index.clone();
        std::thread::Builder::new()
            .name("arkivsvep-pool".into())
            .spawn(move || {
                pool.install(|| {
                    cand_rx.into_iter().par_bridge().for_each_init(
                        || {
                            // A read-only connection per worker, lent by the
                            // pool; if none opens, files are analysed.
                            let reader = readers.as_ref().and_then(|p| p.get());
                            (report_tx.clone(), reader)
                        },
                        |(tx, reader), c| {
                            if stop.load(Ordering::Relaxed) {
                                return;
                            }
                            let state = match (&index, reader.as_ref()) {
                                (Some(i), Some(r)) => Some((&**i, &**r)),
                                _ => None,
                            };
                            let _ = tx.send(process(&c, &analyzer, state));
                        },
                    );
                });
            })?
    };

    let bar = progress_bar(progress);
    let mut summary = Summary::default();
    let mut failed = false;
    let mut write_error = None;
    let mut done_bytes = 0u64;
    let many_roots = roots.len() > 1;
    loop {
        let mut fin = match report_rx.recv_timeout(Duration::from_millis(250)) {
            Ok(f) => f,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                // Idle: still commit the state's batch once a second.
                if let Some(sw) = state_writer.as_mut()
                    && let Err(e) = sw.maybe_commit()
                {
                    write_error.get_or_insert(format!("cannot write state: {e:#}"));
                    stop.store(true, Ordering::Relaxed);
                }
                continue;
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        };
        done_bytes += fin.size;
        if many_roots {
            for report in fin.rows.iter_mut() {
                report.root = Some(root_labels[fin.root].clone());
            }
        }
        // The state keeps rows as analysed: a baseline is applied on the
        // way out, so changing or dropping it takes effect on a rerun.
        if write_error.is_none()
            && let Some(sw) = state_writer.as_mut()
            && let Some(index) = index.as_deref()
            && let Err(e) = record(sw, index, &fin)
        {
            write_error = Some(format!("cannot write state: {e:#}"));
            stop.store(true, Ordering::Relaxed);
        }
        if baseline.is_some() {
            fin.stored_lines.clear();
        }
        for (i, report) in fin.rows.iter_mut().enumerate() {
            if let Some(b) = &baseline {
                b.apply(report);
            }
            summary.add(report, &fail_on);
            failed |= fail_on.matches(report);
            if write_error.is_none() {
                let stored = fin.stored_lines.get(i).map(String::as_str);
                for w in writers.iter_mut() {
                    if let Err(e) = w.write_stored(report, stored) {
                        write_error = Some(format!("cannot write report: {e}"));
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
        }
        if let Some(bar) = &bar {
            update_bar(
                bar,
                &summary,
                done_bytes,
                &discovered_files,
                &discovered_bytes,
                &crawl_done,
            );
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let _ = workers.join();
    summary.excluded = crawler.join().unwrap_or(0);
    let interrupted = stop.load(Ordering::Relaxed) && write_error.is_none();
    let complete = !interrupted && write_error.is_none();
    if let (Some(sw), Some(index)) = (state_writer, index.as_ref())
        && let Err(e) = sw.finish(complete, index)
    {
        write_error.get_or_insert(format!("cannot write state: {e:#}"));
    }
    for w in writers {
        if let Err(e) = w.finish(complete) {
            write_error.get_or_insert(format!("cannot finish report: {e}"));
        }
    }
    Ok(Outcome {
        summary,
        elapsed: started.elapsed(),
        interrupted,
        failed,
        write_error,
    })
}

fn progress_bar(enabled: bool) -> Option<ProgressBar> {
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
        )
        .expect("valid template"),
    );
    Some(bar)
}

fn update_bar(
    bar: &ProgressBar,
    summary: &Summary,
    done_bytes: u64,
    files: &AtomicU64,
    bytes: &AtomicU64,
    crawl_done: &AtomicBool,
) {
    let total = bytes.load(Ordering::Relaxed);
    bar.set_length(total.max(done_bytes));
    bar.set_position(done_bytes);
    let more = if crawl_done.load(Ordering::Relaxed) {
        ""
    } else {
        "+"
    };
    bar.set_message(format!(
        "{} / {}{more} files",
        summary.documents,
        files.load(Ordering::Relaxed)
    ));
}
