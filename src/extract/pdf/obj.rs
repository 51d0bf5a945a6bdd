//! Small helpers over lopdf's object model: follow references, read numbers,
//! names and streams without ever panicking and with every decompression
//! bounded by the document's budget.

use lopdf::{Dictionary, Document, Object, Stream};

/// Follows references (a bounded number of hops) to the object itself.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    let mut cur = obj;
    for _ in 0..16 {
        match cur {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => cur = next,
                None => return &Object::Null,
            },
            _ => return cur,
        }
    }
    &Object::Null
}

/// `dict[key]`, references followed.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key)
        .ok()
        .map(|o| resolve(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(|o| num(doc, o))
}

/// A number (integer or real), references followed; NaN and infinities are
/// not numbers here.
pub fn num(doc: &Document, obj: &Object) -> Option<f64> {
    match resolve(doc, obj) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn as_stream<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Stream> {
    match resolve(doc, obj) {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// A stream's decoded bytes, at most `limit` of them. A stream over the
/// limit is refused (`None`); a stream whose filter fails yields its raw
/// bytes when it has no filter lopdf understands.
pub fn stream_bytes(stream: &Stream, limit: u64) -> Option<Vec<u8>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if stream.dict.get(b"Filter").is_err() {
        return (stream.content.len() <= limit).then(|| stream.content.clone());
    }
    stream.decompressed_content_with_limit(limit).ok()
}

/// A matrix `[a b c d e f]` from an array of six numbers.
pub fn matrix(doc: &Document, arr: &[Object]) -> Option<[f64; 6]> {
    if arr.len() != 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (slot, o) in m.iter_mut().zip(arr) {
        *slot = num(doc, o)?;
    }
    Some(m)
}
