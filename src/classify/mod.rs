//! Classification: findings + extracted facts → [`Verdict`]. Three
//! classifiers, one per guideline rule: personal and sensitive data
//! (`personal`), generative AI (`ai`) and public records (`record`). Each
//! explains itself in reasons a non-programmer can read, with the legal
//! reference, and every reason is masked.

pub mod ai;
pub mod diarium;
pub mod personal;
pub mod record;

use serde::{Deserialize, Serialize};

use crate::extract::Extracted;
use crate::rules::{Category, Finding, RuleSet};
use crate::sniff::Format;

/// Language of reasons and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// Pick the Swedish or English text.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// report-v1 `ai`.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
pub struct AiVerdict {
    pub generated: bool,
    pub disclosure: Disclosure,
    pub violation: bool,
    pub violations: Vec<String>,
    pub signals: Vec<String>,
    /// Why, per violation (not in report-v1's required fields; added).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// report-v1 `ai.disclosure`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Disclosure {
    Complete,
    Incomplete,
    #[default]
    None,
}

/// report-v1 `record.class`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum RecordClass {
    Register,
    LittleImportance,
    WorkingMaterial,
    NotARecord,
    #[default]
    Uncertain,
}

impl RecordClass {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordClass::Register => "register",
            RecordClass::LittleImportance => "little-importance",
            RecordClass::WorkingMaterial => "working-material",
            RecordClass::NotARecord => "not-a-record",
            RecordClass::Uncertain => "uncertain",
        }
    }
}

/// report-v1 `record`.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct RecordVerdict {
    pub class: RecordClass,
    pub diarienummer: Vec<String>,
    pub reasons: Vec<String>,
    /// With `--diarium`: `registered`, `not-in-diarium` or `missing-dnr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarium: Option<&'static str>,
}

impl<'de> Deserialize<'de> for RecordVerdict {
    /// By hand because `diarium` is one of three static names: a stored
    /// value is mapped back onto them (anything else is dropped).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            class: RecordClass,
            diarienummer: Vec<String>,
            reasons: Vec<String>,
            #[serde(default)]
            diarium: Option<String>,
        }
        let s = Stored::deserialize(d)?;
        Ok(RecordVerdict {
            class: s.class,
            diarienummer: s.diarienummer,
            reasons: s.reasons,
            diarium: s.diarium.and_then(|v| diarium::status_name(&v)),
        })
    }
}

/// Everything decided about one document.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub personal_data: Vec<String>,
    pub special_categories: Vec<String>,
    pub secrecy: bool,
    /// Why personal data, special categories and secrecy were decided.
    pub reasons: Vec<String>,
    pub ai: AiVerdict,
    pub record: RecordVerdict,
    pub findings: Vec<Finding>,
}

/// What the classifiers may look at besides findings.
pub struct Facts<'a> {
    pub format: Format,
    /// The registrar's diarium, when given.
    pub diarium: Option<&'a diarium::Diarium>,
    pub extracted: &'a Extracted,
    pub path: &'a str,
    pub lang: Lang,
    /// Whether the document is code, configuration or a log: read once,
    /// asked by the record, personal-data and secrecy readings alike.
    pub code: std::cell::OnceCell<bool>,
}

impl Facts<'_> {
    /// Source code, configuration files and logs (see
    /// `record::looks_like_code`), read on first use.
    pub fn looks_like_code(&self) -> bool {
        *self.code.get_or_init(|| record::looks_like_code(self))
    }

    /// The document's text parts, metadata left out: what the document
    /// itself says.
    pub fn body_parts(&self) -> impl Iterator<Item = &crate::extract::TextPart> {
        self.extracted
            .parts
            .iter()
            .filter(|p| p.kind != crate::extract::PartKind::Metadata)
    }

    /// The file's own name, without its folders.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(self.path)
    }

    /// The body's lines of a form: (lines whose blank is still empty — a
    /// run of underscores or dots at the end, "Namn: ________", or an empty
    /// tick box — and lines with a value written after such a run,
    /// "Rengöring ........ Avvikelse").
    pub fn form_lines(&self) -> (usize, usize) {
        let (mut blank, mut filled) = (0, 0);
        for line in self.body_parts().flat_map(|p| p.text.lines()) {
            let line = line.trim_end();
            if line.ends_with("_____")
                || line.ends_with("........")
                || line.contains("[ ]")
                || line.contains('☐')
            {
                blank += 1;
            } else if line.contains("........") || line.contains("_____") {
                filled += 1;
            }
        }
        (blank, filled)
    }

    /// Whether `what` matches the file name or one of the first `lines`
    /// non-empty lines of the body: what a document says of itself up
    /// front (its title, "UTKAST", "övningsfall, FIKTIVT").
    pub fn says_up_front(&self, what: &regex::Regex, lines: usize) -> bool {
        // "rutin_skyddade_personuppgifter.txt": an underscore is a blank.
        what.is_match(&self.file_name().replace('_', " "))
            || self
                .body_parts()
                .flat_map(|p| p.text.lines())
                .filter(|l| !l.trim().is_empty())
                .take(lines)
                .any(|l| what.is_match(l))
    }
}

/// Decide every verdict of one document.
pub fn classify(facts: &Facts, findings: Vec<Finding>, rules: &RuleSet) -> Verdict {
    let findings = personal::resolve_overlaps(findings);
    let people = personal::assess(facts, &findings, rules);
    let ai = ai::assess(facts, &findings, &people, rules);
    let record = record::assess(facts, &findings, &people, ai.generated, rules);
    let findings = people.kept_findings(findings);
    let findings = keep_ai_evidence(findings, &ai, facts.format);
    Verdict {
        personal_data: people.personal_data,
        special_categories: people.special_categories,
        secrecy: people.secrecy,
        reasons: people.reasons,
        ai,
        record,
        findings,
    }
}

/// AI findings are evidence only when they carried the verdict: a lone
/// placeholder, a markdown mark in a text file or an example disclosure note
/// in an AI policy would only confuse a reader.
fn keep_ai_evidence(findings: Vec<Finding>, ai: &AiVerdict, format: Format) -> Vec<Finding> {
    let office = matches!(format, Format::Docx | Format::Pdf | Format::Odt);
    findings
        .into_iter()
        .filter(|f| match f.category {
            Category::Ai => ai.generated && (f.kind != "ai-markdown" || office),
            Category::Disclosure => ai.disclosure != Disclosure::None,
            _ => true,
        })
        .collect()
}

/// The line of a part that a finding sits on.
pub fn finding_line<'a>(extracted: &'a Extracted, f: &Finding) -> &'a str {
    let Some(part) = extracted.parts.get(f.part_index) else {
        return "";
    };
    let text = &part.text;
    let (start, _) = f.span;
    let from = line_start(text, start.min(text.len()));
    let to = text[start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| start + i);
    &text[from..to]
}

pub use crate::rules::line_start;

/// The text of a finding's part after the finding ("… 12–18", "… 6A").
pub fn text_after<'a>(extracted: &'a Extracted, f: &Finding) -> &'a str {
    part_text(extracted, f).get(f.span.1..).unwrap_or("")
}

/// Up to `bytes` bytes of a finding's part right before it, on its line
/// ("… inga " before "allergier").
pub fn text_before<'a>(extracted: &'a Extracted, f: &Finding, bytes: usize) -> &'a str {
    let text = part_text(extracted, f);
    let start = f.span.0.min(text.len());
    let before = &text[text.floor_char_boundary(start.saturating_sub(bytes))..start];
    &before[before.rfind('\n').map_or(0, |i| i + 1)..]
}

/// The whole text of the part a finding is in ("" if the part is gone).
pub fn part_text<'a>(extracted: &'a Extracted, f: &Finding) -> &'a str {
    extracted
        .parts
        .get(f.part_index)
        .map_or("", |p| p.text.as_str())
}

/// Up to `before` lines before and `after` lines after a finding, joined.
pub fn finding_context(extracted: &Extracted, f: &Finding, before: usize, after: usize) -> String {
    let Some(part) = extracted.parts.get(f.part_index) else {
        return String::new();
    };
    let line = f.location.line.unwrap_or(1) as usize;
    let first = line.saturating_sub(before + 1);
    part.text
        .lines()
        .skip(first)
        .take(before + after + 1)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::extract::{Extracted, PartKind, TextPart};
    use std::sync::OnceLock;

    pub(crate) fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| RuleSet::builtin().unwrap())
    }

    /// Every verdict of a plain-text document, as a scan makes them.
    pub(crate) fn verdict_of(text: &str) -> Verdict {
        verdict_of_as(text, Format::Txt)
    }

    /// The same, for a document of `format` whose body is `text`.
    pub(crate) fn verdict_of_as(text: &str, format: Format) -> Verdict {
        verdict_with(text, format, "doc")
    }

    /// The verdict of a plain-text document filed at `path`.
    pub(crate) fn verdict_at(path: &str, text: &str) -> Verdict {
        verdict_with(text, Format::Txt, path)
    }

    fn verdict_with(text: &str, format: Format, path: &str) -> Verdict {
        verdict_of_parts(vec![TextPart::new(PartKind::Body, text)], format, path)
    }

    /// The verdict of a document of `format` made of `parts`, filed at
    /// `path`.
    pub(crate) fn verdict_of_parts(parts: Vec<TextPart>, format: Format, path: &str) -> Verdict {
        let extracted = Extracted {
            parts,
            ..Extracted::default()
        };
        let facts = Facts {
            format,
            diarium: None,
            extracted: &extracted,
            path,
            lang: Lang::Sv,
            code: Default::default(),
        };
        classify(&facts, rules().scan(&extracted.parts), rules())
    }
}
