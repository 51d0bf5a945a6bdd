//! One document, start to finish: bytes → sniff → extract → rules → classify
//! → [`DocumentReport`]. Archives and attachments recurse: each member is a
//! document of its own with `container` set (report-v1 "Edge rows").
//!
//! Every parser runs behind `catch_unwind`: a panic in one is a bug to fix,
//! but it becomes an `error` row for that file and the sweep goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::classify::{self, Facts, Lang};
use crate::crawl::{Candidate, EntryKind, ReadError, read_file};
use crate::extract::{
    self, Budget, ExtractError, Extracted, Limits, MetaField, PartKind, TextPart,
};
use crate::ocr::{Ocr, OcrError};
use crate::report::{DocumentReport, Status};
use crate::rules::RuleSet;
use crate::sniff::{self, Format};

/// Everything a worker needs, shared read-only by all workers.
pub struct Analyzer {
    pub rules: RuleSet,
    pub limits: Limits,
    pub lang: Lang,
    pub diarium: Option<crate::classify::diarium::Diarium>,
    /// Tesseract, when `--ocr` asked for it (checked before the scan).
    pub ocr: Option<Ocr>,
}

/// Where a document sits: its path and the container chain holding it.
struct Place {
    path: String,
    container: Option<String>,
    depth: u32,
}

impl Place {
    /// The `container` value for documents inside this one.
    fn as_container(&self) -> String {
        match &self.container {
            Some(c) => format!("{c}!/{}", self.path),
            None => self.path.clone(),
        }
    }
}

impl Analyzer {
    /// Everything a document's rows depend on besides its bytes: this
    /// program's version (classifiers, names, extractors), the rule set,
    /// the language of the reasons, the limits, whether OCR runs and the
    /// diarium compared against. The state keeps it beside each file's
    /// rows, so a rerun re-emits stored rows only when they would come out
    /// the same; change any of these and every file is analysed again.
    pub fn fingerprint(&self) -> String {
        let diarium = self.diarium.as_ref().map(|d| d.fingerprint());
        let all = format!(
            "arkivsvep {}\nrules {}\nlang {:?}\nlimits {:?}\nocr {}\ndiarium {:?}",
            env!("CARGO_PKG_VERSION"),
            self.rules.hash,
            self.lang,
            self.limits,
            self.ocr.is_some(),
            diarium,
        );
        sha256_hex(all.as_bytes())
    }

    /// Analyse one crawled entry, emitting one row per document (more than
    /// one for an archive).
    pub fn analyze_candidate(&self, c: &Candidate, emit: &mut dyn FnMut(DocumentReport)) {
        let row = |format: &str, bytes| DocumentReport::empty(c.rel.clone(), None, format, bytes);
        match &c.kind {
            EntryKind::Special(what) => emit(row(what, 0).not_ok(
                Status::Skipped,
                format!("not a regular file ({what}); never opened"),
            )),
            EntryKind::Symlink => emit(row("symlink", 0).not_ok(
                Status::Skipped,
                "symbolic link, not followed (use --follow to follow links)",
            )),
            EntryKind::Unreadable(why) => {
                emit(row("unknown", 0).not_ok(Status::Error, why.clone()))
            }
            EntryKind::File { size } => match read_file(&c.path, self.limits.max_file_bytes) {
                Ok(bytes) => self.analyze_read(c, &bytes, emit),
                Err(ReadError::TooBig(n)) => emit(row("unknown", n).not_ok(
                    Status::Skipped,
                    format!(
                        "over the size limit ({} MiB > {} MiB); not read",
                        n >> 20,
                        self.limits.max_file_bytes >> 20
                    ),
                )),
                Err(ReadError::NotAFile) => emit(row("unknown", *size).not_ok(
                    Status::Skipped,
                    "not a regular file when opened; never read",
                )),
                Err(ReadError::Io(why)) => emit(row("unknown", *size).not_ok(Status::Error, why)),
            },
        }
    }

    /// Analyse a crawled file whose bytes were already read (by the
    /// incremental check, which hashes them first).
    pub fn analyze_read(&self, c: &Candidate, bytes: &[u8], emit: &mut dyn FnMut(DocumentReport)) {
        let place = Place {
            path: c.rel.clone(),
            container: None,
            depth: 0,
        };
        self.analyze_bytes(&place, bytes, emit);
    }

    /// Analyse a document whose bytes are in memory.
    fn analyze_bytes(&self, place: &Place, bytes: &[u8], emit: &mut dyn FnMut(DocumentReport)) {
        let format = sniff::sniff(bytes);
        let mut row = DocumentReport::empty(
            place.path.clone(),
            place.container.clone(),
            format.name(),
            bytes.len() as u64,
        );
        row.sha256 = Some(sha256_hex(bytes));
        if format == Format::Zip {
            self.analyze_archive(place, bytes, row, emit);
            return;
        }
        if let Some(ocr) = &self.ocr
            && matches!(format, Format::Png | Format::Jpeg | Format::Tiff)
        {
            self.analyze_image(ocr, place, format, bytes, row, emit);
            return;
        }
        if let Some(why) = not_a_document(format, self.ocr.is_some()) {
            emit(row.not_ok(Status::Skipped, why));
            return;
        }
        if let Some(why) = text_posing_as_binary(format, &place.path) {
            emit(row.not_ok(Status::Error, why));
            return;
        }
        // One clock for the document: OCR gets what extraction left of it.
        let budget = Budget::new(&self.limits);
        let extracted = extract_with_watchdog(format, bytes, &self.limits);
        match extracted {
            Ok(mut extracted) => {
                let attachments = std::mem::take(&mut extracted.attachments);
                let note = match &self.ocr {
                    Some(ocr) if format == Format::Pdf && !extracted.ocr_pages.is_empty() => {
                        ocr_pdf(ocr, bytes, &budget, &mut extracted)
                    }
                    _ => None,
                };
                let mut row = self.verdict_row(row, format, place, extracted);
                row.error = note;
                emit(row);
                self.analyze_children(
                    place,
                    attachments.into_iter().map(|a| (a.name, Ok(a.bytes))),
                    emit,
                );
            }
            Err(ExtractError::Unsupported(why)) => emit(row.not_ok(Status::Skipped, why)),
            Err(e) => emit(row.not_ok(Status::Error, e.to_string())),
        }
    }

    /// An image file read with OCR: one `ocr` part per page (multi-page
    /// TIFF), then the same rules and classifiers as any document.
    fn analyze_image(
        &self,
        ocr: &Ocr,
        place: &Place,
        format: Format,
        bytes: &[u8],
        row: DocumentReport,
        emit: &mut dyn FnMut(DocumentReport),
    ) {
        let budget = Budget::new(&self.limits);
        let parts = guarded(format, || {
            ocr.file(bytes, &budget).map_err(|e| match e {
                OcrError::Timeout => ExtractError::Timeout(budget.seconds()),
                OcrError::Failed(why) => ExtractError::corrupt(format.name(), why),
            })
        });
        match parts {
            Ok(parts) => {
                let extracted = Extracted {
                    ocr_pages: parts.iter().filter_map(|p| p.page).collect(),
                    parts,
                    // An image has no text layer: OCR is the only reading.
                    needs_ocr: true,
                    ..Extracted::default()
                };
                emit(self.verdict_row(row, format, place, extracted));
            }
            Err(e) => emit(row.not_ok(Status::Error, e.to_string())),
        }
    }

    /// Rules and classifiers over extracted text.
    fn verdict_row(
        &self,
        row: DocumentReport,
        format: Format,
        place: &Place,
        mut extracted: Extracted,
    ) -> DocumentReport {
        if let Some(meta) = metadata_part(&extracted.metadata) {
            extracted.parts.push(meta);
        }
        let findings = self.rules.scan(&extracted.parts);
        let facts = Facts {
            format,
            diarium: self.diarium.as_ref(),
            extracted: &extracted,
            path: &place.path,
            lang: self.lang,
        };
        let verdict = classify::classify(&facts, findings, &self.rules);
        row.with_verdict(verdict, extracted.needs_ocr)
    }

    /// An archive's own row, then one row per member.
    fn analyze_archive(
        &self,
        place: &Place,
        bytes: &[u8],
        mut row: DocumentReport,
        emit: &mut dyn FnMut(DocumentReport),
    ) {
        if place.depth >= self.limits.max_depth {
            emit(row.not_ok(
                Status::Skipped,
                format!(
                    "archive nested deeper than {} levels; not opened",
                    self.limits.max_depth
                ),
            ));
            return;
        }
        let budget = Budget::new(&self.limits);
        let mut members: Vec<(String, Result<Vec<u8>, ExtractError>)> = Vec::new();
        let listed = guarded(Format::Zip, || {
            extract::archive::for_each_member(bytes, &self.limits, &budget, |m| {
                members.push((m.name, m.bytes))
            })
        });
        row.record.class = classify::RecordClass::Uncertain;
        match listed {
            Ok(()) => emit(row),
            Err(e) => {
                emit(row.not_ok(Status::Error, e.to_string()));
                return;
            }
        }
        self.analyze_children(place, members.into_iter(), emit);
    }

    fn analyze_children(
        &self,
        parent: &Place,
        children: impl Iterator<Item = (String, Result<Vec<u8>, ExtractError>)>,
        emit: &mut dyn FnMut(DocumentReport),
    ) {
        let container = parent.as_container();
        for (name, bytes) in children {
            let place = Place {
                path: name,
                container: Some(container.clone()),
                depth: parent.depth + 1,
            };
            match bytes {
                Ok(bytes) => self.analyze_bytes(&place, &bytes, emit),
                Err(e) => {
                    let row = DocumentReport::empty(place.path, place.container, "unknown", 0);
                    let status = match e {
                        ExtractError::Limit(_) => Status::Skipped,
                        _ => Status::Error,
                    };
                    emit(row.not_ok(status, e.to_string()));
                }
            }
        }
    }
}

/// OCR the pages of a PDF that have no text layer and add their text as
/// `ocr` parts after each page's other parts. Returns a one-line note for
/// the row's `error` field when pages were left unread: the row stays `ok`
/// (what was read is analysed and reported, a lower bound) and the note says
/// which pages a reviewer must look at by eye.
pub fn ocr_pdf(
    ocr: &Ocr,
    bytes: &[u8],
    budget: &Budget,
    extracted: &mut Extracted,
) -> Option<String> {
    let pages = match guarded(Format::Pdf, || {
        extract::pdf::page_images(bytes, budget, &extracted.ocr_pages)
    }) {
        Ok(pages) => pages,
        Err(ExtractError::Timeout(s)) => {
            return Some(format!("OCR not run: timed out after {s}s"));
        }
        Err(e) => return Some(format!("OCR not run: {e}")),
    };
    let read = ocr.pages(pages, budget);
    for part in read.parts {
        let page = part.page;
        let at = extracted
            .parts
            .iter()
            .rposition(|p| p.page.is_some() && p.page <= page)
            .map_or(extracted.parts.len(), |i| i + 1);
        extracted.parts.insert(at, part);
    }
    let mut notes = Vec::new();
    if !read.skipped_pages.is_empty() {
        notes.push(format!(
            "OCR incomplete: timed out after {}s; page(s) {} not read",
            budget.seconds(),
            page_list(&read.skipped_pages)
        ));
    }
    for (page, why) in read.failed.iter().take(3) {
        notes.push(format!("OCR failed on page {page}: {why}"));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// "3, 5–9, 12" from sorted page numbers.
fn page_list(pages: &[u32]) -> String {
    let mut sorted = pages.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    out.join(", ")
}

/// Files that hold no text to read, with the reason users see. Every other
/// format goes to the extractors, which say themselves what they cannot read.
fn not_a_document(format: Format, ocr: bool) -> Option<String> {
    match format {
        Format::Empty => Some("empty file".to_owned()),
        Format::Binary => Some("binary file of unknown format".to_owned()),
        Format::Gif if ocr => Some("gif image: not read by OCR (PNG, JPEG and TIFF are)".into()),
        Format::Png | Format::Jpeg | Format::Tiff | Format::Gif => Some(format!(
            "{} image: no text layer (OCR is not enabled)",
            format.name()
        )),
        _ => None,
    }
}

/// A file named like a PDF or an Office package whose bytes are plain text
/// is damaged or mis-named: the program its name promises cannot open it,
/// and the reader must hear so rather than see it pass as text.
fn text_posing_as_binary(format: Format, path: &str) -> Option<String> {
    if !matches!(format, Format::Txt | Format::Html | Format::Eml) {
        return None;
    }
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    const BINARY: &[&str] = &[
        "pdf", "docx", "docm", "dotx", "xlsx", "xlsm", "pptx", "odt", "ods", "odp", "zip", "doc",
        "xls", "ppt",
    ];
    BINARY.contains(&ext.as_str()).then(|| {
        format!(
            "damaged or mis-named: called .{ext} but the bytes are plain text, not a {} file",
            ext.to_uppercase()
        )
    })
}

/// Extract on a thread of its own, so a parser caught in a loop the
/// cooperative budget cannot see (inside a library) costs one thread, not
/// the sweep: after the time limit (and a grace period for the parser to
/// notice its own budget) the document becomes an error row "timed out"
/// and the worker moves on. The abandoned thread keeps its memory until it
/// ends. Its large stack also keeps deeply nested input from overflowing
/// (a stack overflow aborts the process and cannot be caught).
fn extract_with_watchdog(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    with_watchdog(format, bytes, limits, extract::extract)
}

/// Run `parse` under the watchdog described above.
fn with_watchdog<T: Send + 'static>(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    parse: fn(Format, &[u8], &Budget) -> Result<T, ExtractError>,
) -> Result<T, ExtractError> {
    const STACK: usize = 64 << 20;
    let grace = Duration::from_secs(limits.timeout_secs.clamp(1, 5));
    let (tx, rx) = crossbeam_channel::bounded(1);
    let owned = bytes.to_vec();
    let thread_limits = limits.clone();
    let spawned = std::thread::Builder::new()
        .name("arkivsvep-worker-extract".into())
        .stack_size(STACK)
        .spawn(move || {
            let budget = Budget::new(&thread_limits);
            let result = guarded(format, || parse(format, &owned, &budget));
            let _ = tx.send(result);
        });
    if spawned.is_err() {
        // No thread to be had (resource limits): extract here instead.
        let budget = Budget::new(limits);
        return guarded(format, || parse(format, bytes, &budget));
    }
    match rx.recv_timeout(Duration::from_secs(limits.timeout_secs) + grace) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::Timeout(limits.timeout_secs)),
    }
}

/// Run a parser; a panic becomes an error for this document only.
fn guarded<T>(
    format: Format,
    f: impl FnOnce() -> Result<T, ExtractError>,
) -> Result<T, ExtractError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Err(ExtractError::corrupt(
                format.name(),
                format!(
                    "internal error in the {} reader (please report): {msg}",
                    format.name()
                ),
            ))
        }
    }
}

/// Metadata as a text part of "Key: value" lines, so the same rules see the
/// author's name or an AI tool in the producer field.
fn metadata_part(meta: &[MetaField]) -> Option<TextPart> {
    if meta.is_empty() {
        return None;
    }
    let text: Vec<String> = meta
        .iter()
        .map(|m| format!("{}: {}", m.key, m.value.replace(['\n', '\r'], " ")))
        .collect();
    Some(TextPart::new(PartKind::Metadata, text.join("\n")))
}

/// Lower-case hex SHA-256, as report-v1 `sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hangs(_: Format, _: &[u8], _: &Budget) -> Result<(), ExtractError> {
        loop {
            std::thread::sleep(Duration::from_secs(60));
        }
    }

    fn panics(_: Format, _: &[u8], _: &Budget) -> Result<(), ExtractError> {
        panic!("malformed input reached an unwrap")
    }

    #[test]
    fn a_hanging_parser_becomes_a_timeout() {
        let limits = Limits {
            timeout_secs: 1,
            ..Limits::default()
        };
        let started = std::time::Instant::now();
        let r = with_watchdog(Format::Pdf, b"%PDF-", &limits, hangs);
        assert!(matches!(r, Err(ExtractError::Timeout(1))));
        assert!(started.elapsed() < Duration::from_secs(10));
        // The state recognises such rows by these words and retries them.
        assert!(
            r.unwrap_err()
                .to_string()
                .contains(crate::extract::TIMED_OUT)
        );
    }

    fn analyzer(lang: Lang, timeout_secs: u64) -> Analyzer {
        Analyzer {
            rules: RuleSet::builtin().unwrap(),
            limits: Limits {
                timeout_secs,
                ..Limits::default()
            },
            lang,
            diarium: None,
            ocr: None,
        }
    }

    #[test]
    fn fingerprint_changes_with_what_the_rows_depend_on() {
        let base = analyzer(Lang::Sv, 60).fingerprint();
        assert_eq!(base, analyzer(Lang::Sv, 60).fingerprint(), "stable");
        assert_ne!(base, analyzer(Lang::En, 60).fingerprint(), "language");
        assert_ne!(base, analyzer(Lang::Sv, 30).fingerprint(), "limits");
    }

    #[test]
    fn a_panicking_parser_becomes_an_error() {
        let r = with_watchdog(Format::Pdf, b"%PDF-", &Limits::default(), panics);
        let msg = r.unwrap_err().to_string();
        assert!(
            msg.contains("internal error") && msg.contains("unwrap"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
    }
}
