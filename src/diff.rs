//! `arkivsvep diff OLD NEW`: what changed between two scans, for the
//! registrar or data-protection officer who runs a sweep every night and
//! wants to read only what is new. Each side is a state file or a JSONL
//! report (sniffed by magic bytes).
//!
//! Documents are matched by (root, container, path). A document is
//! *changed* when any verdict field (status, needs_ocr, personal_data,
//! special_categories, secrecy, ai, record) differs, or when the set of
//! findings, each taken as (rule, kind, where), differs. A finding is *new*
//! when NEW has it and OLD's copy of the document does not (all findings of
//! a new document are new), *resolved* when OLD had it in a document NEW
//! still has. Removed documents' findings are not listed again.
//!
//! Output: readable text (paths sanitised and masked as on any terminal),
//! JSON Lines or CSV, one change per line.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::report::DocumentReport;
use crate::report::summary::{sanitize, terminal_path};
use crate::rules::Finding;

/// Load every row of a state file or a JSONL report.
pub fn load(path: &Path) -> Result<Vec<DocumentReport>> {
    if crate::state::is_sqlite(path) {
        return crate::state::all_rows(path);
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open '{}'", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read '{}'", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str(&line).with_context(|| {
            format!(
                "'{}' line {} is not a report-v1 row; give a state file or a JSONL report",
                path.display(),
                n + 1
            )
        })?;
        out.push(row);
    }
    Ok(out)
}

type DocKey = (Option<String>, Option<String>, String);
type FindingKey = (String, String, String, Option<u32>, Option<u32>);

fn doc_key(r: &DocumentReport) -> DocKey {
    (r.root.clone(), r.container.clone(), r.path.clone())
}

fn finding_key(f: &Finding) -> FindingKey {
    (
        f.rule.clone(),
        f.kind.clone(),
        f.location.part.as_str().to_owned(),
        f.location.page,
        f.location.line,
    )
}

/// One line of a diff.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// `new-document`, `changed-document`, `removed-document`,
    /// `new-finding` or `resolved-finding`.
    pub change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    pub container: Option<String>,
    pub path: String,
    /// For a changed document: the fields that differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<FindingChange>,
}

/// The finding a `new-finding` or `resolved-finding` line is about.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingChange {
    pub rule: String,
    pub kind: String,
    pub severity: String,
    pub part: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
    /// Masked, as in the report.
    pub excerpt: String,
}

fn finding_change(f: &Finding) -> FindingChange {
    FindingChange {
        rule: f.rule.clone(),
        kind: f.kind.clone(),
        severity: f.severity.as_str().to_owned(),
        part: f.location.part.as_str().to_owned(),
        page: f.location.page,
        line: f.location.line,
        excerpt: serde_json::to_value(&f.excerpt)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

fn changed_fields(a: &DocumentReport, b: &DocumentReport) -> Vec<&'static str> {
    let verdicts = [
        ("status", a.status != b.status),
        ("needs_ocr", a.needs_ocr != b.needs_ocr),
        ("personal_data", a.personal_data != b.personal_data),
        (
            "special_categories",
            a.special_categories != b.special_categories,
        ),
        ("secrecy", a.secrecy != b.secrecy),
        ("ai", a.ai != b.ai),
        ("record", a.record != b.record),
    ];
    let mut out: Vec<&'static str> = verdicts
        .into_iter()
        .filter(|&(_, differs)| differs)
        .map(|(name, _)| name)
        .collect();
    let fa: BTreeSet<FindingKey> = a.findings.iter().map(finding_key).collect();
    let fb: BTreeSet<FindingKey> = b.findings.iter().map(finding_key).collect();
    if fa != fb {
        out.push("findings");
    }
    out
}

/// Compare two scans.
pub fn diff(old: Vec<DocumentReport>, new: Vec<DocumentReport>) -> Vec<Change> {
    let old: BTreeMap<DocKey, DocumentReport> = old.into_iter().map(|r| (doc_key(&r), r)).collect();
    let new: BTreeMap<DocKey, DocumentReport> = new.into_iter().map(|r| (doc_key(&r), r)).collect();
    let mut out = Vec::new();
    let line = |change, r: &DocumentReport| Change {
        change,
        root: r.root.clone(),
        container: r.container.clone(),
        path: r.path.clone(),
        fields: Vec::new(),
        finding: None,
    };
    for (key, b) in &new {
        match old.get(key) {
            None => {
                out.push(line("new-document", b));
                for f in &b.findings {
                    out.push(Change {
                        finding: Some(finding_change(f)),
                        ..line("new-finding", b)
                    });
                }
            }
            Some(a) => {
                let fields = changed_fields(a, b);
                if fields.is_empty() {
                    continue;
                }
                out.push(Change {
                    fields,
                    ..line("changed-document", b)
                });
                let fa: BTreeSet<FindingKey> = a.findings.iter().map(finding_key).collect();
                let fb: BTreeSet<FindingKey> = b.findings.iter().map(finding_key).collect();
                for f in b.findings.iter().filter(|f| !fa.contains(&finding_key(f))) {
                    out.push(Change {
                        finding: Some(finding_change(f)),
                        ..line("new-finding", b)
                    });
                }
                for f in a.findings.iter().filter(|f| !fb.contains(&finding_key(f))) {
                    out.push(Change {
                        finding: Some(finding_change(f)),
                        ..line("resolved-finding", b)
                    });
                }
            }
        }
    }
    for (key, a) in &old {
        if !new.contains_key(key) {
            out.push(line("removed-document", a));
        }
    }
    out
}

fn display(c: &Change) -> String {
    let p = match &c.container {
        Some(k) => format!("{k}!/{}", c.path),
        None => c.path.clone(),
    };
    match &c.root {
        Some(r) => terminal_path(&format!("{r}: {p}")),
        None => terminal_path(&p),
    }
}

/// Write the diff in `format` (`text`, `jsonl` or `csv`).
pub fn write(changes: &[Change], format: &str, out: &mut dyn Write) -> Result<()> {
    match format {
        "jsonl" => {
            for c in changes {
                serde_json::to_writer(&mut *out, c)?;
                out.write_all(b"\n")?;
            }
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "change",
                "root",
                "container",
                "path",
                "fields",
                "rule",
                "kind",
                "severity",
                "part",
                "page",
                "line",
                "excerpt",
            ])?;
            for c in changes {
                let f = c.finding.as_ref();
                let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
                w.write_record([
                    c.change.to_owned(),
                    c.root.clone().unwrap_or_default(),
                    c.container.clone().unwrap_or_default(),
                    c.path.clone(),
                    c.fields.join(" "),
                    f.map(|f| f.rule.clone()).unwrap_or_default(),
                    f.map(|f| f.kind.clone()).unwrap_or_default(),
                    f.map(|f| f.severity.clone()).unwrap_or_default(),
                    f.map(|f| f.part.clone()).unwrap_or_default(),
                    num(f.and_then(|f| f.page)),
                    num(f.and_then(|f| f.line)),
                    f.map(|f| f.excerpt.clone()).unwrap_or_default(),
                ])?;
            }
            w.flush()?;
        }
        "text" => write_text(changes, out)?,
        other => bail!("'{other}' is not a diff format; use --format text, jsonl or csv"),
    }
    Ok(())
}

fn write_text(changes: &[Change], out: &mut dyn Write) -> Result<()> {
    let sections = [
        ("new-document", "New documents"),
        ("changed-document", "Changed documents"),
        ("removed-document", "Removed documents"),
        ("new-finding", "New findings"),
        ("resolved-finding", "Resolved findings"),
    ];
    let mut counts = Vec::new();
    for (kind, title) in sections {
        let mut these: Vec<&Change> = changes.iter().filter(|c| c.change == kind).collect();
        counts.push(format!("{} {}", these.len(), title.to_lowercase()));
        if these.is_empty() {
            continue;
        }
        these.sort();
        writeln!(out, "{title} ({}):", these.len())?;
        for c in these {
            match &c.finding {
                Some(f) => {
                    let mut at = f.part.clone();
                    if let Some(p) = f.page {
                        at.push_str(&format!(" p.{p}"));
                    }
                    if let Some(l) = f.line {
                        at.push_str(&format!(" l.{l}"));
                    }
                    writeln!(
                        out,
                        "  {}\n      {} ({}, {}, {at}): {}",
                        display(c),
                        f.rule,
                        f.kind,
                        f.severity,
                        sanitize(&f.excerpt)
                    )?;
                }
                None if !c.fields.is_empty() => {
                    writeln!(out, "  {}  [{}]", display(c), c.fields.join(", "))?
                }
                None => writeln!(out, "  {}", display(c))?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", counts.join(", "))?;
    Ok(())
}
