//! OpenDocument (ODT, ODS, ODP; ISO/IEC 26300): `content.xml` paragraphs,
//! headings and tables → `body` text (a part per sheet in ODS, per page in
//! ODP); footnotes and endnotes, annotations with their author (`dc:creator`
//! inside `office:annotation`), tracked deletions and slide notes as their
//! own parts; headers and footers from `styles.xml`; `meta.xml` → metadata
//! (`meta:initial-creator`, `dc:creator`, `meta:generator`, user-defined
//! fields under their names).
//!
//! Same streaming machinery as OOXML: one pass per part, counters instead of
//! a tree.

use quick_xml::events::BytesStart;

use super::package::Package;
use super::xml::{self, TextLimit, Visitor};
use super::{Budget, ExtractError, Extracted, MetaField, PartKind, TextPart};

/// Read an ODF package (text, spreadsheet or presentation).
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, "odf", budget)?;
    if pkg.has("META-INF/manifest.xml") && manifest_encrypted(&mut pkg) {
        return Err(ExtractError::Encrypted(
            "password-protected OpenDocument".into(),
        ));
    }
    let mut out = Extracted::default();
    let max = budget.max_text;
    let content = pkg
        .walk("content.xml", budget, || Odf::new(Source::Content, max))?
        .ok_or_else(|| ExtractError::corrupt("odf", "content.xml is missing"))?;
    let mut left = content.limit.left;
    let tracked = content.tracked;
    let has_comments = !content.comments.is_empty();
    content.into_parts(&mut out);
    match pkg.walk("styles.xml", budget, || Odf::new(Source::Styles, left)) {
        Ok(Some(styles)) => {
            left = styles.limit.left;
            styles.into_parts(&mut out);
        }
        Ok(None) => {}
        Err(e @ ExtractError::Timeout(_)) => return Err(e),
        Err(e) => out.flags.push(format!("damaged-part: styles.xml: {e}")),
    }
    if left == 0 {
        out.flags.push("text-truncated".into());
    }
    if tracked {
        out.flags.push("has-tracked-changes".into());
    }
    if has_comments {
        out.flags.push("has-comments".into());
    }
    match pkg.walk("meta.xml", budget, Meta::default) {
        Ok(Some(meta)) => out.metadata.extend(meta.fields),
        Ok(None) => {}
        Err(e) => out.flags.push(format!("damaged-part: meta.xml: {e}")),
    }
    pkg.c2pa(&mut out);
    embedded_objects(&mut pkg, budget, &mut out);
    Ok(out)
}

/// Encrypted ODF packages keep their manifest readable and mark each
/// encrypted entry with `manifest:encryption-data`.
fn manifest_encrypted(pkg: &mut Package<'_>) -> bool {
    matches!(pkg.read("META-INF/manifest.xml", 4 << 20), Ok(Some(m))
        if m.windows(15).any(|w| w == b"encryption-data"))
}

/// Embedded objects: `Object N/` sub-documents and OLE blobs in
/// `ObjectReplacements/` are left alone (they duplicate content as images);
/// files someone attached (`Attachments/`, `Embeddings/`) are scanned.
fn embedded_objects(pkg: &mut Package<'_>, budget: &Budget, out: &mut Extracted) {
    pkg.attachments("Attachments", budget, out);
    pkg.attachments("Embeddings", budget, out);
}

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Content,
    Styles,
}

/// Where the text being read is going.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Sink {
    Body,
    Note,
    Annotation,
    Deletion,
    Header,
    Footer,
    SlideNotes,
    /// Text that is not document text (change info, annotation dates).
    Drop,
}

struct Odf {
    source: Source,
    limit: TextLimit,
    /// Finished parts: (kind, page, label, text).
    parts: Vec<(PartKind, Option<u32>, Option<String>, String)>,
    /// Current body-like section (sheet or slide) and its text.
    body: String,
    body_label: Option<String>,
    body_page: Option<u32>,
    pages: u32,
    notes: String,
    slide_notes: String,
    deleted: String,
    header: String,
    footer: String,
    comments: Vec<(String, String)>,
    comment_author: String,
    comment_text: String,
    /// Stack of sinks; the top decides where text goes.
    sinks: Vec<(String, Sink)>,
    /// Open paragraphs; a note or annotation opens one inside another.
    paras: Vec<String>,
    /// Table state: cells of the current row, current cell text.
    tables: u32,
    cells: Vec<String>,
    cell: String,
    in_creator: bool,
    tracked: bool,
    spreadsheet: bool,
}

impl Odf {
    fn new(source: Source, max: usize) -> Self {
        Odf {
            source,
            limit: TextLimit::new(max),
            parts: Vec::new(),
            body: String::new(),
            body_label: None,
            body_page: None,
            pages: 0,
            notes: String::new(),
            slide_notes: String::new(),
            deleted: String::new(),
            header: String::new(),
            footer: String::new(),
            comments: Vec::new(),
            comment_author: String::new(),
            comment_text: String::new(),
            sinks: Vec::new(),
            paras: Vec::new(),
            tables: 0,
            cells: Vec::new(),
            cell: String::new(),
            in_creator: false,
            tracked: false,
            spreadsheet: false,
        }
    }

    /// Text into the innermost open paragraph (none open: not text).
    fn push_para(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut()
            && p.len() < 1 << 20
        {
            p.push_str(s);
        }
    }

    fn sink(&self) -> Sink {
        match self.sinks.last() {
            Some((_, s)) => *s,
            None if self.source == Source::Styles => Sink::Drop,
            None => Sink::Body,
        }
    }

    fn push_sink(&mut self, element: &str, sink: Sink) {
        self.sinks.push((element.to_string(), sink));
    }

    fn end_paragraph(&mut self) {
        let Some(para) = self.paras.pop() else { return };
        if para.trim().is_empty() {
            return;
        }
        let sink = self.sink();
        if self.tables > 0 && matches!(sink, Sink::Body | Sink::SlideNotes) {
            if !self.cell.is_empty() {
                self.cell.push(' ');
            }
            self.cell.push_str(&para.replace(['\n', '\t'], " "));
            return;
        }
        let buf = match sink {
            Sink::Body => &mut self.body,
            Sink::Note => &mut self.notes,
            Sink::Annotation => &mut self.comment_text,
            Sink::Deletion => &mut self.deleted,
            Sink::Header => &mut self.header,
            Sink::Footer => &mut self.footer,
            Sink::SlideNotes => &mut self.slide_notes,
            Sink::Drop => return,
        };
        for line in para.split('\n') {
            self.limit.push_line(buf, line);
        }
    }

    /// Close the current sheet or slide as a part of its own.
    fn end_section(&mut self) {
        let body = std::mem::take(&mut self.body);
        let label = self.body_label.take();
        let page = self.body_page.take();
        self.parts.push((PartKind::Body, page, label, body));
        let notes = std::mem::take(&mut self.slide_notes);
        if !notes.trim().is_empty() {
            self.parts.push((PartKind::Notes, page, None, notes));
        }
    }

    fn into_parts(mut self, out: &mut Extracted) {
        if !self.body.trim().is_empty() || (self.parts.is_empty() && self.source == Source::Content)
        {
            self.end_section();
        }
        for (kind, page, label, text) in self.parts {
            if text.trim().is_empty() && kind != PartKind::Body {
                continue;
            }
            let mut p = TextPart::new(kind, text);
            p.page = page;
            p.label = label;
            out.parts.push(p);
        }
        for (kind, text) in [
            (PartKind::Footnote, self.notes),
            (PartKind::TrackedDeletion, self.deleted),
            (PartKind::Header, self.header),
            (PartKind::Footer, self.footer),
        ] {
            if !text.trim().is_empty() {
                out.parts.push(TextPart::new(kind, text));
            }
        }
        for (author, text) in self.comments {
            let author = author.trim();
            let part = if author.is_empty() {
                TextPart::new(PartKind::Comment, text).labelled("comment")
            } else {
                TextPart::new(PartKind::Comment, format!("{author}: {text}"))
                    .labelled(format!("comment by {author}"))
            };
            out.parts.push(part);
        }
    }
}

impl Visitor for Odf {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        let qname = e.name();
        let prefix_is = |p: &str| qname.as_ref().starts_with(p);
        match local {
            "p" | "h" if prefix_is("text:") => self.paras.push(String::new()),
            "s" if prefix_is("text:") => {
                let n = xml::attr(e, "c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1usize);
                self.push_para(&" ".repeat(n.min(100)));
            }
            "tab" if prefix_is("text:") => self.push_para("\t"),
            "line-break" => self.push_para("\n"),
            "spreadsheet" if prefix_is("office:") => self.spreadsheet = true,
            "note-citation" => self.push_sink(local, Sink::Drop),
            "note-body" => self.push_sink(local, Sink::Note),
            "annotation" => {
                self.comment_author.clear();
                self.comment_text.clear();
                self.push_sink(local, Sink::Annotation);
            }
            "creator" if self.sink() == Sink::Annotation => self.in_creator = true,
            "date" if self.sink() == Sink::Annotation => self.push_sink(local, Sink::Drop),
            "tracked-changes" => self.push_sink(local, Sink::Drop),
            "deletion" => {
                self.tracked = true;
                self.push_sink(local, Sink::Deletion);
            }
            "insertion" | "format-change" => self.tracked = true,
            "change-info" => self.push_sink(local, Sink::Drop),
            "header" | "header-left" | "header-first" if prefix_is("style:") => {
                self.push_sink(local, Sink::Header)
            }
            "footer" | "footer-left" | "footer-first" if prefix_is("style:") => {
                self.push_sink(local, Sink::Footer)
            }
            "notes" if prefix_is("presentation:") => self.push_sink(local, Sink::SlideNotes),
            "table" if prefix_is("table:") => {
                if self.tables == 0 && self.sink() == Sink::Body && self.source == Source::Content {
                    // A spreadsheet's sheets each become a part; tables in
                    // running text stay inline.
                    if self.spreadsheet {
                        if !self.body.trim().is_empty() {
                            self.end_section();
                        }
                        self.body_label = Some(xml::attr(e, "name").unwrap_or_default());
                    }
                }
                self.tables += 1;
            }
            "table-cell" | "covered-table-cell" if self.tables > 0 => self.cell.clear(),
            "page" if prefix_is("draw:") => {
                if !self.body.trim().is_empty() || self.body_label.is_some() {
                    self.end_section();
                }
                self.pages += 1;
                self.body_page = Some(self.pages);
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        if self.sinks.last().is_some_and(|(el, _)| el == local) {
            if local == "annotation" {
                let author = std::mem::take(&mut self.comment_author);
                let text = std::mem::take(&mut self.comment_text);
                if !text.trim().is_empty() {
                    self.comments.push((author, text));
                }
            }
            self.sinks.pop();
            return;
        }
        match local {
            "p" | "h" => self.end_paragraph(),
            "creator" => self.in_creator = false,
            "table-cell" | "covered-table-cell" if self.tables > 0 => {
                let cell = std::mem::take(&mut self.cell);
                self.cells.push(cell);
            }
            "table-row" if self.tables > 0 => {
                let mut cells = std::mem::take(&mut self.cells);
                while cells.last().is_some_and(|c| c.trim().is_empty()) {
                    cells.pop();
                }
                let line = cells.join("\t");
                let buf = match self.sink() {
                    Sink::SlideNotes => &mut self.slide_notes,
                    Sink::Header => &mut self.header,
                    Sink::Footer => &mut self.footer,
                    Sink::Drop => return,
                    _ => &mut self.body,
                };
                self.limit.push_line(buf, &line);
            }
            "table" if self.tables > 0 => {
                self.tables -= 1;
                if self.tables == 0 && self.spreadsheet {
                    self.end_section();
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_creator {
            self.comment_author.push_str(text);
            return;
        }
        if self.sink() == Sink::Drop {
            return;
        }
        // ODF collapses whitespace in text content (spaces are explicit
        // `text:s` elements), so newlines in the XML are layout only.
        self.push_para(&text.replace(['\n', '\r'], " "));
    }
}

/// `meta.xml`: every leaf under `office:meta`, keyed as written;
/// `meta:user-defined meta:name="X"` keyed `X`.
#[derive(Default)]
struct Meta {
    depth: u32,
    key: Option<String>,
    value: String,
    fields: Vec<MetaField>,
}

impl Visitor for Meta {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        self.depth += 1;
        if self.depth != 3 {
            return;
        }
        self.value.clear();
        self.key = if local == "user-defined" {
            xml::attr(e, "name")
        } else if local == "document-statistic" {
            None
        } else {
            Some(e.name().as_ref().to_string())
        };
    }
    fn end(&mut self, _local: &str) {
        if self.depth == 3
            && let Some(key) = self.key.take()
        {
            crate::extract::xml::push_field(&mut self.fields, key, &self.value);
        }
        self.depth = self.depth.saturating_sub(1);
    }
    fn text(&mut self, text: &str) {
        if self.key.is_some() && self.value.len() < 64 * 1024 {
            self.value.push_str(text);
        }
    }
}

#[cfg(test)]
#[path = "odf_tests.rs"]
mod tests;
