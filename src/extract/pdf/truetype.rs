//! The `cmap` table of an embedded TrueType font, read backwards: glyph id →
//! Unicode. A composite font with Identity encoding and no `/ToUnicode`
//! shows glyph ids; when the font file is embedded, its own character map is
//! the only place left that says which letter each glyph is.
//!
//! Every read is bounds-checked (`get`), loops are capped, and any damage
//! yields an empty map: this is a best effort, never an error.

use std::collections::HashMap;

/// Most characters read from one font's cmap.
const MAX_CHARS: u32 = 200_000;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

/// Glyph id → character, from the font's Unicode cmap subtable; empty when
/// the font has none that can be read.
pub fn glyph_to_unicode(font: &[u8]) -> HashMap<u16, char> {
    let mut map = HashMap::new();
    let Some(cmap) = table(font, b"cmap") else {
        return map;
    };
    let Some(count) = u16_at(cmap, 2) else {
        return map;
    };
    // Unicode subtables, best first: full repertoire (format 12), then BMP.
    let mut best: Option<(u8, usize)> = None;
    for i in 0..usize::from(count).min(64) {
        let record = 4 + i * 8;
        let (Some(platform), Some(encoding), Some(offset)) = (
            u16_at(cmap, record),
            u16_at(cmap, record + 2),
            u32_at(cmap, record + 4),
        ) else {
            break;
        };
        let offset = offset as usize;
        let rank = match (platform, encoding, u16_at(cmap, offset)) {
            (3, 10, Some(12)) | (0, 4, Some(12)) | (0, 6, Some(12)) => 3,
            (3, 1, Some(4)) | (0, _, Some(4)) => 2,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset));
        }
    }
    let Some((_, offset)) = best else {
        return map;
    };
    let Some(sub) = cmap.get(offset..) else {
        return map;
    };
    match u16_at(sub, 0) {
        Some(4) => format4(sub, &mut map),
        Some(12) => format12(sub, &mut map),
        _ => {}
    }
    map
}

/// The bytes of a table of the font, by tag.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count.min(256)).find_map(|i| {
        let record = 12 + i * 16;
        if font.get(record..record + 4)? != tag {
            return None;
        }
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        font.get(offset..offset.checked_add(length)?.min(font.len()))
    })
}

fn insert(map: &mut HashMap<u16, char>, glyph: u32, code: u32) {
    if glyph == 0 || glyph > u32::from(u16::MAX) {
        return;
    }
    if let Some(c) = char::from_u32(code).filter(|c| !c.is_control()) {
        // The first (lowest) character for a glyph wins: "A" over a
        // compatibility duplicate further up.
        map.entry(glyph as u16).or_insert(c);
    }
}

/// Segment mapping to delta values (BMP).
fn format4(sub: &[u8], map: &mut HashMap<u16, char>) {
    let Some(seg_x2) = u16_at(sub, 6).map(usize::from) else {
        return;
    };
    let ends = 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let range_offsets = deltas + seg_x2;
    let mut seen = 0u32;
    for seg in 0..seg_x2 / 2 {
        let (Some(end), Some(start), Some(delta), Some(range_offset)) = (
            u16_at(sub, ends + seg * 2),
            u16_at(sub, starts + seg * 2),
            u16_at(sub, deltas + seg * 2),
            u16_at(sub, range_offsets + seg * 2),
        ) else {
            return;
        };
        for code in start..=end {
            seen += 1;
            if code == 0xFFFF || seen > MAX_CHARS {
                break;
            }
            let glyph = if range_offset == 0 {
                code.wrapping_add(delta)
            } else {
                let at = range_offsets
                    + seg * 2
                    + usize::from(range_offset)
                    + 2 * usize::from(code - start);
                match u16_at(sub, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            insert(map, u32::from(glyph), u32::from(code));
        }
    }
}

/// Segmented coverage (full Unicode).
fn format12(sub: &[u8], map: &mut HashMap<u16, char>) {
    let Some(groups) = u32_at(sub, 12) else {
        return;
    };
    let mut seen = 0u32;
    for i in 0..groups.min(MAX_CHARS) as usize {
        let at = 16 + i * 12;
        let (Some(start), Some(end), Some(glyph)) =
            (u32_at(sub, at), u32_at(sub, at + 4), u32_at(sub, at + 8))
        else {
            return;
        };
        for (k, code) in (start..=end.min(start.saturating_add(MAX_CHARS))).enumerate() {
            seen += 1;
            if seen > MAX_CHARS {
                return;
            }
            insert(map, glyph.saturating_add(k as u32), code);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A font file holding only a cmap table with one format 4 subtable
    /// mapping 'A'..='C' to glyphs 36..=38 (delta -29, the usual Mac order).
    pub(in crate::extract::pdf) fn font_with_cmap() -> Vec<u8> {
        let mut sub = Vec::new();
        let seg_count: u16 = 2;
        for v in [4u16, 0, 0, seg_count * 2, 0, 0, 0] {
            sub.extend(v.to_be_bytes());
        }
        for v in [0x43u16, 0xFFFF] {
            sub.extend(v.to_be_bytes()); // ends
        }
        sub.extend(0u16.to_be_bytes()); // pad
        for v in [0x41u16, 0xFFFF] {
            sub.extend(v.to_be_bytes()); // starts
        }
        for v in [(-29i16) as u16, 1] {
            sub.extend(v.to_be_bytes()); // deltas
        }
        for v in [0u16, 0] {
            sub.extend(v.to_be_bytes()); // range offsets
        }
        let mut cmap = Vec::new();
        for v in [0u16, 1, 3, 1] {
            cmap.extend(v.to_be_bytes());
        }
        cmap.extend(12u32.to_be_bytes());
        cmap.extend(sub);
        let mut font = Vec::new();
        font.extend(0x0001_0000u32.to_be_bytes());
        for v in [1u16, 0, 0, 0] {
            font.extend(v.to_be_bytes());
        }
        font.extend(b"cmap");
        font.extend(0u32.to_be_bytes());
        font.extend(28u32.to_be_bytes());
        font.extend((cmap.len() as u32).to_be_bytes());
        font.extend(cmap);
        font
    }

    #[test]
    fn reads_format4_backwards() {
        let map = glyph_to_unicode(&font_with_cmap());
        assert_eq!(map.get(&36), Some(&'A'));
        assert_eq!(map.get(&38), Some(&'C'));
        assert_eq!(map.get(&39), None);
    }

    #[test]
    fn damaged_fonts_give_empty_maps() {
        let font = font_with_cmap();
        for cut in 0..font.len() {
            let _ = glyph_to_unicode(&font[..cut]);
        }
        assert!(glyph_to_unicode(b"").is_empty());
    }
}
