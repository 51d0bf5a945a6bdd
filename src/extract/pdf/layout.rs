//! The content-stream interpreter: runs a page's drawing program (graphics
//! state, text state, forms) and places every glyph it shows.
//!
//! Positions come from the full text-rendering matrix — font size, `Tz`,
//! `Ts`, `Tm`/`Td` moves, `TJ` kerning, `Tc`/`Tw` spacing, the CTM of nested
//! forms — so rotated pages and scaled text place glyphs the same way a
//! viewer does. The placed glyphs go to [`Builder`], which forms words and
//! lines; images are only noted, for the OCR decision.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object};

use super::fonts::Font;
use super::lexer::{Lexer, Operand};
use super::lines::Builder;
use super::obj;
use crate::extract::{Budget, ExtractError};

/// Form XObjects nest at most this deep.
const MAX_FORM_DEPTH: usize = 12;
/// Marked-content nesting kept track of (`BDC` without `EMC`).
const MAX_MARKED_DEPTH: usize = 1024;
/// Graphics-state stack limit (`q` without `Q`).
const MAX_GSTATE_DEPTH: usize = 256;
/// Most image draws noted per page for OCR.
const MAX_IMAGES: usize = 64;
/// Check the time budget every so many operators.
const CHECK_EVERY: u64 = 2048;

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// What one page yielded.
#[derive(Debug, Default)]
pub struct PageText {
    pub text: String,
    /// Non-white characters of text.
    pub chars: usize,
    /// The page draws an image (XObject or inline).
    pub has_image: bool,
    /// Text in optional-content layers that are off: not shown on screen or
    /// printed, yet in the file for anyone who turns the layer on.
    pub hidden: String,
    /// Image XObjects the page draws, in drawing order, for OCR.
    pub images: Vec<DrawnImage>,
}

/// An image XObject drawn on a page: its object and where it lands.
#[derive(Debug, Clone, Copy)]
pub struct DrawnImage {
    /// The image XObject (images written inline in a resource dictionary
    /// are not noted: scanners write them as objects).
    pub id: lopdf::ObjectId,
    /// The CTM when drawn: the image's unit square maps to the page by it,
    /// so `ctm[5] + ctm[3]` is its top edge and `ctm[3]` its height.
    pub ctm: [f64; 6],
}

/// Fonts already loaded in this document, by object (or, for a font written
/// directly into a resource dictionary, by its address in the parsed
/// document). Bounded by the table entries its fonts hold: a file with
/// thousands of large fonts empties it rather than filling memory.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<FontKey, Rc<Font>>,
    weight: usize,
}

impl FontCache {
    /// Most table entries (widths, CMap entries) kept across cached fonts.
    const MAX_WEIGHT: usize = 4_000_000;

    pub fn new() -> Self {
        Self::default()
    }

    fn get(&self, key: &FontKey) -> Option<Rc<Font>> {
        self.fonts.get(key).cloned()
    }

    fn insert(&mut self, key: FontKey, font: Rc<Font>) {
        if self.weight + font.weight > Self::MAX_WEIGHT {
            self.fonts.clear();
            self.weight = 0;
        }
        self.weight += font.weight;
        self.fonts.insert(key, font);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontKey {
    Ref(lopdf::ObjectId),
    Inline(usize),
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
}

/// Runs content streams and collects their text.
pub struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a Budget,
    fonts: &'a mut FontCache,
    /// Text bytes the document may still yield.
    text_left: &'a mut usize,
    out: Builder,
    /// Text drawn inside hidden optional content.
    hidden: Builder,
    /// Optional-content groups that are off in the default configuration.
    hidden_groups: &'a HashSet<lopdf::ObjectId>,
    /// How many enclosing marked-content sequences or forms are hidden.
    hidden_depth: usize,
    has_image: bool,
    images: Vec<DrawnImage>,
    forms: Vec<lopdf::ObjectId>,
    ops: u64,
}

impl<'a> Interpreter<'a> {
    pub fn new(
        doc: &'a Document,
        budget: &'a Budget,
        fonts: &'a mut FontCache,
        text_left: &'a mut usize,
        hidden_groups: &'a HashSet<lopdf::ObjectId>,
    ) -> Self {
        Interpreter {
            doc,
            budget,
            fonts,
            text_left,
            out: Builder::default(),
            hidden: Builder::default(),
            hidden_groups,
            hidden_depth: 0,
            has_image: false,
            images: Vec::new(),
            forms: Vec::new(),
            ops: 0,
        }
    }

    /// Runs a page's content and returns its text.
    pub fn page(
        mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
    ) -> Result<PageText, ExtractError> {
        self.run(content, resources, IDENTITY)?;
        Ok(PageText {
            chars: self.out.chars,
            text: self.out.finish(),
            has_image: self.has_image,
            hidden: self.hidden.finish(),
            images: self.images,
        })
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        ctm: Matrix,
    ) -> Result<(), ExtractError> {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // Marked-content levels opened in this stream: whether each hides.
        let mut marked: Vec<bool> = Vec::new();
        let mut lexer = Lexer::new(content);
        let mut ops = Vec::new();
        while let Some(op) = lexer.next_op(&mut ops) {
            self.ops += 1;
            if self.ops.is_multiple_of(CHECK_EVERY) {
                self.budget.check()?;
            }
            let n = |i: usize| ops.get(i).and_then(Operand::number);
            match op {
                b"q" if stack.len() < MAX_GSTATE_DEPTH => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                b"cm" => {
                    if let Some(m) = six(&ops) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Operand::Name(name)), Some(size)) = (ops.first(), n(1)) {
                        gs.font = self.font(resources, name);
                        gs.size = size;
                    }
                }
                b"Tc" => gs.char_space = n(0).unwrap_or(0.0),
                b"Tw" => gs.word_space = n(0).unwrap_or(0.0),
                b"Tz" => gs.h_scale = n(0).unwrap_or(100.0) / 100.0,
                b"TL" => gs.leading = n(0).unwrap_or(0.0),
                b"Ts" => gs.rise = n(0).unwrap_or(0.0),
                b"Td" | b"TD" => {
                    if let (Some(tx), Some(ty)) = (n(0), n(1)) {
                        if op == b"TD" {
                            gs.leading = -ty;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = six(&ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        if op == b"\"" {
                            gs.word_space = n(0).unwrap_or(gs.word_space);
                            gs.char_space = n(1).unwrap_or(gs.char_space);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(&gs, &mut tm, s);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = ops.first() {
                        for item in items {
                            match item {
                                Operand::Str(s) => self.show(&gs, &mut tm, s),
                                Operand::Number(adj) if adj.is_finite() => {
                                    let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                    let shift = -adj / 1000.0 * gs.size;
                                    let t = if vertical {
                                        [1.0, 0.0, 0.0, 1.0, 0.0, shift]
                                    } else {
                                        [1.0, 0.0, 0.0, 1.0, shift * gs.h_scale, 0.0]
                                    };
                                    tm = mul(&t, &tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = ops.first() {
                        self.xobject(resources, name, &gs.ctm)?;
                    }
                }
                b"BI" => self.has_image = true,
                b"BDC" | b"BMC" => {
                    let hides = op == b"BDC" && self.hides(resources, &ops);
                    if marked.len() < MAX_MARKED_DEPTH {
                        marked.push(hides);
                        self.hidden_depth += usize::from(hides);
                    }
                }
                b"EMC" => {
                    if let Some(hides) = marked.pop() {
                        self.hidden_depth -= usize::from(hides);
                    }
                }
                b"gs" => {
                    if let Some(Operand::Name(name)) = ops.first()
                        && let Some((font, size)) = self.gs_font(resources, name)
                    {
                        gs.font = Some(font);
                        gs.size = size;
                    }
                }
                _ => {}
            }
        }
        // Levels a damaged stream left open end with it.
        self.hidden_depth -= marked.iter().filter(|h| **h).count();
        Ok(())
    }

    /// Whether `/OC /name BDC` opens hidden content: the named optional
    /// content group is off, or a membership dictionary's groups all are
    /// (its default policy, `/AnyOn`).
    fn hides(&self, resources: Option<&Dictionary>, ops: &[Operand]) -> bool {
        let (Some(Operand::Name(tag)), Some(Operand::Name(name))) = (ops.first(), ops.get(1))
        else {
            return false;
        };
        if tag != b"OC" {
            return false;
        }
        let Some(properties) = resources.and_then(|r| obj::get_dict(self.doc, r, b"Properties"))
        else {
            return false;
        };
        properties
            .get(name)
            .is_ok_and(|entry| self.is_hidden_group(entry))
    }

    /// An optional-content group or membership dictionary that is off.
    fn is_hidden_group(&self, entry: &Object) -> bool {
        if let Object::Reference(id) = entry
            && self.hidden_groups.contains(id)
        {
            return true;
        }
        let Some(dict) = obj::as_dict(self.doc, entry) else {
            return false;
        };
        if obj::get_name(self.doc, dict, b"Type") != Some(b"OCMD") {
            return false;
        }
        if let Ok(expression) = dict.get(b"VE") {
            return !self.visible(expression, 0);
        }
        let groups: Vec<bool> = match obj::get(self.doc, dict, b"OCGs") {
            Some(Object::Array(items)) => {
                items.iter().take(256).map(|g| self.visible(g, 0)).collect()
            }
            Some(_) => dict
                .get(b"OCGs")
                .map(|g| vec![self.visible(g, 0)])
                .unwrap_or_default(),
            None => return false,
        };
        if groups.is_empty() {
            return false;
        }
        let visible = match obj::get_name(self.doc, dict, b"P") {
            Some(b"AllOn") => groups.iter().all(|v| *v),
            Some(b"AnyOff") => groups.iter().any(|v| !v),
            Some(b"AllOff") => groups.iter().all(|v| !v),
            _ => groups.iter().any(|v| *v),
        };
        !visible
    }

    /// Evaluates a visibility expression (`[/And …]`, `[/Or …]`, `[/Not x]`)
    /// or a group reference; anything unreadable counts as visible.
    fn visible(&self, expression: &Object, depth: usize) -> bool {
        if let Object::Reference(id) = expression
            && self.hidden_groups.contains(id)
        {
            return false;
        }
        if depth > 16 {
            return true;
        }
        let Object::Array(items) = obj::resolve(self.doc, expression) else {
            return true;
        };
        let Some(Object::Name(op)) = items.first() else {
            return true;
        };
        let mut operands = items[1..]
            .iter()
            .take(256)
            .map(|o| self.visible(o, depth + 1));
        match op.as_slice() {
            b"And" => operands.all(|v| v),
            b"Or" => operands.any(|v| v),
            b"Not" => !operands.next().unwrap_or(false),
            _ => true,
        }
    }

    /// Shows a string: places each glyph and advances the text matrix.
    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8]) {
        let Some(font) = gs.font.clone() else { return };
        let size = gs.size;
        let m = mul(tm, &gs.ctm);
        let x_scale = (m[0] * m[0] + m[1] * m[1]).sqrt();
        let y_scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
        let device_size = (size * y_scale * font.size_scale).abs();
        let dir = if font.vertical {
            unit(-m[2], -m[3])
        } else {
            let d = unit(m[0], m[1]);
            if size * gs.h_scale < 0.0 {
                (-d.0, -d.1)
            } else {
                d
            }
        };
        let out = if self.hidden_depth > 0 {
            &mut self.hidden
        } else {
            &mut self.out
        };
        let text_left = &mut *self.text_left;
        let mut advance = 0.0f64;
        font.decode(bytes, |g| {
            let step = if font.vertical {
                -(size + gs.char_space)
            } else {
                let ws = if g.word_space { gs.word_space } else { 0.0 };
                (g.width * size + gs.char_space + ws) * gs.h_scale
            };
            let origin = if font.vertical {
                (m[4] + advance * m[2], m[5] + advance * m[3])
            } else {
                (
                    m[4] + advance * m[0] + gs.rise * m[2],
                    m[5] + advance * m[1] + gs.rise * m[3],
                )
            };
            // Like pdftotext, the glyph's box excludes character and word
            // spacing: spacing wide enough to move text around reads as a gap.
            let (scale, ink) = if font.vertical {
                (y_scale, size)
            } else {
                (x_scale, g.width * size * gs.h_scale)
            };
            out.push(
                g.text,
                origin,
                dir,
                (ink * scale).abs(),
                device_size,
                text_left,
            );
            advance += step;
        });
        let t = if font.vertical {
            [1.0, 0.0, 0.0, 1.0, 0.0, advance]
        } else {
            [1.0, 0.0, 0.0, 1.0, advance, 0.0]
        };
        *tm = mul(&t, tm);
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = obj::get_dict(self.doc, resources?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        self.load_font(entry)
    }

    fn load_font(&mut self, entry: &Object) -> Option<Rc<Font>> {
        let dict = obj::as_dict(self.doc, entry)?;
        let key = match entry {
            Object::Reference(id) => FontKey::Ref(*id),
            _ => FontKey::Inline(dict as *const Dictionary as usize),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Some(font);
        }
        let font = Rc::new(Font::load(self.doc, dict, self.budget.max_expand));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    /// `/Font [ref size]` in an ExtGState.
    fn gs_font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<(Rc<Font>, f64)> {
        let states = obj::get_dict(self.doc, resources?, b"ExtGState")?;
        let state = obj::as_dict(self.doc, states.get(name).ok()?)?;
        let arr = obj::get_array(self.doc, state, b"Font")?;
        let size = obj::num(self.doc, arr.get(1)?)?;
        let font = self.load_font(arr.first()?)?;
        Some((font, size))
    }

    /// `Do`: an image marks the page; a form runs in place, once per chain
    /// (a form that draws itself is drawn only once).
    fn xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        ctm: &Matrix,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| obj::get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let Some(stream) = obj::as_stream(doc, entry) else {
            return Ok(());
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => {
                self.has_image = true;
                // A page draws few images; a hostile one drawing the same
                // image a million times must not grow this without bound.
                if let Object::Reference(id) = entry
                    && self.images.len() < MAX_IMAGES
                {
                    self.images.push(DrawnImage { id: *id, ctm: *ctm });
                }
            }
            Some(b"Form") => {
                let id = match entry {
                    Object::Reference(id) => *id,
                    _ => (u32::MAX, 0),
                };
                if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
                    return Ok(());
                }
                let Some(content) = obj::stream_bytes(stream, self.budget.max_expand) else {
                    return Ok(());
                };
                let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
                    .and_then(|a| obj::matrix(doc, a))
                    .unwrap_or(IDENTITY);
                let inner = obj::get_dict(doc, &stream.dict, b"Resources").or(resources);
                let hides = stream
                    .dict
                    .get(b"OC")
                    .is_ok_and(|oc| self.is_hidden_group(oc));
                self.forms.push(id);
                self.hidden_depth += usize::from(hides);
                let result = self.run(&content, inner, mul(&matrix, ctm));
                self.hidden_depth -= usize::from(hides);
                self.forms.pop();
                result?;
            }
            _ => {}
        }
        Ok(())
    }
}

fn six(ops: &[Operand]) -> Option<Matrix> {
    if ops.len() < 6 {
        return None;
    }
    let s = &ops[ops.len() - 6..];
    let mut m = [0.0; 6];
    for (slot, o) in m.iter_mut().zip(s) {
        *slot = o.number()?;
    }
    Some(m)
}

fn unit(x: f64, y: f64) -> (f64, f64) {
    let len = (x * x + y * y).sqrt();
    if len > 1e-9 && len.is_finite() {
        (x / len, y / len)
    } else {
        (1.0, 0.0)
    }
}
