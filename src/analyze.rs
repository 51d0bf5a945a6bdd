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
use crate::report::{DocumentReport, Status};
use crate::rules::RuleSet;
use crate::sniff::{self, Format};

/// Everything a worker needs, shared read-only by all workers.
pub struct Analyzer {
    pub rules: RuleSet,
    pub limits: Limits,
    pub lang: Lang,
    pub diarium: Option<crate::classify::diarium::Diarium>,
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
        if let Some(why) = not_a_document(format) {
            emit(row.not_ok(Status::Skipped, why));
            return;
        }
        if let Some(why) = text_posing_as_binary(format, &place.path) {
            emit(row.not_ok(Status::Error, why));
            return;
        }
        let extracted = extract_with_watchdog(format, bytes, &self.limits);
        match extracted {
            Ok(mut extracted) => {
                let attachments = std::mem::take(&mut extracted.attachments);
                emit(self.verdict_row(row, format, place, extracted));
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

/// Files that hold no text to read, with the reason users see. Every other
/// format goes to the extractors, which say themselves what they cannot read.
fn not_a_document(format: Format) -> Option<String> {
    match format {
        Format::Empty => Some("empty file".to_owned()),
        Format::Binary => Some("binary file of unknown format".to_owned()),
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
