//! What the targets share: the limits a scan applies, and the walk
//! `analyze` does over one file (sniff, extract, rules, classifiers, then
//! archive members and attachments as documents of their own), without its
//! watchdog thread and panic guard, so a hang or a panic reaches the fuzzer
//! instead of becoming an error row.
#![allow(dead_code)]

use std::sync::LazyLock;

use arkivsvep::classify::{self, Facts, Lang};
use arkivsvep::extract::{self, Budget, Extracted, Limits};
use arkivsvep::rules::RuleSet;
use arkivsvep::sniff::{self, Format};

pub static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());

/// A scan's default limits (`config.rs` changes only the file size and the
/// time), with 5 s per document: half of libFuzzer's `-timeout=10`, the
/// same margin the scan's watchdog grants before it abandons a parser. An
/// input that runs past 10 s has a loop that never checks the budget.
pub fn limits() -> Limits {
    Limits {
        timeout_secs: 5,
        ..Limits::default()
    }
}

/// Rules and classifiers over an extracted document, as `verdict_row`.
pub fn verdict(format: Format, extracted: &Extracted) {
    let findings = RULES.scan(&extracted.parts);
    let facts = Facts {
        format,
        diarium: None,
        extracted,
        path: "fuzz/input",
        lang: Lang::Sv,
    };
    let _ = classify::classify(&facts, findings, &RULES);
}

/// One document as `analyze_bytes` treats it. One budget for the input and
/// all it carries: tighter than a scan (which gives each member its own),
/// so running out of time is never the walk's fault.
pub fn analyze(bytes: &[u8], limits: &Limits, budget: &Budget, depth: u32) {
    let format = sniff::sniff(bytes);
    if format == Format::Zip {
        if depth >= limits.max_depth {
            return;
        }
        let mut members = Vec::new();
        let _ = extract::archive::for_each_member(bytes, limits, budget, |m| members.push(m.bytes));
        for bytes in members.into_iter().flatten() {
            analyze(&bytes, limits, budget, depth + 1);
        }
        return;
    }
    if let Ok(mut extracted) = extract::extract(format, bytes, budget) {
        let attachments = std::mem::take(&mut extracted.attachments);
        if format == Format::Pdf && !extracted.ocr_pages.is_empty() {
            let _ = extract::pdf::page_images(bytes, budget, &extracted.ocr_pages);
        }
        verdict(format, &extracted);
        for a in attachments {
            analyze(&a.bytes, limits, budget, depth + 1);
        }
    }
}
