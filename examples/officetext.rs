//! Print what arkivsvep extracts from one file, until the CLI's
//! `arkivsvep extract --plain FILE` exists on main.
//!
//! usage: officetext [--all] FILE
//!   default: the plain parts (body, table, footnote, endnote, tracked
//!   insertion) in order, as `extract --plain` will print them;
//!   --all: every part with a header line, then metadata and flags.

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
    for part in &extracted.parts {
        if all {
            let page = part.page.map(|p| format!(" page {p}")).unwrap_or_default();
            let label = part
                .label
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            println!("=== {}{page}{label}", part.kind.as_str());
            println!("{}", part.text);
        } else if part.kind.is_plain() {
            println!("{}", part.text);
        }
    }
    if all {
        for m in &extracted.metadata {
            println!("meta {} = {}", m.key, m.value);
        }
        for f in &extracted.flags {
            println!("flag {f}");
        }
        for a in &extracted.attachments {
            println!("attachment {} ({} bytes)", a.name, a.bytes.len());
        }
    }
    ExitCode::SUCCESS
}
