//! PPTX (also PPTM, POTX): each slide → a `body` part with `page: Some(n)`
//! in presentation order, one line per paragraph, table rows tab-separated;
//! speaker notes → `notes` parts on the same page; legacy comments →
//! `comment` parts with their author; hidden slides (`show="0"`) → `hidden`
//! parts; document properties, embeddings and C2PA as for DOCX.
//!
//! Slide order comes from `p:sldIdLst` in the presentation part, not from
//! file names: slide7.xml may well be shown second.

use quick_xml::events::BytesStart;

use crate::extract::package::{Package, Rel};
use crate::extract::xml::{self, TextLimit, Visitor};
use crate::extract::{Budget, ExtractError, Extracted, PartKind, TextPart};

use super::props;

/// Read a PPTX package.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, "pptx", budget)?;
    let main = pkg
        .main_part(budget, "ppt/presentation.xml")
        .ok_or_else(|| ExtractError::corrupt("pptx", "no presentation part"))?;
    let rels = pkg.rels(&main, budget);
    let order = pkg
        .walk(&main, budget, SlideList::default)?
        .ok_or_else(|| ExtractError::corrupt("pptx", "presentation part is missing"))?;
    let slides: Vec<String> = order
        .ids
        .iter()
        .filter_map(|id| rels.iter().find(|r| &r.id == id && !r.external))
        .map(|r| r.target.clone())
        .collect();
    let authors = comment_authors(&mut pkg, &rels, budget);
    let mut out = Extracted::default();
    let mut left = budget.max_text;
    for (i, slide) in slides.iter().enumerate() {
        budget.check()?;
        let page = i as u32 + 1;
        let max = left;
        let Some(text) = pkg.walk(slide, budget, || Drawing::new(max))? else {
            continue;
        };
        left -= max - text.limit.left;
        let slide_rels = pkg.rels(slide, budget);
        let mut body = text.text;
        // SmartArt keeps its text in a diagram data part of its own.
        for r in slide_rels
            .iter()
            .filter(|r| r.kind == "diagramData" && !r.external)
        {
            let max = left;
            if let Ok(Some(d)) = pkg.walk(&r.target, budget, || Drawing::new(max)) {
                left -= max - d.limit.left;
                if !d.text.is_empty() {
                    if !body.is_empty() {
                        body.push('\n');
                    }
                    body.push_str(&d.text);
                }
            }
        }
        let kind = if text.hidden {
            PartKind::Hidden
        } else {
            PartKind::Body
        };
        out.parts.push(TextPart::new(kind, body).on_page(page));
        for r in slide_rels.iter().filter(|r| !r.external) {
            match r.kind.as_str() {
                "notesSlide" => {
                    let max = left;
                    if let Ok(Some(notes)) = pkg.walk(&r.target, budget, || Drawing::new(max)) {
                        left -= max - notes.limit.left;
                        if !notes.text.trim().is_empty() {
                            out.parts
                                .push(TextPart::new(PartKind::Notes, notes.text).on_page(page));
                        }
                    }
                }
                "comments" => slide_comments(&mut pkg, r, &authors, page, budget, &mut out),
                _ => {}
            }
        }
    }
    if left == 0 {
        out.flags.push("text-truncated".into());
    }
    props::read(&mut pkg, budget, &mut out);
    pkg.c2pa(&mut out);
    pkg.attachments("ppt/embeddings", budget, &mut out);
    Ok(out)
}

/// `ppt/commentAuthors.xml`: author id → name.
fn comment_authors(pkg: &mut Package<'_>, rels: &[Rel], budget: &Budget) -> Vec<(String, String)> {
    let Some(r) = rels.iter().find(|r| r.kind == "commentAuthors") else {
        return Vec::new();
    };
    match pkg.walk(&r.target, budget, CommentAuthors::default) {
        Ok(Some(a)) => a.authors,
        _ => Vec::new(),
    }
}

fn slide_comments(
    pkg: &mut Package<'_>,
    r: &Rel,
    authors: &[(String, String)],
    page: u32,
    budget: &Budget,
    out: &mut Extracted,
) {
    let Ok(Some(c)) = pkg.walk(&r.target, budget, SlideComments::default) else {
        return;
    };
    for (author_id, text) in c.comments {
        let author = authors
            .iter()
            .find(|(id, _)| *id == author_id)
            .map(|(_, n)| n.trim())
            .unwrap_or("");
        let part = if author.is_empty() {
            TextPart::new(PartKind::Comment, text).labelled("comment")
        } else {
            TextPart::new(PartKind::Comment, format!("{author}: {text}"))
                .labelled(format!("comment by {author}"))
        };
        out.parts.push(part.on_page(page));
        if !out.has_flag("has-comments") {
            out.flags.push("has-comments".into());
        }
    }
}

/// `p:sldIdLst/p:sldId r:id`, in order.
#[derive(Default)]
struct SlideList {
    ids: Vec<String>,
}

impl Visitor for SlideList {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if local == "sldId"
            && let Some(id) = xml::attr_q(e, "r:id").or_else(|| xml::attr(e, "id"))
        {
            self.ids.push(id);
        }
    }
    fn end(&mut self, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

/// DrawingML text of a slide or notes page: `a:p` paragraphs, `a:t` runs,
/// `a:br` breaks, table rows as tab-separated lines; `mc:Fallback` skipped.
struct Drawing {
    text: String,
    limit: TextLimit,
    para: String,
    in_t: bool,
    skip: u32,
    table_depth: u32,
    cell: String,
    cells: Vec<String>,
    hidden: bool,
}

impl Drawing {
    fn new(max: usize) -> Self {
        Drawing {
            text: String::new(),
            limit: TextLimit::new(max),
            para: String::new(),
            in_t: false,
            skip: 0,
            table_depth: 0,
            cell: String::new(),
            cells: Vec::new(),
            hidden: false,
        }
    }
}

impl Visitor for Drawing {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        match local {
            "sld" => self.hidden = xml::attr(e, "show").is_some_and(|v| v == "0" || v == "false"),
            "Fallback" => self.skip = 1,
            "p" => self.para.clear(),
            "t" => self.in_t = true,
            "br" => self.para.push('\n'),
            "tbl" => self.table_depth += 1,
            "tc" => self.cell.clear(),
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match local {
            "t" => self.in_t = false,
            "p" => {
                let para = std::mem::take(&mut self.para);
                if self.table_depth > 0 {
                    if !para.trim().is_empty() {
                        if !self.cell.is_empty() {
                            self.cell.push(' ');
                        }
                        self.cell.push_str(&para.replace(['\n', '\t'], " "));
                    }
                } else {
                    for line in para.split('\n') {
                        self.limit.push_line(&mut self.text, line);
                    }
                }
            }
            "tc" if self.table_depth > 0 => {
                let cell = std::mem::take(&mut self.cell);
                self.cells.push(cell);
            }
            "tr" if self.table_depth > 0 => {
                let line = std::mem::take(&mut self.cells).join("\t");
                self.limit.push_line(&mut self.text, &line);
            }
            "tbl" => self.table_depth = self.table_depth.saturating_sub(1),
            _ => {}
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_t && self.skip == 0 && self.para.len() < 1 << 20 {
            self.para.push_str(text);
        }
    }
}

#[derive(Default)]
struct CommentAuthors {
    authors: Vec<(String, String)>,
}

impl Visitor for CommentAuthors {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if local == "cmAuthor" {
            self.authors.push((
                xml::attr(e, "id").unwrap_or_default(),
                xml::attr(e, "name").unwrap_or_default(),
            ));
        }
    }
    fn end(&mut self, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

/// `ppt/comments/commentN.xml`: `p:cm authorId` with a `p:text`.
#[derive(Default)]
struct SlideComments {
    comments: Vec<(String, String)>,
    in_text: bool,
}

impl Visitor for SlideComments {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "cm" => self
                .comments
                .push((xml::attr(e, "authorId").unwrap_or_default(), String::new())),
            "text" => self.in_text = true,
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        if local == "text" {
            self.in_text = false;
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_text
            && let Some((_, c)) = self.comments.last_mut()
            && c.len() < 1 << 20
        {
            c.push_str(text);
        }
    }
}
