//! CSV for the people who open reports in Excel: one row per document
//! (`--csv`) or per finding (`--csv-findings`). Swedish Excel opens a file
//! by double-click only when it is UTF-8 *with a BOM*, `;`-separated (the
//! comma is the decimal separator there) and CRLF-terminated, so that is
//! what we write.
//!
//! A spreadsheet is also an attack surface: a cell starting with `=`, `+`,
//! `-`, `@`, tab or CR is a formula to Excel, and a file name on a share is
//! attacker-controlled. Such cells get a leading `'` (OWASP "CSV
//! injection"). Every cell but `path` and `container` is masked again with
//! [`mask_identifiers`] — the rows are built from masked data already, but a
//! spreadsheet travels further than a JSON file (report-v1 "Masking": `path`
//! and `container` stay exact in CSV, they are how a user finds the file).

use super::output::Output;
use super::{DocumentReport, ReportWriter};
use crate::classify::{Disclosure, Lang};
use crate::mask::mask_identifiers;

/// At most this many reasons go into a document row's reasons cell.
const TOP_REASONS: usize = 5;

/// The UTF-8 byte order mark Excel needs to read the file as UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Rows → `;`-separated, CRLF, quoted as needed.
struct Sheet {
    csv: csv::Writer<Output>,
}

impl Sheet {
    fn new(mut out: Output, header: &[&str]) -> std::io::Result<Sheet> {
        out.writer().write_all(BOM)?;
        let csv = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        let mut sheet = Sheet { csv };
        sheet.row(header.iter().map(|h| h.to_string()).collect())?;
        Ok(sheet)
    }

    fn row(&mut self, cells: Vec<String>) -> std::io::Result<()> {
        self.csv.write_record(cells.iter().map(|c| neutralise(c)))?;
        Ok(())
    }

    fn finish(self, complete: bool) -> std::io::Result<()> {
        let out = self.csv.into_inner().map_err(|e| e.into_error())?;
        out.finish(complete)
    }
}

/// Prefix a cell Excel would read as a formula with `'`.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A cell that is not a path: identifiers masked.
fn masked(s: &str) -> String {
    mask_identifiers(s).into_owned()
}

fn list(items: &[String]) -> String {
    masked(&items.join(", "))
}

fn yes_no(lang: Lang, b: bool) -> String {
    if b {
        lang.pick("ja", "yes")
    } else {
        lang.pick("nej", "no")
    }
    .to_owned()
}

fn disclosure(d: Disclosure) -> &'static str {
    match d {
        Disclosure::Complete => "complete",
        Disclosure::Incomplete => "incomplete",
        Disclosure::None => "none",
    }
}

/// `--csv`: one row per document.
pub struct CsvDocuments {
    sheet: Sheet,
    lang: Lang,
}

impl CsvDocuments {
    /// Write the BOM and the header now, so an interrupted scan still leaves
    /// a file Excel opens.
    pub fn new(out: Output, lang: Lang) -> std::io::Result<Self> {
        let header: &[&str] = match lang {
            Lang::Sv => &[
                "sökväg",
                "behållare",
                "format",
                "status",
                "fel",
                "personuppgifter",
                "särskilda kategorier",
                "sekretess",
                "AI-genererad",
                "AI-upplysning",
                "AI-överträdelser",
                "handlingstyp",
                "diarienummer",
                "diarium",
                "skäl",
            ],
            Lang::En => &[
                "path",
                "container",
                "format",
                "status",
                "error",
                "personal data",
                "special categories",
                "secrecy",
                "AI generated",
                "AI disclosure",
                "AI violations",
                "record class",
                "diarienummer",
                "diarium",
                "reasons",
            ],
        };
        Ok(CsvDocuments {
            sheet: Sheet::new(out, header)?,
            lang,
        })
    }

    fn cells(&self, r: &DocumentReport) -> Vec<String> {
        vec![
            r.path.clone(),
            r.container.clone().unwrap_or_default(),
            masked(&r.format),
            r.status.as_str().to_owned(),
            masked(r.error.as_deref().unwrap_or("")),
            list(&r.personal_data),
            list(&r.special_categories),
            yes_no(self.lang, r.secrecy),
            yes_no(self.lang, r.ai.generated),
            disclosure(r.ai.disclosure).to_owned(),
            list(&r.ai.violations),
            r.record.class.as_str().to_owned(),
            list(&r.record.diarienummer),
            r.record.diarium.unwrap_or("").to_owned(),
            masked(&top_reasons(r).join(" | ")),
        ]
    }
}

/// The reasons a reader needs first: personal data and secrecy, then AI,
/// then the record class.
pub fn top_reasons(r: &DocumentReport) -> Vec<String> {
    r.reasons
        .iter()
        .chain(&r.ai.reasons)
        .chain(&r.record.reasons)
        .take(TOP_REASONS)
        .cloned()
        .collect()
}

impl ReportWriter for CsvDocuments {
    fn write(&mut self, report: &DocumentReport) -> std::io::Result<()> {
        let cells = self.cells(report);
        self.sheet.row(cells)
    }

    fn finish(self: Box<Self>, complete: bool) -> std::io::Result<()> {
        self.sheet.finish(complete)
    }
}

/// `--csv-findings`: one row per finding.
pub struct CsvFindings {
    sheet: Sheet,
}

impl CsvFindings {
    /// Write the BOM and the header now.
    pub fn new(out: Output, lang: Lang) -> std::io::Result<Self> {
        let header: &[&str] = match lang {
            Lang::Sv => &[
                "sökväg",
                "behållare",
                "regel",
                "typ",
                "allvar",
                "säkerhet",
                "del",
                "sida",
                "rad",
                "utdrag",
                "godkänd",
            ],
            Lang::En => &[
                "path",
                "container",
                "rule",
                "kind",
                "severity",
                "confidence",
                "part",
                "page",
                "line",
                "excerpt",
                "accepted",
            ],
        };
        Ok(CsvFindings {
            sheet: Sheet::new(out, header)?,
        })
    }
}

fn number(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl ReportWriter for CsvFindings {
    fn write(&mut self, r: &DocumentReport) -> std::io::Result<()> {
        for f in &r.findings {
            let accepted = f
                .accepted
                .as_ref()
                .map(|a| masked(&format!("{}: {}", a.by, a.reason)))
                .unwrap_or_default();
            self.sheet.row(vec![
                r.path.clone(),
                r.container.clone().unwrap_or_default(),
                masked(&f.rule),
                masked(&f.kind),
                f.severity.as_str().to_owned(),
                f.confidence.as_str().to_owned(),
                f.location.part.as_str().to_owned(),
                number(f.location.page),
                number(f.location.line),
                masked(f.excerpt.as_str()),
                accepted,
            ])?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, complete: bool) -> std::io::Result<()> {
        self.sheet.finish(complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@x"), "'@x");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("beslut.pdf"), "beslut.pdf");
        assert_eq!(neutralise(""), "");
    }
}
