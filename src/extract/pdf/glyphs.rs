//! Glyph names and single-byte encodings → Unicode, and the widths of the
//! standard 14 fonts.
//!
//! The Adobe Glyph List and the WinAnsi/MacRoman/Standard tables live inside
//! lopdf, but its `encodings` module is private. We reach them through the one
//! public door, `Dictionary::get_font_encoding`, on small made-up font
//! dictionaries, and cache what comes out, rather than copying 4 000 lines of
//! tables into this crate.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use lopdf::{Dictionary, Document, Object};

use super::afm;

/// A single-byte base encoding: code → Unicode character.
pub type Table = [Option<char>; 256];

/// The base encoding tables a simple font can name.
pub struct BaseTables {
    pub standard: Table,
    pub win_ansi: Table,
    pub mac_roman: Table,
    pub pdf_doc: Table,
}

/// The tables, built once per process from lopdf's.
pub fn base_tables() -> &'static BaseTables {
    static TABLES: OnceLock<BaseTables> = OnceLock::new();
    TABLES.get_or_init(|| BaseTables {
        standard: lopdf_table(b"StandardEncoding"),
        win_ansi: lopdf_table(b"WinAnsiEncoding"),
        mac_roman: lopdf_table(b"MacRomanEncoding"),
        pdf_doc: lopdf_table(b"PDFDocEncoding"),
    })
}

fn lopdf_table(name: &[u8]) -> Table {
    let doc = Document::new();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let mut table = [None; 256];
    if let Ok(encoding) = font.get_font_encoding(&doc) {
        for (code, slot) in table.iter_mut().enumerate() {
            *slot = encoding
                .bytes_to_string(&[code as u8])
                .ok()
                .and_then(|s| s.chars().next());
        }
    }
    table
}

/// Unicode text for a glyph name: AGL names, `uniXXXX…`, `uXXXX[XX]`,
/// ligature names joined by `_`, and suffixed variants such as `a.sc`.
pub fn name_to_unicode_static(name: &[u8]) -> Option<String> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<u8>, Option<String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(map) = cache.lock()
        && let Some(hit) = map.get(name)
    {
        return hit.clone();
    }
    let value = resolve_name(name);
    if let Ok(mut map) = cache.lock()
        && map.len() < 20_000
    {
        map.insert(name.to_vec(), value.clone());
    }
    value
}

fn resolve_name(name: &[u8]) -> Option<String> {
    if name.is_empty() || name.len() > 128 || name == b".notdef" {
        return None;
    }
    // Variants: "a.sc", "one.oldstyle" → the part before the dot.
    if let Some(dot) = name.iter().position(|&b| b == b'.')
        && dot > 0
    {
        return resolve_name(&name[..dot]);
    }
    if name.contains(&b'_') {
        let parts: Option<String> = name.split(|&b| b == b'_').map(resolve_name).collect();
        return parts;
    }
    if let Some(text) = uni_name(name) {
        return Some(text);
    }
    if let Some(c) = agl(name) {
        return Some(expand_ligature(c));
    }
    None
}

/// `uni0041`, `uni00660069`, `u1F600`.
fn uni_name(name: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(name).ok()?;
    if let Some(hex) = s.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
            .collect();
        let text: String = char::decode_utf16(units).filter_map(Result::ok).collect();
        return (!text.is_empty()).then(|| text.chars().map(expand_ligature).collect());
    }
    if let Some(hex) = s.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(expand_ligature);
    }
    None
}

/// Looks a name up in lopdf's copy of the Adobe Glyph List.
fn agl(name: &[u8]) -> Option<char> {
    let doc = Document::new();
    let mut differences = Dictionary::new();
    differences.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(differences));
    // An unknown name makes lopdf fall back to StandardEncoding, where code
    // 0 maps to nothing: an empty answer means "not in the list".
    let encoding = font.get_font_encoding(&doc).ok()?;
    encoding.bytes_to_string(&[0]).ok()?.chars().next()
}

/// The Greek letters of the Symbol font's built-in encoding, which a font
/// named `Symbol` without `/Encoding` uses (codes 0x41–0x5A, 0x61–0x7A).
pub fn apply_symbol_encoding(table: &mut [Option<String>]) {
    const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    for (i, c) in UPPER.chars().enumerate() {
        table[0x41 + i] = Some(c.to_string());
    }
    for (i, c) in LOWER.chars().enumerate() {
        table[0x61 + i] = Some(c.to_string());
    }
}

/// Presentation-form ligatures → their letters (ﬁ → fi), so words match
/// what a reader types and searches for.
pub fn expand_ligature(c: char) -> String {
    match c {
        '\u{FB00}' => "ff".into(),
        '\u{FB01}' => "fi".into(),
        '\u{FB02}' => "fl".into(),
        '\u{FB03}' => "ffi".into(),
        '\u{FB04}' => "ffl".into(),
        '\u{FB05}' | '\u{FB06}' => "st".into(),
        c => c.into(),
    }
}

/// Width (1/1000 em) of a character in one of the standard 14 fonts, used
/// when a font has no `/Widths`. Other fonts without widths get Helvetica's,
/// the usual substitute.
pub fn standard_width(base_font: &[u8], c: Option<char>) -> f64 {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    if name.contains("courier") || name.contains("mono") {
        return 600.0;
    }
    let bold = name.contains("bold") || name.contains("black") || name.contains("heavy");
    let italic = name.contains("italic") || name.contains("oblique");
    let times = name.contains("times") || name.contains("serif") && !name.contains("sans");
    let metrics = match (times, bold, italic) {
        (true, false, false) => &afm::TIMES_ROMAN,
        (true, true, false) => &afm::TIMES_BOLD,
        (true, false, true) => &afm::TIMES_ITALIC,
        (true, true, true) => &afm::TIMES_BOLD_ITALIC,
        (false, false, false) => &afm::HELVETICA,
        (false, true, false) => &afm::HELVETICA_BOLD,
        (false, false, true) => &afm::HELVETICA_OBLIQUE,
        (false, true, true) => &afm::HELVETICA_BOLD_OBLIQUE,
    };
    let width = match c {
        Some(c @ ' '..='~') => metrics.ascii[c as usize - 32],
        Some(c @ '\u{A0}'..='\u{FF}') => metrics.latin1[c as usize - 0xA0],
        Some(c) => metrics
            .extra
            .iter()
            .find(|(e, _)| *e == c)
            .map_or(metrics.ascii[(b'n' - 32) as usize], |(_, w)| *w),
        None => metrics.ascii[(b'n' - 32) as usize],
    };
    f64::from(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        assert_eq!(name_to_unicode_static(b"aring").as_deref(), Some("å"));
        assert_eq!(name_to_unicode_static(b"odieresis").as_deref(), Some("ö"));
        assert_eq!(name_to_unicode_static(b"uni00E4").as_deref(), Some("ä"));
        assert_eq!(name_to_unicode_static(b"fi").as_deref(), Some("fi"));
        assert_eq!(name_to_unicode_static(b"f_f_l").as_deref(), Some("ffl"));
        assert_eq!(name_to_unicode_static(b"eacute.sc").as_deref(), Some("é"));
        assert_eq!(name_to_unicode_static(b"g123"), None);
    }

    #[test]
    fn standard_widths() {
        assert_eq!(standard_width(b"Helvetica", Some('a')), 556.0);
        assert_eq!(standard_width(b"Helvetica-Bold", Some('o')), 611.0);
        assert_eq!(standard_width(b"Times-Roman", Some('å')), 444.0);
        assert_eq!(standard_width(b"Courier", Some('W')), 600.0);
    }

    #[test]
    fn base_tables_have_swedish_letters() {
        let t = base_tables();
        assert_eq!(t.win_ansi[0xE5], Some('å'));
        assert_eq!(t.win_ansi[0x80], Some('€'));
        assert_eq!(t.mac_roman[0x8A], Some('ä'));
        assert_eq!(t.standard[0x41], Some('A'));
    }
}
