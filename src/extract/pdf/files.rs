//! Files carried inside a PDF: `/EmbeddedFiles` and FileAttachment
//! annotations become attachments (scanned as documents of their own), and
//! associated files marked `/C2PA_Manifest` become content-credential flags
//! instead, since a manifest is provenance, not content.

use lopdf::{Dictionary, Document};

use super::{MAX_ITEMS, MAX_TREE_DEPTH, meta, obj};
use crate::extract::{Attachment, Budget, ExtractError, Extracted};

/// Files in the `/EmbeddedFiles` name tree.
pub(super) fn embedded_files(
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
pub(super) fn attach(doc: &Document, fs: &Dictionary, budget: &Budget, out: &mut Extracted) {
    if is_c2pa(doc, fs) || out.attachments.len() >= MAX_ITEMS {
        return;
    }
    let name = ["UF", "F", "DOS", "Unix"]
        .iter()
        .find_map(|k| obj::get(doc, fs, k.as_bytes()).and_then(|o| meta::object_text(doc, o)))
        .unwrap_or_else(|| "attachment".into());
    let Some(stream) = file_stream(doc, fs) else {
        return;
    };
    let Some(bytes) = obj::stream_bytes(stream, budget.max_expand) else {
        // Over the expansion limit or in a filter we cannot decode: say so,
        // so the report can tell a reviewer something was not read.
        if !out.has_flag("attachment-unreadable") {
            out.flags.push("attachment-unreadable".into());
        }
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
pub(super) fn c2pa(doc: &Document, catalog: &Dictionary, budget: &Budget, out: &mut Extracted) {
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
