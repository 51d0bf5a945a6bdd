//! Reports: [`DocumentReport`]s → files and the terminal. One writer thread
//! owns every output; workers only send reports to it. Each output format is
//! one file behind the [`ReportWriter`] trait; every output file is opened
//! before the scan starts (a bad path fails in the first second) and written
//! as `NAME.partial`, renamed to `NAME` when the scan completes (report-v1,
//! "Output files").

pub mod csvfile;
pub mod html;
pub mod jsonl;
pub mod output;
pub mod summary;

use serde::{Deserialize, Serialize};

use crate::classify::{AiVerdict, RecordVerdict, Verdict};
use crate::rules::Finding;

/// report-v1 `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Error,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

/// One report-v1 line. Field names and order follow the spec exactly;
/// `reasons` is an added field (the spec allows additions) holding the
/// reasons behind `personal_data`, `special_categories` and `secrecy`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentReport {
    pub schema: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    pub path: String,
    pub container: Option<String>,
    pub format: String,
    pub bytes: u64,
    pub sha256: Option<String>,
    pub status: Status,
    pub error: Option<String>,
    pub needs_ocr: bool,
    pub personal_data: Vec<String>,
    pub special_categories: Vec<String>,
    pub secrecy: bool,
    pub ai: AiVerdict,
    pub record: RecordVerdict,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub reasons: Vec<String>,
}

impl DocumentReport {
    /// A row with every verdict field empty (report-v1 "Edge rows").
    pub fn empty(path: String, container: Option<String>, format: &str, bytes: u64) -> Self {
        DocumentReport {
            schema: 1,
            root: None,
            path,
            container,
            format: format.to_owned(),
            bytes,
            sha256: None,
            status: Status::Ok,
            error: None,
            needs_ocr: false,
            personal_data: Vec::new(),
            special_categories: Vec::new(),
            secrecy: false,
            ai: AiVerdict::default(),
            record: RecordVerdict::default(),
            findings: Vec::new(),
            reasons: Vec::new(),
        }
    }

    /// A row for a document that could not be read or was not analysed.
    pub fn not_ok(mut self, status: Status, why: impl Into<String>) -> Self {
        self.status = status;
        self.error = Some(crate::extract::one_line(&why.into()));
        self
    }

    /// Fill in the verdicts.
    pub fn with_verdict(mut self, v: Verdict, needs_ocr: bool) -> Self {
        self.needs_ocr = needs_ocr;
        self.personal_data = v.personal_data;
        self.special_categories = v.special_categories;
        self.secrecy = v.secrecy;
        self.ai = v.ai;
        self.record = v.record;
        self.findings = v.findings;
        self.reasons = v.reasons;
        self
    }

    /// Where a user finds the document: `container!/path` for members.
    pub fn display_path(&self) -> String {
        match &self.container {
            Some(c) => format!("{c}!/{}", self.path),
            None => self.path.clone(),
        }
    }
}

/// One output format.
pub trait ReportWriter: Send {
    /// Write one document's row.
    fn write(&mut self, report: &DocumentReport) -> std::io::Result<()>;
    /// Write a row reused from the state; `stored` is the JSON line it was
    /// stored as (exactly what serialising `report` gives), for writers that
    /// can copy it.
    fn write_stored(
        &mut self,
        report: &DocumentReport,
        stored: Option<&str>,
    ) -> std::io::Result<()> {
        let _ = stored;
        self.write(report)
    }
    /// Flush; when `complete`, move `NAME.partial` to `NAME`.
    fn finish(self: Box<Self>, complete: bool) -> std::io::Result<()>;
}
