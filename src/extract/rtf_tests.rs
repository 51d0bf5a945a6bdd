//! RTF behaviour on small hand-written inputs.

use super::*;
use crate::extract::Limits;

fn read(rtf: &[u8]) -> Extracted {
    extract(rtf, &Budget::new(&Limits::default())).unwrap()
}

#[test]
fn decodes_hex_bytes_unicode_and_skips_tables() {
    let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times New Roman;}}{\colortbl;\red0\green0\blue0;}{\*\generator Riched20;}{\info{\author Anna Berg}{\title Beslut}}
\f0 V\'e4lkommen till G\'f6teborg\par {\*\fldinst HYPERLINK x}{\fldrslt l\u228?nk}\par {\v dold 19121212-1212}\par}";
    let e = read(rtf);
    assert_eq!(e.parts[0].text, "Välkommen till Göteborg\nlänk");
    assert_eq!(e.meta("author").next(), Some("Anna Berg"));
    assert_eq!(e.meta("title").next(), Some("Beslut"));
    let hidden = e.parts.iter().find(|p| p.kind == PartKind::Hidden).unwrap();
    assert_eq!(hidden.text, "dold 19121212-1212");
    assert!(!e.parts[0].text.contains("Times"));
}

#[test]
fn header_goes_to_its_own_part() {
    let e = read(br"{\rtf1{\header Sida 1 Anna}Text\par}");
    assert_eq!(e.parts[0].text, "Text");
    assert!(
        e.parts
            .iter()
            .any(|p| p.kind == PartKind::Header && p.text == "Sida 1 Anna")
    );
}
