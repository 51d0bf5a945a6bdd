//! The WordprocessingML element handlers: which element opens or closes
//! what in a [`Story`]. Kept apart from the story's state and output so each
//! file reads on its own.

use quick_xml::events::BytesStart;

use super::{Mode, Story, Table};
use crate::extract::xml::{self, Visitor};

/// `w:val` off values: `w:vanish w:val="0"` turns hiding off again.
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(xml::attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

impl Visitor for Story {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if matches!(
            local,
            "ins"
                | "del"
                | "moveFrom"
                | "moveTo"
                | "pPrChange"
                | "rPrChange"
                | "sectPrChange"
                | "tblPrChange"
                | "trPrChange"
                | "tcPrChange"
                | "numberingChange"
        ) {
            self.note_revision_author(e);
        }
        match local {
            "Fallback" => self.skip = 1,
            "p" => self.start_paragraph(),
            "pPr" => self.ppr += 1,
            "pPrChange" | "rPrChange" => self.prop_change += 1,
            "numId" if self.ppr > 0 && self.prop_change == 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = xml::attr(e, "val");
                }
            }
            "ilvl" if self.ppr > 0 && self.prop_change == 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = xml::attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                }
            }
            "rPr" if self.ppr == 0 => self.rpr += 1,
            "r" => {
                self.run += 1;
                self.run_hidden = false;
            }
            "vanish" if self.rpr > 0 && self.ppr == 0 && self.prop_change == 0 => {
                self.run_hidden = is_on(e)
            }
            "t" => self.in_t += 1,
            "delText" => self.in_del_text += 1,
            "del" | "moveFrom" => {
                self.tracked = true;
                self.deletion += 1;
            }
            "ins" | "moveTo" => self.tracked = true,
            "tab" | "ptab" if self.run > 0 && self.ppr == 0 => self.text_in_run("\t"),
            "br" | "cr" if self.run > 0 => self.text_in_run("\n"),
            "noBreakHyphen" if self.run > 0 => self.text_in_run("-"),
            "sym" if self.run > 0 => {
                if let Some(c) = xml::attr(e, "char").and_then(|h| symbol_char(&h)) {
                    let mut tmp = [0u8; 4];
                    self.text_in_run(c.encode_utf8(&mut tmp));
                }
            }
            "fldChar" => match xml::attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(last) = self.fields.last_mut() {
                        *last = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "txbxContent" => self.textbox_depth += 1,
            "oMath" => self.math += 1,
            // Office Math keeps a formula as nested boxes (base, subscript,
            // numerator, matrix cell …) of runs; a space between boxes
            // keeps `y` and its subscript `tij` apart instead of `ytij`.
            "e" | "sub" | "sup" | "num" | "den" | "deg" | "lim" | "fName" if self.math > 0 => {
                let after_text = self
                    .paras
                    .last()
                    .is_some_and(|p| p.text.chars().last().is_some_and(|c| !c.is_whitespace()));
                if after_text {
                    self.text_in_run(" ");
                }
            }
            // WordArt and watermarks ("UTKAST", "SEKRETESS") keep their text
            // in an attribute of the VML shape, not in runs.
            "textpath" => {
                if let Some(s) = xml::attr(e, "string") {
                    self.limit.push_line(&mut self.textbox, &s);
                }
            }
            "tbl" => self.tables.push(Table {
                cells: Vec::new(),
                cell: String::new(),
                in_textbox: self.textbox_depth > 0,
            }),
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                }
            }
            "footnoteReference" | "endnoteReference" if self.run > 0 => {
                let key = (
                    local == "endnoteReference",
                    xml::attr(e, "id").unwrap_or_default(),
                );
                let next = self.note_numbers.len() as u32 + 1;
                let n = *self.note_numbers.entry(key).or_insert(next);
                self.text_in_run(&format!("[{n}]"));
            }
            "footnote" | "endnote" => {
                let key = (local == "endnote", xml::attr(e, "id").unwrap_or_default());
                self.note_label = self.note_numbers.get(&key).map(|n| format!("[{n}]"));
            }
            "pStyle" if self.ppr > 0 && self.prop_change == 0 => {
                let style = xml::attr(e, "val").unwrap_or_default();
                if let (Some(p), Some((num, lvl))) =
                    (self.paras.last_mut(), self.style_lists.get(&style))
                    && p.num_id.is_none()
                {
                    p.num_id = Some(num.clone());
                    p.ilvl = *lvl;
                }
            }
            "docPr" => {
                // Alt text of a picture or shape, where the picture sits (as
                // pandoc shows it); `descr` often names a person or a file.
                let alt = xml::attr(e, "descr").filter(|d| !d.trim().is_empty());
                if let Some(alt) =
                    alt.or_else(|| xml::attr(e, "title").filter(|t| !t.trim().is_empty()))
                {
                    let alt = alt.replace(['\n', '\r', '\t'], " ");
                    self.text_in_run(&format!("[{}]", alt.trim()));
                }
            }
            "altChunk" => {
                if let Some(id) = xml::attr(e, "id") {
                    self.alt_chunks.push((self.text.len(), id));
                }
            }
            "comment" if self.mode == Mode::Comments => {
                self.end_comment();
                let author = xml::attr(e, "author").unwrap_or_default();
                self.comment_author = Some(author);
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match local {
            "p" => self.end_paragraph(),
            "pPr" => self.ppr = self.ppr.saturating_sub(1),
            "pPrChange" | "rPrChange" => self.prop_change = self.prop_change.saturating_sub(1),
            "rPr" if self.ppr == 0 => self.rpr = self.rpr.saturating_sub(1),
            "r" => {
                self.run = self.run.saturating_sub(1);
                self.run_hidden = false;
            }
            "t" => self.in_t = self.in_t.saturating_sub(1),
            "delText" => self.in_del_text = self.in_del_text.saturating_sub(1),
            "del" | "moveFrom" => self.deletion = self.deletion.saturating_sub(1),
            "txbxContent" => self.textbox_depth = self.textbox_depth.saturating_sub(1),
            "oMath" => self.math = self.math.saturating_sub(1),
            "tc" => self.end_cell(),
            "tr" => self.end_row(),
            "tbl" => {
                self.end_cell_if_open();
                self.tables.pop();
            }
            "comment" if self.mode == Mode::Comments => {
                while !self.paras.is_empty() {
                    self.end_paragraph();
                }
                self.end_comment();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip > 0 || self.in_field_code() {
            return;
        }
        if self.in_del_text > 0 {
            self.push_run_text(text, true);
        } else if self.in_t > 0 {
            self.push_run_text(text, self.deletion > 0);
        }
    }
}

/// `w:sym w:char="F0E0"`: symbol fonts map their glyphs into the private use
/// area at U+F000; anything below is an ordinary character. Private-use
/// glyphs (arrows, ticks in Wingdings) carry no words, so they are dropped.
fn symbol_char(hex: &str) -> Option<char> {
    let code = u32::from_str_radix(hex, 16).ok()?;
    let c = char::from_u32(code)?;
    (!(0xE000..=0xF8FF).contains(&code) && !c.is_control()).then_some(c)
}
