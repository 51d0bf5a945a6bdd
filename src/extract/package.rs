//! A ZIP package (OOXML or ODF) opened for reading parts: case-insensitive
//! part lookup, each part streamed through [`xml::walk`] with a size cap,
//! OOXML relationships, and the package-level extras every Office format
//! shares (embedded objects, C2PA content credentials).
//!
//! Why one type: DOCX, XLSX, PPTX, ODT, ODS and ODP are all "ZIP of XML
//! parts", and the limits (part size, encryption, damaged members) must be
//! applied the same way to each. Nothing is written to disk.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use super::xml::{self, Capped, Visitor, WalkError};
use super::{Attachment, Budget, ExtractError, Extracted};

/// An opened ZIP package.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → index in the archive.
    index: HashMap<String, usize>,
    /// Part names as written, in archive order.
    names: Vec<String>,
    /// Format name for error messages ("docx", "odt" …).
    pub format: &'static str,
    /// Bytes all parts together may still expand to.
    read_left: u64,
}

/// Most parts a package may list; real documents have dozens, a few hundred
/// with many images.
const MAX_PARTS: usize = 50_000;

/// All parts read from one package may expand to this many times the
/// single-part limit: enough for a body, its headers and embeddings, not for
/// a bomb that points many relationships at one huge part.
const TOTAL_FACTOR: u64 = 4;

/// One OOXML relationship, its target resolved to a part name.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    /// The last path segment of the relationship type URI
    /// ("officeDocument", "header", "comments" …); the same for Transitional
    /// and Strict, whose URIs differ only in their prefix.
    pub kind: String,
    pub target: String,
    pub external: bool,
}

impl<'a> Package<'a> {
    /// Open `bytes` as a ZIP package.
    pub fn open(
        bytes: &'a [u8],
        format: &'static str,
        budget: &Budget,
    ) -> Result<Self, ExtractError> {
        if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            // An Office name on an OLE2 file: encrypted OOXML or a legacy file.
            return Err(super::ole2_error(bytes));
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ExtractError::corrupt(format, format!("not a readable ZIP package: {e}"))
        })?;
        if zip.len() > MAX_PARTS {
            return Err(ExtractError::Limit(format!(
                "{} parts in one package",
                zip.len()
            )));
        }
        if super::archive::has_overlapping_members(&mut zip) {
            return Err(ExtractError::Limit(
                "parts share compressed data (overlapping-entry zip bomb)".into(),
            ));
        }
        let mut index = HashMap::new();
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let Some(Ok(name)) = zip.name_for_index(i) else {
                continue;
            };
            let name = name.into_owned();
            index.entry(name.to_ascii_lowercase()).or_insert(i);
            names.push(name);
        }
        Ok(Package {
            zip,
            index,
            names,
            format,
            read_left: budget.max_expand.saturating_mul(TOTAL_FACTOR),
        })
    }

    /// Part names as written in the archive.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Declared uncompressed size of the largest part under `dir/`.
    pub fn largest_under(&self, dir: &str) -> u64 {
        let prefix = format!("{}/", dir.trim_end_matches('/')).to_ascii_lowercase();
        self.names
            .iter()
            .filter(|n| n.to_ascii_lowercase().starts_with(&prefix))
            .filter_map(|n| self.find(n))
            .filter_map(|i| self.zip.by_index_data(i).ok().map(|e| e.size()))
            .max()
            .unwrap_or(0)
    }

    /// Whether a part exists (case-insensitive, leading `/` ignored).
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        self.index.get(&name.to_ascii_lowercase()).copied()
    }

    fn open_index(
        &mut self,
        idx: usize,
    ) -> Result<zip::read::ZipFile<'_, Cursor<&'a [u8]>>, ExtractError> {
        let format = self.format;
        match self.zip.by_index(idx) {
            Ok(f) if f.encrypted() => {
                Err(ExtractError::Encrypted("password-protected part".into()))
            }
            Ok(f) => Ok(f),
            Err(zip::result::ZipError::UnsupportedArchive(msg)) if msg.contains("assword") => {
                Err(ExtractError::Encrypted("password-protected part".into()))
            }
            Err(e) => Err(ExtractError::corrupt(format, e)),
        }
    }

    /// Read a whole part into memory, at most `cap` bytes (more is `Limit`).
    /// `None` when the part does not exist.
    pub fn read(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(idx) = self.find(name) else {
            return Ok(None);
        };
        self.read_index(idx, cap).map(Some)
    }

    fn read_index(&mut self, idx: usize, cap: u64) -> Result<Vec<u8>, ExtractError> {
        let format = self.format;
        let cap = cap.min(self.read_left);
        let file = self.open_index(idx)?;
        let hint = file.size().min(cap).min(64 << 20) as usize;
        let mut out = Vec::with_capacity(hint);
        let read = Capped::new(file, cap).read_to_end(&mut out);
        self.read_left -= out.len() as u64;
        read.map_err(|e| xml::io_error(format, &e))?;
        Ok(out)
    }

    /// Stream the XML part `name` through a visitor made by `make`. `None`
    /// when the part does not exist. A part that is not valid UTF-8 is
    /// read a second time, decoded lossily, with a fresh visitor.
    pub fn walk<V: Visitor>(
        &mut self,
        name: &str,
        budget: &Budget,
        make: impl Fn() -> V,
    ) -> Result<Option<V>, ExtractError> {
        let Some(idx) = self.find(name) else {
            return Ok(None);
        };
        let format = self.format;
        let cap = budget.max_expand.min(self.read_left);
        let streamed = {
            let file = self.open_index(idx)?;
            let mut reader = BufReader::with_capacity(64 * 1024, Capped::new(file, cap));
            let head = reader.fill_buf().map_err(|e| xml::io_error(format, &e))?;
            if xml::needs_transcoding(head) {
                None
            } else {
                let mut visitor = make();
                match xml::walk(reader, format, budget, &mut visitor) {
                    Ok(reader) => Some((visitor, cap - reader.get_ref().left())),
                    Err(WalkError::Fatal(e)) => return Err(e),
                    Err(WalkError::Utf8) => None,
                }
            }
        };
        if let Some((visitor, used)) = streamed {
            self.read_left -= used;
            return Ok(Some(visitor));
        }
        let bytes = self.read_index(idx, budget.max_expand)?;
        let mut visitor = make();
        xml::walk_bytes(&bytes, format, budget, &mut visitor)?;
        Ok(Some(visitor))
    }

    /// The relationships of `part` (`""` for the package itself), in the
    /// order written. Missing or unreadable rels are an empty list: a
    /// package without them is still worth reading by part names.
    pub fn rels(&mut self, part: &str, budget: &Budget) -> Vec<Rel> {
        let (dir, file) = split_dir(part);
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Ok(Some(found)) = self.walk(&rels_name, budget, RelsVisitor::default) else {
            return Vec::new();
        };
        found
            .rels
            .into_iter()
            .map(|mut r| {
                if !r.external {
                    r.target = resolve(dir, &r.target);
                }
                r
            })
            .collect()
    }

    /// The main part named by the package's `officeDocument` relationship,
    /// else `fallback` if that exists.
    pub fn main_part(&mut self, budget: &Budget, fallback: &str) -> Option<String> {
        let from_rels = self
            .rels("", budget)
            .into_iter()
            .find(|r| r.kind == "officeDocument" && !r.external && self.has(&r.target))
            .map(|r| r.target);
        from_rels.or_else(|| self.has(fallback).then(|| fallback.to_string()))
    }

    /// Parts under `dir/` become attachments (capped at `max_expand`; larger
    /// or unreadable ones are flagged, not fatal).
    pub fn attachments(&mut self, dir: &str, budget: &Budget, out: &mut Extracted) {
        let prefix = format!("{}/", dir.trim_end_matches('/')).to_ascii_lowercase();
        let wanted: Vec<(usize, String)> = self
            .names
            .iter()
            .filter(|n| n.to_ascii_lowercase().starts_with(&prefix) && !n.ends_with('/'))
            .filter_map(|n| self.find(n).map(|i| (i, n.clone())))
            .collect();
        for (idx, name) in wanted {
            match self.read_index(idx, budget.max_expand) {
                Ok(bytes) => out.attachments.push(Attachment { name, bytes }),
                Err(e) => out.flags.push(format!("unreadable-embedding: {name}: {e}")),
            }
        }
    }

    /// C2PA content credentials stored in the package (the Office convention
    /// is `META-INF/content_credential.c2pa`): flag that a manifest exists,
    /// and whether it names a generative-AI source (IPTC digital source type
    /// `trainedAlgorithmicMedia` or `compositeWithTrainedAlgorithmicMedia`).
    pub fn c2pa(&mut self, out: &mut Extracted) {
        let Ok(Some(bytes)) = self.read("META-INF/content_credential.c2pa", 64 << 20) else {
            return;
        };
        out.flags.push("c2pa-manifest".into());
        let needle = b"rainedalgorithmicmedia";
        if bytes
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
        {
            out.flags.push("c2pa-ai-source".into());
        }
    }
}

/// `word/document.xml` → (`word`, `document.xml`).
fn split_dir(part: &str) -> (&str, &str) {
    let part = part.trim_start_matches('/');
    match part.rfind('/') {
        Some(i) => (&part[..i], &part[i + 1..]),
        None => ("", part),
    }
}

/// Resolve a relationship target against the source part's folder.
pub fn resolve(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[derive(Default)]
struct RelsVisitor {
    rels: Vec<Rel>,
}

impl Visitor for RelsVisitor {
    fn start(&mut self, local: &str, e: &quick_xml::events::BytesStart<'_>) {
        if local != "Relationship" {
            return;
        }
        let kind = xml::attr(e, "Type").unwrap_or_default();
        let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
        self.rels.push(Rel {
            id: xml::attr(e, "Id").unwrap_or_default(),
            kind,
            target: xml::attr(e, "Target").unwrap_or_default(),
            external: xml::attr(e, "TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External")),
        });
    }
    fn end(&mut self, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_a_path() {
        assert_eq!(resolve("word", "header1.xml"), "word/header1.xml");
        assert_eq!(
            resolve("word", "/customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve("ppt/slides", "../notesSlides/n1.xml"),
            "ppt/notesSlides/n1.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
