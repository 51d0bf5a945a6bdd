//! CMap parsing: `/ToUnicode` maps (character code → Unicode text) and
//! embedded encoding CMaps (character code → CID), with their codespace
//! ranges, which say how many bytes each character code takes.
//!
//! Why our own and not lopdf's: lopdf's parser is reachable only through its
//! font-encoding helper, which prefers `/Encoding` over `/ToUnicode` (the
//! reverse of what text extraction wants), and it drops the codespace ranges.
//! The format is a small PostScript subset; a forgiving token scan reads the
//! damaged maps found in the wild.

use std::collections::HashMap;

/// Mappings of one CMap, from codes of a given byte length.
#[derive(Debug, Default, Clone)]
pub struct CMap {
    /// `(byte length, low, high)` of each codespace range.
    pub codespace: Vec<(u8, u32, u32)>,
    /// Single codes (and small ranges, expanded): `(len, code)` → text.
    unicode: HashMap<(u8, u32), String>,
    /// Large bfranges kept as ranges: `(len, low, high, first target)`.
    unicode_ranges: Vec<(u8, u32, u32, Vec<u16>)>,
    /// Code → CID ranges of an encoding CMap: `(len, low, high, first CID)`.
    cid_ranges: Vec<(u8, u32, u32, u32)>,
}

/// Ranges up to this span are expanded into single entries for fast lookup.
const EXPAND_SPAN: u32 = 256;
/// Most single entries one CMap may hold; a hostile map cannot fill memory.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Word(&'a [u8]),
    Num(i64),
    Open,
    Close,
}

impl CMap {
    /// Parses a CMap program. Never fails: what cannot be read is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokenize(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while i < toks.len() {
            if let Tok::Word(w) = &toks[i] {
                let w = *w;
                i += 1;
                match w {
                    b"begincodespacerange" => i = cmap.codespace_section(&toks, i),
                    b"beginbfchar" => i = cmap.bfchar_section(&toks, i),
                    b"beginbfrange" => i = cmap.bfrange_section(&toks, i),
                    b"begincidrange" => i = cmap.cidrange_section(&toks, i, true),
                    b"begincidchar" => i = cmap.cidrange_section(&toks, i, false),
                    _ => {}
                }
            } else {
                i += 1;
            }
        }
        cmap
    }

    /// Entries held, for bounding memory.
    pub fn len(&self) -> usize {
        self.unicode.len() + self.unicode_ranges.len() + self.cid_ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.unicode.is_empty() && self.unicode_ranges.is_empty()
    }

    fn codespace_section(&mut self, toks: &[Tok], mut i: usize) -> usize {
        while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
            if (1..=4).contains(&lo.len()) {
                self.codespace.push((lo.len() as u8, be(lo), be(hi)));
            }
            i += 2;
        }
        i
    }

    fn bfchar_section(&mut self, toks: &[Tok], mut i: usize) -> usize {
        loop {
            match (toks.get(i), toks.get(i + 1)) {
                (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) => {
                    self.insert(src, utf16_text(&units(dst)));
                }
                (Some(Tok::Hex(src)), Some(Tok::Name(name))) => {
                    if let Some(text) = super::glyphs::name_to_unicode_static(name) {
                        self.insert(src, text);
                    }
                }
                _ => return i,
            }
            i += 2;
        }
    }

    fn bfrange_section(&mut self, toks: &[Tok], mut i: usize) -> usize {
        loop {
            let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) else {
                return i;
            };
            let len = lo.len().clamp(1, 4) as u8;
            let (lo_code, hi_code) = (be(lo), be(hi));
            if hi_code < lo_code || lo.len() > 4 {
                i += 3;
                continue;
            }
            match toks.get(i + 2) {
                Some(Tok::Hex(dst)) => {
                    let first = units(dst);
                    if hi_code - lo_code < EXPAND_SPAN {
                        for (k, code) in (lo_code..=hi_code).enumerate() {
                            let mut target = first.clone();
                            if let Some(last) = target.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            self.insert_code(len, code, utf16_text(&target));
                        }
                    } else if self.unicode_ranges.len() < MAX_ENTRIES {
                        self.unicode_ranges.push((len, lo_code, hi_code, first));
                    }
                    i += 3;
                }
                Some(Tok::Open) => {
                    i += 3;
                    let mut code = lo_code;
                    while let Some(Tok::Hex(dst)) = toks.get(i) {
                        if code <= hi_code {
                            self.insert_code(len, code, utf16_text(&units(dst)));
                        }
                        code = code.saturating_add(1);
                        i += 1;
                    }
                    if let Some(Tok::Close) = toks.get(i) {
                        i += 1;
                    }
                }
                _ => return i + 2,
            }
        }
    }

    fn cidrange_section(&mut self, toks: &[Tok], mut i: usize, range: bool) -> usize {
        loop {
            let step = if range { 3 } else { 2 };
            let (lo, hi, cid) = match (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
                (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(Tok::Num(c))) if range => {
                    (lo, hi, *c)
                }
                (Some(Tok::Hex(lo)), Some(Tok::Num(c)), _) if !range => (lo, lo, *c),
                _ => return i,
            };
            if (1..=4).contains(&lo.len()) && self.cid_ranges.len() < MAX_ENTRIES {
                self.cid_ranges.push((
                    lo.len() as u8,
                    be(lo),
                    be(hi),
                    cid.clamp(0, u32::MAX as i64) as u32,
                ));
            }
            i += step;
        }
    }

    fn insert(&mut self, src: &[u8], text: String) {
        if (1..=4).contains(&src.len()) {
            self.insert_code(src.len() as u8, be(src), text);
        }
    }

    fn insert_code(&mut self, len: u8, code: u32, text: String) {
        if self.unicode.len() < MAX_ENTRIES {
            self.unicode.insert((len, code), text);
        }
    }

    /// Text for a code of `len` bytes. Falls back to the same number under
    /// another length, as some writers declare 1-byte sources for 2-byte codes.
    pub fn lookup(&self, len: u8, code: u32) -> Option<String> {
        if let Some(t) = self.unicode.get(&(len, code)) {
            return Some(t.clone());
        }
        for (l, lo, hi, first) in &self.unicode_ranges {
            if *l == len && (*lo..=*hi).contains(&code) {
                let mut target = first.clone();
                if let Some(last) = target.last_mut() {
                    *last = last.wrapping_add((code - lo) as u16);
                }
                return Some(utf16_text(&target));
            }
        }
        (1..=4u8)
            .filter(|&l| l != len)
            .find_map(|l| self.unicode.get(&(l, code)).cloned())
    }

    /// The CID of a code under an encoding CMap.
    pub fn cid(&self, len: u8, code: u32) -> Option<u32> {
        self.cid_ranges
            .iter()
            .rev()
            .find(|(l, lo, hi, _)| *l == len && (*lo..=*hi).contains(&code))
            .map(|(_, lo, _, cid)| cid.wrapping_add(code - lo))
    }

    /// How many bytes the code starting at `bytes` takes, by the codespace
    /// ranges; `None` when no range says.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        for len in 1..=4usize {
            if bytes.len() < len {
                break;
            }
            let code = be(&bytes[..len]);
            if self
                .codespace
                .iter()
                .any(|&(l, lo, hi)| l as usize == len && lo <= code && code <= hi)
            {
                return Some(len);
            }
        }
        None
    }
}

/// Big-endian number of up to 4 bytes (longer inputs keep the last 4).
pub fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0u32, |acc, &b| acc.wrapping_shl(8) | u32::from(b))
}

fn units(bytes: &[u8]) -> Vec<u16> {
    let mut out: Vec<u16> = bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from(c[0])
            }
        })
        .collect();
    out.truncate(64);
    out
}

fn utf16_text(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .collect()
}

fn tokenize(data: &[u8]) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let mut hex = Vec::new();
                let mut high: Option<u8> = None;
                i += 1;
                while i < data.len() && data[i] != b'>' {
                    if let Some(v) = (data[i] as char).to_digit(16) {
                        match high.take() {
                            Some(h) => hex.push(h << 4 | v as u8),
                            None => high = Some(v as u8),
                        }
                    }
                    i += 1;
                }
                if let Some(h) = high {
                    hex.push(h << 4);
                }
                i += 1;
                toks.push(Tok::Hex(hex));
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Strings (CMap names, registry) are not needed; skip them.
                let mut depth = 0;
                i += 1;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' if depth == 0 => break,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'/' => {
                let start = i + 1;
                i += 1;
                while i < data.len() && !is_sep(data[i]) {
                    i += 1;
                }
                toks.push(Tok::Name(&data[start..i]));
            }
            _ if is_sep(b) => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !is_sep(data[i]) {
                    i += 1;
                }
                let word = &data[start..i];
                match std::str::from_utf8(word)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                {
                    Some(n) => toks.push(Tok::Num(n)),
                    None => toks.push(Tok::Word(word)),
                }
            }
        }
    }
    toks
}

fn is_sep(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | b'\0'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'('
            | b')'
            | b'/'
            | b'%'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_bfrange_and_codespace() {
        let cmap = CMap::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
              2 beginbfchar <0003> <0020> <0011> <00E5> endbfchar
              2 beginbfrange <0024> <0026> <0041> <0050> <0051> [<00F6> <00660069>] endbfrange
              1 beginbfrange <1000> <2000> <4E00> endbfrange",
        );
        assert_eq!(cmap.lookup(2, 0x11).as_deref(), Some("å"));
        assert_eq!(cmap.lookup(2, 0x25).as_deref(), Some("B"));
        assert_eq!(cmap.lookup(2, 0x51).as_deref(), Some("fi"));
        assert_eq!(cmap.lookup(2, 0x1001).as_deref(), Some("\u{4E01}"));
        assert_eq!(cmap.code_len(&[0, 0x24]), Some(2));
        assert_eq!(cmap.lookup(2, 0x99), None);
    }

    #[test]
    fn reads_cid_ranges() {
        let cmap = CMap::parse(
            b"1 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
              1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(cmap.code_len(&[0x81, 0x41]), None.or(Some(2)));
        assert_eq!(cmap.code_len(&[0x20]), Some(1));
        assert_eq!(cmap.cid(2, 0x8141), Some(634));
        assert_eq!(cmap.cid(1, 0x20), Some(1));
    }
}
