//! The XML parts of Office packages. The fuzzer's bytes become the parts of
//! a DOCX, XLSX, PPTX, ODT, ODS or ODP built in memory around a fixed
//! skeleton, stored uncompressed, so mutations reach the XML walkers instead
//! of dying in the ZIP reader's CRC check (the `ooxml` target covers that).
//!
//! Input: one byte picks the format; the rest is split on `\0\0` into parts,
//! taken in the order of that format's part list. A part not given keeps
//! the skeleton's version. `fuzz/seed.sh` turns real documents into inputs.
#![no_main]
use std::io::{Cursor, Write};

use arkivsvep::extract::{self, Budget, Limits};
use arkivsvep::sniff::Format;
use libfuzzer_sys::fuzz_target;

const SEP: &[u8] = b"\0\0";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// `(name, default)`: the parts fuzz bytes fill in order.
struct Skeleton {
    format: Format,
    parts: Vec<(&'static str, Option<String>)>,
}

fn rels(items: &[(&str, &str)]) -> Option<String> {
    let mut s = format!(r#"<Relationships xmlns="{RELS_NS}">"#);
    for (i, (kind, target)) in items.iter().enumerate() {
        let ns = if kind.starts_with("metadata/") {
            "http://schemas.openxmlformats.org/package/2006/relationships"
        } else {
            R
        };
        s += &format!(
            r#"<Relationship Id="rId{}" Type="{ns}/{kind}" Target="{target}"/>"#,
            i + 1
        );
    }
    Some(s + "</Relationships>")
}

fn skeleton(selector: u8) -> Skeleton {
    let props = [
        ("metadata/core-properties", "docProps/core.xml"),
        ("extended-properties", "docProps/app.xml"),
        ("custom-properties", "docProps/custom.xml"),
    ];
    match selector % 6 {
        0 => Skeleton {
            format: Format::Docx,
            parts: vec![
                (
                    "word/document.xml",
                    Some(format!(
                        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"#
                    )),
                ),
                ("word/styles.xml", None),
                ("word/numbering.xml", None),
                ("word/comments.xml", None),
                ("word/header1.xml", None),
                ("word/footnotes.xml", None),
                ("docProps/core.xml", None),
                ("docProps/app.xml", None),
                ("docProps/custom.xml", None),
                ("word/settings.xml", None),
                ("word/diagrams/data1.xml", None),
                (
                    "word/_rels/document.xml.rels",
                    rels(&[
                        ("styles", "styles.xml"),
                        ("numbering", "numbering.xml"),
                        ("comments", "comments.xml"),
                        ("header", "header1.xml"),
                        ("footnotes", "footnotes.xml"),
                        ("settings", "settings.xml"),
                        ("diagramData", "diagrams/data1.xml"),
                        ("hyperlink", "https://example.org/a"),
                    ]),
                ),
                (
                    "_rels/.rels",
                    rels(&[&[("officeDocument", "word/document.xml")][..], &props[..]].concat()),
                ),
                ("[Content_Types].xml", Some("<Types/>".into())),
            ],
        },
        1 => Skeleton {
            format: Format::Xlsx,
            parts: vec![
                (
                    "xl/worksheets/sheet1.xml",
                    Some("<worksheet><sheetData/></worksheet>".into()),
                ),
                ("xl/sharedStrings.xml", None),
                (
                    "xl/workbook.xml",
                    Some(format!(
                        r#"<workbook xmlns:r="{R}"><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#
                    )),
                ),
                ("xl/worksheets/sheet2.xml", None),
                ("xl/comments1.xml", None),
                ("docProps/core.xml", None),
                ("docProps/app.xml", None),
                (
                    "xl/_rels/workbook.xml.rels",
                    rels(&[
                        ("worksheet", "worksheets/sheet1.xml"),
                        ("worksheet", "worksheets/sheet2.xml"),
                        ("sharedStrings", "sharedStrings.xml"),
                    ]),
                ),
                (
                    "xl/worksheets/_rels/sheet1.xml.rels",
                    rels(&[("comments", "../comments1.xml")]),
                ),
                (
                    "_rels/.rels",
                    rels(&[&[("officeDocument", "xl/workbook.xml")][..], &props[..]].concat()),
                ),
            ],
        },
        2 => Skeleton {
            format: Format::Pptx,
            parts: vec![
                (
                    "ppt/slides/slide1.xml",
                    Some(
                        r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree/></p:cSld></p:sld>"#
                            .into(),
                    ),
                ),
                ("ppt/notesSlides/notesSlide1.xml", None),
                ("ppt/comments/comment1.xml", None),
                (
                    "ppt/presentation.xml",
                    Some(format!(
                        r#"<p:presentation xmlns:p="p" xmlns:r="{R}"><p:sldIdLst><p:sldId id="256" r:id="rId1"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>"#
                    )),
                ),
                ("ppt/slides/slide2.xml", None),
                ("ppt/commentAuthors.xml", None),
                ("docProps/core.xml", None),
                (
                    "ppt/_rels/presentation.xml.rels",
                    rels(&[
                        ("slide", "slides/slide1.xml"),
                        ("slide", "slides/slide2.xml"),
                        ("commentAuthors", "commentAuthors.xml"),
                    ]),
                ),
                (
                    "ppt/slides/_rels/slide1.xml.rels",
                    rels(&[
                        ("notesSlide", "../notesSlides/notesSlide1.xml"),
                        ("comments", "../comments/comment1.xml"),
                    ]),
                ),
                (
                    "_rels/.rels",
                    rels(
                        &[
                            &[("officeDocument", "ppt/presentation.xml")][..],
                            &props[..],
                        ]
                        .concat(),
                    ),
                ),
            ],
        },
        n => {
            let kind = ["text", "spreadsheet", "presentation"][usize::from(n - 3)];
            Skeleton {
                format: Format::Odt,
                parts: vec![
                    ("content.xml", Some("<office:document-content/>".into())),
                    ("styles.xml", None),
                    ("meta.xml", None),
                    (
                        "mimetype",
                        Some(format!("application/vnd.oasis.opendocument.{kind}")),
                    ),
                ],
            }
        }
    }
}

/// A stored (uncompressed) ZIP of `parts`.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

fn split<'a>(mut data: &'a [u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = data.windows(SEP.len()).position(|w| w == SEP) {
        out.push(&data[..at]);
        data = &data[at + SEP.len()..];
    }
    out.push(data);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let skeleton = skeleton(selector);
    let given = split(rest);
    let mut parts: Vec<(&str, Vec<u8>)> = Vec::new();
    for (i, (name, default)) in skeleton.parts.iter().enumerate() {
        match given.get(i) {
            Some(bytes) => parts.push((name, bytes.to_vec())),
            None => {
                if let Some(d) = default {
                    parts.push((name, d.clone().into_bytes()));
                }
            }
        }
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let package = zip_of(&refs);
    let limits = Limits {
        timeout_secs: 5,
        ..Limits::default()
    };
    let _ = extract::extract(skeleton.format, &package, &Budget::new(&limits));
});
