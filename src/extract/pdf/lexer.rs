//! Content-stream lexer: the operators and operands of a page's drawing
//! program, one operation at a time.
//!
//! Why our own and not lopdf's `Content::decode`: lopdf parses a whole stream
//! or fails on the first bad byte, while real files (and pdftotext) go on past
//! a damaged operator. A streaming lexer also lets the interpreter check the
//! time budget between operations and never builds the whole operation list.
//! Only the operand kinds text extraction needs are kept; dictionaries
//! (marked-content properties, inline-image headers) are skipped.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Number(f64),
    Name(Vec<u8>),
    /// A literal or hex string, escapes resolved.
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// Booleans, null, dictionaries: present but not used for text.
    Other,
}

impl Operand {
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// Operands kept per operation at most; a hostile stream of a million numbers
/// before one operator must not grow without bound.
const MAX_OPERANDS: usize = 4096;
/// Arrays nested deeper than this are skipped (TJ arrays are flat).
const MAX_NESTING: usize = 32;

/// Splits a decoded content stream into operations.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    /// The next operator with its operands (filled into `operands`, cleared
    /// first), or `None` at the end of the stream. An inline image comes back
    /// as the operator `BI`, its data already skipped.
    pub fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            self.skip_white();
            let b = *self.data.get(self.pos)?;
            if is_regular(b) && !is_number_start(b) {
                let word = self.word();
                match word {
                    b"true" | b"false" | b"null" => push(operands, Operand::Other),
                    b"BI" => {
                        self.skip_inline_image();
                        return Some(b"BI");
                    }
                    _ => return Some(word),
                }
            } else if let Some(operand) = self.operand(0) {
                push(operands, operand);
            }
        }
    }

    fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// One operand starting at `pos`; `None` (having consumed at least one
    /// byte) for a stray delimiter.
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        let b = self.data[self.pos];
        match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(name_bytes(self.word())))
            }
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.skip_dict();
                Some(Operand::Other)
            }
            b'<' => Some(Operand::Str(self.hex_string())),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(&c) if is_regular(c) && !is_number_start(c) => {
                            // An operator inside an array: the array is
                            // broken; end it here and let the operator run.
                            break;
                        }
                        // Too deep to keep: skipped without recursion, so a
                        // stream of a million `[` cannot overflow the stack.
                        Some(b'[') if depth >= MAX_NESTING => self.skip_array(),
                        Some(_) => {
                            if let Some(item) = self.operand(depth + 1)
                                && depth < MAX_NESTING
                                && items.len() < MAX_OPERANDS
                            {
                                items.push(item);
                            }
                        }
                    }
                }
                Some(Operand::Array(items))
            }
            c if is_number_start(c) => {
                let word = self.word();
                Some(parse_number(word).map_or(Operand::Other, Operand::Number))
            }
            _ => {
                self.pos += 1;
                None
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        self.pos += 1;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                b'\r' => {
                    // An unescaped end of line is read as a single \n.
                    if self.data.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(&c) = self.data.get(self.pos) else {
            return;
        };
        self.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.data.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match self.data.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            other => out.push(other),
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Skips a `<< … >>` dictionary, nested ones and strings included.
    /// Past the array that starts here, however deeply nested.
    fn skip_array(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.data.len() {
            match self.data[self.pos] {
                b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b']' => {
                    self.pos += 1;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.literal_string();
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.pos += 2,
                b'<' => {
                    self.hex_string();
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_dict(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.data.len() {
            match self.data[self.pos] {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.literal_string();
                }
                b'<' => {
                    self.hex_string();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips an inline image's header and data up to and including `EI`.
    /// The data length is not known without decoding, so like other readers
    /// we look for `EI` between white space.
    fn skip_inline_image(&mut self) {
        // Header: key/value pairs up to the `ID` keyword.
        loop {
            self.skip_white();
            let Some(&b) = self.data.get(self.pos) else {
                return;
            };
            if is_regular(b) && !is_number_start(b) {
                let word = self.word();
                if word == b"ID" {
                    break;
                }
            } else {
                self.operand(0);
            }
        }
        self.pos += 1;
        let rest = &self.data[self.pos.min(self.data.len())..];
        let mut i = 0;
        while i + 1 < rest.len() {
            if rest[i] == b'E'
                && rest[i + 1] == b'I'
                && (i == 0 || is_white(rest[i - 1]))
                && rest.get(i + 2).is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.pos += i + 2;
                return;
            }
            i += 1;
        }
        self.pos = self.data.len();
    }
}

fn push(operands: &mut Vec<Operand>, operand: Operand) {
    if operands.len() < MAX_OPERANDS {
        operands.push(operand);
    }
}

fn is_number_start(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
}

fn parse_number(word: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(word).ok()?;
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    // Writers emit oddities such as `--5` or `1.2.3`; keep the longest
    // prefix that reads as a number, as other readers do.
    let trimmed = s.trim_start_matches(['+', '-']);
    let negative = s.starts_with('-');
    let end = trimmed
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (c == '.' && !trimmed[..i].contains('.'))))
        .map_or(trimmed.len(), |(i, _)| i);
    let v: f64 = trimmed[..end].parse().ok().or(Some(0.0))?;
    Some(if negative { -v } else { v })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A name token with `#xx` escapes resolved.
fn name_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let (Some(h), Some(l)) = (
                // A name may end in a bare `#` (found by fuzzing).
                raw.get(i + 1).and_then(|&c| hex_value(c)),
                raw.get(i + 2).and_then(|&c| hex_value(c)),
            )
        {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_may_end_in_a_bare_hash() {
        assert_eq!(name_bytes(b"#"), b"#");
        assert_eq!(name_bytes(b"A#4"), b"A#4");
        assert_eq!(name_bytes(b"A#41"), b"AA");
    }

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lexer = Lexer::new(src);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lexer.next_op(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn reads_strings_arrays_and_escapes() {
        let got = ops(b"BT /F1 12 Tf [(A\\(b\\)) -250 <4142>] TJ (x\\101\\\ny) Tj ET");
        assert_eq!(got[1].0, "Tf");
        assert_eq!(
            got[1].1,
            vec![Operand::Name(b"F1".to_vec()), Operand::Number(12.0)]
        );
        assert_eq!(
            got[2].1,
            vec![Operand::Array(vec![
                Operand::Str(b"A(b)".to_vec()),
                Operand::Number(-250.0),
                Operand::Str(b"AB".to_vec()),
            ])]
        );
        assert_eq!(got[3].1, vec![Operand::Str(b"xAy".to_vec())]);
    }

    #[test]
    fn skips_inline_image_data_and_dicts() {
        let got = ops(b"/P <</MCID 0>> BDC BI /W 2 /H 1 ID \x00EI\xffx EI Q (a) Tj");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "BI", "Q", "Tj"]);
    }

    #[test]
    fn arrays_nested_a_million_deep_are_skipped_without_recursion() {
        let n = 1_000_000;
        let mut src = b"[".repeat(n);
        src.extend_from_slice(b"(a]b)");
        src.extend_from_slice(&b"]".repeat(n));
        src.extend_from_slice(b" TJ (after) Tj");
        let got = ops(&src);
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["TJ", "Tj"]);
        assert_eq!(got[1].1, vec![Operand::Str(b"after".to_vec())]);
    }

    #[test]
    fn survives_garbage() {
        let got = ops(b") ] >> 1.2.3 --4 Td ( unterminated");
        assert_eq!(got[0].0, "Td");
        assert_eq!(got[0].1, vec![Operand::Number(1.2), Operand::Number(-4.0)]);
    }
}
