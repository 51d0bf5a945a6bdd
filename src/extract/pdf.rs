//! PDF: bytes → one `body` part per page in reading order, annotation and
//! form-field parts, Info and XMP metadata, embedded files, C2PA flags, and
//! whether a page can only be read with OCR.
//!
//! Parsing is lopdf's: it rebuilds broken cross-reference tables, reads
//! object streams with a bound on decompression, and decrypts files that open
//! with the empty user password. Everything past the object layer is ours
//! (`pdf/`): the content-stream lexer and interpreter, fonts and CMaps, the
//! word and line builder, metadata. A file that opens only with a real
//! password is reported as encrypted rather than guessed at.
//!
//! Every loop checks the budget, every stream is decoded within
//! `budget.max_expand`, and every walk over the object graph (page tree,
//! form fields, name trees, forms) has a depth limit and a cycle guard, so a
//! hostile file costs bounded time and memory.

mod afm;
mod cmap;
mod fonts;
mod glyphs;
mod layout;
mod lexer;
mod meta;
mod obj;

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::{Attachment, Budget, ExtractError, Extracted, PartKind, TextPart};
use layout::{FontCache, Interpreter};

/// A page with an image and fewer non-white characters than this needs OCR.
const OCR_MIN_CHARS: usize = 20;
/// Most pages read; a page tree can claim millions of (empty) pages.
const MAX_PAGES: usize = 100_000;
/// Depth limit for walking form-field and name trees.
const MAX_TREE_DEPTH: usize = 32;
/// Most bytes one object or cross-reference stream may decode to.
const MAX_OBJECT_STREAM: u64 = 32 << 20;
/// Most form fields, annotations or embedded files read from one document.
const MAX_ITEMS: usize = 50_000;

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
        c2pa(&doc, catalog, budget, &mut out);
        if notes.attachments_encrypted {
            out.flags.push("encrypted-attachments".into());
        } else {
            embedded_files(&doc, catalog, budget, &mut out)?;
        }
    }

    let pages = page_ids(&doc);
    let page_numbers: HashMap<ObjectId, u32> = pages
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32 + 1))
        .collect();
    let mut fonts = FontCache::new();
    for (index, &page_id) in pages.iter().enumerate() {
        budget.check()?;
        let number = index as u32 + 1;
        let Ok(page) = doc.get_dictionary(page_id) else {
            out.parts
                .push(TextPart::new(PartKind::Body, "").on_page(number));
            continue;
        };
        let content = page_content(&doc, page, budget.max_expand);
        let resources = inherited(&doc, page, b"Resources");
        let text =
            Interpreter::new(&doc, budget, &mut fonts, &mut text_left).page(&content, resources)?;
        if text.has_image && text.chars < OCR_MIN_CHARS {
            out.needs_ocr = true;
        }
        out.parts
            .push(TextPart::new(PartKind::Body, text.text).on_page(number));
        annotations(&doc, page, number, budget, notes, &mut out, &mut text_left)?;
    }
    if let Some(catalog) = catalog {
        form_fields(
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

/// What loading found out beyond the document itself.
#[derive(Debug, Default, Clone, Copy)]
struct LoadNotes {
    /// Only embedded files are encrypted (`/EFF`), and the password that
    /// opens them is unknown: attachments are ciphertext and are skipped.
    attachments_encrypted: bool,
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

/// Annotation texts (comments, sticky notes, free text) and the files of
/// FileAttachment annotations. Widgets are form fields (read from the
/// AcroForm), links and popups carry no text of their own.
fn annotations(
    doc: &Document,
    page: &Dictionary,
    number: u32,
    budget: &Budget,
    notes: LoadNotes,
    out: &mut Extracted,
    text_left: &mut usize,
) -> Result<(), ExtractError> {
    let Some(annots) = obj::get_array(doc, page, b"Annots") else {
        return Ok(());
    };
    for annot in annots.iter().take(MAX_ITEMS) {
        budget.check()?;
        let Some(annot) = obj::as_dict(doc, annot) else {
            continue;
        };
        let subtype = obj::get_name(doc, annot, b"Subtype").unwrap_or(b"");
        if matches!(subtype, b"Widget" | b"Link" | b"Popup") {
            continue;
        }
        if subtype == b"FileAttachment"
            && !notes.attachments_encrypted
            && let Some(fs) = obj::get(doc, annot, b"FS").and_then(|o| obj::as_dict(doc, o))
        {
            attach(doc, fs, budget, out);
        }
        let text_of = |key: &[u8]| {
            obj::get(doc, annot, key)
                .and_then(|o| meta::object_text(doc, o))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let contents = text_of(b"Contents");
        let author = text_of(b"T");
        if contents.is_none() && author.is_none() {
            continue;
        }
        let kind = String::from_utf8_lossy(subtype).into_owned();
        let label = match &author {
            Some(a) => format!("{kind} annotation by {a}"),
            None => format!("{kind} annotation"),
        };
        let text: Vec<String> = [author, contents].into_iter().flatten().collect();
        let text = capped(text.join("\n"), text_left);
        out.parts.push(
            TextPart::new(PartKind::Annotation, normalize_newlines(&text))
                .on_page(number)
                .labelled(label),
        );
    }
    Ok(())
}

/// AcroForm field values, named by their fully qualified names.
fn form_fields(
    doc: &Document,
    catalog: &Dictionary,
    page_numbers: &HashMap<ObjectId, u32>,
    budget: &Budget,
    out: &mut Extracted,
    text_left: &mut usize,
) -> Result<(), ExtractError> {
    let Some(fields) =
        obj::get_dict(doc, catalog, b"AcroForm").and_then(|f| obj::get_array(doc, f, b"Fields"))
    else {
        return Ok(());
    };
    let mut seen = HashSet::new();
    let mut stack: Vec<(&Object, String, usize)> =
        fields.iter().rev().map(|f| (f, String::new(), 0)).collect();
    while let Some((field, parent_name, depth)) = stack.pop() {
        budget.check()?;
        if let Object::Reference(id) = field
            && !seen.insert(*id)
        {
            continue;
        }
        if seen.len() > MAX_ITEMS || depth > MAX_TREE_DEPTH {
            break;
        }
        let Some(dict) = obj::as_dict(doc, field) else {
            continue;
        };
        let partial = obj::get(doc, dict, b"T").and_then(|o| meta::object_text(doc, o));
        let name = match (parent_name.is_empty(), partial) {
            (_, None) => parent_name.clone(),
            (true, Some(p)) => p,
            (false, Some(p)) => format!("{parent_name}.{p}"),
        };
        if let Some(value) = obj::get(doc, dict, b"V").and_then(|v| field_value(doc, v))
            && !value.is_empty()
            && value != "Off"
        {
            let page = obj::get(doc, dict, b"P")
                .and(dict.get(b"P").ok())
                .and_then(|p| p.as_reference().ok())
                .and_then(|id| page_numbers.get(&id).copied())
                .or_else(|| first_kid_page(doc, dict, page_numbers));
            let text = capped(format!("{name}: {value}"), text_left);
            let mut part = TextPart::new(PartKind::FormField, normalize_newlines(&text))
                .labelled(name.clone());
            part.page = page;
            out.parts.push(part);
        }
        if let Some(kids) = obj::get_array(doc, dict, b"Kids") {
            for kid in kids.iter().rev().take(MAX_ITEMS) {
                stack.push((kid, name.clone(), depth + 1));
            }
        }
    }
    Ok(())
}

fn first_kid_page(
    doc: &Document,
    dict: &Dictionary,
    page_numbers: &HashMap<ObjectId, u32>,
) -> Option<u32> {
    let kid = obj::get_array(doc, dict, b"Kids")?.first()?;
    let kid = obj::as_dict(doc, kid)?;
    let id = kid.get(b"P").ok()?.as_reference().ok()?;
    page_numbers.get(&id).copied()
}

/// A field's `/V`: text, a choice (name), or a list of choices.
fn field_value(doc: &Document, v: &Object) -> Option<String> {
    match obj::resolve(doc, v) {
        Object::Array(items) => {
            let values: Vec<String> = items
                .iter()
                .take(256)
                .filter_map(|i| meta::object_text(doc, i))
                .collect();
            Some(values.join("; "))
        }
        Object::Stream(s) => {
            // Rich text values may sit in a stream.
            obj::stream_bytes(s, 1 << 20).map(|b| meta::text_string(&b))
        }
        other => meta::object_text(doc, other),
    }
    .map(|s| s.trim().to_owned())
}

/// Files in the `/EmbeddedFiles` name tree.
fn embedded_files(
    doc: &Document,
    catalog: &Dictionary,
    budget: &Budget,
    out: &mut Extracted,
) -> Result<(), ExtractError> {
    let Some(root) =
        obj::get_dict(doc, catalog, b"Names").and_then(|n| obj::get_dict(doc, n, b"EmbeddedFiles"))
    else {
        return Ok(());
    };
    let mut stack = vec![(root, 0usize)];
    let mut visited = 0usize;
    while let Some((node, depth)) = stack.pop() {
        budget.check()?;
        visited += 1;
        if visited > MAX_ITEMS || depth > MAX_TREE_DEPTH {
            break;
        }
        if let Some(names) = obj::get_array(doc, node, b"Names") {
            for pair in names.chunks(2) {
                if let Some(fs) = pair.get(1).and_then(|o| obj::as_dict(doc, o)) {
                    attach(doc, fs, budget, out);
                }
            }
        }
        if let Some(kids) = obj::get_array(doc, node, b"Kids") {
            for kid in kids.iter().take(MAX_ITEMS) {
                if let Some(k) = obj::as_dict(doc, kid) {
                    stack.push((k, depth + 1));
                }
            }
        }
    }
    Ok(())
}

/// Adds the file of a file specification, unless it is a C2PA manifest or
/// the same file was already added.
fn attach(doc: &Document, fs: &Dictionary, budget: &Budget, out: &mut Extracted) {
    if is_c2pa(doc, fs) || out.attachments.len() >= MAX_ITEMS {
        return;
    }
    let name = ["UF", "F", "DOS", "Unix"]
        .iter()
        .find_map(|k| obj::get(doc, fs, k.as_bytes()).and_then(|o| meta::object_text(doc, o)))
        .unwrap_or_else(|| "attachment".into());
    let Some(bytes) = file_stream(doc, fs).and_then(|s| obj::stream_bytes(s, budget.max_expand))
    else {
        return;
    };
    if out
        .attachments
        .iter()
        .any(|a| a.name == name && a.bytes == bytes)
    {
        return;
    }
    out.attachments.push(Attachment { name, bytes });
}

fn file_stream<'a>(doc: &'a Document, fs: &'a Dictionary) -> Option<&'a lopdf::Stream> {
    let ef = obj::get_dict(doc, fs, b"EF")?;
    [b"F".as_slice(), b"UF"]
        .iter()
        .find_map(|k| obj::get(doc, ef, k).and_then(|o| obj::as_stream(doc, o)))
}

fn is_c2pa(doc: &Document, fs: &Dictionary) -> bool {
    obj::get_name(doc, fs, b"AFRelationship") == Some(b"C2PA_Manifest")
}

/// C2PA: a `/AF` file with relationship `/C2PA_Manifest` marks a content
/// credential; a manifest that names a trained-algorithm source marks the
/// document as AI-made (IPTC digital source types).
fn c2pa(doc: &Document, catalog: &Dictionary, budget: &Budget, out: &mut Extracted) {
    let Some(files) = obj::get_array(doc, catalog, b"AF") else {
        return;
    };
    for fs in files.iter().take(1000) {
        let Some(fs) = obj::as_dict(doc, fs) else {
            continue;
        };
        if !is_c2pa(doc, fs) {
            continue;
        }
        if !out.has_flag("c2pa-manifest") {
            out.flags.push("c2pa-manifest".into());
        }
        let bytes = file_stream(doc, fs).and_then(|s| obj::stream_bytes(s, budget.max_expand));
        if let Some(bytes) = bytes
            && (contains(&bytes, b"trainedAlgorithmicMedia")
                || contains(&bytes, b"TrainedAlgorithmicMedia"))
            && !out.has_flag("c2pa-ai-source")
        {
            out.flags.push("c2pa-ai-source".into());
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Cuts `text` to the text budget left, and charges it.
fn capped(mut text: String, left: &mut usize) -> String {
    if text.len() > *left {
        text.truncate(text.floor_char_boundary(*left));
    }
    *left -= text.len();
    text
}

fn normalize_newlines(text: &str) -> String {
    super::txt::normalize_newlines(text)
}

#[cfg(test)]
mod tests;
