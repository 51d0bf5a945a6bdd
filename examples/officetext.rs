//! Print what arkivsvep extracts from one file, until the CLI's
//! `arkivsvep extract --plain FILE` exists on main.
//!
//! usage: officetext [--all] FILE
//!   default: the plain parts (body, table, footnote, endnote, tracked
//!   insertion) in order, as `extract --plain` will print them;
//!   --all: every part with a header line, then metadata and flags.

use std::io::Write;
use std::process::ExitCode;

use arkivsvep::extract::{self, Budget, Limits};
use arkivsvep::sniff;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: officetext [--all] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let format = sniff::sniff(&bytes);
    let budget = Budget::new(&Limits::default());
    let extracted = match extract::extract(format, &bytes, &budget) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    // Write errors (a closed pipe under `head`) end the output quietly.
    let _ = print_all(&extracted, all);
    ExitCode::SUCCESS
}

fn print_all(extracted: &extract::Extracted, all: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for part in &extracted.parts {
        if all {
            let page = part.page.map(|p| format!(" page {p}")).unwrap_or_default();
            let label = part
                .label
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            writeln!(out, "=== {}{page}{label}", part.kind.as_str())?;
            writeln!(out, "{}", part.text)?;
        } else if part.kind.is_plain() {
            writeln!(out, "{}", part.text)?;
        }
    }
    if all {
        for m in &extracted.metadata {
            writeln!(out, "meta {} = {}", m.key, m.value)?;
        }
        if extracted.needs_ocr {
            writeln!(out, "needs-ocr")?;
        }
        for f in &extracted.flags {
            writeln!(out, "flag {f}")?;
        }
        for a in &extracted.attachments {
            writeln!(out, "attachment {} ({} bytes)", a.name, a.bytes.len())?;
        }
    }
    Ok(())
}
