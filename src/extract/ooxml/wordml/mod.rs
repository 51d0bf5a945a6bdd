//! WordprocessingML "stories" (the body, a header, the footnotes, the
//! comments …) → lines of text, sorted by where a reader would meet them.
//!
//! One streaming pass per part, with a handful of counters instead of a
//! tree. The decisions that matter for a personal-data scanner:
//! - Tracked insertions are accepted (their text stays in line, as Word
//!   shows it); tracked deletions (`w:delText`, `w:moveFrom`) are kept apart,
//!   one line per paragraph, because they are invisible on screen yet sent on
//!   with the file.
//! - Hidden runs (`w:vanish` in a run's properties) are kept apart too. A
//!   `w:vanish` in the paragraph mark's properties only hides the pilcrow.
//! - Fields show their result, never their instruction (`w:instrText`), as
//!   Word and pandoc do.
//! - `mc:AlternateContent` is read through its first `mc:Choice` only; the
//!   `mc:Fallback` repeats the same text for old readers.
//! - Text boxes go to their own lines; table rows are lines with cells
//!   separated by tabs, kept in the body so plain text keeps reading order.

use quick_xml::events::BytesStart;

use std::collections::HashMap;

use super::numbering::Numbering;
use crate::extract::xml::{self, TextLimit};

mod visit;

/// What kind of story a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Body, header, footer, footnotes, endnotes: paragraphs in order.
    Story,
    /// `comments.xml`: paragraphs grouped per `w:comment`, with its author.
    Comments,
}

/// One comment: its author (as written) and text.
#[derive(Debug, Clone)]
pub struct Comment {
    pub author: String,
    pub text: String,
}

#[derive(Default)]
struct Para {
    text: String,
    deleted: String,
    hidden: String,
    in_textbox: bool,
    /// List membership from `w:numPr`: (`w:numId`, `w:ilvl`).
    num_id: Option<String>,
    ilvl: u8,
}

struct Table {
    cells: Vec<String>,
    cell: String,
    in_textbox: bool,
}

/// The walker's output and state for one part.
pub struct Story {
    mode: Mode,
    limit: TextLimit,
    /// The visible text, one line per paragraph or table row.
    pub text: String,
    pub textbox: String,
    pub deleted: String,
    pub hidden: String,
    pub comments: Vec<Comment>,
    /// `w:altChunk` relationship ids and the byte offset in `text` where
    /// their content belongs.
    pub alt_chunks: Vec<(usize, String)>,
    /// Whether any `w:ins`, `w:del`, `w:moveFrom` or `w:moveTo` was seen.
    pub tracked: bool,
    /// Distinct `w:author`s of tracked changes, in first-seen order: the
    /// name of whoever edited is personal data even when the text is not.
    pub revision_authors: Vec<String>,

    paras: Vec<Para>,
    tables: Vec<Table>,
    /// Inside `w:t` (text) or `w:delText` (deleted text).
    in_t: u32,
    in_del_text: u32,
    /// Inside a `w:del` or `w:moveFrom` container.
    deletion: u32,
    ppr: u32,
    rpr: u32,
    run_hidden: bool,
    run: u32,
    /// Depth inside an `mc:Fallback` (skipped entirely).
    skip: u32,
    /// Open complex fields: `true` once `separate` was seen.
    fields: Vec<bool>,
    textbox_depth: u32,
    comment_author: Option<String>,
    comment_text: String,
    numbering: Option<Numbering>,
    /// Inside `w:pPrChange`/`w:rPrChange`: formatting before a tracked
    /// change, not in force.
    prop_change: u32,
    /// Footnote and endnote numbers as shown: in the body they are handed
    /// out in reading order (one sequence, as pandoc numbers them); in a
    /// notes part they are looked up to label each note.
    pub note_numbers: HashMap<(bool, String), u32>,
    /// The label the next non-empty paragraph of a note starts with.
    note_label: Option<String>,
    /// Inside `m:oMath` (an equation).
    math: u32,
    /// Paragraph style → list membership, for styles that carry `w:numPr`.
    style_lists: HashMap<String, (String, u8)>,
}

impl Story {
    /// A walker that may produce at most `max_text` bytes.
    pub fn new(mode: Mode, max_text: usize) -> Self {
        Story {
            mode,
            limit: TextLimit::new(max_text),
            text: String::new(),
            textbox: String::new(),
            deleted: String::new(),
            hidden: String::new(),
            comments: Vec::new(),
            alt_chunks: Vec::new(),
            tracked: false,
            revision_authors: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            in_t: 0,
            in_del_text: 0,
            deletion: 0,
            ppr: 0,
            rpr: 0,
            run_hidden: false,
            run: 0,
            skip: 0,
            fields: Vec::new(),
            textbox_depth: 0,
            comment_author: None,
            comment_text: String::new(),
            numbering: None,
            prop_change: 0,
            note_numbers: HashMap::new(),
            note_label: None,
            math: 0,
            style_lists: HashMap::new(),
        }
    }

    /// Label notes with the numbers the body gave their references.
    pub fn with_note_numbers(mut self, numbers: HashMap<(bool, String), u32>) -> Self {
        self.note_numbers = numbers;
        self
    }

    /// Lists that paragraph styles (e.g. "List Number") bring with them.
    pub fn with_style_lists(mut self, lists: HashMap<String, (String, u8)>) -> Self {
        self.style_lists = lists;
        self
    }

    /// Number list paragraphs as Word draws them.
    pub fn with_numbering(mut self, numbering: Option<Numbering>) -> Self {
        self.numbering = numbering;
        self
    }

    /// Bytes of text produced so far, and whether the limit cut any.
    pub fn produced(&self, max_text: usize) -> (usize, bool) {
        (max_text - self.limit.left, self.limit.truncated)
    }

    /// Flush anything a truncated part left open.
    pub fn finish(&mut self) {
        while !self.paras.is_empty() {
            self.end_paragraph();
        }
        while !self.tables.is_empty() {
            self.end_cell();
            self.end_row();
            self.tables.pop();
        }
        self.end_comment();
    }

    /// Whether a field's instruction (not its shown result) is being read.
    fn in_field_code(&self) -> bool {
        self.fields.iter().any(|separated| !separated)
    }

    /// Append run content to the paragraph being read, to the right bucket.
    fn push_run_text(&mut self, s: &str, deleted: bool) {
        if self.paras.is_empty() {
            // Text outside any paragraph (malformed part): give it one.
            self.start_paragraph();
        }
        let hidden = self.run_hidden;
        let p = self.paras.last_mut().expect("a paragraph is open");
        let buf = if deleted {
            &mut p.deleted
        } else if hidden {
            &mut p.hidden
        } else {
            &mut p.text
        };
        // A paragraph's own text is bounded by the part, itself capped; the
        // shared limit is applied when lines are emitted.
        buf.push_str(s);
    }

    fn start_paragraph(&mut self) {
        self.paras.push(Para {
            in_textbox: self.textbox_depth > 0,
            ..Default::default()
        });
    }

    fn end_paragraph(&mut self) {
        let Some(mut p) = self.paras.pop() else {
            return;
        };
        self.limit.push_line(&mut self.deleted, &p.deleted);
        self.limit.push_line(&mut self.hidden, &p.hidden);
        // Counters advance for every numbered paragraph, even an empty one.
        let label = match (&mut self.numbering, &p.num_id) {
            (Some(n), Some(id)) if id != "0" => n.next_label(id, p.ilvl),
            _ => None,
        };
        if p.text.trim().is_empty() {
            return;
        }
        if let Some(label) = label {
            p.text.insert(0, ' ');
            p.text.insert_str(0, &label);
        }
        if let Some(note) = self.note_label.take() {
            p.text = format!("{note} {}", p.text.trim_start());
        }
        let text = p.text.trim_end();
        if let Some(t) = self.tables.last_mut()
            && t.in_textbox == p.in_textbox
        {
            if !t.cell.is_empty() {
                t.cell.push(' ');
            }
            // A cell is one field of a tab-separated row: keep it on one
            // line and free of tabs.
            t.cell.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c }),
            );
            return;
        }
        self.emit_line(text.to_string(), p.in_textbox);
    }

    fn emit_line(&mut self, line: String, in_textbox: bool) {
        if in_textbox {
            self.limit.push_line(&mut self.textbox, &line);
        } else if self.mode == Mode::Comments && self.comment_author.is_some() {
            self.limit.push_line(&mut self.comment_text, &line);
        } else {
            self.limit.push_line(&mut self.text, &line);
        }
    }

    fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let cell = std::mem::take(&mut t.cell);
            t.cells.push(cell);
        }
    }

    fn end_row(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let cells = std::mem::take(&mut t.cells);
        let in_textbox = t.in_textbox;
        let line = cells.join("\t");
        if line.trim().is_empty() {
            return;
        }
        // A nested table's rows become text of the outer cell.
        let depth = self.tables.len();
        if depth > 1 && self.tables[depth - 2].in_textbox == in_textbox {
            let outer = &mut self.tables[depth - 2];
            if !outer.cell.is_empty() {
                outer.cell.push(' ');
            }
            outer.cell.push_str(&line.replace('\t', " "));
            return;
        }
        self.emit_line(line, in_textbox);
    }

    fn end_comment(&mut self) {
        if let Some(author) = self.comment_author.take() {
            let text = std::mem::take(&mut self.comment_text);
            self.comments.push(Comment { author, text });
        }
    }
}

impl Story {
    fn note_revision_author(&mut self, e: &BytesStart<'_>) {
        if let Some(author) = xml::attr(e, "author") {
            let author = author.trim();
            if !author.is_empty()
                && self.revision_authors.len() < 1000
                && !self.revision_authors.iter().any(|a| a == author)
            {
                self.revision_authors.push(author.to_string());
            }
        }
    }

    /// Tabs, breaks and symbols: run content that is an element, not text.
    fn text_in_run(&mut self, s: &str) {
        if self.in_field_code() {
            return;
        }
        self.push_run_text(s, self.deletion > 0);
    }

    /// A table closed with a row still open (malformed): keep its text.
    fn end_cell_if_open(&mut self) {
        if let Some(t) = self.tables.last()
            && (!t.cell.is_empty() || !t.cells.is_empty())
        {
            self.end_cell();
            self.end_row();
        }
    }
}
