//! E-mail (RFC 5322 / MIME, `.eml`, also the MHT files Word imports): the
//! From/To/Cc/Subject/Date header fields as a `header` part and metadata,
//! the text body (text/plain preferred, else text/html stripped), and every
//! other MIME part with a body as an attachment to be scanned on its own.
//!
//! Transfer encodings (quoted-printable, base64) and charsets (through
//! encoding_rs) are decoded here; encoded words in headers (RFC 2047) too,
//! since Swedish names in `From:` are nearly always encoded.

use super::{Attachment, Budget, ExtractError, Extracted, MetaField, PartKind, TextPart};

/// Header fields shown and kept as metadata, in this order.
const SHOWN: &[&str] = &["From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date"];

/// Deepest multipart nesting followed; deeper parts are ignored.
const MAX_DEPTH: u32 = 12;

/// Read an e-mail message.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut out = Extracted::default();
    let (headers, body) = split_message(bytes);
    let mut shown = String::new();
    for name in SHOWN {
        for value in header_values(&headers, name) {
            shown.push_str(&format!("{name}: {value}\n"));
            out.metadata.push(MetaField {
                key: (*name).to_string(),
                value,
            });
        }
    }
    if !shown.is_empty() {
        out.parts.push(TextPart::new(
            PartKind::Header,
            shown.trim_end().to_string(),
        ));
    }
    let mut walk = Walk {
        budget,
        plain: None,
        html: None,
        attachments: Vec::new(),
    };
    walk.part(&headers, body, 0)?;
    let text = match (walk.plain, walk.html) {
        (Some(p), _) => p,
        (None, Some(h)) => {
            let mut ignored = Vec::new();
            super::html::to_text(&h, budget, &mut ignored)?
        }
        (None, None) => String::new(),
    };
    let mut text = super::txt::normalize_newlines(&text);
    if text.len() > budget.max_text {
        text.truncate(text.floor_char_boundary(budget.max_text));
        out.flags.push("text-truncated".into());
    }
    out.parts.push(TextPart::new(PartKind::Body, text));
    out.attachments = walk.attachments;
    Ok(out)
}

struct Walk<'b> {
    budget: &'b Budget,
    plain: Option<String>,
    html: Option<String>,
    attachments: Vec<Attachment>,
}

impl Walk<'_> {
    fn part(
        &mut self,
        headers: &[(String, String)],
        body: &[u8],
        depth: u32,
    ) -> Result<(), ExtractError> {
        self.budget.check()?;
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let ctype = header_values(headers, "Content-Type")
            .into_iter()
            .next()
            .unwrap_or_default();
        let (mime, params) = parse_params(&ctype);
        let mime = if mime.is_empty() {
            "text/plain".to_string()
        } else {
            mime
        };
        let disposition = header_values(headers, "Content-Disposition")
            .into_iter()
            .next()
            .unwrap_or_default();
        let (disp, disp_params) = parse_params(&disposition);
        let filename = param(&disp_params, "filename").or_else(|| param(&params, "name"));
        if let Some(boundary) = mime
            .starts_with("multipart/")
            .then(|| param(&params, "boundary"))
            .flatten()
        {
            for sub in split_multipart(body, &boundary) {
                let (h, b) = split_message(sub);
                self.part(&h, b, depth + 1)?;
            }
            return Ok(());
        }
        let encoding = header_values(headers, "Content-Transfer-Encoding")
            .into_iter()
            .next()
            .unwrap_or_default();
        let data = decode_transfer(body, &encoding.to_ascii_lowercase());
        let data = &data[..data.len().min(self.budget.max_expand as usize)];
        let attached = disp == "attachment" || filename.is_some();
        if !attached && (mime == "text/plain" || mime == "text/html") {
            let text = decode_charset(data, param(&params, "charset").as_deref());
            let slot = if mime == "text/plain" {
                &mut self.plain
            } else {
                &mut self.html
            };
            match slot {
                Some(existing) => {
                    existing.push('\n');
                    existing.push_str(&text);
                }
                None => *slot = Some(text),
            }
            return Ok(());
        }
        if mime == "message/rfc822" && !attached {
            let (h, b) = split_message(data);
            return self.part(&h, b, depth + 1);
        }
        if !data.is_empty() {
            let name = filename.unwrap_or_else(|| {
                format!(
                    "part-{}.{}",
                    self.attachments.len() + 1,
                    mime.replace('/', "-")
                )
            });
            self.attachments.push(Attachment {
                name,
                bytes: data.to_vec(),
            });
        }
        Ok(())
    }
}

/// Headers (unfolded) and body of a message or MIME part.
fn split_message(bytes: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| pos + i + 1);
        let line = &bytes[pos..end];
        let trimmed = trim_eol(line);
        pos = end;
        if trimmed.is_empty() {
            break;
        }
        let text = super::txt::decode(trimmed);
        if trimmed[0] == b' ' || trimmed[0] == b'\t' {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
            continue;
        }
        match text.split_once(':') {
            Some((k, v)) if !k.contains(' ') => {
                headers.push((k.trim().to_string(), v.trim().to_string()))
            }
            _ => {
                // Not a header line: the message has no header block.
                return (Vec::new(), bytes);
            }
        }
    }
    (headers, &bytes[pos.min(bytes.len())..])
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// All values of header `name`, RFC 2047 words decoded.
fn header_values(headers: &[(String, String)], name: &str) -> Vec<String> {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| decode_words(v))
        .collect()
}

/// `text/plain; charset="utf-8"` → (`text/plain`, [(charset, utf-8)]).
fn parse_params(value: &str) -> (String, Vec<(String, String)>) {
    let mut items = value.split(';');
    let main = items.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = items
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            let v = v.trim().trim_matches('"');
            Some((
                k.trim().trim_end_matches('*').to_ascii_lowercase(),
                v.to_string(),
            ))
        })
        .collect();
    (main, params)
}

fn param(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| decode_words(v))
}

fn split_multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    let mut parts = Vec::new();
    let mut starts = Vec::new();
    let mut pos = 0;
    // Boundaries sit at the start of a line.
    while pos < body.len() {
        let end = body[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| pos + i + 1);
        let line = trim_eol(&body[pos..end]);
        if line.starts_with(delim) {
            let closing = line[delim.len()..].starts_with(b"--");
            starts.push((pos, end, closing));
        }
        pos = end;
    }
    for w in starts.windows(2) {
        let (_, content_start, closing) = w[0];
        if closing {
            break;
        }
        let content_end = w[1].0;
        parts.push(&body[content_start..content_end.max(content_start)]);
    }
    if let Some(&(_, content_start, false)) = starts.last() {
        // No closing boundary (a cut-off message): keep the last part.
        parts.push(&body[content_start..]);
    }
    parts
}

fn decode_transfer(body: &[u8], encoding: &str) -> Vec<u8> {
    match encoding.trim() {
        "quoted-printable" => decode_qp(body, false),
        "base64" => decode_base64(body),
        _ => body.to_vec(),
    }
}

/// Quoted-printable (RFC 2045 §6.7); `underscore` for the `Q` encoding of
/// RFC 2047, where `_` is a space.
fn decode_qp(body: &[u8], underscore: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'=' {
            let rest = &body[i + 1..];
            if rest.starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if rest.starts_with(b"\n") {
                i += 2;
                continue;
            }
            if let Some(v) = rest
                .get(..2)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if underscore && b == b'_' { b' ' } else { b });
        i += 1;
    }
    out
}

fn decode_base64(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in body {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn decode_charset(data: &[u8], charset: Option<&str>) -> String {
    match charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())) {
        Some(enc) => enc.decode_with_bom_removal(data).0.into_owned(),
        None => super::txt::decode(data),
    }
}

/// RFC 2047 encoded words: `=?utf-8?Q?=C3=85sa?=`, `=?iso-8859-1?B?…?=`.
fn decode_words(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_string();
    }
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        let word = &rest[start + 2..];
        let parsed = (|| {
            let (charset, word) = word.split_once('?')?;
            let (enc, word) = word.split_once('?')?;
            let end = word.find("?=")?;
            Some((charset, enc, &word[..end], &word[end + 2..]))
        })();
        let Some((charset, enc, text, after)) = parsed else {
            break;
        };
        // Whitespace between two encoded words is not part of the text.
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let bytes = if enc.eq_ignore_ascii_case("b") {
            decode_base64(text.as_bytes())
        } else {
            decode_qp(text.as_bytes(), true)
        };
        out.push_str(&decode_charset(
            &bytes,
            Some(charset.split('*').next().unwrap_or(charset)),
        ));
        rest = after;
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "eml_tests.rs"]
mod tests;
