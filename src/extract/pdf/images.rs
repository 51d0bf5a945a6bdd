//! The pictures on pages that need OCR, taken from the PDF itself: a scan is
//! one image XObject per page (sometimes cut into strips), so the page
//! picture is already in the file and needs no rendering.
//!
//! JPEG (`DCTDecode`) and JPEG 2000 pass through as they are; fax data
//! (`CCITTFaxDecode`) is wrapped in a TIFF header; other filters are decoded
//! within `budget.max_expand` and the raw pixels wrapped as PNM (see
//! `crate::ocr::image`). Strips come back top to bottom, so their text
//! reads in page order.

use lopdf::{Dictionary, Document, Object, Stream};

use super::layout::{DrawnImage, FontCache, Interpreter};
use super::{LoadNotes, inherited, load, obj, page_content, page_ids};
use crate::extract::{Budget, ExtractError};
use crate::ocr::image::{self as wrap, Fax, OcrImage, Pixels};

/// Images smaller than this (pixels either way) are logos or specks, not
/// page scans.
const MIN_SIDE: i64 = 48;

/// The images of the given pages (1-based), each page's images top to
/// bottom. Pages without a usable image are left out.
pub fn page_images(
    bytes: &[u8],
    budget: &Budget,
    pages: &[u32],
) -> Result<Vec<(u32, Vec<OcrImage>)>, ExtractError> {
    let (doc, _notes): (Document, LoadNotes) = load(bytes, budget)?;
    let ids = page_ids(&doc);
    let mut fonts = FontCache::new();
    let hidden = Default::default();
    let mut out = Vec::new();
    for &number in pages {
        budget.check()?;
        let Some(page) = ids
            .get((number as usize).wrapping_sub(1))
            .and_then(|id| doc.get_dictionary(*id).ok())
        else {
            continue;
        };
        let content = page_content(&doc, page, budget.max_expand);
        let resources = inherited(&doc, page, b"Resources");
        // Text extraction is a side effect here; only the image draws count.
        let mut text_left = 0;
        let drawn = Interpreter::new(&doc, budget, &mut fonts, &mut text_left, &hidden)
            .page(&content, resources)?
            .images;
        let images = ordered(drawn)
            .into_iter()
            .filter_map(|d| image(&doc, d, budget))
            .collect::<Vec<_>>();
        if !images.is_empty() {
            out.push((number, images));
        }
    }
    Ok(out)
}

/// Each image once, top edge first (PDF y grows upwards).
fn ordered(mut drawn: Vec<DrawnImage>) -> Vec<DrawnImage> {
    let mut seen = std::collections::HashSet::new();
    drawn.retain(|d| seen.insert(d.id));
    let top = |d: &DrawnImage| d.ctm[5].max(d.ctm[5] + d.ctm[3]);
    drawn.sort_by(|a, b| top(b).total_cmp(&top(a)));
    drawn
}

fn image(doc: &Document, drawn: DrawnImage, budget: &Budget) -> Option<OcrImage> {
    let stream = match doc.objects.get(&drawn.id)? {
        Object::Stream(s) => s,
        _ => return None,
    };
    let dict = &stream.dict;
    let width = obj::get_num(doc, dict, b"Width")? as i64;
    let height = obj::get_num(doc, dict, b"Height")? as i64;
    // Tesseract decodes what we pass through (JPEG, fax): a picture that
    // claims more pixels than a stream may expand to is refused unread.
    if width < MIN_SIDE
        || height < MIN_SIDE
        || (width as u64).saturating_mul(height as u64) > budget.max_expand
    {
        return None;
    }
    // Width in pixels over width on the page in inches.
    let inches = (drawn.ctm[0].hypot(drawn.ctm[1])) / 72.0;
    let dpi = (inches > 0.1)
        .then(|| (width as f64 / inches).round() as u32)
        .filter(|d| (50..=1200).contains(d));
    let bytes = encode(doc, stream, width as usize, height as usize, budget)?;
    // A JPEG states its own density (JFIF), or Tesseract estimates it from
    // the text; on ocr-dev, forcing the page-geometry dpi on JPEG scans lost
    // whole table rows. PNM and the fax TIFF carry none, so they get ours.
    let dpi = dpi.filter(|_| !bytes.starts_with(&[0xff, 0xd8]));
    Some(OcrImage { bytes, dpi })
}

/// The image as a file Tesseract reads.
fn encode(
    doc: &Document,
    stream: &Stream,
    width: usize,
    height: usize,
    budget: &Budget,
) -> Option<Vec<u8>> {
    let dict = &stream.dict;
    let filters: Vec<&[u8]> = match obj::get(doc, dict, b"Filter") {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let inverted = decode_inverted(doc, dict);
    // General filters (ASCII85, Flate …) may wrap an image codec, as in
    // `[/ASCII85Decode /DCTDecode]`: undo them first, keep the codec's data.
    let (codec, wrappers) = match filters.split_last() {
        Some((last, rest)) if is_codec(last) => (Some(*last), rest),
        _ => (None, filters.as_slice()),
    };
    if !wrappers.iter().all(|f| is_general(f)) {
        return None;
    }
    let unwrapped;
    let data: &[u8] = match codec {
        None => {
            return raw(doc, stream, width, height, inverted, budget);
        }
        Some(_) if wrappers.is_empty() => &stream.content,
        Some(_) => {
            let mut outer = stream.clone();
            let names = wrappers
                .iter()
                .map(|f| Object::Name(f.to_vec()))
                .collect::<Vec<_>>();
            outer.dict.set("Filter", Object::Array(names));
            outer.dict.remove(b"DecodeParms");
            unwrapped = obj::stream_bytes(&outer, budget.max_expand)?;
            &unwrapped
        }
    };
    match codec? {
        b"DCTDecode" | b"JPXDecode" => Some(data.to_vec()),
        _ => {
            let params = decode_parms(doc, dict);
            let int = |key: &[u8], default: i64| {
                params
                    .and_then(|p| obj::get_num(doc, p, key))
                    .map_or(default, |n| n as i64)
            };
            let flag = |key: &[u8]| {
                params.is_some_and(|p| matches!(obj::get(doc, p, key), Some(Object::Boolean(true))))
            };
            let rows = match int(b"Rows", 0) {
                r if r > 0 => r,
                _ => height as i64,
            };
            let fax = Fax {
                k: int(b"K", 0),
                columns: u32::try_from(int(b"Columns", 1728)).ok()?,
                rows: u32::try_from(rows).ok()?,
                inverted: inverted ^ flag(b"BlackIs1"),
                byte_align: flag(b"EncodedByteAlign"),
            };
            Some(wrap::ccitt_tiff(data, fax))
        }
    }
}

/// Image codecs whose data Tesseract reads (wrapped or as is).
fn is_codec(filter: &[u8]) -> bool {
    matches!(filter, b"DCTDecode" | b"JPXDecode" | b"CCITTFaxDecode")
}

/// Filters lopdf decodes: they only wrap bytes.
fn is_general(filter: &[u8]) -> bool {
    matches!(
        filter,
        b"FlateDecode" | b"LZWDecode" | b"RunLengthDecode" | b"ASCII85Decode" | b"ASCIIHexDecode"
    )
}

/// Decompressed pixel data wrapped as PNM.
fn raw(
    doc: &Document,
    stream: &Stream,
    width: usize,
    height: usize,
    inverted: bool,
    budget: &Budget,
) -> Option<Vec<u8>> {
    let dict = &stream.dict;
    let mask = matches!(
        obj::get(doc, dict, b"ImageMask"),
        Some(Object::Boolean(true))
    );
    let bits = if mask {
        1
    } else {
        obj::get_num(doc, dict, b"BitsPerComponent").unwrap_or(8.0) as u8
    };
    // Refuse before decompressing what could not be wrapped anyway.
    let pixels = (width as u64).saturating_mul(height as u64);
    if pixels.saturating_mul(4) > budget.max_expand {
        return None;
    }
    let data = obj::stream_bytes(stream, budget.max_expand)?;
    if mask {
        // Stencil masks paint 0 bits by default: 0 is ink, as in DeviceGray.
        return wrap::pnm(&data, width, height, 1, Pixels::Gray, inverted);
    }
    let space = obj::get(doc, dict, b"ColorSpace").map(|o| obj::resolve(doc, o));
    match colour_space(doc, space)? {
        Space::Plain(pixels) => wrap::pnm(&data, width, height, bits, pixels, inverted),
        Space::Indexed(base, palette) => {
            let comps = match base {
                Pixels::Gray => 1,
                Pixels::Rgb => 3,
                Pixels::Cmyk => 4,
            };
            let expanded = wrap::unindex(&data, width, height, bits, &palette, comps)?;
            wrap::pnm(&expanded, width, height, 8, base, false)
        }
    }
}

enum Space {
    Plain(Pixels),
    Indexed(Pixels, Vec<u8>),
}

/// The colour spaces a scanner writes; `None` for the rest (Lab,
/// Separation, DeviceN), which are left unread.
fn colour_space(doc: &Document, space: Option<&Object>) -> Option<Space> {
    let plain = |name: &[u8]| match name {
        b"DeviceGray" | b"CalGray" | b"G" => Some(Pixels::Gray),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(Pixels::Rgb),
        b"DeviceCMYK" | b"CMYK" => Some(Pixels::Cmyk),
        _ => None,
    };
    let by_count = |n: f64| match n as i64 {
        1 => Some(Pixels::Gray),
        3 => Some(Pixels::Rgb),
        4 => Some(Pixels::Cmyk),
        _ => None,
    };
    match space {
        None => Some(Space::Plain(Pixels::Gray)),
        Some(Object::Name(n)) => plain(n).map(Space::Plain),
        Some(Object::Array(a)) => {
            let family = a.first().and_then(|o| o.as_name().ok())?;
            match family {
                b"ICCBased" => {
                    let dict = obj::as_dict(doc, a.get(1)?)?;
                    by_count(obj::get_num(doc, dict, b"N")?).map(Space::Plain)
                }
                b"CalGray" | b"CalRGB" => plain(family).map(Space::Plain),
                b"Indexed" | b"I" => {
                    let base = match colour_space(doc, a.get(1).map(|o| obj::resolve(doc, o)))? {
                        Space::Plain(p) => p,
                        Space::Indexed(..) => return None,
                    };
                    let palette = match a.get(3).map(|o| obj::resolve(doc, o))? {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => obj::stream_bytes(s, 1 << 20)?,
                        _ => return None,
                    };
                    Some(Space::Indexed(base, palette))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn decode_parms<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    match obj::get(doc, dict, b"DecodeParms")? {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a.iter().find_map(|o| obj::as_dict(doc, o)),
        _ => None,
    }
}

/// `/Decode [1 0]`: the samples mean their opposite.
fn decode_inverted(doc: &Document, dict: &Dictionary) -> bool {
    obj::get_array(doc, dict, b"Decode")
        .and_then(|a| Some((obj::num(doc, a.first()?)?, obj::num(doc, a.get(1)?)?)))
        .is_some_and(|(lo, hi)| lo > hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(num: u32, y: f64, h: f64) -> DrawnImage {
        DrawnImage {
            id: (num, 0),
            ctm: [595.0, 0.0, 0.0, h, 0.0, y],
        }
    }

    #[test]
    fn strips_read_top_to_bottom_once_each() {
        let order = ordered(vec![
            drawn(1, 0.0, 421.0),
            drawn(2, 421.0, 421.0),
            drawn(2, 421.0, 421.0),
        ]);
        let ids: Vec<u32> = order.iter().map(|d| d.id.0).collect();
        assert_eq!(ids, [2, 1]);
    }
}
