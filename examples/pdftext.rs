//! Prints the plain text of a PDF the way `arkivsvep extract --plain` will:
//! the parts a reader sees (body, tables, footnotes) in page order, each page
//! ended by a form feed like pdftotext. A stand-in for the CLI command until
//! the pipeline lands; `benches/pdf-agreement.sh` runs it.
//!
//! usage: cargo run --release --example pdftext -- FILE.pdf [--all]
//! (`--all` also prints annotations, form fields, metadata and flags.)

use std::process::ExitCode;

use arkivsvep::extract::{Budget, Limits, pdf};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: pdftext FILE.pdf [--all]");
        return ExitCode::from(2);
    };
    let all = args.next().as_deref() == Some("--all");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits {
        timeout_secs: 30,
        ..Limits::default()
    };
    let extracted = match pdf::extract(&bytes, &Budget::new(&limits)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = String::new();
    for part in extracted.parts.iter().filter(|p| all || p.kind.is_plain()) {
        if all {
            out.push_str(&format!(
                "--- {} page {:?} {:?}\n",
                part.kind.as_str(),
                part.page,
                part.label
            ));
        }
        out.push_str(&part.text);
        out.push_str("\n\x0c");
    }
    if all {
        for m in &extracted.metadata {
            out.push_str(&format!("meta {} = {}\n", m.key, m.value));
        }
        out.push_str(&format!(
            "needs_ocr={} flags={:?}\n",
            extracted.needs_ocr, extracted.flags
        ));
        for a in &extracted.attachments {
            out.push_str(&format!(
                "attachment {} ({} bytes)\n",
                a.name,
                a.bytes.len()
            ));
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}
