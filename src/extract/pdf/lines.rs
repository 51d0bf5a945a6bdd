//! Words and lines from placed glyphs, the way pdftotext forms them.
//!
//! Glyphs arrive in content-stream order with their position, direction,
//! width and size. A new line starts when the text leaves its baseline; on
//! one line, glyphs are cut into fragments at space characters and at gaps
//! wider than a tenth of the font size (pdftotext's `minWordBreakSpace`),
//! and when the line is complete, fragments further apart than 0.03 font
//! sizes get a space between them. Keeping pdftotext's thresholds keeps our
//! words the same as the reference tool's, so findings line up with what
//! reviewers see in other tools.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// A gap wider than this fraction of the font size separates words.
const WORD_GAP: f64 = 0.1;
/// Fragments closer than this fraction of the font size join without a
/// space (pdftotext's `maxCharSpacing`).
const MIN_SPACE: f64 = 0.03;
/// A hyphenated word is joined only when the next line sits at most this
/// many font sizes below (the same paragraph).
const MAX_LINE_ADVANCE: f64 = 2.0;
/// Cell size, in font sizes, within which a second copy of a glyph is a
/// duplicate (pdftotext's `dupMaxPriDelta`).
const DUP_CELL: f64 = 0.1;
/// Overlap (negative gap) that cuts a fragment: text drawn over text.
const DUP_OVERLAP: f64 = 0.2;
/// A jump back along the baseline by more than this many font sizes sets
/// the next text apart: it was drawn out of reading order.
const JUMP_BACK: f64 = 0.5;
/// Letter-spaced lines: word threshold = this × the narrowest gap, capped at
/// [`MAX_WIDE_SPACING`] font sizes (pdftotext's `maxWideCharSpacingMul`).
const WIDE_SPACING_MUL: f64 = 1.3;
const MAX_WIDE_SPACING: f64 = 0.4;
/// A baseline shift larger than this fraction of the font size starts a line.
const LINE_SHIFT: f64 = 0.5;

/// Most glyph positions remembered per page for finding duplicates.
const MAX_PLACED: usize = 200_000;

/// The duplicate-finding cell of a glyph: position in tenths of its font
/// size, and the size itself in quarter points.
fn cell(origin: (f64, f64), size: f64) -> (i64, i64, i64) {
    let q = DUP_CELL * size;
    (
        (origin.0 / q).round() as i64,
        (origin.1 / q).round() as i64,
        (size * 4.0).round() as i64,
    )
}

/// A multiply-rotate hasher (as in rustc's FxHash) for glyph cells: nine
/// lookups per glyph with the default SipHash cost more than the rest of
/// the layout, and the keys come from one document, so no attacker gains
/// from collisions beyond that document's own time budget.
#[derive(Default)]
struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

/// The last glyph placed, for deciding what separates it from the next.
struct Last {
    origin: (f64, f64),
    end: (f64, f64),
    dir: (f64, f64),
    size: f64,
}

/// A run of glyphs with no break between them, and the gap before it.
struct Fragment {
    text: String,
    chars: usize,
    /// Distance from the previous fragment's last glyph; `None` when the
    /// fragment must be set apart whatever the gap (text that jumped back).
    gap_before: Option<f64>,
}

/// Assembles placed glyphs into lines of words, the way pdftotext does:
/// glyphs are cut into fragments at space characters and at gaps wider
/// than [`WORD_GAP`]; when a line is complete, fragments further apart than
/// [`MIN_SPACE`] get a space. A line made only of single letters (letter
/// spacing) instead uses 1.3 times its narrowest gap, so "S p a c e d" text
/// still reads as words.
#[derive(Default)]
pub(super) struct Builder {
    text: String,
    /// Non-white characters placed so far.
    pub(super) chars: usize,
    last: Option<Last>,
    pending_space: bool,
    line: Vec<Fragment>,
    /// The next line continues a word hyphenated at the end of this one.
    glue_next: bool,
    /// Font size of the line's first glyph.
    line_size: f64,
    /// Glyphs placed on the page, by character and position in cells of a
    /// tenth of the font size: the second copy of text drawn at (almost) the
    /// same place — fake bold, drop shadows, a layer drawn over a copy of
    /// itself — is dropped, as pdftotext drops it.
    placed: HashSet<(char, i64, i64, i64), BuildHasherDefault<CellHasher>>,
}

impl Builder {
    pub(super) fn push(
        &mut self,
        text: &str,
        origin: (f64, f64),
        dir: (f64, f64),
        advance: f64,
        size: f64,
        left: &mut usize,
    ) {
        if !(origin.0.is_finite()
            && origin.1.is_finite()
            && advance.is_finite()
            && size.is_finite())
        {
            return;
        }
        if text.chars().all(char::is_whitespace) {
            // A space ends the word; the gap is still measured from the end
            // of the last visible glyph, as pdftotext does.
            if !text.is_empty() {
                self.pending_space = true;
            }
            return;
        }
        // Each glyph is charged one byte more than its text, for the space
        // or line break that may come before it, so the page never
        // outgrows the budget. Once a glyph does not fit, the text stops.
        let cost = text.len() + 1;
        if cost > *left {
            *left = 0;
            return;
        }
        let size = size.max(0.5);
        if self.is_duplicate(text, origin, size) {
            return;
        }
        let mut gap_before = Some(0.0);
        let mut new_fragment = self.line.is_empty();
        if let Some(last) = &self.last {
            let d = (origin.0 - last.origin.0, origin.1 - last.origin.1);
            let perp = last.dir.0 * d.1 - last.dir.1 * d.0;
            let same_dir = last.dir.0 * dir.0 + last.dir.1 * dir.1 > 0.9;
            if !same_dir || perp.abs() > LINE_SHIFT * last.size.max(size) {
                self.end_line();
                // pdftotext joins a word hyphenated across two lines of one
                // paragraph ("e-" + "tjänst" → "etjänst"); do the same when
                // the text moved down by about one line.
                let below = -perp;
                if same_dir && below > LINE_SHIFT * size && below < MAX_LINE_ADVANCE * size {
                    self.join_hyphenated();
                }
                new_fragment = true;
            } else {
                let gap =
                    last.dir.0 * (origin.0 - last.end.0) + last.dir.1 * (origin.1 - last.end.1);
                if gap < -JUMP_BACK * last.size {
                    new_fragment = true;
                    gap_before = None;
                } else if self.pending_space
                    || gap > WORD_GAP * last.size
                    || gap < -DUP_OVERLAP * last.size
                {
                    new_fragment = true;
                    gap_before = Some(gap);
                }
            }
        }
        self.pending_space = false;
        if self.line.is_empty() {
            self.line_size = size;
        }
        if new_fragment || self.line.is_empty() {
            self.line.push(Fragment {
                text: String::new(),
                chars: 0,
                gap_before,
            });
        }
        *left -= cost;
        if let Some(fragment) = self.line.last_mut() {
            fragment.text.push_str(text);
            fragment.chars += text.chars().count();
        }
        self.chars += text.chars().filter(|c| !c.is_whitespace()).count();
        if let Some(c) = text.chars().next()
            && self.placed.len() < MAX_PLACED
        {
            let (x, y, s) = cell(origin, size);
            self.placed.insert((c, x, y, s));
        }
        let end = (origin.0 + dir.0 * advance, origin.1 + dir.1 * advance);
        self.last = Some(Last {
            origin,
            end,
            dir,
            size,
        });
    }

    fn is_duplicate(&self, text: &str, origin: (f64, f64), size: f64) -> bool {
        let Some(c) = text.chars().next() else {
            return false;
        };
        let (x, y, s) = cell(origin, size);
        // Saturating: text placed absurdly far out casts to the edge of
        // `i64` (found by fuzzing).
        (-1..=1).any(|dx| {
            (-1..=1).any(|dy| {
                self.placed
                    .contains(&(c, x.saturating_add(dx), y.saturating_add(dy), s))
            })
        })
    }

    /// Joins the line's fragments, spaces where the gaps say, and starts a
    /// new line.
    fn end_line(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let size = self.line_size;
        let letter_spaced = self.line.len() > 1 && self.line.iter().all(|f| f.chars == 1);
        let narrowest = self
            .line
            .iter()
            .skip(1)
            .filter_map(|f| f.gap_before)
            .fold(f64::INFINITY, f64::min);
        let threshold = if letter_spaced && narrowest > 0.0 && narrowest.is_finite() {
            (WIDE_SPACING_MUL * narrowest).min(MAX_WIDE_SPACING * size)
        } else {
            MIN_SPACE * size
        };
        if !self.text.is_empty() && !std::mem::take(&mut self.glue_next) {
            self.text.push('\n');
        }
        for (i, fragment) in self.line.drain(..).enumerate() {
            let space = match fragment.gap_before {
                None => true,
                Some(gap) => gap >= threshold,
            };
            if i > 0 && space {
                self.text.push(' ');
            }
            self.text.push_str(&fragment.text);
        }
        self.pending_space = false;
    }

    /// Drops a hyphen that ends the text after a letter, and glues the next
    /// line to it.
    fn join_hyphenated(&mut self) {
        let mut tail = self.text.chars().rev();
        if tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic) {
            self.text.pop();
            self.glue_next = true;
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.end_line();
        self.text
    }
}
