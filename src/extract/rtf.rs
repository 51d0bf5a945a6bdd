//! RTF: control words stripped → `body` text; `\'hh` bytes decoded in the
//! document's ANSI code page (Windows-1252 unless `\ansicpg` says otherwise),
//! `\uN` Unicode escapes with their fallback characters skipped; headers,
//! footers, footnotes, hidden (`\v`) and deleted (`\deleted`) text as their
//! own parts; `{\info …}` (author, operator, company, title …) as metadata.
//!
//! Why our own tokenizer: RTF is a flat stream of groups and control words;
//! skipping every destination we do not understand (`{\* …}`, font and
//! colour tables, pictures, object data) is most of the work, and a
//! loop with a group stack does it without recursion, so deep nesting in a
//! hostile file cannot overflow the stack.

use super::{Budget, ExtractError, Extracted, MetaField, PartKind, TextPart};
use crate::extract::xml::TextLimit;

/// Destinations whose content is not document text.
const SKIP_DEST: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "pict",
    "objdata",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "xmlnstbl",
    "generator",
    "fldinst",
    "filetbl",
    "pgdsctbl",
    "mmathPr",
    "shpinst",
    "nonshppict",
    "bkmkstart",
    "bkmkend",
    "userprops",
    "xe",
    "tc",
    "template",
];

/// `{\info}` fields kept as metadata, under their RTF names.
const INFO_FIELDS: &[&str] = &[
    "title",
    "subject",
    "author",
    "manager",
    "company",
    "operator",
    "category",
    "keywords",
    "comment",
    "doccomm",
    "hlinkbase",
];

#[derive(Clone, Copy, PartialEq)]
enum Dest {
    Body,
    Skip,
    Header,
    Footer,
    Footnote,
    Info,
    InfoField(usize),
}

#[derive(Clone, Copy)]
struct Group {
    dest: Dest,
    /// Characters a reader skips after `\uN` (`\ucN`).
    uc: u32,
    hidden: bool,
    deleted: bool,
}

struct Out {
    body: String,
    header: String,
    footer: String,
    footnote: String,
    hidden: String,
    deleted: String,
    info: Vec<String>,
}

/// Read an RTF document.
pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, ExtractError> {
    let mut p = Parser {
        bytes,
        pos: 0,
        stack: vec![Group {
            dest: Dest::Body,
            uc: 1,
            hidden: false,
            deleted: false,
        }],
        codepage: encoding_rs::WINDOWS_1252,
        pending: Vec::new(),
        skip_chars: 0,
        out: Out {
            body: String::new(),
            header: String::new(),
            footer: String::new(),
            footnote: String::new(),
            hidden: String::new(),
            deleted: String::new(),
            info: vec![String::new(); INFO_FIELDS.len()],
        },
        produced: 0,
        max_text: budget.max_text,
    };
    p.run(budget)?;
    let mut ex = Extracted::default();
    let mut limit = TextLimit::new(budget.max_text);
    let Out {
        body,
        header,
        footer,
        footnote,
        hidden,
        deleted,
        info,
    } = p.out;
    for (kind, text) in [
        (PartKind::Body, body),
        (PartKind::Header, header),
        (PartKind::Footer, footer),
        (PartKind::Footnote, footnote),
        (PartKind::Hidden, hidden),
        (PartKind::TrackedDeletion, deleted),
    ] {
        let mut clean = String::new();
        for line in text.split('\n') {
            limit.push_line(&mut clean, line);
        }
        if kind == PartKind::Body || !clean.is_empty() {
            ex.parts.push(TextPart::new(kind, clean));
        }
    }
    for (i, value) in info.into_iter().enumerate() {
        let value = value.trim();
        if !value.is_empty() {
            ex.metadata.push(MetaField {
                key: INFO_FIELDS[i].into(),
                value: value.to_string(),
            });
        }
    }
    if limit.truncated {
        ex.flags.push("text-truncated".into());
    }
    Ok(ex)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    stack: Vec<Group>,
    codepage: &'static encoding_rs::Encoding,
    /// `\'hh` bytes not yet decoded (a double-byte code page needs pairs).
    pending: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: u32,
    out: Out,
    produced: usize,
    max_text: usize,
}

impl Parser<'_> {
    fn group(&self) -> Group {
        *self.stack.last().expect("the root group is never popped")
    }

    fn group_mut(&mut self) -> &mut Group {
        self.stack
            .last_mut()
            .expect("the root group is never popped")
    }

    fn run(&mut self, budget: &Budget) -> Result<(), ExtractError> {
        let mut steps = 0u32;
        while self.pos < self.bytes.len() {
            steps += 1;
            if steps.is_multiple_of(8192) {
                budget.check()?;
            }
            let b = self.bytes[self.pos];
            self.pos += 1;
            match b {
                b'{' => {
                    self.flush_pending();
                    let g = self.group();
                    self.stack.push(g);
                    if self.bytes[self.pos..].starts_with(b"\\*") {
                        // An optional destination: skip unless we know it.
                        self.pos += 2;
                        let word = self.peek_word();
                        if word != "annotation" {
                            self.group_mut().dest = Dest::Skip;
                        }
                    }
                }
                b'}' => {
                    self.flush_pending();
                    if self.stack.len() > 1 {
                        self.stack.pop();
                    }
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => {}
                _ => {
                    if self.skip_chars > 0 {
                        self.skip_chars -= 1;
                        continue;
                    }
                    self.flush_pending();
                    let mut tmp = [0u8; 4];
                    let s = (b as char).encode_utf8(&mut tmp);
                    if b < 0x80 {
                        self.emit(s);
                    } else {
                        self.pending.push(b);
                    }
                }
            }
        }
        self.flush_pending();
        Ok(())
    }

    /// The control word starting at the current position (after `\`), not
    /// consumed.
    fn peek_word(&self) -> String {
        let rest = &self.bytes[self.pos..];
        let rest = rest.strip_prefix(b"\\").unwrap_or(rest);
        rest.iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .map(|&b| b as char)
            .collect()
    }

    fn control(&mut self) {
        let Some(&c) = self.bytes.get(self.pos) else {
            return;
        };
        if !c.is_ascii_alphabetic() {
            self.pos += 1;
            match c {
                b'\'' => {
                    let hex = self.bytes.get(self.pos..self.pos + 2).unwrap_or(b"");
                    self.pos += hex.len();
                    if self.skip_chars > 0 {
                        self.skip_chars -= 1;
                        return;
                    }
                    if let Some(v) = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        self.pending.push(v);
                    }
                }
                b'\\' | b'{' | b'}' => {
                    self.flush_pending();
                    let mut tmp = [0u8; 4];
                    self.emit((c as char).encode_utf8(&mut tmp));
                }
                b'~' => self.emit(" "),
                b'_' => self.emit("-"),
                b'\r' | b'\n' => self.emit("\n"),
                _ => {}
            }
            return;
        }
        let start = self.pos;
        while self.pos < self.bytes.len()
            && self.bytes[self.pos].is_ascii_alphabetic()
            && self.pos - start < 32
        {
            self.pos += 1;
        }
        let word = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        let num_start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        while self.pos < self.bytes.len()
            && self.bytes[self.pos].is_ascii_digit()
            && self.pos - num_start < 11
        {
            self.pos += 1;
        }
        let param: Option<i64> = std::str::from_utf8(&self.bytes[num_start..self.pos])
            .ok()
            .and_then(|s| s.parse().ok());
        if self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        if word != "u" {
            self.flush_pending();
        }
        self.word(&word, param);
    }

    fn word(&mut self, word: &str, param: Option<i64>) {
        let on = param != Some(0);
        match word {
            "bin" => {
                // Binary data: skip exactly N bytes.
                let n = param.unwrap_or(0).max(0) as usize;
                self.pos = (self.pos + n).min(self.bytes.len());
            }
            "ansicpg" => {
                if let Some(enc) = param.and_then(|cp| codepage(cp as u32)) {
                    self.codepage = enc;
                }
            }
            "uc" => self.group_mut().uc = param.unwrap_or(1).clamp(0, 10) as u32,
            "u" => {
                self.flush_pending();
                let mut v = param.unwrap_or(0);
                if v < 0 {
                    v += 65536;
                }
                if let Some(c) = char::from_u32(v as u32) {
                    let mut tmp = [0u8; 4];
                    self.emit(c.encode_utf8(&mut tmp));
                }
                self.skip_chars = self.group().uc;
            }
            "par" | "line" | "sect" | "page" | "row" => self.emit("\n"),
            "tab" | "cell" => self.emit("\t"),
            "emdash" => self.emit("—"),
            "endash" => self.emit("–"),
            "bullet" => self.emit("•"),
            "lquote" => self.emit("‘"),
            "rquote" => self.emit("’"),
            "ldblquote" => self.emit("“"),
            "rdblquote" => self.emit("”"),
            "v" => self.group_mut().hidden = on,
            "deleted" => self.group_mut().deleted = on,
            "plain" => {
                let g = self.group_mut();
                g.hidden = false;
                g.deleted = false;
            }
            "info" => self.group_mut().dest = Dest::Info,
            "header" | "headerl" | "headerr" | "headerf" => self.set_dest(Dest::Header),
            "footer" | "footerl" | "footerr" | "footerf" => self.set_dest(Dest::Footer),
            "footnote" => self.set_dest(Dest::Footnote),
            w if SKIP_DEST.contains(&w) => self.group_mut().dest = Dest::Skip,
            w => {
                if self.group().dest == Dest::Info {
                    self.group_mut().dest = match INFO_FIELDS.iter().position(|f| *f == w) {
                        Some(i) => Dest::InfoField(i),
                        None => Dest::Skip,
                    };
                }
            }
        }
    }

    fn set_dest(&mut self, dest: Dest) {
        if self.group().dest != Dest::Skip {
            self.group_mut().dest = dest;
        }
    }

    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let (text, _) = self.codepage.decode_without_bom_handling(&bytes);
        self.emit(&text);
    }

    fn emit(&mut self, s: &str) {
        if self.produced >= self.max_text {
            return;
        }
        let g = self.group();
        let buf = match g.dest {
            Dest::Skip | Dest::Info => return,
            Dest::InfoField(i) => &mut self.out.info[i],
            _ if g.deleted => &mut self.out.deleted,
            _ if g.hidden => &mut self.out.hidden,
            Dest::Body => &mut self.out.body,
            Dest::Header => &mut self.out.header,
            Dest::Footer => &mut self.out.footer,
            Dest::Footnote => &mut self.out.footnote,
        };
        buf.push_str(s);
        self.produced += s.len();
    }
}

/// An RTF `\ansicpg` number → its encoding.
fn codepage(cp: u32) -> Option<&'static encoding_rs::Encoding> {
    let label = match cp {
        65001 => "utf-8".to_string(),
        932 => "shift_jis".to_string(),
        936 => "gbk".to_string(),
        949 => "euc-kr".to_string(),
        950 => "big5".to_string(),
        874 => "windows-874".to_string(),
        1250..=1258 => format!("windows-{cp}"),
        _ => return None,
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
#[path = "rtf_tests.rs"]
mod tests;
