//! Baselines: findings a person has looked at and accepted, so a nightly scan
//! alerts only on what is new. A baseline entry names a document by its
//! sha256 (the same bytes anywhere on the share), a rule id and optionally a
//! line, with who accepted it and why. Matching findings get
//! `findings[].accepted` in the report (report-v1 optional field) and no
//! longer count toward the exit code ([`crate::report::summary::FailOn`]).
//!
//! Two file formats, both easy to review in a pull request: JSON Lines (one
//! entry per line, as `arkivsvep baseline` writes) and TOML (`[[accepted]]`
//! tables, for hand-written baselines).

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::report::DocumentReport;

/// Who accepted a finding and why: report-v1 `findings[].accepted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub by: String,
    pub reason: String,
}

/// One baseline entry as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub sha256: String,
    pub rule: String,
    /// Only the finding on this line; without it, every finding of the rule
    /// in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub by: String,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    accepted: Vec<Entry>,
}

/// A document's sha256 and a rule id.
type Key = (String, String);

/// Accepted findings by (sha256, rule): the line each applies to (`None`:
/// every line) and who accepted it.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: HashMap<Key, Vec<(Option<u32>, Accepted)>>,
}

impl Baseline {
    /// Read a `.toml` baseline or a JSON Lines one (any other name).
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline '{}'", path.display()))?;
        let entries = if path.extension().is_some_and(|e| e == "toml") {
            parse_toml(&text, path)?
        } else {
            parse_jsonl(&text, path)?
        };
        Ok(Baseline::from_entries(entries))
    }

    /// A baseline holding `entries`.
    pub fn from_entries(entries: Vec<Entry>) -> Baseline {
        let mut b = Baseline::default();
        for e in entries {
            b.entries
                .entry((e.sha256.to_ascii_lowercase(), e.rule))
                .or_default()
                .push((
                    e.line,
                    Accepted {
                        by: e.by,
                        reason: e.reason,
                    },
                ));
        }
        b
    }

    /// Mark the findings of `report` that the baseline accepts.
    pub fn apply(&self, report: &mut DocumentReport) {
        let Some(sha) = &report.sha256 else { return };
        for f in &mut report.findings {
            let Some(list) = self.entries.get(&(sha.clone(), f.rule.clone())) else {
                continue;
            };
            let hit = list
                .iter()
                .find(|(line, _)| line.is_none() || *line == f.location.line);
            if let Some((_, accepted)) = hit {
                f.accepted = Some(accepted.clone());
            }
        }
    }
}

fn parse_toml(text: &str, path: &Path) -> Result<Vec<Entry>> {
    match toml::from_str::<TomlFile>(text) {
        Ok(f) => Ok(f.accepted),
        Err(e) => bail!(
            "{}:{}: {}",
            path.display(),
            line_of(text, e.span().map_or(0, |s| s.start)),
            e.message().trim()
        ),
    }
}

fn parse_jsonl(text: &str, path: &Path) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Entry = serde_json::from_str(line).with_context(|| {
            format!(
                "{}:{}: not a baseline entry (sha256, rule, line, by, reason)",
                path.display(),
                i + 1
            )
        })?;
        out.push(e);
    }
    Ok(out)
}

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Every finding of a report-v1 JSON Lines report as baseline entries, for
/// `arkivsvep baseline`. Rows without a sha256 cannot be matched and are
/// left out; duplicates are written once.
pub fn from_report(report: impl BufRead, by: &str, reason: &str) -> Result<Vec<Entry>> {
    let mut out: Vec<Entry> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in report.lines().enumerate() {
        let line = line.context("cannot read the report")?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("report line {} is not JSON", i + 1))?;
        let Some(sha) = row["sha256"].as_str() else {
            continue;
        };
        for f in row["findings"].as_array().into_iter().flatten() {
            let Some(rule) = f["rule"].as_str() else {
                continue;
            };
            let line = f["where"]["line"].as_u64().map(|l| l as u32);
            if seen.insert((sha.to_owned(), rule.to_owned(), line)) {
                out.push(Entry {
                    sha256: sha.to_owned(),
                    rule: rule.to_owned(),
                    line,
                    by: by.to_owned(),
                    reason: reason.to_owned(),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_jsonl_entries_parse() {
        let t = "[[accepted]]\nsha256 = \"AB\"\nrule = \"se.personnummer\"\nby = \"Eva\"\nreason = \"ok\"\n";
        let e = parse_toml(t, Path::new("b.toml")).unwrap();
        assert_eq!(e[0].rule, "se.personnummer");
        let j = r#"{"sha256":"ab","rule":"r","line":3,"by":"Eva","reason":"ok"}"#;
        assert_eq!(
            parse_jsonl(j, Path::new("b.jsonl")).unwrap()[0].line,
            Some(3)
        );
    }

    #[test]
    fn unknown_key_names_its_line() {
        let t = "[[accepted]]\nsha256 = \"ab\"\nrul = \"x\"\n";
        let e = parse_toml(t, Path::new("b.toml")).unwrap_err().to_string();
        assert!(e.starts_with("b.toml:3: unknown field `rul`"), "{e}");
    }
}
