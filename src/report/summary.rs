//! The terminal summary: documents by status, findings by kind, the flagged
//! documents and the elapsed time. Paths printed here are sanitised (control,
//! bidi and zero-width characters escaped, as fd does) and identifiers in
//! them masked: a hostile file name must not drive the terminal, and a
//! personnummer in a file name must not reach a screen share.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::{DocumentReport, Status};
use crate::classify::{Lang, RecordClass};
use crate::mask::mask_identifiers;
use crate::rules::Level;

/// What makes a document "flagged" and the run exit 1 (report-v1 "Exit
/// codes").
#[derive(Debug, Clone, Default)]
pub enum FailOn {
    /// A high-severity finding, information under secrecy, or an AI
    /// violation.
    #[default]
    Default,
    /// Any of these kinds, categories, `secrecy`, violation names,
    /// `register`, `error`.
    Any(Vec<String>),
}

/// Every word `--fail-on` accepts besides personal-data kinds the rules
/// define.
pub const FAIL_ON_WORDS: &[&str] = &[
    "personnummer",
    "samordningsnummer",
    "name",
    "address",
    "phone",
    "email",
    "bank-account",
    "payment-card",
    "health",
    "social-care",
    "ethnicity",
    "religion",
    "politics",
    "union",
    "sexuality",
    "genetic",
    "biometric",
    "criminal",
    "child",
    "secrecy",
    "no-disclosure",
    "incomplete-disclosure",
    "personal-data",
    "sensitive-data",
    "register",
    "error",
];

impl FailOn {
    /// Whether `r` meets the condition. Findings accepted in a baseline do
    /// not count: a verdict counts only while some evidence for it is not
    /// accepted (a document whose findings are all accepted meets nothing
    /// but `error`).
    pub fn matches(&self, r: &DocumentReport) -> bool {
        let open = |f: &&crate::rules::Finding| f.accepted.is_none();
        let all_accepted = !r.findings.is_empty() && !r.findings.iter().any(|f| open(&f));
        // A kind counts unless every finding of that kind is accepted.
        let kind_open = |k: &str| {
            let mut of_kind = r.findings.iter().filter(|f| f.kind == k).peekable();
            of_kind.peek().is_none() || of_kind.any(|f| open(&f))
        };
        match self {
            FailOn::Default => {
                r.status == Status::Ok
                    && (((r.secrecy || r.ai.violation) && !all_accepted)
                        || r.findings
                            .iter()
                            .filter(open)
                            .any(|f| f.severity == Level::High))
            }
            FailOn::Any(list) => list.iter().any(|w| match w.as_str() {
                "error" => r.status == Status::Error,
                "secrecy" => r.secrecy && !all_accepted,
                "register" => r.record.class == RecordClass::Register && !all_accepted,
                w => {
                    let kind = r.personal_data.iter().any(|k| k == w)
                        || r.special_categories.iter().any(|k| k == w);
                    let violation = r.ai.violations.iter().any(|k| k == w);
                    (kind && kind_open(w) && !all_accepted) || (violation && !all_accepted)
                }
            }),
        }
    }
}

/// Counts gathered by the writer thread as rows arrive.
#[derive(Debug, Default)]
pub struct Summary {
    pub documents: u64,
    pub by_status: BTreeMap<&'static str, u64>,
    pub findings_by_kind: BTreeMap<String, u64>,
    pub flagged: Vec<(String, String)>,
    pub flagged_count: u64,
    pub excluded: u64,
    pub bytes: u64,
    /// With `--diarium`: documents per diarium status (the registrar's list).
    pub diarium: BTreeMap<&'static str, u64>,
}

/// At most this many flagged documents are listed on the terminal.
const MAX_LISTED: usize = 200;

impl Summary {
    pub fn add(&mut self, r: &DocumentReport, fail_on: &FailOn) {
        self.documents += 1;
        self.bytes += r.bytes;
        *self.by_status.entry(r.status.as_str()).or_default() += 1;
        for f in &r.findings {
            *self.findings_by_kind.entry(f.kind.clone()).or_default() += 1;
        }
        if let Some(d) = r.record.diarium {
            *self.diarium.entry(d).or_default() += 1;
        }
        // The terminal lists what a reader should look at (the default
        // condition) and whatever `--fail-on` names; only the latter decides
        // the exit code.
        if FailOn::Default.matches(r) || fail_on.matches(r) {
            self.flagged_count += 1;
            if self.flagged.len() < MAX_LISTED {
                self.flagged
                    .push((terminal_path(&r.display_path()), why_flagged(r)));
            }
        }
    }

    /// The summary text.
    pub fn render(&self, lang: Lang, elapsed: Duration, interrupted: Option<&str>) -> String {
        let mut s = String::new();
        let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
        if !self.flagged.is_empty() {
            let _ = writeln!(s, "{}", t("Flaggade dokument:", "Flagged documents:"));
            let mut flagged = self.flagged.clone();
            flagged.sort();
            for (path, why) in &flagged {
                let _ = writeln!(s, "  {path}\n      {why}");
            }
            if self.flagged_count as usize > flagged.len() {
                let _ = writeln!(
                    s,
                    "  … {} {}",
                    self.flagged_count as usize - flagged.len(),
                    t("till", "more")
                );
            }
            s.push('\n');
        }
        let statuses: Vec<String> = self
            .by_status
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(
            s,
            "{} {} ({}), {} {:.1} MB, {} {}, {:.1} s",
            self.documents,
            t("dokument", "documents"),
            statuses.join(", "),
            t("lästa", "read"),
            self.bytes as f64 / 1e6,
            t("flaggade", "flagged"),
            self.flagged_count,
            elapsed.as_secs_f64()
        );
        if self.excluded > 0 {
            let _ = writeln!(s, "{}: {}", t("undantagna", "excluded"), self.excluded);
        }
        if !self.findings_by_kind.is_empty() {
            let kinds: Vec<String> = self
                .findings_by_kind
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = writeln!(s, "{}: {}", t("fynd", "findings"), kinds.join(", "));
        }
        if !self.diarium.is_empty() {
            let counts: Vec<String> = self
                .diarium
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = writeln!(s, "{}: {}", t("diarium", "diarium"), counts.join(", "));
        }
        if let Some(partial) = interrupted {
            let _ = writeln!(
                s,
                "{} {partial}",
                t(
                    "Avbruten: färdiga rader finns i",
                    "Interrupted: finished rows are in"
                )
            );
        }
        s
    }
}

fn why_flagged(r: &DocumentReport) -> String {
    let mut parts = Vec::new();
    if !r.personal_data.is_empty() {
        parts.push(r.personal_data.join(", "));
    }
    if !r.special_categories.is_empty() {
        parts.push(r.special_categories.join(", "));
    }
    if r.secrecy {
        parts.push("secrecy".into());
    }
    if !r.ai.violations.is_empty() {
        parts.push(format!("AI: {}", r.ai.violations.join(", ")));
    }
    if r.status == Status::Error {
        parts.push(format!("error: {}", r.error.as_deref().unwrap_or("")));
    }
    sanitize(&mask_identifiers(&parts.join("; ")))
}

/// A path as the terminal may show it: identifiers masked, control and
/// invisible characters escaped.
pub fn terminal_path(path: &str) -> String {
    sanitize(&mask_identifiers(path))
}

/// Escape control, bidi and zero-width characters.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let invisible = matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}');
        if c.is_control() || invisible {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped_and_masked() {
        assert_eq!(sanitize("a\nb\x1b[31m"), "a\\u{a}b\\u{1b}[31m");
        assert_eq!(sanitize("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(
            terminal_path("beslut 19121212-1212.pdf"),
            "beslut 19121212-****.pdf"
        );
    }

    fn finding(kind: &str, severity: Level, accepted: bool) -> crate::rules::Finding {
        crate::rules::Finding {
            rule: format!("se.{kind}"),
            kind: kind.into(),
            severity,
            confidence: Level::High,
            location: crate::rules::Where {
                part: crate::extract::PartKind::Body,
                page: None,
                line: Some(1),
            },
            excerpt: crate::mask::Excerpt::around("x", 0, 1),
            accepted: accepted.then(|| crate::baseline::Accepted {
                by: "Eva".into(),
                reason: "granskat".into(),
            }),
            category: crate::rules::Category::PersonalData,
            value: String::new(),
            rule_index: 0,
            part_index: 0,
            span: (0, 1),
        }
    }

    #[test]
    fn accepted_findings_do_not_fail_the_run() {
        let mut r = DocumentReport::empty("a.txt".into(), None, "txt", 1);
        r.personal_data = vec!["name".into(), "personnummer".into()];
        r.findings = vec![
            finding("personnummer", Level::High, true),
            finding("name", Level::Medium, false),
        ];
        let any = |w: &str| FailOn::Any(vec![w.into()]);
        assert!(!FailOn::Default.matches(&r), "the high finding is accepted");
        assert!(!any("personnummer").matches(&r));
        assert!(any("name").matches(&r), "the name is not accepted");
        r.secrecy = true;
        assert!(FailOn::Default.matches(&r), "secrecy with open evidence");
        r.findings[1].accepted = r.findings[0].accepted.clone();
        assert!(!FailOn::Default.matches(&r), "everything accepted");
        assert!(!any("secrecy").matches(&r));
    }
}
