//! HTML: tags, scripts and styles stripped, entities decoded, block elements
//! turned into line breaks, table cells into tabs → one `body` part; the
//! `<title>` and `<meta name="author|generator|…">` become metadata.
//!
//! Why a hand-written scanner instead of an HTML5 parser: we only need the
//! text and line structure, HTML on a file share is often malformed (Word's
//! "Save as web page", mail exports), and a tolerant byte scanner has no
//! failure mode but "less structure". It runs in one pass and never builds
//! a tree.

use super::{Budget, ExtractError, Extracted, MetaField, PartKind, TextPart};
use crate::extract::xml::TextLimit;

/// Elements whose content is never text a reader sees. (`<head>` is not
/// skipped whole: its title and meta tags are read.)
const SKIP: &[&str] = &["script", "style", "noscript", "template", "svg"];

/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "address",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "caption",
    "title",
    "body",
    "html",
];

/// Metadata `<meta name=…>` keys worth keeping.
const META_NAMES: &[&str] = &[
    "author",
    "generator",
    "description",
    "keywords",
    "originator",
    "progid",
];

/// Read an HTML document.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let text = decode(bytes);
    let mut out = Extracted::default();
    let body = to_text(&text, budget, &mut out.metadata)?;
    out.parts.push(TextPart::new(PartKind::Body, body));
    Ok(out)
}

/// Decode by BOM, then by a `charset` named in the first 2 KiB, then UTF-8,
/// falling back to Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return super::txt::decode(bytes);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if let Some(at) = head.find("charset=") {
        let label: String = head[at + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    super::txt::decode(bytes)
}

/// Strip markup from `html`, pushing title and meta fields onto `meta`.
pub fn to_text(
    html: &str,
    budget: &Budget,
    meta: &mut Vec<MetaField>,
) -> Result<String, ExtractError> {
    let mut limit = TextLimit::new(budget.max_text);
    let mut out = String::new();
    let mut line = String::new();
    let mut skip: Option<String> = None;
    let mut in_title = false;
    let mut title = String::new();
    let mut pre = 0u32;
    let mut rest = html;
    let mut steps = 0u32;
    while !rest.is_empty() {
        steps += 1;
        if steps.is_multiple_of(4096) {
            budget.check()?;
        }
        let Some(lt) = rest.find('<') else {
            if skip.is_none() {
                push_text(&mut line, rest, pre > 0);
            }
            break;
        };
        let (text, tail) = rest.split_at(lt);
        if in_title {
            title.push_str(text);
        } else if skip.is_none() {
            push_text(&mut line, text, pre > 0);
        }
        if let Some(after) = tail.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(gt) = tail.find('>') else { break };
        let tag = &tail[1..gt];
        rest = &tail[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = &skip {
            if closing && *s == name {
                skip = None;
            }
            continue;
        }
        match name.as_str() {
            "title" if !closing => in_title = true,
            "title" => {
                in_title = false;
                let t = decode_entities(
                    title
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .as_str(),
                );
                if !t.is_empty() {
                    meta.push(MetaField {
                        key: "title".into(),
                        value: t,
                    });
                }
            }
            "meta" => meta_field(tag, meta),
            n if SKIP.contains(&n) && !closing && !tag.ends_with('/') => {
                skip = Some(n.to_string());
            }
            "pre" => {
                pre = if closing {
                    pre.saturating_sub(1)
                } else {
                    pre + 1
                }
            }
            "td" | "th" if !closing => line.push('\t'),
            n if BLOCK.contains(&n) => flush(&mut out, &mut line, &mut limit),
            _ => {}
        }
    }
    flush(&mut out, &mut line, &mut limit);
    Ok(out)
}

fn push_text(line: &mut String, raw: &str, preformatted: bool) {
    let text = decode_entities(raw);
    if preformatted {
        line.push_str(&text);
        return;
    }
    for (i, word) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if i > 0 && !line.ends_with([' ', '\t']) && !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
}

fn flush(out: &mut String, line: &mut String, limit: &mut TextLimit) {
    for l in line.split('\n') {
        let l = l.trim_start_matches(['\t', ' ']);
        limit.push_line(out, &l.replace('\u{a0}', " "));
    }
    line.clear();
}

fn meta_field(tag: &str, meta: &mut Vec<MetaField>) {
    let lower = tag.to_ascii_lowercase();
    let (Some(name), Some(content)) = (
        attr_value(&lower, tag, "name"),
        attr_value(&lower, tag, "content"),
    ) else {
        return;
    };
    let name = name.to_ascii_lowercase();
    if META_NAMES.contains(&name.as_str()) && !content.trim().is_empty() {
        meta.push(MetaField {
            key: name,
            value: decode_entities(content.trim()),
        });
    }
}

/// The value of attribute `key` in a raw tag (`lower` is the tag lower-cased,
/// used to find the key; the value is taken from `tag` as written).
fn attr_value<'a>(lower: &str, tag: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = tag.len() - rest.len() + 1;
        let value = tag[offset..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// Decode character references and the named entities text on a Swedish
/// share actually uses; unknown names are left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|i| i + 1);
        let name = &tail[1..end.unwrap_or(tail.len())];
        match entity(name) {
            Some(c) => {
                out.push(c);
                let semi = end.is_some_and(|e| tail[e..].starts_with(';'));
                rest = &tail[1 + name.len() + usize::from(semi)..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "aring" => 'å',
        "Aring" => 'Å',
        "auml" => 'ä',
        "Auml" => 'Ä',
        "ouml" => 'ö',
        "Ouml" => 'Ö',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "szlig" => 'ß',
        "copy" => '©',
        "reg" => '®',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "bull" => '•',
        "middot" => '·',
        "euro" => '€',
        "sect" => '§',
        "para" => '¶',
        "deg" => '°',
        "times" => '×',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Limits;

    #[test]
    fn strips_tags_scripts_and_decodes_entities() {
        let html = b"<html><head><title>Beslut &amp; protokoll</title><meta name=\"author\" content=\"Anna Berg\"><style>p{color:red}</style></head>\
<body><script>var x = '19121212-1212';</script><p>S&ouml;kande: &Aring;sa &#214;berg&nbsp;19121212-1212</p><div>Rad&nbsp;2<br>Rad 3</div>\
<table><tr><td>Namn</td><td>Ort</td></tr></table></body></html>";
        let e = extract(html, &Budget::new(&Limits::default())).unwrap();
        let body = &e.parts[0].text;
        assert_eq!(
            body,
            "Sökande: Åsa Öberg 19121212-1212\nRad 2\nRad 3\nNamn\tOrt"
        );
        assert_eq!(e.meta("title").next(), Some("Beslut & protokoll"));
        assert_eq!(e.meta("author").next(), Some("Anna Berg"));
        assert!(!body.contains("var x"));
    }

    #[test]
    fn charset_from_meta_is_used() {
        let html = b"<html><meta charset=\"iso-8859-1\"><p>G\xF6teborg</p></html>";
        let e = extract(html, &Budget::new(&Limits::default())).unwrap();
        assert_eq!(e.parts[0].text, "Göteborg");
    }
}
