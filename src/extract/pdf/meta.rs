//! Document metadata: the Info dictionary and the XMP packet.
//!
//! Both are kept under the keys the file uses (`Producer`, `xmp:CreatorTool`,
//! `Iptc4xmpExt:DigitalSourceType` …) so a reviewer can find them again with
//! exiftool. The XMP packet is read with quick-xml as a plain event stream:
//! no DTD, no entity beyond the five predefined ones and character
//! references, so an XML external-entity attack has nothing to resolve.

use lopdf::{Dictionary, Document, Object};
use quick_xml::events::Event;

use super::obj;
use crate::extract::MetaField;

/// Info dictionary keys that are reported.
const INFO_KEYS: [&str; 8] = [
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
];

/// XMP properties that are reported (as written, prefix included).
const XMP_KEYS: [&str; 14] = [
    "dc:creator",
    "dc:title",
    "dc:description",
    "dc:subject",
    "xmp:CreatorTool",
    "xmp:CreateDate",
    "xmp:ModifyDate",
    "pdf:Producer",
    "pdf:Keywords",
    "pdf:Author",
    "Iptc4xmpExt:DigitalSourceType",
    "photoshop:AuthorsPosition",
    "xmpMM:DocumentID",
    "pdfx:AIGenerated",
];

/// Longest value kept; metadata is a pointer for a reviewer, not a payload.
const MAX_VALUE: usize = 4096;
/// XMP packets larger than this are not parsed.
const MAX_XMP: usize = 4 << 20;

/// Decodes a PDF text string: UTF-16BE or UTF-8 with their byte-order marks,
/// else PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]));
        return char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        // Not allowed by the standard, but written by some tools.
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        return char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let table = &super::glyphs::base_tables().pdf_doc;
    bytes
        .iter()
        .filter_map(|&b| match b {
            b'\t' | b'\n' | b'\r' => Some(b as char),
            _ => table[b as usize].or_else(|| (b >= 0x20).then(|| char::from(b))),
        })
        .collect()
}

/// A text value of any string or name object.
pub fn object_text(doc: &Document, o: &Object) -> Option<String> {
    match obj::resolve(doc, o) {
        Object::String(s, _) => Some(text_string(s)),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        Object::Integer(i) => Some(i.to_string()),
        Object::Real(r) => Some(r.to_string()),
        Object::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn clean(value: &str) -> String {
    let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    value[..value.floor_char_boundary(MAX_VALUE)].to_owned()
}

/// The Info dictionary's fields.
pub fn info(doc: &Document, out: &mut Vec<MetaField>) {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| obj::as_dict(doc, o))
    else {
        return;
    };
    for key in INFO_KEYS {
        if let Some(value) = obj::get(doc, info, key.as_bytes()).and_then(|o| object_text(doc, o)) {
            let value = clean(&value);
            if !value.is_empty() {
                out.push(MetaField {
                    key: key.into(),
                    value,
                });
            }
        }
    }
}

/// The catalog's XMP packet, decoded within `limit`.
pub fn xmp_packet(doc: &Document, catalog: &Dictionary, limit: u64) -> Option<Vec<u8>> {
    let stream = obj::get(doc, catalog, b"Metadata").and_then(|o| obj::as_stream(doc, o))?;
    obj::stream_bytes(stream, limit.min(MAX_XMP as u64))
}

/// Reads the reported properties out of an XMP packet, whether written as
/// attributes of `rdf:Description`, as elements with text, as `rdf:resource`
/// or as `rdf:Seq`/`rdf:Bag`/`rdf:Alt` lists (items joined with "; ").
pub fn xmp(packet: &[u8], out: &mut Vec<MetaField>) {
    let packet = String::from_utf8_lossy(packet);
    let mut reader = quick_xml::Reader::from_str(&packet);
    reader.config_mut().check_end_names = false;
    // The reported property we are inside, and the text gathered so far.
    let mut current: Option<(String, Vec<String>, usize)> = None;
    let mut depth = 0usize;
    let mut text = String::new();
    let mut events = 0usize;
    loop {
        events += 1;
        if events > 1_000_000 {
            break;
        }
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                for attr in e.attributes().flatten() {
                    let key = attr.key.as_ref().to_owned();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    if let Some(k) = xmp_key(&key) {
                        push_meta(out, k, &value);
                    } else if key == "rdf:resource"
                        && let Some(k) = xmp_key(&name)
                    {
                        push_meta(out, k, &value);
                    }
                }
                if is_start {
                    if current.is_none()
                        && let Some(k) = xmp_key(&name)
                    {
                        current = Some((k.to_owned(), Vec::new(), depth));
                        text.clear();
                    }
                    depth += 1;
                }
            }
            Event::Text(t) if current.is_some() => text.push_str(&t.xml10_content()),
            Event::CData(t) if current.is_some() => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) if current.is_some() => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.name();
                if let Some((key, items, d)) = &mut current {
                    if name.as_ref() == "rdf:li" {
                        let item = clean(&text);
                        if !item.is_empty() && items.len() < 64 {
                            items.push(item);
                        }
                        text.clear();
                    } else if depth == *d {
                        let last = clean(&text);
                        if !last.is_empty() {
                            items.push(last);
                        }
                        let joined = items.join("; ");
                        push_meta(out, &key.clone(), &joined);
                        current = None;
                        text.clear();
                    }
                }
            }
            _ => {}
        }
    }
}

/// The reported key for an XMP property name, matched on its local name so
/// a file that binds the namespace to another prefix (`iptcExt:`,
/// `xap:CreatorTool`) still reports under the usual spelling.
fn xmp_key(qname: &str) -> Option<&'static str> {
    let local = qname.rsplit(':').next().unwrap_or(qname);
    if !qname.contains(':') {
        return None;
    }
    XMP_KEYS
        .iter()
        .find(|k| k.rsplit(':').next() == Some(local))
        .copied()
}

fn push_meta(out: &mut Vec<MetaField>, key: &str, value: &str) {
    let value = clean(value);
    if value.is_empty() || out.iter().any(|m| m.key == key && m.value == value) || out.len() > 1000
    {
        return;
    }
    out.push(MetaField {
        key: key.into(),
        value,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(xml: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        xmp(xml.as_bytes(), &mut out);
        out.into_iter().map(|m| (m.key, m.value)).collect()
    }

    #[test]
    fn xmp_elements_attributes_and_lists() {
        let got = fields(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmp:CreatorTool="Word &amp; co" pdf:Producer="Acme PDF">
              <dc:creator><rdf:Seq><rdf:li>Anna Berg</rdf:li><rdf:li>Bo Ek</rdf:li></rdf:Seq></dc:creator>
              <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Beslut</rdf:li></rdf:Alt></dc:title>
              <Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#,
        );
        let get = |k: &str| {
            got.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("xmp:CreatorTool"), Some("Word & co"));
        assert_eq!(get("pdf:Producer"), Some("Acme PDF"));
        assert_eq!(get("dc:creator"), Some("Anna Berg; Bo Ek"));
        assert_eq!(get("dc:title"), Some("Beslut"));
        assert_eq!(
            get("Iptc4xmpExt:DigitalSourceType"),
            Some("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
        );
    }

    #[test]
    fn xmp_resource_form_and_external_entity_not_resolved() {
        let got = fields(
            r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rdf:Description>
            <Iptc4xmpExt:DigitalSourceType rdf:resource="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"/>
            <dc:title>a&e;b</dc:title></rdf:Description>"#,
        );
        assert!(got.contains(&(
            "Iptc4xmpExt:DigitalSourceType".into(),
            "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture".into()
        )));
        assert!(got.contains(&("dc:title".into(), "ab".into())));
    }

    #[test]
    fn xmp_other_prefixes() {
        let got = fields(
            r#"<rdf:Description xap:CreatorTool="Tool" iptcExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>"#,
        );
        assert!(got.contains(&("xmp:CreatorTool".into(), "Tool".into())));
        assert!(
            got.iter()
                .any(|(k, _)| k == "Iptc4xmpExt:DigitalSourceType")
        );
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xFE\xFF\x00\xE5\x00A"), "åA");
        assert_eq!(text_string(b"G\xf6teborg"), "Göteborg");
    }
}
