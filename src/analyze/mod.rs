//! One document, start to finish: bytes → sniff → extract → rules → classify
//! → [`DocumentReport`]. Archives and attachments recurse: each member is a
//! document of its own with `container` set (report-v1 "Edge rows").
//!
//! `archive.rs` recurses into containers, `ocr.rs` reads images and
//! scanned pages, and `guard.rs` keeps a panicking or looping parser to one
//! error row.

mod archive;
mod guard;
mod ocr;

pub use ocr::ocr_pdf;

use guard::extract_with_watchdog;
use sha2::{Digest, Sha256};

use crate::classify::{self, Facts, Lang};
use crate::crawl::{Candidate, EntryKind, ReadError, read_file};
use crate::extract::{Budget, ExtractError, Extracted, Limits, MetaField, PartKind, TextPart};
use crate::ocr::Ocr;
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
                let mut row = self.guarded_verdict_row(row, format, place, extracted);
                row.error = note.or(row.error);
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

    /// `verdict_row`, with a panic in the rules or the classifiers (a bug)
    /// made an error row for this document, as a parser's panic is.
    fn guarded_verdict_row(
        &self,
        row: DocumentReport,
        format: Format,
        place: &Place,
        extracted: Extracted,
    ) -> DocumentReport {
        let fallback = row.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.verdict_row(row, format, place, extracted)
        }))
        .unwrap_or_else(|panic| {
            let msg = guard::panic_message(panic.as_ref());
            fallback.not_ok(
                Status::Error,
                format!("internal error in the rules (please report): {msg}"),
            )
        })
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
            code: Default::default(),
        };
        let verdict = classify::classify(&facts, findings, &self.rules);
        row.with_verdict(verdict, extracted.needs_ocr)
    }
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
}
