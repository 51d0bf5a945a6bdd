//! OCR with Tesseract (`--ocr`): page pictures → `ocr` text parts, so the
//! same rules read a scanned letter as they read a typed one.
//!
//! Pictures come from two places: the image XObjects of PDF pages that have
//! no text layer (`extract::pdf::page_images`, no rendering needed) and image
//! files in the tree (PNG, JPEG, TIFF, multi-page TIFF included).
//!
//! # Why the `tesseract` program, not a library binding
//!
//! Each picture goes to a `tesseract stdin stdout -l swe+eng --psm 3` child:
//! bytes in on stdin, text out on stdout, nothing written to disk, so the
//! scanner never writes next to what it scans and needs no temp directory.
//! Measured (`benches/ocr-binding.sh`, results in
//! `benches/ocr-binding/README.md`): on ocr-dev's 54 page pictures, two
//! threads, the `tesseract` crate (one engine per thread, models loaded
//! once) took 149 s against 208 s for a child per picture — 1.39× faster,
//! byte-identical text — because each child costs ≈0.6 s CPU to start and
//! load the models. We keep the child anyway: it can be killed when the
//! document's time is spent (the crate's `recognize()` cannot be stopped,
//! and the C API's deadline is only checked between words), a crash in
//! Tesseract or leptonica on a hostile picture costs one row instead of the
//! sweep, and the scanner builds without C libraries or clang, so Tesseract
//! stays an optional run-time dependency. Against `tesseract` alone on the
//! same pictures our whole OCR path costs 0.98× its CPU time.
//!
//! `OMP_THREAD_LIMIT=1` keeps each child on one core: the parallelism is
//! ours (rayon, one page per worker), and Tesseract's own OpenMP threads on
//! top would oversubscribe the machine.
//!
//! # Confidence
//!
//! OCR misreads characters. Findings in `ocr` parts are capped at `medium`
//! confidence unless a validator (check digit, date) passed — see
//! `rules::RuleSet::scan` — and the reasons say the text was OCR-read. A
//! personnummer-shaped string whose check digit fails is no finding at all,
//! as in typed text. An "OCR near miss" (valid date, wrong check digit,
//! reported `low`) was considered and left out: after the digit repairs in
//! [`fix`] every personnummer on ocr-dev's pages was read with its check
//! digit intact, so a near-miss rule could only add false positives (a date
//! followed by four digits is common on scanned forms).
//!
//! # Time
//!
//! OCR spends the document's own budget (`--timeout`, shared with
//! extraction): pages not started in time are skipped and a running
//! `tesseract` is killed at the deadline. The row stays `ok` — what was read
//! is analysed and reported, a lower bound — and its `error` field says
//! "OCR incomplete: timed out after Ns; page(s) … not read", so a 300-page
//! scan costs one document's time, not the sweep's.

pub mod fix;
pub mod image;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Result, bail};
use rayon::prelude::*;

use crate::extract::{Budget, PartKind, TextPart};
use image::OcrImage;

/// What to install when Tesseract or its Swedish model is missing.
pub const INSTALL_HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-swe";

/// Languages asked of Tesseract: Swedish text with English loan words and
/// product names.
const LANGS: &str = "swe+eng";

/// A checked Tesseract installation.
#[derive(Debug, Clone)]
pub struct Ocr {
    program: String,
}

/// Why one picture gave no text.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("timed out")]
    Timeout,
    #[error("tesseract failed: {0}")]
    Failed(String),
}

/// The text of a document's pictures and whether all of them were read.
#[derive(Debug, Default)]
pub struct Recognised {
    /// One `ocr` part per page, in page order.
    pub parts: Vec<TextPart>,
    /// Pages not read because the document's time ran out.
    pub skipped_pages: Vec<u32>,
    /// Pages whose pictures Tesseract could not read, with why.
    pub failed: Vec<(u32, String)>,
}

impl Ocr {
    /// Find `tesseract` on `PATH` and check it has the Swedish and English
    /// models. Fails with one line saying what to install.
    pub fn detect() -> Result<Ocr> {
        let program = "tesseract".to_owned();
        let output = Command::new(&program)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output();
        let Ok(output) = output else {
            bail!(
                "--ocr needs Tesseract, which is not installed or not on PATH; install it with: {INSTALL_HINT}"
            );
        };
        // Tesseract 4 lists languages on stderr, 5 on stdout.
        let listing = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let has = |lang: &str| listing.lines().any(|l| l.trim() == lang);
        for lang in ["swe", "eng"] {
            if !has(lang) {
                bail!(
                    "--ocr needs Tesseract's '{lang}' language model, which is not installed; install it with: {INSTALL_HINT}"
                );
            }
        }
        Ok(Ocr { program })
    }

    /// Recognise pages given as (page number, pictures top to bottom). Pages
    /// run in parallel on the worker pool; a page not started before the
    /// budget runs out is listed in `skipped_pages`.
    pub fn pages(&self, pages: Vec<(u32, Vec<OcrImage>)>, budget: &Budget) -> Recognised {
        let results: Vec<(u32, Result<String, OcrError>)> = pages
            .into_par_iter()
            .map(|(number, images)| {
                let mut text = String::new();
                for image in &images {
                    if budget.expired() {
                        return (number, Err(OcrError::Timeout));
                    }
                    match self.recognise(image, budget.remaining()) {
                        Ok(t) => {
                            if !text.is_empty() && !text.ends_with('\n') {
                                text.push('\n');
                            }
                            text.push_str(t.trim_end_matches(['\n', '\x0c']));
                        }
                        Err(e) => return (number, Err(e)),
                    }
                }
                (number, Ok(text))
            })
            .collect();
        let mut out = Recognised::default();
        for (number, result) in results {
            match result {
                Ok(text) => out
                    .parts
                    .push(TextPart::new(PartKind::Ocr, fix::clean(&text)).on_page(number)),
                Err(OcrError::Timeout) => out.skipped_pages.push(number),
                Err(OcrError::Failed(why)) => out.failed.push((number, why)),
            }
        }
        out
    }

    /// Recognise an image file: one `ocr` part per page (a multi-page TIFF
    /// has several; Tesseract separates them with form feeds). The file is
    /// one Tesseract run, so a TIFF too long for the time budget is an
    /// error row (timed out) rather than a partial one.
    pub fn file(&self, bytes: &[u8], budget: &Budget) -> Result<Vec<TextPart>, OcrError> {
        let image = OcrImage {
            bytes: bytes.to_vec(),
            dpi: None,
        };
        let text = self.recognise(&image, budget.remaining())?;
        let mut pages: Vec<&str> = text.split('\x0c').collect();
        if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        Ok(pages
            .into_iter()
            .enumerate()
            .map(|(i, t)| TextPart::new(PartKind::Ocr, fix::clean(t)).on_page(i as u32 + 1))
            .collect())
    }

    /// Run Tesseract on one picture, killing it when `time` is spent.
    pub fn recognise(&self, image: &OcrImage, time: Duration) -> Result<String, OcrError> {
        if time.is_zero() {
            return Err(OcrError::Timeout);
        }
        let mut cmd = Command::new(&self.program);
        cmd.args(["stdin", "stdout", "-l", LANGS, "--psm", "3"]);
        if let Some(dpi) = image.dpi {
            cmd.args(["--dpi", &dpi.to_string()]);
        }
        let mut child = cmd
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| OcrError::Failed(format!("cannot start tesseract: {e}")))?;
        let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(OcrError::Failed("no pipes to tesseract".into()));
        };
        let (tx, rx) = crossbeam_channel::bounded(1);
        std::thread::scope(|s| {
            // Tesseract reads all of stdin before it writes, so writing and
            // reading need their own threads only to keep a stuck child
            // from blocking us past the deadline.
            s.spawn(move || {
                // A child that died early closes the pipe; its exit status
                // says why.
                let _ = stdin.write_all(&image.bytes);
            });
            let err_reader = s.spawn(move || {
                let mut err = Vec::new();
                let _ = stderr.read_to_end(&mut err);
                err
            });
            s.spawn(move || {
                let mut out = Vec::new();
                let _ = stdout.read_to_end(&mut out);
                let _ = tx.send(out);
            });
            match rx.recv_timeout(time) {
                Ok(out) => {
                    let status = child.wait();
                    let err = err_reader.join().unwrap_or_default();
                    match status {
                        Ok(s) if s.success() => Ok(String::from_utf8_lossy(&out).into_owned()),
                        _ => Err(OcrError::Failed(first_error_line(&err))),
                    }
                }
                Err(_) => {
                    // Killing closes the pipes, which ends the helper threads.
                    let _ = child.kill();
                    let _ = child.wait();
                    Err(OcrError::Timeout)
                }
            }
        })
    }
}

/// The line of Tesseract's stderr that says what went wrong.
fn first_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.contains("rror") || l.contains("cannot"))
        .or_else(|| text.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("no output");
    crate::extract::one_line(line)
}
