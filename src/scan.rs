//! The scan, in three stages a reader can follow top to bottom:
//!
//! 1. a crawler thread walks the roots and sends [`Candidate`]s into a
//!    *bounded* channel (memory stays flat on a share of millions of files);
//! 2. a rayon pool of workers takes candidates and analyses them, each
//!    sending finished [`DocumentReport`]s into a second bounded channel;
//! 3. this thread, the one writer, owns every output, the progress bar and
//!    the summary.
//!
//! Ctrl-C (SIGINT/SIGTERM) sets a flag: the crawler stops, workers drain
//! without starting new files, the writer flushes what is done and leaves
//! `NAME.partial` files behind (report-v1 "Output files").

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossbeam_channel::bounded;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::analyze::Analyzer;
use crate::baseline::Baseline;
use crate::crawl::{self, Candidate, CrawlOptions};
use crate::report::summary::{FailOn, Summary};
use crate::report::{DocumentReport, ReportWriter};

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
    } = scan;
    let (cand_tx, cand_rx) = bounded::<Candidate>(CANDIDATE_QUEUE);
    let (report_tx, report_rx) = bounded::<(usize, DocumentReport, u64)>(REPORT_QUEUE);
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
    let workers = {
        let stop = stop.clone();
        let analyzer = analyzer.clone();
        std::thread::Builder::new()
            .name("arkivsvep-pool".into())
            .spawn(move || {
                pool.install(|| {
                    cand_rx
                        .into_iter()
                        .par_bridge()
                        .for_each_with(report_tx, |tx, c| {
                            if stop.load(Ordering::Relaxed) {
                                return;
                            }
                            let size = match c.kind {
                                crawl::EntryKind::File { size } => size,
                                _ => 0,
                            };
                            let mut first = true;
                            analyzer.analyze_candidate(&c, &mut |r| {
                                // The first row of a file carries its bytes for the
                                // progress bar; members add none.
                                let b = if first { size } else { 0 };
                                first = false;
                                let _ = tx.send((c.root, r, b));
                            });
                        });
                });
            })?
    };

    let bar = progress_bar(progress);
    let mut summary = Summary::default();
    let mut failed = false;
    let mut write_error = None;
    let mut done_bytes = 0u64;
    let many_roots = roots.len() > 1;
    for (root, mut report, bytes) in report_rx {
        if many_roots {
            report.root = Some(root_labels[root].clone());
        }
        if let Some(b) = &baseline {
            b.apply(&mut report);
        }
        done_bytes += bytes;
        summary.add(&report, &fail_on);
        failed |= fail_on.matches(&report);
        if write_error.is_none() {
            for w in writers.iter_mut() {
                if let Err(e) = w.write(&report) {
                    write_error = Some(format!("cannot write report: {e}"));
                    stop.store(true, Ordering::Relaxed);
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
