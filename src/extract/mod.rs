//! Extraction: a document's bytes → [`Extracted`], its text split into parts
//! that remember where they came from (body, header, page 3, tracked deletion,
//! metadata …), its metadata fields, and any documents it carries inside
//! (attachments, embedded objects).
//!
//! Why parts instead of one string: a reviewer must be told *where* a
//! personnummer sits — a tracked deletion or a comment is disclosed when the
//! file is sent on, yet invisible on screen. Every finding therefore points at
//! a part, a page and a line.
//!
//! Each format lives in its own module and has the same shape:
//! `fn extract(bytes, &Budget) -> Result<Extracted, ExtractError>`. Archives
//! are not extracted here: they are containers whose members are documents of
//! their own (see `archive`).

pub mod archive;
pub mod eml;
pub mod html;
pub mod odf;
pub mod ooxml;
pub mod package;
pub mod pdf;
pub mod rtf;
pub mod txt;
pub mod xml;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod testutil;

pub use ooxml::docx;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::sniff::Format;

/// Where a piece of text came from. Serialized as the report-v1 `part` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartKind {
    Body,
    Table,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
    TrackedDeletion,
    TrackedInsertion,
    Hidden,
    TextBox,
    Annotation,
    FormField,
    Metadata,
    Ocr,
    Filename,
    /// Slide notes, sheet names and similar secondary text.
    Notes,
}

impl PartKind {
    /// The report-v1 name of the part.
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Body => "body",
            PartKind::Table => "table",
            PartKind::Header => "header",
            PartKind::Footer => "footer",
            PartKind::Footnote => "footnote",
            PartKind::Endnote => "endnote",
            PartKind::Comment => "comment",
            PartKind::TrackedDeletion => "tracked-deletion",
            PartKind::TrackedInsertion => "tracked-insertion",
            PartKind::Hidden => "hidden",
            PartKind::TextBox => "text-box",
            PartKind::Annotation => "annotation",
            PartKind::FormField => "form-field",
            PartKind::Metadata => "metadata",
            PartKind::Ocr => "ocr",
            PartKind::Filename => "filename",
            PartKind::Notes => "notes",
        }
    }

    /// Whether `extract --plain` prints this part: the main text a reader
    /// sees in reading order, as pdftotext and pandoc would give it.
    pub fn is_plain(self) -> bool {
        matches!(
            self,
            PartKind::Body
                | PartKind::Table
                | PartKind::Footnote
                | PartKind::Endnote
                | PartKind::TrackedInsertion
        )
    }
}

/// One run of text from one place in a document. Lines are separated by `\n`;
/// line numbers in findings count from 1 within the part (within the page for
/// paged formats).
#[derive(Debug, Clone)]
pub struct TextPart {
    pub kind: PartKind,
    /// 1-based page number for paged formats (PDF), else `None`.
    pub page: Option<u32>,
    /// A short human label for `extract` headers, e.g. "comment by Anna Berg".
    pub label: Option<String>,
    pub text: String,
}

impl TextPart {
    pub fn new(kind: PartKind, text: impl Into<String>) -> Self {
        TextPart {
            kind,
            page: None,
            label: None,
            text: text.into(),
        }
    }

    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// One metadata field as the file states it. Keys keep the format's own
/// spelling (`Producer`, `dc:creator`, `xmp:CreatorTool`,
/// `Iptc4xmpExt:DigitalSourceType`, `Application`, `cp:lastModifiedBy`,
/// `MSIP_Label_…_Name`) so a reviewer can find them again with another tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaField {
    pub key: String,
    pub value: String,
}

/// A document carried inside another one: a PDF `/EmbeddedFiles` entry, an
/// OOXML `word/embeddings/…` object. Scanned as a document of its own.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What extraction hands to the rules: text parts in reading order, metadata,
/// whether part of the document could only be read with OCR, and attachments.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub parts: Vec<TextPart>,
    pub metadata: Vec<MetaField>,
    /// A page carries an image and (almost) no text layer (report-v1).
    pub needs_ocr: bool,
    /// The pages (1-based) that need OCR, for paged formats.
    pub ocr_pages: Vec<u32>,
    pub attachments: Vec<Attachment>,
    /// Facts about the file's structure that the classifiers use, e.g.
    /// "has-comments", "has-tracked-changes", "c2pa-manifest".
    pub flags: Vec<String>,
}

impl Extracted {
    /// Metadata values under `key` (case-insensitive).
    pub fn meta<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metadata
            .iter()
            .filter(move |m| m.key.eq_ignore_ascii_case(key))
            .map(|m| m.value.as_str())
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Total characters of text, metadata excluded.
    pub fn text_len(&self) -> usize {
        self.parts.iter().map(|p| p.text.len()).sum()
    }
}

/// Words every time-budget message holds ("timed out after Ns", "OCR
/// incomplete: timed out …"): such a row depends on the machine's load, so
/// the state does not keep it.
pub const TIMED_OUT: &str = "timed out";

/// Why a document could not be read. One line each, user-readable.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("encrypted: {0}")]
    Encrypted(String),
    #[error("damaged {format} file: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("over a limit: {0}")]
    Limit(String),
    #[error("timed out after {0}s")]
    Timeout(u64),
    #[error("unsupported: {0}")]
    Unsupported(String),
}

impl ExtractError {
    pub fn corrupt(format: &'static str, detail: impl std::fmt::Display) -> Self {
        let detail = one_line(&detail.to_string());
        ExtractError::Corrupt { format, detail }
    }
}

/// Collapse a message onto one line, so every error stays one row, one line.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.truncate(out.floor_char_boundary(300));
    out
}

/// Per-document limits, checked cooperatively by extractors so one hostile
/// file cannot hang or sink a sweep.
#[derive(Debug, Clone)]
pub struct Budget {
    deadline: Instant,
    seconds: u64,
    /// Most text (bytes) a document may yield; beyond it text is cut.
    pub max_text: usize,
    /// Most bytes any single decompressed stream or member may expand to.
    pub max_expand: u64,
}

impl Budget {
    pub fn new(limits: &Limits) -> Self {
        Budget {
            deadline: Instant::now() + Duration::from_secs(limits.timeout_secs),
            seconds: limits.timeout_secs,
            max_text: limits.max_text_bytes,
            max_expand: limits.max_expand_bytes,
        }
    }

    /// `Err(Timeout)` once the document has used up its time.
    pub fn check(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.deadline {
            Err(ExtractError::Timeout(self.seconds))
        } else {
            Ok(())
        }
    }

    pub fn expired(&self) -> bool {
        Instant::now() > self.deadline
    }

    /// Time left before the deadline (zero once passed).
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// The document's time limit in whole seconds, for messages.
    pub fn seconds(&self) -> u64 {
        self.seconds
    }
}

/// Limits that apply to every document; defaults are sane for a file share.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Files larger than this are `skipped` unread.
    pub max_file_bytes: u64,
    pub max_text_bytes: usize,
    pub max_expand_bytes: u64,
    pub timeout_secs: u64,
    /// Archive nesting depth (an archive in an archive is depth 2).
    pub max_depth: u32,
    pub max_members: usize,
    /// Total bytes all members of one archive may expand to.
    pub max_archive_total: u64,
    /// Largest expansion ratio a member may have before it is a bomb.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 << 20,
            max_text_bytes: 64 << 20,
            max_expand_bytes: 256 << 20,
            timeout_secs: 60,
            max_depth: 4,
            max_members: 10_000,
            max_archive_total: 2 << 30,
            max_ratio: 200,
        }
    }
}

/// Extract a non-container document of a sniffed format.
pub fn extract(format: Format, bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    match format {
        Format::Txt => txt::extract(bytes, budget),
        Format::Pdf => pdf::extract(bytes, budget),
        Format::Docx => ooxml::docx::extract(bytes, budget),
        Format::Xlsx => ooxml::xlsx::extract(bytes, budget),
        Format::Pptx => ooxml::pptx::extract(bytes, budget),
        Format::Odt | Format::Ods | Format::Odp => odf::extract(bytes, budget),
        Format::Rtf => rtf::extract(bytes, budget),
        Format::Html => html::extract(bytes, budget),
        Format::Eml => eml::extract(bytes, budget),
        Format::Ole2 => Err(ole2_error(bytes)),
        other => Err(ExtractError::Unsupported(format!(
            "{} is not a supported format",
            other.name()
        ))),
    }
}

/// Why an OLE2 compound file is not read. A password-protected DOCX/XLSX/
/// PPTX is an OLE2 file holding an `EncryptedPackage` stream (MS-OFFCRYPTO);
/// that is `Encrypted`, so the report says "password" rather than "legacy".
/// Legacy .doc/.xls/.ppt are not read: no well-kept pure-Rust reader exists.
pub fn ole2_error(bytes: &[u8]) -> ExtractError {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        ExtractError::Encrypted("password-protected Office document (encrypted OOXML)".into())
    } else {
        ExtractError::Unsupported(
            "legacy binary Office format (.doc/.xls/.ppt) is not read; convert to DOCX/XLSX".into(),
        )
    }
}

/// The text of a document imported into a DOCX with `w:altChunk`: HTML,
/// RTF, MHT (a MIME message) or plain text, read best effort. Failures give
/// no text rather than fail the host document.
pub fn alt_chunk_text(bytes: &[u8], budget: &Budget) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let result = if head.starts_with("{\\rtf") {
        rtf::extract(bytes, budget)
    } else if head.starts_with("mime-version:") || head.starts_with("content-type:") {
        eml::extract(bytes, budget)
    } else if head.starts_with('<') {
        html::extract(bytes, budget)
    } else {
        txt::extract(bytes, budget)
    };
    result
        .map(|e| {
            e.parts
                .into_iter()
                .filter(|p| p.kind != PartKind::Metadata && p.kind != PartKind::Header)
                .map(|p| p.text)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}
