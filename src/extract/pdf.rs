//! PDF: bytes → one `body` part per page in reading order, annotation and
//! form-field parts, Info and XMP metadata, embedded files, C2PA flags, and
//! whether a page can only be read with OCR.
//!
//! Parsing is lopdf's: it rebuilds broken cross-reference tables, reads
//! object streams with a bound on decompression, and decrypts files that open
//! with the empty user password. Everything past the object layer is ours
//! (`pdf/`): the content-stream lexer and interpreter, fonts and CMaps, the
//! word and line builder, metadata. A file that opens only with a real
//! password is reported as encrypted rather than guessed at. Text in
//! optional-content layers that are switched off comes back as `hidden`
//! parts: invisible on screen, yet disclosed with the file.
//!
//! Every loop checks the budget, every stream is decoded within
//! `budget.max_expand`, and every walk over the object graph (page tree,
//! form fields, name trees, forms) has a depth limit and a cycle guard, so a
//! hostile file costs bounded time and memory.

mod afm;
mod annots;
mod cmap;
mod files;
mod fonts;
mod glyphs;
mod images;
mod layout;
mod lexer;
mod lines;
mod meta;
mod obj;
mod truetype;

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::{Budget, ExtractError, Extracted, PartKind, TextPart};
use layout::{FontCache, Interpreter};

pub use images::page_images;

/// A page with an image and fewer non-white characters than this needs OCR.
const OCR_MIN_CHARS: usize = 20;
/// Most pages read; a page tree can claim millions of (empty) pages.
const MAX_PAGES: usize = 100_000;
/// Depth limit for walking form-field and name trees.
pub(crate) const MAX_TREE_DEPTH: usize = 32;
/// Most bytes one object or cross-reference stream may decode to.
const MAX_OBJECT_STREAM: u64 = 32 << 20;
/// Most form fields, annotations or embedded files read from one document.
pub(crate) const MAX_ITEMS: usize = 50_000;

/// Extracts text, metadata and attachments from a PDF.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let (doc, notes) = load(bytes, budget)?;
    budget.check()?;
    let mut out = Extracted::default();
    let mut text_left = budget.max_text;

    meta::info(&doc, &mut out.metadata);
    let catalog = doc.catalog().ok();
    if let Some(catalog) = catalog {
        if let Some(packet) = meta::xmp_packet(&doc, catalog, budget.max_expand) {
            meta::xmp(&packet, &mut out.metadata);
        }
        files::c2pa(&doc, catalog, budget, &mut out);
        if notes.attachments_encrypted {
            out.flags.push("encrypted-attachments".into());
        } else {
            files::embedded_files(&doc, catalog, budget, &mut out)?;
        }
    }

    let page_numbers = read_pages(&doc, catalog, budget, notes, &mut out, &mut text_left)?;
    if let Some(catalog) = catalog {
        annots::form_fields(
            &doc,
            catalog,
            &page_numbers,
            budget,
            &mut out,
            &mut text_left,
        )?;
    }
    if text_left == 0 {
        out.flags.push("text-truncated".into());
    }
    Ok(out)
}

/// One `body` part per page (and a `hidden` part for text in layers that
/// are off), annotations, and whether a page needs OCR. Returns the page
/// number of each page object, for placing form fields.
fn read_pages(
    doc: &Document,
    catalog: Option<&Dictionary>,
    budget: &Budget,
    notes: LoadNotes,
    out: &mut Extracted,
    text_left: &mut usize,
) -> Result<HashMap<ObjectId, u32>, ExtractError> {
    let pages = page_ids(doc);
    let page_numbers: HashMap<ObjectId, u32> = pages
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32 + 1))
        .collect();
    let mut fonts = FontCache::new();
    let hidden_groups = catalog.map(|c| hidden_groups(doc, c)).unwrap_or_default();
    for (index, &page_id) in pages.iter().enumerate() {
        budget.check()?;
        let number = index as u32 + 1;
        let Ok(page) = doc.get_dictionary(page_id) else {
            out.parts
                .push(TextPart::new(PartKind::Body, "").on_page(number));
            continue;
        };
        let content = page_content(doc, page, budget.max_expand);
        let resources = inherited(doc, page, b"Resources");
        let text = Interpreter::new(doc, budget, &mut fonts, text_left, &hidden_groups)
            .page(&content, resources)?;
        if text.has_image && text.chars < OCR_MIN_CHARS {
            out.needs_ocr = true;
            out.ocr_pages.push(number);
        }
        out.parts
            .push(TextPart::new(PartKind::Body, text.text).on_page(number));
        if !text.hidden.is_empty() {
            out.parts.push(
                TextPart::new(PartKind::Hidden, text.hidden)
                    .on_page(number)
                    .labelled("hidden layer"),
            );
        }
        annots::annotations(doc, page, number, budget, notes, out, text_left)?;
    }
    Ok(page_numbers)
}

/// What loading found out beyond the document itself.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LoadNotes {
    /// Only embedded files are encrypted (`/EFF`), and the password that
    /// opens them is unknown: attachments are ciphertext and are skipped.
    pub(crate) attachments_encrypted: bool,
}

/// Parses the file, decrypting it when the empty user password opens it.
fn load(bytes: &[u8], budget: &Budget) -> Result<(Document, LoadNotes), ExtractError> {
    let doc = parse(bytes, budget)?;
    if doc.trailer.get(b"Encrypt").is_err() {
        check_complete(&doc, bytes)?;
        return Ok((doc, LoadNotes::default()));
    }
    // lopdf leaves `/Encrypt` in the trailer (and no objects loaded) when the
    // empty password does not open the file. When the encryption covers
    // only embedded files (strings and streams use the Identity filter), the
    // document itself is plain: read it as if it were not encrypted.
    let unlocked = without_encrypt_key(bytes);
    let doc = parse(&unlocked, budget)?;
    let encrypt = doc
        .trailer
        .get(NO_CRYPT)
        .ok()
        .and_then(|o| obj::as_dict(&doc, o));
    match encrypt {
        Some(dict) if only_attachments_encrypted(&doc, dict) => {
            check_complete(&doc, bytes)?;
            Ok((
                doc,
                LoadNotes {
                    attachments_encrypted: true,
                },
            ))
        }
        _ => Err(ExtractError::Encrypted("password required".into())),
    }
}

/// The trailer key `/Encrypt` respelled, same length so offsets hold.
const NO_CRYPT: &[u8] = b"NoCrypt";

fn without_encrypt_key(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while let Some(pos) = find(&out[i..], b"/Encrypt") {
        let at = i + pos + 1;
        out[at..at + 7].copy_from_slice(NO_CRYPT);
        i = at + 7;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Standard security handler V4/V5 whose string and stream filters are the
/// Identity filter (their default): only `/EFF` files are encrypted.
fn only_attachments_encrypted(doc: &Document, dict: &Dictionary) -> bool {
    let version = obj::get_num(doc, dict, b"V").unwrap_or(0.0);
    let identity = |key: &[u8]| obj::get_name(doc, dict, key).is_none_or(|n| n == b"Identity");
    version >= 4.0 && identity(b"StmF") && identity(b"StrF")
}

fn parse(bytes: &[u8], budget: &Budget) -> Result<Document, ExtractError> {
    // lopdf decodes object and cross-reference streams while loading, all of
    // them at once; a real one holds a few hundred KB. A tighter cap than
    // `max_expand` keeps many bombs in one file from adding up.
    let load_limit = budget.max_expand.min(MAX_OBJECT_STREAM);
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(load_limit).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword => ExtractError::Encrypted("password required".into()),
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ExtractError::Limit("a stream expands beyond the size limit".into())
        }
        other => ExtractError::corrupt("PDF", other),
    })?;
    if doc.objects.is_empty() && doc.trailer.get(b"Encrypt").is_err() {
        return Err(ExtractError::corrupt("PDF", "no objects could be read"));
    }
    Ok(doc)
}

/// A file cut short (no end-of-file marker, cross-reference table rebuilt
/// from the objects that survived) is reported damaged rather than read in
/// part: its fonts and later pages are gone, and pdftotext refuses it too.
fn check_complete(doc: &Document, bytes: &[u8]) -> Result<(), ExtractError> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed)
        && find(tail, b"%%EOF").is_none()
    {
        return Err(ExtractError::corrupt(
            "PDF",
            "truncated: the file ends before its cross-reference table",
        ));
    }
    Ok(())
}

/// Optional-content groups that are off in the default configuration:
/// `/OFF`, or every group not in `/ON` when `/BaseState` is `/OFF`.
fn hidden_groups(doc: &Document, catalog: &Dictionary) -> HashSet<ObjectId> {
    let Some(properties) = obj::get_dict(doc, catalog, b"OCProperties") else {
        return HashSet::new();
    };
    let Some(default) = obj::get_dict(doc, properties, b"D") else {
        return HashSet::new();
    };
    let refs = |dict: &Dictionary, key: &[u8]| -> HashSet<ObjectId> {
        obj::get_array(doc, dict, key)
            .unwrap_or_default()
            .iter()
            .take(MAX_ITEMS)
            .filter_map(|o| o.as_reference().ok())
            .collect()
    };
    if obj::get_name(doc, default, b"BaseState") == Some(b"OFF") {
        let on = refs(default, b"ON");
        refs(properties, b"OCGs")
            .into_iter()
            .filter(|g| !on.contains(g))
            .collect()
    } else {
        refs(default, b"OFF")
    }
}

/// Page ids in order, each once.
fn page_ids(doc: &Document) -> Vec<ObjectId> {
    let mut seen = HashSet::new();
    doc.page_iter()
        .filter(|id| seen.insert(*id))
        .take(MAX_PAGES)
        .collect()
}

/// A page attribute, inherited from the page tree when the page lacks it.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let mut node = page;
    let mut seen = HashSet::new();
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(d) = obj::get_dict(doc, node, key) {
            return Some(d);
        }
        let parent = node.get(b"Parent").ok()?;
        if let Object::Reference(id) = parent
            && !seen.insert(*id)
        {
            return None;
        }
        node = obj::as_dict(doc, parent)?;
    }
    None
}

/// The page's content streams, decoded and joined, within `limit` bytes in
/// all. A stream that does not decode is skipped: the rest of the page still
/// reads.
fn page_content(doc: &Document, page: &Dictionary, limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let streams: Vec<&Object> = match obj::get(doc, page, b"Contents") {
        Some(Object::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    for item in streams {
        let left = limit.saturating_sub(out.len() as u64);
        if let Some(stream) = obj::as_stream(doc, item)
            && let Some(data) = obj::stream_bytes(stream, left)
        {
            out.extend_from_slice(&data);
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests;
