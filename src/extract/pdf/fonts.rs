//! Fonts: how the bytes of a shown string become characters, and how far
//! each glyph moves the pen.
//!
//! Text comes from, in order of trust: the font's `/ToUnicode` CMap; for
//! simple fonts the encoding (base encoding plus `/Differences` glyph names);
//! for composite fonts the legacy CJK encodings encoding_rs knows; and, last,
//! the code itself when it is printable ASCII. Widths come from `/Widths`,
//! `/W` and `/DW`, or the standard 14 fonts' metrics, because word breaks
//! are found from the gaps between glyphs.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{CMap, be};
use super::glyphs::{self, Table};
use super::obj;
use super::truetype;

/// One glyph of a shown string.
pub struct Glyph<'t> {
    pub text: &'t str,
    /// Horizontal advance in text space for a font size of 1.
    pub width: f64,
    /// The single-byte code 32, to which word spacing (`Tw`) applies.
    pub word_space: bool,
}

/// A loaded font, ready to decode strings.
pub struct Font {
    /// Rough count of table entries, for bounding the font cache.
    pub weight: usize,
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Glyph-space units → text space (1/1000, or a Type 3 font's matrix).
    width_scale: f64,
    /// Height of the em relative to the font size (Type 3 fonts differ).
    pub size_scale: f64,
    /// Vertical writing (Identity-V): glyphs advance downwards.
    pub vertical: bool,
}

enum Kind {
    Simple {
        text: Vec<Option<String>>,
        widths: Vec<f64>,
    },
    Composite {
        encoding: CompositeEncoding,
        widths: CidWidths,
        default_width: f64,
        /// Text by glyph from the embedded TrueType font, for codes the
        /// font's `/ToUnicode` (if any) does not map.
        glyph_text: Option<Box<GlyphText>>,
    },
}

/// CID → glyph id → character, from an embedded TrueType font's own cmap.
struct GlyphText {
    by_glyph: HashMap<u16, char>,
    /// `/CIDToGIDMap` as a stream (two bytes per CID); `None` is Identity.
    cid_to_gid: Option<Vec<u8>>,
}

impl GlyphText {
    fn load(doc: &Document, cid_font: &Dictionary, limit: u64) -> Option<GlyphText> {
        if obj::get_name(doc, cid_font, b"Subtype") != Some(b"CIDFontType2") {
            return None;
        }
        let descriptor = obj::get_dict(doc, cid_font, b"FontDescriptor")?;
        let file = obj::get(doc, descriptor, b"FontFile2").and_then(|o| obj::as_stream(doc, o))?;
        let by_glyph = truetype::glyph_to_unicode(&obj::stream_bytes(file, limit)?);
        if by_glyph.is_empty() {
            return None;
        }
        let cid_to_gid = obj::get(doc, cid_font, b"CIDToGIDMap")
            .and_then(|o| obj::as_stream(doc, o))
            .and_then(|s| obj::stream_bytes(s, limit.min(1 << 20)));
        Some(GlyphText {
            by_glyph,
            cid_to_gid,
        })
    }

    fn char_for(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            None => u16::try_from(cid).ok()?,
            Some(map) => {
                let at = usize::try_from(cid).ok()?.checked_mul(2)?;
                u16::from_be_bytes([*map.get(at)?, *map.get(at + 1)?])
            }
        };
        self.by_glyph.get(&gid).copied()
    }
}

enum CompositeEncoding {
    /// Two-byte codes equal to CIDs.
    Identity,
    /// An embedded CMap stream: codespace and code → CID.
    Embedded(CMap),
    /// Codes are UTF-16BE (Uni…-UCS2/UTF16 CMaps).
    Ucs2,
    /// A legacy multi-byte charset (Shift-JIS, GBK, Big5, EUC-KR).
    Legacy(&'static encoding_rs::Encoding),
}

impl Font {
    /// Reads a font dictionary. Never fails: a font we cannot understand
    /// still yields widths and ASCII, which is better than nothing.
    pub fn load(doc: &Document, dict: &Dictionary, limit: u64) -> Font {
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let to_unicode = obj::get(doc, dict, b"ToUnicode")
            .and_then(|o| obj::as_stream(doc, o))
            .and_then(|s| obj::stream_bytes(s, limit))
            .map(|b| CMap::parse(&b))
            .filter(|c| !c.is_empty());
        if subtype == b"Type0" {
            return load_composite(doc, dict, to_unicode, limit);
        }
        let (width_scale, size_scale) = if subtype == b"Type3" {
            type3_scales(doc, dict)
        } else {
            (0.001, 1.0)
        };
        let table = simple_encoding(doc, dict, subtype);
        let base_font = obj::get_name(doc, dict, b"BaseFont").unwrap_or(b"");
        let mut widths = vec![f64::NAN; 256];
        let first = obj::get_num(doc, dict, b"FirstChar").unwrap_or(0.0);
        if let Some(ws) = obj::get_array(doc, dict, b"Widths") {
            for (i, w) in ws.iter().enumerate() {
                let code = first + i as f64;
                if (0.0..256.0).contains(&code) {
                    widths[code as usize] = obj::num(doc, w).unwrap_or(f64::NAN);
                }
            }
        }
        let has_widths = widths.iter().any(|w| !w.is_nan());
        let missing = obj::get_dict(doc, dict, b"FontDescriptor")
            .and_then(|fd| obj::get_num(doc, fd, b"MissingWidth"))
            .filter(|&w| w > 0.0);
        for (code, w) in widths.iter_mut().enumerate() {
            if w.is_nan() {
                *w = match (has_widths, missing) {
                    (true, Some(m)) => m,
                    (true, None) if subtype == b"Type3" => 0.0,
                    _ => glyphs::standard_width(
                        base_font,
                        table[code].as_deref().and_then(|s| s.chars().next()),
                    ),
                };
            }
        }
        Font {
            weight: 512 + to_unicode.as_ref().map_or(0, CMap::len),
            kind: Kind::Simple {
                text: table,
                widths,
            },
            to_unicode,
            width_scale,
            size_scale,
            vertical: false,
        }
    }

    /// Splits `bytes` into glyphs and hands each to `f`.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Glyph<'_>)) {
        let mut buf = String::new();
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    buf.clear();
                    match self.mapped(1, u32::from(b)) {
                        Some(t) => buf.push_str(&t),
                        None => match &text[b as usize] {
                            Some(t) => buf.push_str(t),
                            None if (0x21..0x7f).contains(&b) => buf.push(b as char),
                            None => {}
                        },
                    }
                    f(Glyph {
                        text: &buf,
                        width: widths[b as usize] * self.width_scale,
                        word_space: b == 32,
                    });
                }
            }
            Kind::Composite {
                encoding,
                widths,
                default_width,
                glyph_text,
            } => {
                let width_of =
                    |cid: u32| widths.get(cid).unwrap_or(*default_width) * self.width_scale;
                match encoding {
                    CompositeEncoding::Legacy(enc) => {
                        let (text, _, _) = enc.decode(bytes);
                        for c in text.chars().filter(|&c| c != '\u{FFFD}') {
                            buf.clear();
                            buf.push(c);
                            f(Glyph {
                                text: &buf,
                                width: if c.is_ascii() {
                                    *default_width * 0.5 * self.width_scale
                                } else {
                                    width_of(u32::MAX)
                                },
                                word_space: c == ' ',
                            });
                        }
                    }
                    _ => {
                        let mut i = 0;
                        while i < bytes.len() {
                            let len = match encoding {
                                CompositeEncoding::Embedded(cmap) => {
                                    cmap.code_len(&bytes[i..]).unwrap_or(1)
                                }
                                _ => 2,
                            }
                            .min(bytes.len() - i);
                            let code = be(&bytes[i..i + len]);
                            let cid = match encoding {
                                CompositeEncoding::Embedded(cmap) => {
                                    cmap.cid(len as u8, code).unwrap_or(code)
                                }
                                _ => code,
                            };
                            buf.clear();
                            if let Some(t) = self.mapped(len as u8, code) {
                                buf.push_str(&t);
                            } else if let CompositeEncoding::Ucs2 = encoding {
                                buf.extend(
                                    char::decode_utf16([code as u16]).filter_map(Result::ok),
                                );
                            } else if let Some(glyphs) = glyph_text {
                                buf.extend(glyphs.char_for(cid));
                            } else if let Some(c) = char::from_u32(cid).filter(|c| !c.is_control())
                            {
                                // No ToUnicode entry: the CID read as a code
                                // point, as pdftotext does. Right for fonts
                                // whose CIDs are Unicode, noise otherwise.
                                buf.push(c);
                            }
                            f(Glyph {
                                text: &buf,
                                width: width_of(cid),
                                word_space: len == 1 && code == 32,
                            });
                            i += len;
                        }
                    }
                }
            }
        }
    }

    /// Text from `/ToUnicode`, ligatures expanded, control characters and
    /// replacement characters dropped.
    fn mapped(&self, len: u8, code: u32) -> Option<String> {
        let raw = self.to_unicode.as_ref()?.lookup(len, code)?;
        let text: String = raw
            .chars()
            .filter(|&c| c != '\u{FFFD}' && (!c.is_control() || c == '\t'))
            .map(glyphs::expand_ligature)
            .collect();
        (!text.is_empty()).then_some(text)
    }
}

fn type3_scales(doc: &Document, dict: &Dictionary) -> (f64, f64) {
    let m = obj::get_array(doc, dict, b"FontMatrix")
        .and_then(|a| obj::matrix(doc, a))
        .unwrap_or([0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
    let width_scale = if m[0].abs() > 1e-9 { m[0] } else { 0.001 };
    let bbox_height = obj::get_array(doc, dict, b"FontBBox")
        .filter(|b| b.len() == 4)
        .and_then(|b| Some(obj::num(doc, &b[3])? - obj::num(doc, &b[1])?))
        .filter(|h| *h > 0.0);
    let size = match bbox_height {
        Some(h) => h * m[3].abs(),
        None => 1000.0 * m[3].abs(),
    };
    (
        width_scale,
        if size > 1e-6 && size.is_finite() {
            size.min(100.0)
        } else {
            1.0
        },
    )
}

/// The 256-entry code → text table of a simple font.
fn simple_encoding(doc: &Document, dict: &Dictionary, subtype: &[u8]) -> Vec<Option<String>> {
    let tables = glyphs::base_tables();
    let symbolic = obj::get_dict(doc, dict, b"FontDescriptor")
        .and_then(|fd| obj::get_num(doc, fd, b"Flags"))
        .is_some_and(|f| (f as i64) & 4 != 0);
    let default: &Table = if subtype == b"TrueType" || symbolic && subtype != b"Type1" {
        &tables.win_ansi
    } else {
        &tables.standard
    };
    let by_name = |name: &[u8]| -> Option<&Table> {
        match name {
            b"WinAnsiEncoding" => Some(&tables.win_ansi),
            b"MacRomanEncoding" => Some(&tables.mac_roman),
            b"StandardEncoding" => Some(&tables.standard),
            b"PDFDocEncoding" => Some(&tables.pdf_doc),
            _ => None,
        }
    };
    let base_font = obj::get_name(doc, dict, b"BaseFont").unwrap_or(b"");
    let symbol_font = base_font.ends_with(b"Symbol") && !base_font.contains(&b'+');
    let mut base = default;
    let mut differences: Option<&[Object]> = None;
    match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base = by_name(n).unwrap_or(default),
        Some(Object::Dictionary(enc)) => {
            if let Some(n) = obj::get_name(doc, enc, b"BaseEncoding") {
                base = by_name(n).unwrap_or(default);
            }
            differences = obj::get_array(doc, enc, b"Differences");
        }
        _ => {}
    }
    let mut table: Vec<Option<String>> = base
        .iter()
        .map(|c| c.map(glyphs::expand_ligature))
        .collect();
    if symbol_font && obj::get(doc, dict, b"Encoding").is_none() {
        glyphs::apply_symbol_encoding(&mut table);
    }
    if let Some(diffs) = differences {
        let mut code: i64 = 0;
        for item in diffs {
            match obj::resolve(doc, item) {
                Object::Integer(n) => code = *n,
                Object::Name(name) => {
                    if (0..256).contains(&code) {
                        table[code as usize] = glyphs::name_to_unicode_static(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

fn load_composite(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, limit: u64) -> Font {
    let mut vertical = false;
    let encoding = match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => {
            vertical = n.ends_with(b"-V");
            predefined_cmap(n)
        }
        Some(Object::Stream(s)) => {
            vertical = obj::get_num(doc, &s.dict, b"WMode") == Some(1.0);
            match obj::stream_bytes(s, limit).map(|b| CMap::parse(&b)) {
                Some(c) if !c.codespace.is_empty() => CompositeEncoding::Embedded(c),
                _ => CompositeEncoding::Identity,
            }
        }
        _ => CompositeEncoding::Identity,
    };
    let descendant = obj::get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| obj::as_dict(doc, o));
    let mut widths = CidWidths::default();
    let mut default_width = 1000.0;
    let mut glyph_text = None;
    if let Some(cid_font) = descendant {
        if matches!(
            encoding,
            CompositeEncoding::Identity | CompositeEncoding::Embedded(_)
        ) {
            glyph_text = GlyphText::load(doc, cid_font, limit).map(Box::new);
        }
        default_width = obj::get_num(doc, cid_font, b"DW").unwrap_or(1000.0);
        if let Some(w) = obj::get_array(doc, cid_font, b"W") {
            widths = CidWidths::read(doc, w);
        }
    }
    let weight = widths.len()
        + to_unicode.as_ref().map_or(0, CMap::len)
        + match &encoding {
            CompositeEncoding::Embedded(c) => c.len(),
            _ => 0,
        }
        + glyph_text.as_ref().map_or(0, |g| g.by_glyph.len());
    Font {
        weight,
        kind: Kind::Composite {
            encoding,
            widths,
            default_width,
            glyph_text,
        },
        to_unicode,
        width_scale: 0.001,
        size_scale: 1.0,
        vertical,
    }
}

/// CID widths: `/W` lists kept per CID, `/W` ranges kept as ranges (a
/// three-number range may cover four billion CIDs; expanding it would let a
/// few bytes of a file claim gigabytes).
#[derive(Default)]
struct CidWidths {
    single: HashMap<u32, f64>,
    /// `(first, last, width)`, sorted by `first`.
    ranges: Vec<(u32, u32, f64)>,
}

impl CidWidths {
    /// Most CIDs kept from `/W` lists.
    const MAX: usize = 100_000;

    fn get(&self, cid: u32) -> Option<f64> {
        if let Some(w) = self.single.get(&cid) {
            return Some(*w);
        }
        let i = self.ranges.partition_point(|r| r.0 <= cid);
        self.ranges[..i]
            .iter()
            .rev()
            .take(8)
            .find(|r| r.1 >= cid)
            .map(|r| r.2)
    }

    fn len(&self) -> usize {
        self.single.len() + self.ranges.len()
    }

    /// `/W [c [w1 w2 …] cfirst clast w …]`.
    fn read(doc: &Document, w: &[Object]) -> CidWidths {
        let mut widths = CidWidths::default();
        let mut i = 0;
        while i < w.len() && widths.len() < Self::MAX {
            let Some(first) = obj::num(doc, &w[i]) else {
                i += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| obj::resolve(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate().take(Self::MAX) {
                        if let Some(v) = obj::num(doc, v) {
                            widths.single.insert(first.wrapping_add(k as u32), v);
                        }
                    }
                    i += 2;
                }
                Some(_) => {
                    let (Some(last), Some(v)) = (
                        w.get(i + 1).and_then(|o| obj::num(doc, o)),
                        w.get(i + 2).and_then(|o| obj::num(doc, o)),
                    ) else {
                        break;
                    };
                    widths.ranges.push((first, last.max(0.0) as u32, v));
                    i += 3;
                }
                None => break,
            }
        }
        widths.ranges.sort_by_key(|r| r.0);
        widths
    }
}

/// Predefined CMaps by name: Identity, the Unicode ones, and the legacy
/// CJK charsets encoding_rs can decode.
fn predefined_cmap(name: &[u8]) -> CompositeEncoding {
    let n = String::from_utf8_lossy(name);
    if n.starts_with("Identity") {
        CompositeEncoding::Identity
    } else if n.starts_with("Uni") && (n.contains("UCS2") || n.contains("UTF16")) {
        CompositeEncoding::Ucs2
    } else if n.contains("RKSJ") {
        CompositeEncoding::Legacy(encoding_rs::SHIFT_JIS)
    } else if n.contains("GBK")
        || n.contains("GB-EUC")
        || n.contains("GBpc-EUC")
        || n.contains("GBT-EUC")
    {
        CompositeEncoding::Legacy(encoding_rs::GBK)
    } else if n.contains("B5") || n.contains("CNS-EUC") {
        CompositeEncoding::Legacy(encoding_rs::BIG5)
    } else if n.contains("KSC") || n.contains("UHC") {
        CompositeEncoding::Legacy(encoding_rs::EUC_KR)
    } else if n.contains("EUC") {
        CompositeEncoding::Legacy(encoding_rs::EUC_JP)
    } else {
        CompositeEncoding::Identity
    }
}
