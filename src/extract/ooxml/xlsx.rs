//! XLSX (also XLSM, XLTX; Transitional and Strict): each worksheet → one
//! `body` part labelled with the sheet's name, one line per row, cells
//! separated by tabs; shared and inline strings resolved, numbers as stored.
//! Hidden sheets (`state="hidden"`/`"veryHidden"`) → `hidden` parts, since a
//! hidden sheet is the classic place a personnummer list survives an export.
//! The sheet names → one `notes` part; cell comments → `comment` parts with
//! their author; document properties, embeddings and C2PA as for DOCX.

use quick_xml::events::BytesStart;

use crate::extract::package::{Package, Rel};
use crate::extract::xml::{self, TextLimit, Visitor};
use crate::extract::{Budget, ExtractError, Extracted, PartKind, TextPart};

use super::props;

/// Read an XLSX package.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, "xlsx", budget)?;
    let main = pkg
        .main_part(budget, "xl/workbook.xml")
        .ok_or_else(|| ExtractError::corrupt("xlsx", "no workbook part"))?;
    let rels = pkg.rels(&main, budget);
    let book = pkg
        .walk(&main, budget, Workbook::default)?
        .ok_or_else(|| ExtractError::corrupt("xlsx", "workbook part is missing"))?;
    let mut limit = TextLimit::new(budget.max_text);
    let shared = match rels.iter().find(|r| r.kind == "sharedStrings") {
        Some(r) => {
            let max = limit.left;
            let s = pkg.walk(&r.target, budget, || SharedStrings::new(max))?;
            s.map(|s| {
                limit.left -= max - s.limit.left;
                limit.truncated |= s.limit.truncated;
                s.strings
            })
            .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let mut out = Extracted::default();
    let mut names = String::new();
    for sheet in &book.sheets {
        budget.check()?;
        limit.push_line(&mut names, &sheet.name);
        let Some(target) = target_of(&rels, &sheet.rid) else {
            continue;
        };
        let max = limit.left;
        let Some(rows) = pkg.walk(&target, budget, || Sheet::new(&shared, max))? else {
            continue;
        };
        limit.left -= max - rows.limit.left;
        limit.truncated |= rows.limit.truncated;
        let kind = if sheet.hidden {
            PartKind::Hidden
        } else {
            PartKind::Body
        };
        // Sheets are not pages: the sheet is named in the label only.
        out.parts
            .push(TextPart::new(kind, rows.text).labelled(sheet.name.clone()));
        for (kind, text) in [
            (PartKind::Header, rows.header),
            (PartKind::Footer, rows.footer),
        ] {
            if !text.is_empty() {
                out.parts
                    .push(TextPart::new(kind, text).labelled(sheet.name.clone()));
            }
        }
        sheet_comments(&mut pkg, &target, budget, &mut out);
    }
    if !names.is_empty() {
        out.parts
            .push(TextPart::new(PartKind::Notes, names).labelled("sheet names"));
    }
    if limit.truncated {
        out.flags.push("text-truncated".into());
    }
    pivot_caches(&mut pkg, budget, &mut limit, &mut out);
    props::read(&mut pkg, budget, &mut out);
    pkg.c2pa(&mut out);
    pkg.attachments("xl/embeddings", budget, &mut out);
    Ok(out)
}

/// Pivot caches keep a copy of every source value, even when the sheet the
/// pivot table was made from has since been deleted: a summary table that
/// shows only totals may carry every name behind them. Their strings
/// (`<s v="…"/>`) become one `hidden` part, one distinct value per line.
fn pivot_caches(
    pkg: &mut Package<'_>,
    budget: &Budget,
    limit: &mut TextLimit,
    out: &mut Extracted,
) {
    let parts: Vec<String> = pkg
        .names()
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l.starts_with("xl/pivotcache/") && l.ends_with(".xml")
        })
        .cloned()
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut text = String::new();
    for part in parts {
        let Ok(Some(cache)) = pkg.walk(&part, budget, PivotStrings::default) else {
            continue;
        };
        for value in cache.values {
            if seen.insert(value.clone()) {
                limit.push_line(&mut text, &value);
            }
        }
    }
    if !text.is_empty() {
        out.parts
            .push(TextPart::new(PartKind::Hidden, text).labelled("pivot cache"));
    }
}

/// String items of a pivot cache definition or its records.
#[derive(Default)]
struct PivotStrings {
    values: Vec<String>,
}

impl Visitor for PivotStrings {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if local == "s"
            && self.values.len() < 1_000_000
            && let Some(v) = xml::attr(e, "v").filter(|v| !v.trim().is_empty())
        {
            self.values.push(v);
        }
    }
    fn end(&mut self, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

fn target_of(rels: &[Rel], id: &str) -> Option<String> {
    rels.iter()
        .find(|r| r.id == id && !r.external)
        .map(|r| r.target.clone())
}

/// Legacy cell comments (`xl/commentsN.xml`): author list, then comments
/// pointing into it.
fn sheet_comments(pkg: &mut Package<'_>, sheet: &str, budget: &Budget, out: &mut Extracted) {
    let rels = pkg.rels(sheet, budget);
    for r in rels.iter().filter(|r| r.kind == "comments" && !r.external) {
        let Ok(Some(c)) = pkg.walk(&r.target, budget, Comments::default) else {
            continue;
        };
        for (author, text) in c.comments {
            let author = c.authors.get(author).map(|a| a.trim()).unwrap_or("");
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let part = if author.is_empty() {
                TextPart::new(PartKind::Comment, text).labelled("comment")
            } else {
                TextPart::new(PartKind::Comment, format!("{author}: {text}"))
                    .labelled(format!("comment by {author}"))
            };
            out.parts.push(part);
            if !out.has_flag("has-comments") {
                out.flags.push("has-comments".into());
            }
        }
    }
}

struct SheetRef {
    name: String,
    rid: String,
    hidden: bool,
}

#[derive(Default)]
struct Workbook {
    sheets: Vec<SheetRef>,
}

impl Visitor for Workbook {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if local == "sheet" {
            self.sheets.push(SheetRef {
                name: xml::attr(e, "name").unwrap_or_default(),
                rid: xml::attr(e, "id").unwrap_or_default(),
                hidden: xml::attr(e, "state").is_some_and(|s| s != "visible"),
            });
        }
    }
    fn end(&mut self, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

/// `xl/sharedStrings.xml`: one string per `si`, rich runs joined, phonetic
/// readings (`rPh`) left out.
struct SharedStrings {
    strings: Vec<String>,
    current: String,
    in_t: bool,
    in_phonetic: bool,
    limit: TextLimit,
}

impl SharedStrings {
    fn new(max: usize) -> Self {
        SharedStrings {
            strings: Vec::new(),
            current: String::new(),
            in_t: false,
            in_phonetic: false,
            limit: TextLimit::new(max),
        }
    }
}

impl Visitor for SharedStrings {
    fn start(&mut self, local: &str, _e: &BytesStart<'_>) {
        match local {
            "si" => self.current.clear(),
            "t" => self.in_t = true,
            "rPh" => self.in_phonetic = true,
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "si" => {
                let s = std::mem::take(&mut self.current);
                self.strings.push(s);
            }
            "t" => self.in_t = false,
            "rPh" => self.in_phonetic = false,
            _ => {}
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_t && !self.in_phonetic {
            self.limit.push(&mut self.current, text);
        }
    }
}

/// A worksheet: rows → lines, cells → tab-separated values.
struct Sheet<'s> {
    shared: &'s [String],
    text: String,
    limit: TextLimit,
    cells: Vec<String>,
    cell_type: String,
    value: String,
    in_value: bool,
    in_phonetic: bool,
    row_bytes: usize,
    /// Print header and footer texts (`oddHeader` …), formatting codes and all.
    header: String,
    footer: String,
    in_header_footer: Option<bool>,
    hf_raw: String,
}

impl<'s> Sheet<'s> {
    fn new(shared: &'s [String], max: usize) -> Self {
        Sheet {
            shared,
            text: String::new(),
            limit: TextLimit::new(max),
            cells: Vec::new(),
            cell_type: String::new(),
            value: String::new(),
            in_value: false,
            in_phonetic: false,
            row_bytes: 0,
            header: String::new(),
            footer: String::new(),
            in_header_footer: None,
            hf_raw: String::new(),
        }
    }

    fn cell_text(&self) -> String {
        let v = self.value.trim();
        match self.cell_type.as_str() {
            "s" => v
                .parse::<usize>()
                .ok()
                .and_then(|i| self.shared.get(i))
                .cloned()
                .unwrap_or_default(),
            "b" => match v {
                "1" => "TRUE".into(),
                "0" => "FALSE".into(),
                other => other.into(),
            },
            _ => self.value.clone(),
        }
    }
}

impl Visitor for Sheet<'_> {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "row" => {
                self.cells.clear();
                self.row_bytes = 0;
            }
            "c" => {
                self.cell_type = xml::attr(e, "t").unwrap_or_default();
                self.value.clear();
            }
            // `v` holds the value; `t` the text of an inline string.
            "v" | "t" => self.in_value = true,
            "oddHeader" | "evenHeader" | "firstHeader" => self.in_header_footer = Some(true),
            "oddFooter" | "evenFooter" | "firstFooter" => self.in_header_footer = Some(false),
            "rPh" => self.in_phonetic = true,
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "v" | "t" => self.in_value = false,
            "oddHeader" | "evenHeader" | "firstHeader" | "oddFooter" | "evenFooter"
            | "firstFooter" => {
                // Text arrives in pieces (entities split it): clean it whole.
                let raw = std::mem::take(&mut self.hf_raw);
                if let Some(is_header) = self.in_header_footer.take() {
                    let buf = if is_header {
                        &mut self.header
                    } else {
                        &mut self.footer
                    };
                    self.limit.push_line(buf, &header_footer_text(&raw));
                }
            }
            "rPh" => self.in_phonetic = false,
            "c" => {
                // A row of 16 384 cells all pointing at one huge shared
                // string must not be built in memory before the text limit
                // sees it: stop collecting once the row alone is over it.
                if self.row_bytes > self.limit.left {
                    self.limit.truncated = true;
                    return;
                }
                let text = self.cell_text();
                // A cell is one field of a tab-separated row.
                let text = text.replace(['\t', '\n', '\r'], " ");
                self.row_bytes += text.len() + 1;
                self.cells.push(text);
            }
            "row" => {
                while self.cells.last().is_some_and(|c| c.trim().is_empty()) {
                    self.cells.pop();
                }
                let line = self.cells.join("\t");
                self.limit.push_line(&mut self.text, &line);
                self.cells.clear();
            }
            _ => {}
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_header_footer.is_some() {
            if self.hf_raw.len() < 64 * 1024 {
                self.hf_raw.push_str(text);
            }
            return;
        }
        if self.in_value && !self.in_phonetic && self.value.len() < 1 << 20 {
            self.value.push_str(text);
        }
    }
}

/// A print header/footer without its codes: `&L`/`&C`/`&R` sections become
/// tabs, `&P`/`&N`/`&D`/`&T`/`&F`/`&A` (page, pages, date, time, file,
/// sheet) and font codes (`&"Arial,Bold"`, `&12`) are dropped, `&&` is `&`.
fn header_footer_text(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('L' | 'C' | 'R') if !out.trim().is_empty() => out.push('\t'),
            Some('"') => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `xl/commentsN.xml`: `authors/author` then `commentList/comment`.
#[derive(Default)]
struct Comments {
    authors: Vec<String>,
    comments: Vec<(usize, String)>,
    in_author: bool,
    in_comment: bool,
    in_t: bool,
}

impl Visitor for Comments {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "author" => {
                self.in_author = true;
                self.authors.push(String::new());
            }
            "comment" => {
                self.in_comment = true;
                let author = xml::attr(e, "authorId")
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(usize::MAX);
                self.comments.push((author, String::new()));
            }
            "t" => self.in_t = true,
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "author" => self.in_author = false,
            "comment" => self.in_comment = false,
            "t" => self.in_t = false,
            _ => {}
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_author {
            if let Some(a) = self.authors.last_mut() {
                a.push_str(text);
            }
        } else if self.in_comment
            && self.in_t
            && let Some((_, c)) = self.comments.last_mut()
            && c.len() < 1 << 20
        {
            c.push_str(text);
        }
    }
}
