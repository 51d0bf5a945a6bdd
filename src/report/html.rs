//! `--html`: one self-contained report file for people who do not read JSON
//! — an overview with counts and bar charts, then a document table they can
//! filter, sort and expand to reasons and masked findings. It works offline
//! and makes no request (inline CSS and JS only), because a report about
//! personal data is opened on machines that must not leak it.
//!
//! At 100 000 documents a plain HTML table would be too big to render, so the
//! rows go into the page as one JSON array in a
//! `<script type="application/json">` block and the page's script renders
//! them a page (100 rows) at a time. The writer keeps a compact JSON string
//! per document in memory (a few hundred bytes; findings per document are
//! capped) and writes the file at `finish`.
//!
//! Every value is escaped: the JSON has `<` as `\u003c` (so no `</script>`
//! can end the block), the overview is HTML-escaped here, and the script
//! inserts text only through `textContent`. Paths are masked too (report-v1
//! "Masking": the HTML report masks identifiers in paths).

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::output::Output;
use super::{DocumentReport, ReportWriter};
use crate::classify::Lang;
use crate::mask::mask_identifiers;

mod labels;
mod overview;

use overview::{Counts, overview};

/// At most this many findings per document are kept for the page; the
/// JSONL report has them all.
const MAX_FINDINGS: usize = 10;
/// At most this many reasons per document are kept for the page.
const MAX_REASONS: usize = 12;

const TEMPLATE: &str = include_str!("html/template.html");

/// One document as the page needs it. Short keys keep 100 000 rows small.
#[derive(Serialize)]
struct Row {
    /// Display path (after its root when several are scanned), masked.
    p: String,
    /// Top-level folder, masked.
    d: String,
    f: String,
    s: &'static str,
    e: String,
    k: Vec<String>,
    c: Vec<String>,
    x: bool,
    g: bool,
    v: Vec<String>,
    r: &'static str,
    n: Vec<String>,
    m: &'static str,
    /// Reasons, as indices into the page's table of texts: the same
    /// reason recurs in thousands of documents. Written last, renumbered
    /// at `finish` (see [`Stored`]).
    #[serde(skip)]
    w: Vec<u32>,
    /// Findings: rule, kind, severity, part, page/line, excerpt, accepted.
    #[serde(rename = "F")]
    findings: Vec<FindingCells>,
    /// How many findings the document has in all.
    #[serde(rename = "N")]
    total: usize,
    /// How many of them a baseline accepts.
    #[serde(rename = "A")]
    accepted: usize,
}

/// One finding as the page's table shows it.
type FindingCells = (
    String,
    String,
    &'static str,
    &'static str,
    String,
    String,
    String,
);

/// Collects rows, writes the page at `finish`.
pub struct HtmlWriter {
    out: Output,
    lang: Lang,
    rows: Vec<Stored>,
    counts: Counts,
    texts: Texts,
}

/// A row kept until `finish`: its JSON without the closing brace and the
/// reasons, which are added once the text table has its final, sorted
/// numbering (so the page does not depend on the order workers finished).
struct Stored {
    path: String,
    json: String,
    reasons: Vec<u32>,
}

/// Each distinct reason once; rows refer to them by index.
#[derive(Default)]
struct Texts {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Texts {
    fn id(&mut self, text: String) -> u32 {
        if let Some(&i) = self.index.get(&text) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(text.clone());
        self.index.insert(text, i);
        i
    }

    /// The texts sorted, and each old index's new one.
    fn sorted(&self) -> (Vec<&str>, Vec<u32>) {
        let mut order: Vec<usize> = (0..self.list.len()).collect();
        order.sort_unstable_by(|&a, &b| self.list[a].cmp(&self.list[b]));
        let mut renumber = vec![0u32; self.list.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new as u32;
        }
        (
            order.iter().map(|&i| self.list[i].as_str()).collect(),
            renumber,
        )
    }
}

impl HtmlWriter {
    /// A writer for `out`, labelled in `lang`. Nothing is written until
    /// `finish`.
    pub fn new(out: Output, lang: Lang) -> Self {
        HtmlWriter {
            out,
            lang,
            rows: Vec::new(),
            counts: Counts::default(),
            texts: Texts::default(),
        }
    }

    fn count(&mut self, r: &DocumentReport, row: &Row) {
        let c = &mut self.counts;
        c.documents += 1;
        *c.status.entry(row.s).or_default() += 1;
        *c.class.entry(row.r).or_default() += 1;
        *c.folders.entry(row.d.clone()).or_default() += 1;
        for k in &r.personal_data {
            *c.kinds.entry(masked(k)).or_default() += 1;
        }
        for k in &r.special_categories {
            *c.categories.entry(masked(k)).or_default() += 1;
        }
        for v in &r.ai.violations {
            *c.violations.entry(masked(v)).or_default() += 1;
        }
        c.personal += u64::from(!r.personal_data.is_empty());
        c.secrecy += u64::from(r.secrecy);
        c.ai_generated += u64::from(r.ai.generated);
    }
}

fn masked(s: &str) -> String {
    mask_identifiers(s).into_owned()
}

fn masked_list(items: &[String]) -> Vec<String> {
    items.iter().map(|s| masked(s)).collect()
}

/// The first folder of a document's path (with its root when several roots
/// are scanned), for the folder chart and filter.
fn top_folder(r: &DocumentReport) -> String {
    let path = r.container.as_deref().unwrap_or(&r.path);
    let first = match path.split_once('/') {
        Some((first, _)) => first,
        None => ".",
    };
    match &r.root {
        Some(root) => masked(&format!("{root}/{first}")),
        None => masked(first),
    }
}

fn num(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn row(r: &DocumentReport, texts: &mut Texts) -> Row {
    let findings = r
        .findings
        .iter()
        .take(MAX_FINDINGS)
        .map(|f| {
            let accepted = f
                .accepted
                .as_ref()
                .map(|a| masked(&format!("{}: {}", a.by, a.reason)))
                .unwrap_or_default();
            (
                masked(&f.rule),
                masked(&f.kind),
                f.severity.as_str(),
                f.location.part.as_str(),
                format!("{}/{}", num(f.location.page), num(f.location.line)),
                masked(f.excerpt.as_str()),
                accepted,
            )
        })
        .collect();
    let reasons = r
        .reasons
        .iter()
        .chain(&r.ai.reasons)
        .chain(&r.record.reasons)
        .chain(r.ai.signals.iter())
        .take(MAX_REASONS)
        .map(|s| texts.id(masked(s)))
        .collect();
    let path = match &r.root {
        Some(root) => format!("{root}/{}", r.display_path()),
        None => r.display_path(),
    };
    Row {
        p: masked(&path),
        d: top_folder(r),
        f: masked(&r.format),
        s: r.status.as_str(),
        e: masked(r.error.as_deref().unwrap_or("")),
        k: masked_list(&r.personal_data),
        c: masked_list(&r.special_categories),
        x: r.secrecy,
        g: r.ai.generated,
        v: masked_list(&r.ai.violations),
        r: r.record.class.as_str(),
        n: masked_list(&r.record.diarienummer),
        m: r.record.diarium.unwrap_or(""),
        w: reasons,
        findings,
        total: r.findings.len(),
        accepted: r.findings.iter().filter(|f| f.accepted.is_some()).count(),
    }
}

/// JSON safe inside a `<script>` block: `<` cannot start `</script>` or
/// `<!--`. Only string contents can hold `<`, where `\u003c` means the same.
pub fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("report rows serialize")
        .replace('<', "\\u003c")
}

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl ReportWriter for HtmlWriter {
    fn write(&mut self, report: &DocumentReport) -> std::io::Result<()> {
        let row = row(report, &mut self.texts);
        self.count(report, &row);
        let mut json = script_json(&row);
        json.pop(); // the closing brace; `write_rows` adds `"w"` and it back
        self.rows.push(Stored {
            path: row.p,
            json,
            reasons: row.w,
        });
        Ok(())
    }

    fn finish(mut self: Box<Self>, complete: bool) -> std::io::Result<()> {
        // Rows arrive in whatever order workers finish; sort for a stable
        // page (and a stable snapshot).
        self.rows
            .sort_unstable_by(|a, b| a.path.cmp(&b.path).then_with(|| a.json.cmp(&b.json)));
        let (texts, renumber) = self.texts.sorted();
        let overview = overview(&self.counts, self.lang);
        let labels = script_json(&labels::table(self.lang));
        let w = self.out.writer();
        for piece in split_template(TEMPLATE) {
            match piece {
                Piece::Text(t) => w.write_all(t.as_bytes())?,
                Piece::Slot("LANG") => w.write_all(self.lang.pick("sv", "en").as_bytes())?,
                Piece::Slot("TITLE") => w.write_all(
                    escape(self.lang.pick("arkivsvep – rapport", "arkivsvep – report")).as_bytes(),
                )?,
                Piece::Slot("OVERVIEW") => w.write_all(overview.as_bytes())?,
                Piece::Slot("LABELS") => w.write_all(labels.as_bytes())?,
                Piece::Slot("TEXTS") => w.write_all(script_json(&texts).as_bytes())?,
                Piece::Slot("DATA") => write_rows(w, &self.rows, &renumber)?,
                Piece::Slot(other) => unreachable!("unknown template slot {other}"),
            }
        }
        self.out.finish(complete)
    }
}

fn write_rows(w: &mut dyn Write, rows: &[Stored], renumber: &[u32]) -> std::io::Result<()> {
    w.write_all(b"[")?;
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        let reasons: Vec<u32> = row.reasons.iter().map(|&r| renumber[r as usize]).collect();
        w.write_all(row.json.as_bytes())?;
        write!(w, ",\"w\":{}}}", script_json(&reasons))?;
    }
    w.write_all(b"]")
}

enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// The template's text around its `{{SLOT}}`s.
fn split_template(t: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        out.push(Piece::Text(&rest[..start]));
        out.push(Piece::Slot(&rest[start + 2..start + len]));
        rest = &rest[start + len + 2..];
    }
    out.push(Piece::Text(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_block() {
        let s = script_json(&vec!["</script><script>alert(1)</script>"]);
        assert!(!s.contains('<'), "{s}");
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
    }

    #[test]
    fn template_slots_are_known() {
        let slots: Vec<&str> = split_template(TEMPLATE)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Slot(s) => Some(s),
                Piece::Text(_) => None,
            })
            .collect();
        assert_eq!(
            slots,
            [
                "LANG", "TITLE", "TITLE", "OVERVIEW", "LABELS", "TEXTS", "DATA"
            ]
        );
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
