//! Inputs the fuzzers in `fuzz/` found to crash, hang or exhaust memory,
//! minimised and kept in `fixtures/fuzz/`. Each goes through the public
//! API as a scan reads a file — sniff, extract, rules, classifiers — and
//! must give a sensible result.

use std::path::Path;

use arkivsvep::classify::{self, Facts, Lang};
use arkivsvep::extract::{self, Budget, ExtractError, Extracted, Limits};
use arkivsvep::rules::{Finding, RuleSet};
use arkivsvep::sniff::{self, Format};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sniff and extract with a scan's default limits.
fn extract(bytes: &[u8]) -> (Format, Result<Extracted, ExtractError>) {
    let format = sniff::sniff(bytes);
    let budget = Budget::new(&Limits::default());
    (format, extract::extract(format, bytes, &budget))
}

/// The rules and classifiers over an extracted document.
fn findings(format: Format, e: &Extracted) -> Vec<Finding> {
    let rules = RuleSet::builtin().unwrap();
    let found = rules.scan(&e.parts);
    let facts = Facts {
        format,
        diarium: None,
        extracted: e,
        path: "fuzz",
        lang: Lang::Sv,
        code: Default::default(),
    };
    let _ = classify::classify(&facts, found.clone(), &rules);
    found
}

/// A UTF-16 text whose line runs past a rule's 256-byte window and holds an
/// EN QUAD (U+2000, three bytes): the window opened inside it and the rule
/// matcher panicked on a char boundary.
#[test]
fn rules_window_opening_after_a_wide_space() {
    let (format, e) = extract(&fixture("rules-wide-space-window.txt"));
    assert_eq!(format, Format::Txt);
    let e = e.unwrap();
    assert!(e.parts[0].text.contains('\u{2000}'));
    findings(format, &e);
}

/// A PDF fuzzed from TCPDF's font sample: a name token ending in a bare
/// `#` made the lexer index past the token. (The unminimised input also
/// placed text so far out that the fake-bold check overflowed `i64`.)
#[test]
fn pdf_name_ending_in_a_bare_hash() {
    let (format, e) = extract(&fixture("pdf-name-ends-in-hash.pdf"));
    assert_eq!(format, Format::Pdf);
    match e {
        Ok(e) => {
            findings(format, &e);
        }
        Err(err) => assert!(!err.to_string().contains('\n'), "{err}"),
    }
}

/// Text with NUL bytes, UTF-16 fragments and a personnummer: no excerpt may
/// hold a whole identity number, whatever the text around it.
#[test]
fn excerpts_never_hold_a_whole_personnummer() {
    let bytes = fixture("txt-excerpt-mask.txt");
    let e = extract::txt::extract(&bytes, &Budget::new(&Limits::default())).unwrap();
    let found = findings(Format::Txt, &e);
    for f in &found {
        if matches!(f.kind.as_str(), "personnummer" | "samordningsnummer") {
            assert!(
                !f.excerpt.as_str().contains(&f.value),
                "{:?} in {:?}",
                f.value,
                f.excerpt.as_str()
            );
        }
    }
}
