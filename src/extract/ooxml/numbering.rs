//! List numbering for DOCX (`word/numbering.xml`): the "1.", "a)", "§ 12"
//! Word draws before a numbered paragraph. It is text a reader sees and
//! quotes — minutes cite "§ 45", decisions "punkt 3" — yet it is not in the
//! document XML, only its recipe is. Bullets carry no words and are left out.
//!
//! Counters follow Word's model closely enough for reading: one set of nine
//! level counters per list instance (`w:num`), a level's counter restarts
//! whenever a shallower level advances, and `w:startOverride` restarts it.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::extract::xml::{self, Visitor};

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    starts: HashMap<u8, u32>,
    /// Levels redefined for this instance (`w:lvlOverride/w:lvl`).
    levels: HashMap<u8, Level>,
}

/// Parsed numbering definitions plus the running counters.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; 9]>,
    // Parse state.
    cur_abstract: Option<String>,
    cur_num: Option<String>,
    cur_level: Option<u8>,
}

impl Numbering {
    /// The label of the next paragraph in list `num_id` at level `ilvl`,
    /// advancing the counters; `None` for bullets, `none` formats and
    /// unknown lists.
    pub fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let num = self.nums.get(num_id)?;
        let empty = HashMap::new();
        let base = self.abstracts.get(&num.abstract_id).unwrap_or(&empty);
        let level_of = |l: u8| num.levels.get(&l).or_else(|| base.get(&l));
        let level = level_of(ilvl)?;
        let start_of = |l: u8| {
            num.starts
                .get(&l)
                .copied()
                .or_else(|| level_of(l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num_id.to_string()).or_default();
        let i = ilvl as usize;
        counters[i] = Some(counters[i].map_or(start_of(ilvl), |c| c + 1));
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        if matches!(level.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (d.clamp(1, 9) - 1) as u8;
                let value = counters[l as usize].unwrap_or_else(|| start_of(l));
                let format = level_of(l).map_or("decimal", |lv| lv.format.as_str());
                out.push_str(&format_number(value, format));
                continue;
            }
            out.push(c);
        }
        let out = out.trim().to_string();
        (!out.is_empty()).then_some(out)
    }
}

/// A counter value in one of Word's number formats.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

/// 1 → A, 26 → Z, 27 → AA (Word repeats the letter).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = (b'A' + ((n - 1) % 26) as u8) as char;
    // A hostile `w:start` of four billion must not become a 150 MB label.
    let times = ((n - 1) / 26 + 1).min(8) as usize;
    std::iter::repeat_n(letter, times).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v && out.len() < 32 {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

impl Visitor for Numbering {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        let val = || xml::attr(e, "val");
        match local {
            "abstractNum" => {
                self.cur_abstract = xml::attr(e, "abstractNumId");
                self.cur_num = None;
            }
            "num" => {
                self.cur_num = xml::attr(e, "numId");
                self.cur_abstract = None;
                if let Some(id) = &self.cur_num {
                    self.nums.entry(id.clone()).or_default();
                }
            }
            "lvlOverride" => self.cur_level = xml::attr(e, "ilvl").and_then(|v| v.parse().ok()),
            "lvl" => {
                self.cur_level = xml::attr(e, "ilvl")
                    .and_then(|v| v.parse().ok())
                    .or(self.cur_level);
                let fresh = Level {
                    start: 1,
                    ..Default::default()
                };
                match (&self.cur_abstract, &self.cur_num, self.cur_level) {
                    (Some(a), _, Some(l)) => {
                        self.abstracts
                            .entry(a.clone())
                            .or_default()
                            .insert(l, fresh);
                    }
                    (None, Some(n), Some(l)) => {
                        self.nums
                            .entry(n.clone())
                            .or_default()
                            .levels
                            .insert(l, fresh);
                    }
                    _ => {}
                }
            }
            "abstractNumId" => {
                if let (Some(n), Some(v)) = (&self.cur_num, val()) {
                    self.nums.entry(n.clone()).or_default().abstract_id = v;
                }
            }
            "startOverride" => {
                if let (Some(n), Some(l), Some(v)) = (
                    &self.cur_num,
                    self.cur_level,
                    val().and_then(|v| v.parse().ok()),
                ) {
                    self.nums.entry(n.clone()).or_default().starts.insert(l, v);
                }
            }
            "start" | "numFmt" | "lvlText" => {
                let (Some(l), Some(v)) = (self.cur_level, val()) else {
                    return;
                };
                let level = match (&self.cur_abstract, &self.cur_num) {
                    (Some(a), _) => self.abstracts.get_mut(a).and_then(|m| m.get_mut(&l)),
                    (None, Some(n)) => self.nums.get_mut(n).and_then(|m| m.levels.get_mut(&l)),
                    _ => None,
                };
                let Some(level) = level else {
                    return;
                };
                match local {
                    "start" => level.start = v.parse().unwrap_or(1),
                    "numFmt" => level.format = v,
                    _ => level.text = v,
                }
            }
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "abstractNum" => self.cur_abstract = None,
            "num" => self.cur_num = None,
            "lvl" | "lvlOverride" => self.cur_level = None,
            _ => {}
        }
    }
    fn text(&mut self, _text: &str) {}
}

/// `word/styles.xml`: paragraph styles that carry list membership
/// (`w:style/w:pPr/w:numPr`), e.g. "List Number".
#[derive(Default)]
pub struct StyleLists {
    pub lists: HashMap<String, (String, u8)>,
    style: Option<String>,
    num: Option<String>,
    ilvl: u8,
}

impl Visitor for StyleLists {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "style" => {
                self.style = xml::attr(e, "styleId");
                self.num = None;
                self.ilvl = 0;
            }
            "numId" if self.style.is_some() => self.num = xml::attr(e, "val"),
            "ilvl" if self.style.is_some() => {
                self.ilvl = xml::attr(e, "val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
            }
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        if local == "style"
            && let (Some(style), Some(num)) = (self.style.take(), self.num.take())
            && num != "0"
            && self.lists.len() < 10_000
        {
            self.lists.insert(style, (num, self.ilvl));
        }
    }
    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_levels_formats_and_restarts() {
        let xml = br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u{f0b7}"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="45"/><w:numFmt w:val="decimal"/><w:lvlText w:val="&#167; %1"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#;
        let mut n = Numbering::default();
        crate::extract::xml::walk_bytes(
            xml,
            "docx",
            &crate::extract::Budget::new(&Default::default()),
            &mut n,
        )
        .unwrap();
        assert_eq!(n.next_label("1", 0).as_deref(), Some("1."));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("a)"));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("b)"));
        assert_eq!(n.next_label("1", 0).as_deref(), Some("2."));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("a)"));
        assert_eq!(n.next_label("2", 0), None);
        assert_eq!(n.next_label("3", 0).as_deref(), Some("§ 45"));
        assert_eq!(n.next_label("3", 0).as_deref(), Some("§ 46"));
        assert_eq!(n.next_label("9", 0), None);
    }

    #[test]
    fn an_instance_can_redefine_a_level() {
        let xml = br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="2"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num></w:numbering>"#;
        let mut n = Numbering::default();
        crate::extract::xml::walk_bytes(
            xml,
            "docx",
            &crate::extract::Budget::new(&Default::default()),
            &mut n,
        )
        .unwrap();
        assert_eq!(n.next_label("5", 0).as_deref(), Some("B)"));
    }

    #[test]
    fn roman_and_letters() {
        assert_eq!(roman(14), "XIV");
        assert_eq!(letters(28), "BB");
        assert!(letters(u32::MAX).len() <= 8);
        assert!(roman(u32::MAX).len() <= 40);
    }
}
