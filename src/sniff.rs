//! Sniffing: bytes → [`Format`]. The extension is never trusted: a `.pdf`
//! that is really a Word file, or a `.txt` that is a ZIP, is read as what its
//! bytes say. Sniffing looks at magic numbers, a ZIP's part names, and for
//! text at the absence of NUL bytes and a decodable encoding.

use std::io::Cursor;

/// What the bytes of a document are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Epub,
    Zip,
    Txt,
    Rtf,
    Html,
    Eml,
    /// OLE2 compound file: legacy .doc/.xls/.ppt/.msg, or encrypted OOXML.
    Ole2,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Gzip,
    SevenZip,
    Rar,
    Empty,
    /// Anything else that is not text.
    Binary,
}

impl Format {
    /// The report-v1 `format` name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Epub => "epub",
            Format::Zip => "zip",
            Format::Txt => "txt",
            Format::Rtf => "rtf",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Ole2 => "ole2",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Tiff => "tiff",
            Format::Gif => "gif",
            Format::Gzip => "gzip",
            Format::SevenZip => "7z",
            Format::Rar => "rar",
            Format::Empty => "empty",
            Format::Binary => "binary",
        }
    }
}

/// How many leading bytes the text heuristic looks at.
const TEXT_PROBE: usize = 64 * 1024;

/// Decide what `bytes` are.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    if let Some(format) = sniff_magic(bytes) {
        return format;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    sniff_text(bytes)
}

fn sniff_magic(bytes: &[u8]) -> Option<Format> {
    // PDF readers accept the header anywhere in the first 1024 bytes
    // (ISO 32000-1, annex H); so do we, so a PDF with junk in front is read.
    let head = &bytes[..bytes.len().min(1024)];
    if memfind(head, b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    let magic: &[(&[u8], Format)] = &[
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Format::Ole2),
        (b"\x89PNG\r\n\x1a\n", Format::Png),
        (b"\xFF\xD8\xFF", Format::Jpeg),
        (b"II*\x00", Format::Tiff),
        (b"MM\x00*", Format::Tiff),
        (b"GIF87a", Format::Gif),
        (b"GIF89a", Format::Gif),
        (b"\x1F\x8B", Format::Gzip),
        (b"7z\xBC\xAF\x27\x1C", Format::SevenZip),
        (b"Rar!\x1A\x07", Format::Rar),
        (b"{\\rtf", Format::Rtf),
    ];
    magic
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|&(_, f)| f)
}

/// A ZIP is an Office package when its parts say so; otherwise it is an
/// archive. A ZIP whose directory cannot be read is still a ZIP (the archive
/// reader reports why).
fn sniff_zip(bytes: &[u8]) -> Format {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Format::Zip;
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("word/document.xml") {
        return Format::Docx;
    }
    if has("xl/workbook.xml") {
        return Format::Xlsx;
    }
    if has("ppt/presentation.xml") {
        return Format::Pptx;
    }
    let has_ooxml_types = has("[Content_Types].xml");
    if has("mimetype")
        && let Some(format) = odf_mimetype(&mut zip)
    {
        return format;
    }
    if has_ooxml_types {
        // A package whose main part has another name: trust the content types.
        if let Some(format) = ooxml_from_content_types(&mut zip) {
            return format;
        }
    }
    Format::Zip
}

fn read_small(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, cap: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    file.take(cap).read_to_end(&mut out).ok()?;
    Some(out)
}

fn odf_mimetype(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Format> {
    let mime = read_small(zip, "mimetype", 200)?;
    let mime = String::from_utf8_lossy(&mime);
    let mime = mime.trim();
    Some(match mime {
        "application/vnd.oasis.opendocument.text" => Format::Odt,
        "application/vnd.oasis.opendocument.spreadsheet" => Format::Ods,
        "application/vnd.oasis.opendocument.presentation" => Format::Odp,
        "application/epub+zip" => Format::Epub,
        _ => return None,
    })
}

fn ooxml_from_content_types(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Format> {
    let types = read_small(zip, "[Content_Types].xml", 1 << 20)?;
    let types = String::from_utf8_lossy(&types);
    if types.contains("wordprocessingml.document.main")
        || types.contains("wordprocessingml.template.main")
        || types.contains("ms-word.document.macroEnabled.main")
    {
        Some(Format::Docx)
    } else if types.contains("spreadsheetml.sheet.main") {
        Some(Format::Xlsx)
    } else if types.contains("presentationml.presentation.main") {
        Some(Format::Pptx)
    } else {
        None
    }
}

/// Text is what has no NUL bytes (UTF-16 with a BOM excepted) in its first
/// 64 KiB and few control characters. Markup flavours of text (HTML, e-mail)
/// are told apart by their first lines.
fn sniff_text(bytes: &[u8]) -> Format {
    let probe = &bytes[..bytes.len().min(TEXT_PROBE)];
    if probe.starts_with(b"\xFF\xFE") || probe.starts_with(b"\xFE\xFF") {
        return Format::Txt;
    }
    if probe.contains(&0) {
        return Format::Binary;
    }
    let controls = probe
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    if controls * 100 > probe.len().max(1) {
        return Format::Binary;
    }
    let start = String::from_utf8_lossy(&probe[..probe.len().min(2048)]).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Format::Html;
    }
    if looks_like_email(start) {
        return Format::Eml;
    }
    Format::Txt
}

/// An RFC 5322 message starts with header fields; require the ones every
/// exported e-mail has.
fn looks_like_email(start: &str) -> bool {
    let header: Vec<&str> = start.lines().take_while(|l| !l.trim().is_empty()).collect();
    let has = |name: &str| header.iter().any(|l| l.starts_with(name));
    (has("from:") || has("return-path:") || has("received:"))
        && has("subject:")
        && (has("mime-version:") || has("message-id:") || has("date:"))
        && header.first().is_some_and(|l| {
            l.split_once(':')
                .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '))
        })
}

/// Position of `needle` in `hay`.
pub fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(names: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            for (name, data) in names {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn pdf_by_magic_even_with_junk_before() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"\r\n  junk %PDF-1.4\n"), Format::Pdf);
    }

    #[test]
    fn zip_parts_decide_office_formats() {
        let docx = zip_with(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
        ]);
        assert_eq!(sniff(&docx), Format::Docx);
        let xlsx = zip_with(&[("xl/workbook.xml", b"<w/>")]);
        assert_eq!(sniff(&xlsx), Format::Xlsx);
        let pptx = zip_with(&[("ppt/presentation.xml", b"<p/>")]);
        assert_eq!(sniff(&pptx), Format::Pptx);
        let odt = zip_with(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert_eq!(sniff(&odt), Format::Odt);
        let plain = zip_with(&[("a.txt", b"hej")]);
        assert_eq!(sniff(&plain), Format::Zip);
    }

    #[test]
    fn text_and_binary() {
        assert_eq!(sniff("Hej världen\r\n".as_bytes()), Format::Txt);
        assert_eq!(sniff(b"Hej v\xe4rlden"), Format::Txt); // Windows-1252
        assert_eq!(sniff(b"\xFF\xFEH\x00e\x00j\x00"), Format::Txt); // UTF-16LE BOM
        assert_eq!(sniff(b"abc\x00def"), Format::Binary);
        assert_eq!(sniff(b""), Format::Empty);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nxxxx"), Format::Png);
    }

    #[test]
    fn markup_text() {
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        let mail = b"From: a@b.se\nTo: c@d.se\nSubject: Hej\nDate: Mon, 1 Jan 2024\n\nText";
        assert_eq!(sniff(mail), Format::Eml);
        assert_eq!(sniff(b"Subject: not a mail\n\nText"), Format::Txt);
    }
}
