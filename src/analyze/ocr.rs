//! Reading with OCR: image files (one `ocr` part per page) and the pages of
//! a PDF that have no text layer.

use super::guard::guarded;
use super::{Analyzer, Place};
use crate::extract::{self, Budget, ExtractError, Extracted};
use crate::ocr::{Ocr, OcrError};
use crate::report::{DocumentReport, Status};
use crate::sniff::Format;

impl Analyzer {
    /// An image file read with OCR: one `ocr` part per page (multi-page
    /// TIFF), then the same rules and classifiers as any document.
    pub(super) fn analyze_image(
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
                emit(self.guarded_verdict_row(row, format, place, extracted));
            }
            Err(e) => emit(row.not_ok(Status::Error, e.to_string())),
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
