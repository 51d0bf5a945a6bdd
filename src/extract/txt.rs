//! Plain text: bytes → one `body` part. Decodes UTF-8 (with or without BOM),
//! UTF-16 with a BOM, and falls back to Windows-1252, the encoding of text
//! files saved by older Windows programs on Swedish machines (å = 0xE5). Line
//! endings (CRLF, CR) become `\n` so line numbers match what an editor shows.

use super::{Budget, ExtractError, Extracted, PartKind, TextPart};

pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut text = decode(bytes);
    if text.len() > budget.max_text {
        let cut = text.floor_char_boundary(budget.max_text);
        text.truncate(cut);
    }
    let text = normalize_newlines(&text);
    Ok(Extracted {
        parts: vec![TextPart::new(PartKind::Body, text)],
        ..Default::default()
    })
}

/// Decode text bytes whose encoding is not declared.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) if e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4 => {
            // Valid UTF-8 cut mid-character at the end (a truncated file):
            // still UTF-8, not Windows-1252.
            String::from_utf8_lossy(bytes).into_owned()
        }
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// CRLF and lone CR become LF.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Limits;

    fn body(bytes: &[u8]) -> String {
        let e = extract(bytes, &Budget::new(&Limits::default())).unwrap();
        e.parts[0].text.clone()
    }

    #[test]
    fn decodes_every_encoding_a_share_holds() {
        assert_eq!(body("Åsa Öberg".as_bytes()), "Åsa Öberg");
        assert_eq!(body(b"\xEF\xBB\xBFS\xC3\xA4ker"), "Säker");
        assert_eq!(body(b"\xFF\xFES\x00\xE4\x00k\x00"), "Säk");
        assert_eq!(body(b"\xFE\xFF\x00S\x00\xE4"), "Sä");
        assert_eq!(body(b"S\xE4ker h\xE5ll"), "Säker håll");
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(body(b"a\r\nb\rc\nd"), "a\nb\nc\nd");
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let mut b = "Malmö ö".as_bytes().to_vec();
        b.pop();
        assert!(body(&b).starts_with("Malmö "));
    }
}
