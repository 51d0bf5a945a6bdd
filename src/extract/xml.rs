//! Streaming XML for every zip+XML format (OOXML, ODF): a part's bytes →
//! calls on a [`Visitor`], one element or text run at a time, never a DOM.
//!
//! Why a wrapper around quick-xml instead of using it directly in each
//! format: the hostile-input rules live here once.
//! - Entities: only the five predefined ones and character references are
//!   resolved. A DTD is skipped unread, so external entities are never
//!   fetched and a "billion laughs" declaration expands to nothing.
//! - Size: the reader is fed through [`Capped`], so a part that inflates past
//!   `Budget::max_expand` fails with `Limit` instead of filling memory.
//! - Time: `Budget::check` runs every few thousand events.
//! - Encoding: UTF-8 streams straight through; a UTF-16 or legacy-encoded
//!   part (rare, but Word and LibreOffice accept them) is transcoded with
//!   encoding_rs first; broken UTF-8 is read again lossily rather than lost.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesStart, Event};

use super::{Budget, ExtractError};

/// Receives the parts of an XML document in order. Element names are local
/// names (prefix dropped), so Strict OOXML (other namespace URIs, same local
/// names) reads like Transitional.
pub trait Visitor {
    /// An element opens. Empty elements get `start` then `end`.
    fn start(&mut self, local: &str, e: &BytesStart<'_>);
    /// An element closes.
    fn end(&mut self, local: &str);
    /// Character data, entities already resolved.
    fn text(&mut self, text: &str);
}

/// Marker message of the I/O error [`Capped`] raises, so it can be told apart
/// from a damaged stream.
const OVER_CAP: &str = "part expands past the size limit";

/// A reader that fails once more than `left` bytes come out of it. Declared
/// sizes in a ZIP can lie; this cannot.
pub struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Capped<R> {
    /// Wrap `inner`, allowing at most `cap` bytes out of it.
    pub fn new(inner: R, cap: u64) -> Self {
        Capped { inner, left: cap }
    }

    /// Bytes that may still be read.
    pub fn left(&self) -> u64 {
        self.left
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // Ask for one byte more than allowed so an over-long part is noticed.
        let want = buf
            .len()
            .min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(io::Error::other(OVER_CAP));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Map an I/O error from a capped part reader to an extraction error.
pub fn io_error(format: &'static str, e: &io::Error) -> ExtractError {
    if e.to_string().contains(OVER_CAP) {
        ExtractError::Limit(OVER_CAP.into())
    } else {
        ExtractError::corrupt(format, e)
    }
}

/// Why a walk stopped early.
pub enum WalkError {
    /// The bytes are not UTF-8: worth one more try, decoded lossily.
    Utf8,
    Fatal(ExtractError),
}

/// How many events pass between two time checks.
const CHECK_EVERY: u32 = 4096;

/// Stream `reader` through `visitor`; the reader is handed back at the end
/// so the caller can see how much it gave.
pub fn walk<R: BufRead, V: Visitor>(
    reader: R,
    format: &'static str,
    budget: &Budget,
    visitor: &mut V,
) -> Result<R, WalkError> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    // Office files from odd producers are not always well-formed; read what
    // is there rather than refuse the file over a stray end tag.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut events = 0u32;
    loop {
        events += 1;
        if events.is_multiple_of(CHECK_EVERY) {
            budget.check().map_err(WalkError::Fatal)?;
        }
        let event = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(quick_xml::Error::Encoding(_)) => return Err(WalkError::Utf8),
            Err(quick_xml::Error::Io(e)) => return Err(WalkError::Fatal(io_error(format, &e))),
            Err(e) => return Err(WalkError::Fatal(ExtractError::corrupt(format, e))),
        };
        match event {
            Event::Start(e) => visitor.start(e.local_name().as_ref(), &e),
            Event::Empty(e) => {
                let local = e.local_name();
                visitor.start(local.as_ref(), &e);
                visitor.end(local.as_ref());
            }
            Event::End(e) => visitor.end(e.local_name().as_ref()),
            Event::Text(t) => visitor.text(&t.xml10_content()),
            Event::CData(t) => visitor.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(c) = resolve_ref(&r) {
                    let mut tmp = [0u8; 4];
                    visitor.text(c.encode_utf8(&mut tmp));
                }
            }
            Event::Eof => return Ok(xml.into_inner()),
            // DocType is deliberately ignored: no entity it declares is ever
            // expanded, internal or external.
            Event::DocType(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
}

/// The five predefined entities and character references; anything else
/// (a DTD-declared entity) resolves to nothing.
fn resolve_ref(r: &str) -> Option<char> {
    match r {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = r.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Walk bytes already in memory (transcoding them first when needed).
pub fn walk_bytes<V: Visitor>(
    bytes: &[u8],
    format: &'static str,
    budget: &Budget,
    visitor: &mut V,
) -> Result<(), ExtractError> {
    let text = decode(bytes);
    match walk(text.as_bytes(), format, budget, visitor) {
        Ok(_) => Ok(()),
        // `decode` always yields valid UTF-8, so this cannot happen; say so
        // rather than loop.
        Err(WalkError::Utf8) => Err(ExtractError::corrupt(format, "undecodable text")),
        Err(WalkError::Fatal(e)) => Err(e),
    }
}

/// Whether the first bytes of a part say it is not UTF-8.
pub fn needs_transcoding(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return true;
    }
    declared_encoding(head).is_some_and(|enc| enc != encoding_rs::UTF_8)
}

/// The encoding named in an `<?xml … encoding="…"?>` declaration.
fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.iter().position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    // The "quote" is whatever follows `=`, not always one byte (fuzzing).
    let rest = &rest[quote.len_utf8()..];
    let label = &rest[..rest.find(quote)?];
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Bytes of an XML part → UTF-8 text: by BOM, then by declaration, else
/// UTF-8 with invalid sequences replaced.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text;
    }
    if let Some(enc) = declared_encoding(&bytes[..bytes.len().min(256)])
        && enc != encoding_rs::UTF_8
    {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return text;
    }
    String::from_utf8_lossy(bytes)
}

/// The value of the attribute whose local name is `local`, entities resolved.
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    find_attr(e, |a| a.key.local_name().as_ref() == local)
}

/// The value of the attribute whose qualified name is exactly `qname`.
pub fn attr_q(e: &BytesStart<'_>, qname: &str) -> Option<String> {
    find_attr(e, |a| a.key.as_ref() == qname)
}

fn find_attr(
    e: &BytesStart<'_>,
    wanted: impl Fn(&quick_xml::events::attributes::Attribute<'_>) -> bool,
) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    let a = attrs.flatten().find(|a| wanted(a))?;
    Some(
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.into_owned(),
        },
    )
}

/// Appends text to a buffer while a shared text budget lasts; once it runs
/// out, further text is dropped and `truncated` says so.
#[derive(Debug)]
pub struct TextLimit {
    /// Bytes of text still allowed.
    pub left: usize,
    /// Whether any text was dropped.
    pub truncated: bool,
}

impl TextLimit {
    /// A limit of `max` bytes of text.
    pub fn new(max: usize) -> Self {
        TextLimit {
            left: max,
            truncated: false,
        }
    }

    /// Push `s` onto `out` if the budget allows (cut at a char boundary).
    pub fn push(&mut self, out: &mut String, s: &str) {
        if s.len() <= self.left {
            out.push_str(s);
            self.left -= s.len();
        } else {
            let cut = s.floor_char_boundary(self.left);
            out.push_str(&s[..cut]);
            self.left = 0;
            self.truncated = true;
        }
    }

    /// Push `line` as a new line of `out` (no empty lines, trailing space cut).
    pub fn push_line(&mut self, out: &mut String, line: &str) {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            return;
        }
        if !out.is_empty() {
            self.push(out, "\n");
        }
        self.push(out, line);
    }
}

/// Push a metadata field whose value was gathered from XML text: trimmed,
/// and only when something is left. Shared by the ODF and OOXML property
/// readers.
pub fn push_field(fields: &mut Vec<super::MetaField>, key: String, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        fields.push(super::MetaField {
            key,
            value: value.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Limits;

    #[test]
    fn an_encoding_declaration_may_quote_with_any_character() {
        // Found by fuzzing: a two-byte "quote" sliced inside a character.
        assert!(declared_encoding("<?xml encoding=٪utf-16٪?>".as_bytes()).is_some());
        assert!(declared_encoding("<?xml encoding=٪?>".as_bytes()).is_none());
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding='windows-1252'?>"),
            Some(encoding_rs::WINDOWS_1252)
        );
    }

    #[derive(Default)]
    struct Collect(String, Vec<String>);
    impl Visitor for Collect {
        fn start(&mut self, local: &str, _e: &BytesStart<'_>) {
            self.1.push(local.to_string());
        }
        fn end(&mut self, _local: &str) {}
        fn text(&mut self, text: &str) {
            self.0.push_str(text);
        }
    }

    fn text_of(xml: &[u8]) -> Result<String, ExtractError> {
        let mut c = Collect::default();
        walk_bytes(xml, "xml", &Budget::new(&Limits::default()), &mut c)?;
        Ok(c.0)
    }

    #[test]
    fn external_and_declared_entities_are_never_expanded() {
        let xxe = br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>a&x;b</r>"#;
        assert_eq!(text_of(xxe).unwrap(), "ab");
        let lol = br#"<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;&c;&c;</r>"#;
        assert_eq!(text_of(lol).unwrap(), "");
    }

    #[test]
    fn predefined_and_character_references_resolve() {
        assert_eq!(
            text_of(b"<r>a&lt;b&amp;&#229;&#xE4;</r>").unwrap(),
            "a<b&\u{e5}\u{e4}"
        );
    }

    #[test]
    fn utf16_and_latin1_parts_are_transcoded() {
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<r>Åsa</r>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(text_of(&utf16).unwrap(), "Åsa");
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>\xC5sa</r>";
        assert_eq!(text_of(latin).unwrap(), "Åsa");
    }

    #[test]
    fn capped_reader_refuses_more_than_the_cap() {
        let mut out = Vec::new();
        let err = Capped::new(&[0u8; 100][..], 10)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(matches!(io_error("x", &err), ExtractError::Limit(_)));
        let mut out = Vec::new();
        Capped::new(&[0u8; 10][..], 10)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), 10);
    }
}
