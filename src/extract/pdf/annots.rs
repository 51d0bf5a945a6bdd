//! Text a reader does not see in the page body: annotations (comments,
//! sticky notes, free text) and AcroForm field values. Both often hold
//! names and personnummer — a filled-in form's fields, a reviewer's note —
//! so they come back as their own parts with the page they sit on.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{LoadNotes, MAX_ITEMS, MAX_TREE_DEPTH, files, meta, obj};
use crate::extract::{Budget, ExtractError, Extracted, PartKind, TextPart};

/// Annotation texts (comments, sticky notes, free text) and the files of
/// FileAttachment annotations. Widgets are form fields (read from the
/// AcroForm), links and popups carry no text of their own.
pub(super) fn annotations(
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
            files::attach(doc, fs, budget, out);
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
pub(super) fn form_fields(
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

/// Cuts `text` to the text budget left, and charges it.
fn capped(mut text: String, left: &mut usize) -> String {
    if text.len() > *left {
        text.truncate(text.floor_char_boundary(*left));
    }
    *left -= text.len();
    text
}

fn normalize_newlines(text: &str) -> String {
    crate::extract::txt::normalize_newlines(text)
}
