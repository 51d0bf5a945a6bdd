//! Page pictures in a form Tesseract reads: raw PDF pixel data becomes a
//! PNM file (P4/P5/P6), CCITT fax data a one-strip TIFF, JPEG passes through.
//!
//! Why wrap rather than decode: Tesseract (through Leptonica) already reads
//! JPEG, PNM and fax-compressed TIFF, so the only work left to us is a header
//! that states the size and the pixel layout. Decoding fax data ourselves,
//! or re-encoding pixels as PNG, would cost time and add code that can be
//! wrong; a header is a few dozen bytes that a unit test pins down.

/// One picture to recognise, encoded in a format Tesseract reads.
#[derive(Debug, Clone)]
pub struct OcrImage {
    /// The encoded file: JPEG, PNM, TIFF, PNG, JPEG 2000.
    pub bytes: Vec<u8>,
    /// Scan resolution when known (from the PDF page geometry), passed to
    /// Tesseract as `--dpi` since PNM carries none.
    pub dpi: Option<u32>,
}

/// How the samples of raw (already decompressed) pixel data are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixels {
    /// One sample per pixel; 0 is black unless `inverted`.
    Gray,
    /// Three samples per pixel.
    Rgb,
    /// Four samples per pixel, converted naively to RGB.
    Cmyk,
}

/// Wrap raw pixel rows (PDF layout: each row padded to a whole byte) as a
/// PNM file: P4 for 1-bit gray, P5 for gray, P6 for colour. Returns `None`
/// when the data is shorter than the stated size or the layout is not one
/// we know. `inverted` is a `/Decode [1 0]` array (or 1-bit `BlackIs1`).
pub fn pnm(
    data: &[u8],
    width: usize,
    height: usize,
    bits: u8,
    pixels: Pixels,
    inverted: bool,
) -> Option<Vec<u8>> {
    if width == 0 || height == 0 || !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return None;
    }
    let comps = match pixels {
        Pixels::Gray => 1,
        Pixels::Rgb => 3,
        Pixels::Cmyk => 4,
    };
    let row_bytes = (width * comps * bits as usize).div_ceil(8);
    let rows = data.chunks_exact(row_bytes).take(height);
    if rows.len() < height {
        return None;
    }
    if bits == 1 && pixels == Pixels::Gray {
        // PBM's 1 is black, PDF DeviceGray's 1 is white: flip unless the
        // Decode array already does.
        let mut out = format!("P4\n{width} {height}\n").into_bytes();
        for row in rows {
            out.extend(row.iter().map(|b| if inverted { *b } else { !*b }));
        }
        return Some(out);
    }
    let magic = if pixels == Pixels::Gray { "P5" } else { "P6" };
    let mut out = format!("{magic}\n{width} {height}\n255\n").into_bytes();
    let max = (1u32 << bits) - 1;
    let mut samples = Vec::with_capacity(width * comps);
    for row in rows {
        samples.clear();
        samples.extend((0..width * comps).map(|i| {
            let v = sample(row, i, bits);
            let v = if inverted { max - v } else { v };
            (v * 255 / max) as u8
        }));
        match pixels {
            Pixels::Gray | Pixels::Rgb => out.extend_from_slice(&samples),
            Pixels::Cmyk => {
                for px in samples.chunks_exact(4) {
                    let k = 255 - u32::from(px[3]);
                    for c in &px[..3] {
                        out.push(((255 - u32::from(*c)) * k / 255) as u8);
                    }
                }
            }
        }
    }
    Some(out)
}

/// The `i`-th sample of a row, `bits` wide (16-bit samples keep their high
/// byte, scaled as 8-bit would be by the caller's `max`).
fn sample(row: &[u8], i: usize, bits: u8) -> u32 {
    match bits {
        8 => u32::from(row[i]),
        16 => u32::from(row[2 * i]) << 8 | u32::from(row[2 * i + 1]),
        _ => {
            let bit = i * bits as usize;
            let byte = row[bit / 8];
            let shift = 8 - bits as usize - bit % 8;
            u32::from(byte >> shift) & ((1 << bits) - 1)
        }
    }
}

/// Expand `/Indexed` pixel data (one palette index per pixel, `bits` wide)
/// into 8-bit samples of the base colour space (`comps` per pixel).
pub fn unindex(
    data: &[u8],
    width: usize,
    height: usize,
    bits: u8,
    palette: &[u8],
    comps: usize,
) -> Option<Vec<u8>> {
    if !matches!(bits, 1 | 2 | 4 | 8) || comps == 0 {
        return None;
    }
    let row_bytes = (width * bits as usize).div_ceil(8);
    let rows = data.chunks_exact(row_bytes).take(height);
    if rows.len() < height {
        return None;
    }
    let mut out = Vec::with_capacity(width * height * comps);
    for row in rows {
        for x in 0..width {
            let at = sample(row, x, bits) as usize * comps;
            match palette.get(at..at + comps) {
                Some(c) => out.extend_from_slice(c),
                None => out.extend(std::iter::repeat_n(0, comps)),
            }
        }
    }
    Some(out)
}

/// CCITT fax parameters from a PDF `/DecodeParms` dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fax {
    /// `K`: < 0 Group 4, 0 Group 3 one-dimensional, > 0 Group 3 mixed.
    pub k: i64,
    pub columns: u32,
    pub rows: u32,
    /// `BlackIs1` (or a `/Decode [1 0]` array) asks for the inverse picture.
    pub inverted: bool,
    /// `EncodedByteAlign`: Group 3 lines start on a byte boundary.
    pub byte_align: bool,
}

/// Wrap CCITT Group 3/4 data as a little-endian, one-strip TIFF.
///
/// The PDF stream is the fax code itself (white and black runs, the same
/// bits a fax TIFF strip holds), so the picture needs no decoding: the TIFF
/// says "min-is-white" — fax convention — and `inverted` flips that.
pub fn ccitt_tiff(data: &[u8], fax: Fax) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    let (compression, options_tag, options) = if fax.k < 0 {
        (4u32, 293u16, 0u32)
    } else {
        // T4Options: bit 0 two-dimensional coding, bit 2 fill bits before EOL.
        let two_d = u32::from(fax.k > 0);
        let fill = if fax.byte_align { 4 } else { 0 };
        (3u32, 292u16, two_d | fill)
    };
    let photometric = u32::from(fax.inverted);
    let entries: [(u16, u16, u32); 10] = [
        (256, LONG, fax.columns),
        (257, LONG, fax.rows),
        (258, SHORT, 1),
        (259, SHORT, compression),
        (262, SHORT, photometric),
        (273, LONG, 0), // strip offset, filled in below
        (277, SHORT, 1),
        (278, LONG, fax.rows),
        (279, LONG, data.len() as u32),
        (options_tag, LONG, options),
    ];
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_at = (8 + ifd_len) as u32;
    let mut out = Vec::with_capacity(data_at as usize + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        let value = if tag == 273 { data_at } else { value };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if kind == SHORT {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    out.extend_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbm_flips_pdf_gray_bits() {
        // 10 pixels wide: two bytes a row, the last 6 bits padding.
        let data = [0b1111_0000, 0b1100_0000, 0b0000_1111, 0b0000_0000];
        let out = pnm(&data, 10, 2, 1, Pixels::Gray, false).unwrap();
        assert_eq!(&out[..8], b"P4\n10 2\n");
        assert_eq!(&out[8..], &[0b0000_1111, 0b0011_1111, 0b1111_0000, 0xff]);
        let kept = pnm(&data, 10, 2, 1, Pixels::Gray, true).unwrap();
        assert_eq!(&kept[8..], &data);
    }

    #[test]
    fn pgm_and_ppm_headers_and_samples() {
        let gray = pnm(&[0, 128, 255, 7], 2, 2, 8, Pixels::Gray, false).unwrap();
        assert_eq!(gray, b"P5\n2 2\n255\n\x00\x80\xff\x07");
        let inv = pnm(&[0, 255], 2, 1, 8, Pixels::Gray, true).unwrap();
        assert_eq!(&inv[11..], &[255, 0]);
        let rgb = pnm(&[1, 2, 3], 1, 1, 8, Pixels::Rgb, false).unwrap();
        assert_eq!(rgb, b"P6\n1 1\n255\n\x01\x02\x03");
        // 4-bit gray scales to 8 bits.
        let four = pnm(&[0xf0], 2, 1, 4, Pixels::Gray, false).unwrap();
        assert_eq!(&four[11..], &[255, 0]);
        // CMYK: pure black ink → black, no ink → white.
        let cmyk = pnm(&[0, 0, 0, 255, 0, 0, 0, 0], 2, 1, 8, Pixels::Cmyk, false).unwrap();
        assert_eq!(&cmyk[11..], &[0, 0, 0, 255, 255, 255]);
    }

    #[test]
    fn short_data_is_refused() {
        assert!(pnm(&[0, 1, 2], 2, 2, 8, Pixels::Gray, false).is_none());
        assert!(pnm(&[0; 4], 0, 2, 8, Pixels::Gray, false).is_none());
        assert!(pnm(&[0; 4], 2, 2, 3, Pixels::Gray, false).is_none());
    }

    #[test]
    fn indexed_expands_through_the_palette() {
        let palette = [0, 0, 0, 255, 255, 255];
        let rgb = unindex(&[0b0100_0000], 2, 1, 1, &palette, 3).unwrap();
        assert_eq!(rgb, [0, 0, 0, 255, 255, 255]);
    }

    fn tag(tiff: &[u8], want: u16) -> Option<u32> {
        let n = u16::from_le_bytes([tiff[8], tiff[9]]) as usize;
        (0..n).find_map(|i| {
            let e = &tiff[10 + i * 12..22 + i * 12];
            (u16::from_le_bytes([e[0], e[1]]) == want).then(|| {
                if u16::from_le_bytes([e[2], e[3]]) == 3 {
                    u32::from(u16::from_le_bytes([e[8], e[9]]))
                } else {
                    u32::from_le_bytes([e[8], e[9], e[10], e[11]])
                }
            })
        })
    }

    #[test]
    fn tiff_wraps_group4_and_group3() {
        let fax = Fax {
            k: -1,
            columns: 1728,
            rows: 20,
            inverted: false,
            byte_align: false,
        };
        let t = ccitt_tiff(b"FAXDATA", fax);
        assert_eq!(&t[..4], b"II*\0");
        assert_eq!(tag(&t, 256), Some(1728));
        assert_eq!(tag(&t, 257), Some(20));
        assert_eq!(tag(&t, 259), Some(4));
        assert_eq!(tag(&t, 262), Some(0));
        assert_eq!(tag(&t, 279), Some(7));
        let at = tag(&t, 273).unwrap() as usize;
        assert_eq!(&t[at..], b"FAXDATA");
        // Tags ascend, as TIFF requires.
        let n = u16::from_le_bytes([t[8], t[9]]) as usize;
        let tags: Vec<u16> = (0..n)
            .map(|i| u16::from_le_bytes([t[10 + i * 12], t[11 + i * 12]]))
            .collect();
        assert!(tags.windows(2).all(|w| w[0] < w[1]));

        let g3 = ccitt_tiff(
            b"X",
            Fax {
                k: 1,
                byte_align: true,
                inverted: true,
                ..fax
            },
        );
        assert_eq!(tag(&g3, 259), Some(3));
        assert_eq!(tag(&g3, 292), Some(5));
        assert_eq!(tag(&g3, 262), Some(1));
    }
}
