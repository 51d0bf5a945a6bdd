//! DOCX (also DOCM, DOTX, DOTM and Strict OOXML): the body with its tables,
//! headers, footers, footnotes, endnotes, comments with their authors,
//! tracked deletions, hidden text and text boxes as separate parts, plus
//! document properties, embedded objects and `altChunk` imports.
//!
//! The main part is found through the package relationships, not assumed at
//! `word/document.xml`, and the stories around it through the main part's
//! own relationships. Only the main part is essential: a damaged header or
//! comments part is flagged and the rest is still read.

use crate::extract::package::{Package, Rel};
use crate::extract::{Budget, ExtractError, Extracted, MetaField, PartKind, TextPart};

use std::collections::HashMap;

use super::numbering::{Numbering, StyleLists};
use super::props;
use super::wordml::{Mode, Story};

/// Metadata key for the `w:author` of tracked changes (not a document
/// property, so not spelled as one).
pub const REVISION_AUTHOR: &str = "revision-author";

/// Read a DOCX package.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut pkg = Package::open(bytes, "docx", budget)?;
    let main = pkg
        .main_part(budget, "word/document.xml")
        .ok_or_else(|| ExtractError::corrupt("docx", "no main document part"))?;
    let rels = pkg.rels(&main, budget);
    let mut out = Extracted::default();
    let mut left = budget.max_text;

    let numbering = read_numbering(&mut pkg, &rels, budget);
    let style_lists = if numbering.is_some() {
        read_style_lists(&mut pkg, &rels, budget)
    } else {
        HashMap::new()
    };
    let body_setup = Setup {
        numbering,
        style_lists,
        notes: HashMap::new(),
    };
    let mut body = walk_story(&mut pkg, &main, Mode::Story, &body_setup, budget, &mut left)?
        .ok_or_else(|| ExtractError::corrupt("docx", "main document part is missing"))?;
    insert_alt_chunks(&mut pkg, &mut body, &rels, budget);
    let mut tracked = body.tracked;
    let mut authors = std::mem::take(&mut body.revision_authors);
    let notes_setup = Setup {
        notes: std::mem::take(&mut body.note_numbers),
        ..Setup::default()
    };
    push_story(&mut out, body, PartKind::Body, None);

    for (kind, rel_kind) in [
        (PartKind::Header, "header"),
        (PartKind::Footer, "footer"),
        (PartKind::Footnote, "footnotes"),
        (PartKind::Endnote, "endnotes"),
    ] {
        for part in story_parts(&pkg, &rels, rel_kind) {
            budget.check()?;
            match walk_story(
                &mut pkg,
                &part,
                Mode::Story,
                &notes_setup,
                budget,
                &mut left,
            ) {
                Ok(Some(mut story)) => {
                    tracked |= story.tracked;
                    authors.append(&mut story.revision_authors);
                    push_story(&mut out, story, kind, Some(short_name(&part)));
                }
                Ok(None) => {}
                Err(e @ ExtractError::Timeout(_)) => return Err(e),
                Err(e) => out.flags.push(format!("damaged-part: {part}: {e}")),
            }
        }
    }
    for part in story_parts(&pkg, &rels, "comments") {
        match walk_story(
            &mut pkg,
            &part,
            Mode::Comments,
            &Setup::default(),
            budget,
            &mut left,
        ) {
            Ok(Some(mut story)) => {
                tracked |= story.tracked;
                authors.append(&mut story.revision_authors);
                push_comments(&mut out, story);
            }
            Ok(None) => {}
            Err(e @ ExtractError::Timeout(_)) => return Err(e),
            Err(e) => out.flags.push(format!("damaged-part: {part}: {e}")),
        }
    }
    diagrams(&mut pkg, &rels, budget, &mut out);
    link_targets(&rels, &mut out);
    template_path(&mut pkg, &rels, budget, &mut out);
    let mut seen = std::collections::HashSet::new();
    for author in authors {
        if seen.insert(author.clone()) {
            out.metadata.push(MetaField {
                key: REVISION_AUTHOR.into(),
                value: author,
            });
        }
    }
    if tracked {
        out.flags.push("has-tracked-changes".into());
    }
    if left == 0 {
        out.flags.push("text-truncated".into());
    }
    props::read(&mut pkg, budget, &mut out);
    pkg.c2pa(&mut out);
    let dir = main.rsplit_once('/').map_or("word", |(d, _)| d).to_string();
    pkg.attachments(&format!("{dir}/embeddings"), budget, &mut out);
    out.needs_ocr = looks_scanned(&pkg, &dir, &out);
    Ok(out)
}

/// A scanned letter pasted into Word: a sizeable picture and (almost) no
/// text anywhere. Then the words are in the image, and only OCR finds them.
fn looks_scanned(pkg: &Package<'_>, dir: &str, out: &Extracted) -> bool {
    /// Fewer visible characters than this is "almost no text".
    const MIN_TEXT: usize = 20;
    /// A logo or signature is smaller; a scanned page is not.
    const MIN_IMAGE: u64 = 32 * 1024;
    let text: usize = out
        .parts
        .iter()
        .filter(|p| p.kind != PartKind::Notes)
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    text < MIN_TEXT && pkg.largest_under(&format!("{dir}/media")) >= MIN_IMAGE
}

/// What a story walker needs to know from elsewhere in the package.
#[derive(Default)]
struct Setup {
    numbering: Option<Numbering>,
    style_lists: HashMap<String, (String, u8)>,
    /// Note numbers the body handed out, for labelling the notes.
    notes: HashMap<(bool, String), u32>,
}

/// Paragraph styles that number their paragraphs.
fn read_style_lists(
    pkg: &mut Package<'_>,
    rels: &[Rel],
    budget: &Budget,
) -> HashMap<String, (String, u8)> {
    let Some(part) = story_parts(pkg, rels, "styles").into_iter().next() else {
        return HashMap::new();
    };
    match pkg.walk(&part, budget, StyleLists::default) {
        Ok(Some(s)) => s.lists,
        _ => HashMap::new(),
    }
}

/// List definitions, if the document has any (a damaged numbering part
/// only loses the list labels).
fn read_numbering(pkg: &mut Package<'_>, rels: &[Rel], budget: &Budget) -> Option<Numbering> {
    let part = story_parts(pkg, rels, "numbering").into_iter().next()?;
    pkg.walk(&part, budget, Numbering::default).ok().flatten()
}

/// Stream one story part; `left` is the text budget still unspent.
fn walk_story(
    pkg: &mut Package<'_>,
    part: &str,
    mode: Mode,
    setup: &Setup,
    budget: &Budget,
    left: &mut usize,
) -> Result<Option<Story>, ExtractError> {
    let max = *left;
    let story = pkg.walk(part, budget, || {
        Story::new(mode, max)
            .with_numbering(setup.numbering.clone())
            .with_style_lists(setup.style_lists.clone())
            .with_note_numbers(setup.notes.clone())
    })?;
    Ok(story.map(|mut s| {
        s.finish();
        let (used, _) = s.produced(max);
        *left -= used;
        s
    }))
}

/// Parts of one relationship kind from the main part's rels; when a package
/// has no rels, the conventional names (`word/header1.xml` …) instead.
fn story_parts(pkg: &Package<'_>, rels: &[Rel], kind: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for r in rels.iter().filter(|r| r.kind == kind && !r.external) {
        if !parts.contains(&r.target) {
            parts.push(r.target.clone());
        }
    }
    if rels.is_empty() {
        let stem = kind.trim_end_matches('s');
        let prefix = format!("word/{stem}");
        parts.extend(
            pkg.names()
                .iter()
                .filter(|n| {
                    let l = n.to_ascii_lowercase();
                    l.starts_with(&prefix) && l.ends_with(".xml") && !l[5..].contains('/')
                })
                .cloned(),
        );
    }
    parts
}

/// `word/header2.xml` → `header2`.
fn short_name(part: &str) -> String {
    let file = part.rsplit('/').next().unwrap_or(part);
    file.trim_end_matches(".xml").to_string()
}

/// Turn one story into parts: its text under `kind`, and its text boxes,
/// deletions and hidden text each under their own kind, labelled with where
/// they came from.
fn push_story(out: &mut Extracted, story: Story, kind: PartKind, label: Option<String>) {
    let origin = label.clone().unwrap_or_else(|| "body".into());
    let mut push = |k: PartKind, text: String, label: Option<String>| {
        if text.trim().is_empty() {
            return;
        }
        let mut part = TextPart::new(k, text);
        part.label = label;
        out.parts.push(part);
    };
    push(kind, story.text, label);
    push(PartKind::TextBox, story.textbox, Some(origin.clone()));
    push(
        PartKind::TrackedDeletion,
        story.deleted,
        Some(origin.clone()),
    );
    push(PartKind::Hidden, story.hidden, Some(origin));
}

/// Comments as one part each, author first: the author's name is personal
/// data of its own and the rules must see it next to the text.
fn push_comments(out: &mut Extracted, story: Story) {
    let mut any = false;
    for c in story.comments {
        any = true;
        let author = c.author.trim();
        let (label, text) = if author.is_empty() {
            ("comment".to_string(), c.text)
        } else {
            (
                format!("comment by {author}"),
                format!("{author}: {}", c.text),
            )
        };
        out.parts
            .push(TextPart::new(PartKind::Comment, text).labelled(label));
    }
    if any {
        out.flags.push("has-comments".into());
    }
    for (kind, text) in [
        (PartKind::TrackedDeletion, story.deleted),
        (PartKind::Hidden, story.hidden),
    ] {
        if !text.trim().is_empty() {
            out.parts
                .push(TextPart::new(kind, text).labelled("comments"));
        }
    }
}

/// `w:altChunk` imports another document (HTML, RTF, MHT, plain text) into
/// the body at that point. Its text goes where Word would show it.
fn insert_alt_chunks(pkg: &mut Package<'_>, body: &mut Story, rels: &[Rel], budget: &Budget) {
    let chunks = std::mem::take(&mut body.alt_chunks);
    // Back to front, so earlier offsets stay valid.
    for (offset, id) in chunks.into_iter().rev() {
        let Some(rel) = rels.iter().find(|r| r.id == id && !r.external) else {
            continue;
        };
        let Ok(Some(bytes)) = pkg.read(&rel.target, budget.max_expand) else {
            continue;
        };
        let text = crate::extract::alt_chunk_text(&bytes, budget);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let mut insert = String::new();
        if offset > 0 {
            insert.push('\n');
        }
        insert.push_str(text);
        if offset == 0 && !body.text.is_empty() {
            insert.push('\n');
        }
        body.text.insert_str(offset, &insert);
    }
}

/// Where hyperlinks point (`mailto:anna.berg@…`, a path on a personal
/// share): not shown on the page, yet sent with the file. One line per
/// distinct target, as a notes part.
fn link_targets(rels: &[Rel], out: &mut Extracted) {
    let mut seen = std::collections::HashSet::new();
    let mut text = String::new();
    for r in rels.iter().filter(|r| r.kind == "hyperlink" && r.external) {
        let target = r.target.trim();
        if !target.is_empty() && seen.insert(target) && text.len() < 1 << 20 {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(target);
        }
    }
    if !text.is_empty() {
        out.parts
            .push(TextPart::new(PartKind::Notes, text).labelled("hyperlink targets"));
    }
}

/// The attached template's full path (`word/settings.xml` relationship),
/// which names the user's own folder: `C:\Users\anna.berg\…\Normal.dotm`.
fn template_path(pkg: &mut Package<'_>, rels: &[Rel], budget: &Budget, out: &mut Extracted) {
    let Some(settings) = rels.iter().find(|r| r.kind == "settings" && !r.external) else {
        return;
    };
    let settings = settings.target.clone();
    for r in pkg.rels(&settings, budget) {
        if r.kind == "attachedTemplate" && !r.target.trim().is_empty() {
            out.metadata.push(MetaField {
                key: "w:attachedTemplate".into(),
                value: r.target.trim().to_string(),
            });
        }
    }
}

/// SmartArt keeps its text in `word/diagrams/dataN.xml` (DrawingML). Word
/// shows it inside a drawing, as with a text box, so it is a text-box part.
fn diagrams(pkg: &mut Package<'_>, rels: &[Rel], budget: &Budget, out: &mut Extracted) {
    for part in story_parts(pkg, rels, "diagramData") {
        if let Ok(Some(d)) = pkg.walk(&part, budget, DiagramText::default)
            && !d.text.trim().is_empty()
        {
            out.parts
                .push(TextPart::new(PartKind::TextBox, d.text).labelled("diagram"));
        }
    }
}

/// `a:t` runs, one line per `a:p`.
#[derive(Default)]
struct DiagramText {
    text: String,
    para: String,
    in_t: bool,
}

impl crate::extract::xml::Visitor for DiagramText {
    fn start(&mut self, local: &str, _e: &quick_xml::events::BytesStart<'_>) {
        match local {
            "p" => self.para.clear(),
            "t" => self.in_t = true,
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "t" => self.in_t = false,
            "p" if !self.para.trim().is_empty() && self.text.len() < 1 << 24 => {
                if !self.text.is_empty() {
                    self.text.push('\n');
                }
                self.text.push_str(self.para.trim());
                self.para.clear();
            }
            _ => {}
        }
    }
    fn text(&mut self, text: &str) {
        if self.in_t {
            self.para.push_str(text);
        }
    }
}
