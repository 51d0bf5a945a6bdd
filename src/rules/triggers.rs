//! Where a rule without starting words can match, found in one pass.
//!
//! Why this exists: digit patterns (personnummer, account numbers), line-start
//! rules and lexicons mixed with numbers have no finite set of starting words
//! for `anchors.rs`, and each searching the whole text costs more than all
//! anchored rules together. But every match of such a pattern contains
//! something narrower than "any text": a run of six digits, a line start, one
//! of the words an alternative begins with. The pattern's syntax tree says
//! what, and how far from the match start it can lie. One pass over the bytes
//! (byte runs) and one automaton (words) find every such *cue* for every rule
//! at once; each rule then searches only the short windows where a match could
//! start, and finds exactly what a whole-text search finds.
//!
//! The derivation is conservative: a pattern whose matches need not contain
//! any narrow cue at a bounded distance from the start (an e-mail address's
//! local part before the `@` has no length limit; a phone number may follow
//! any run of blanks) gets none and is searched as before.

use regex_syntax::hir::{Class, Hir, HirKind, Look};
use regex_syntax::utf8::Utf8Sequences;

use super::words;

/// A set of byte values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Bytes([u64; 4]);

impl Bytes {
    const NONE: Bytes = Bytes([0; 4]);

    fn of(values: impl IntoIterator<Item = u8>) -> Bytes {
        let mut set = Bytes::NONE;
        for b in values {
            set.insert(b);
        }
        set
    }

    fn insert(&mut self, b: u8) {
        self.0[b as usize / 64] |= 1 << (b % 64);
    }

    fn union(mut self, other: &Bytes) -> Bytes {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn intersects(&self, other: &Bytes) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }

    pub fn contains(&self, b: u8) -> bool {
        self.0[b as usize / 64] & (1 << (b % 64)) != 0
    }

    /// Roughly how often a byte of Swedish prose is in the set: only used
    /// to pick the rarest of several triggers.
    fn rate(&self) -> f64 {
        (0..=255u8)
            .filter(|&b| self.contains(b))
            .map(byte_rate)
            .sum()
    }
}

/// Rough frequency of a byte in Swedish text: letters by their frequency
/// in Swedish prose (e, a, n, r, t … down to q), upper case rarer.
fn byte_rate(b: u8) -> f64 {
    const LOWER: [f64; 26] = [
        0.075, 0.012, 0.004, 0.038, 0.080, 0.016, 0.023, 0.017, 0.047, 0.005, 0.025, 0.042, 0.028,
        0.068, 0.036, 0.014, 0.0001, 0.067, 0.053, 0.062, 0.015, 0.019, 0.001, 0.001, 0.006,
        0.0005,
    ];
    match b {
        b' ' => 0.15,
        b'a'..=b'z' => LOWER[(b - b'a') as usize],
        b'A'..=b'Z' => 0.003,
        b'0'..=b'9' => 0.005,
        b'\n' => 0.01,
        b'.' | b',' | b'-' | b':' => 0.01,
        // The lead byte of å, ä, ö and é, and their second bytes.
        0xC3 => 0.04,
        0xA4 | 0xA5 | 0xB6 => 0.013,
        0x80..=0xBF => 0.0005,
        0x21..=0x7E => 0.001,
        _ => 0.0001,
    }
}

/// How far before a cue a match can start. The cue begins at least `lo`
/// bytes after the match start (`lo` is -1 for a line start: the newline
/// before the match). Without `back`, at most `hi` bytes after it. With
/// `back`, the match has an unbounded stretch first (`[ \t]*` before a
/// phone number, an e-mail address's local part): the cue lies at most `hi`
/// bytes after the end of a run of `back.class` bytes, and the match starts
/// at most `back.before` bytes before that run.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Reach {
    lo: isize,
    hi: isize,
    back: Option<Back>,
}

/// An unbounded stretch of a match: a run of bytes from `class`, with at
/// most `before` bytes of the match before it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Back {
    class: Bytes,
    before: usize,
}

impl Reach {
    const AT_START: Reach = Reach {
        lo: 0,
        hi: 0,
        back: None,
    };

    /// Window width for the cost estimate; a stretch counts as 16 bytes.
    fn width(&self) -> f64 {
        let stretch = self.back.map_or(0, |b| 16 + b.before);
        (self.hi - self.lo) as f64 + stretch as f64
    }

    /// The reach of a cue found `min..=max` bytes into a part of a sequence
    /// (or into the sequence after its stretch `back`); `None` when both the
    /// cue and the sequence have a stretch.
    fn shifted(self, min: usize, max: usize, back: Option<Back>) -> Option<Reach> {
        let lo = self.lo + min as isize;
        match (self.back, back) {
            (Some(_), Some(_)) => None,
            (Some(own), None) => Some(Reach {
                lo,
                hi: self.hi,
                back: Some(Back {
                    class: own.class,
                    before: own.before + max,
                }),
            }),
            (None, back) => Some(Reach {
                lo,
                hi: self.hi + max as isize,
                back,
            }),
        }
    }

    /// A reach covering both (for alternatives). Taking the wider class and
    /// the larger distances only moves window starts earlier.
    fn either(self, other: Reach) -> Reach {
        let back = match (self.back, other.back) {
            (None, None) => None,
            (Some(b), None) | (None, Some(b)) => Some(b),
            (Some(a), Some(b)) => Some(Back {
                class: a.class.union(&b.class),
                before: a.before.max(b.before),
            }),
        };
        Reach {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
            back,
        }
    }

    /// The first offset where a match can start, for a cue at `at` (the
    /// reach's upper end is `at - lo`). `memo` is the last run of the
    /// stretch's class found in `bytes`, so that cues in order read each
    /// byte of a long run once.
    fn earliest(&self, bytes: &[u8], at: isize, memo: &mut (usize, usize)) -> isize {
        let from = at - self.hi;
        let Some(back) = self.back else {
            return from;
        };
        let from = from.clamp(0, bytes.len() as isize) as usize;
        let (start, end) = *memo;
        let mut i = from;
        let mut joined = false;
        loop {
            if start <= i && i <= end {
                i = start;
                joined = true;
                break;
            }
            if i == 0 || !back.class.contains(bytes[i - 1]) {
                break;
            }
            i -= 1;
        }
        *memo = (i, if joined { from.max(end) } else { from });
        i as isize - back.before as isize
    }
}

/// What every match of a (sub)pattern contains: a run of at least `run`
/// consecutive bytes from `all` holding at least one byte from `first`,
/// at `reach` from the match start.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Trigger {
    first: Bytes,
    all: Bytes,
    run: usize,
    reach: Reach,
}

impl Trigger {
    /// Expected triggers per byte of text times the width of each window:
    /// lower is better.
    fn cost(&self) -> f64 {
        let runs = self.first.rate() * self.all.rate().powi(self.run as i32 - 1);
        runs * (1.0 + self.reach.width() / 16.0)
    }

    fn either(self, other: Trigger) -> Trigger {
        Trigger {
            first: self.first.union(&other.first),
            all: self.all.union(&other.all),
            run: self.run.min(other.run),
            reach: self.reach.either(other.reach),
        }
    }
}

/// One thing that occurs in every match (or, in a list of cues, one of
/// several things): a byte run, or one of a set of words found by an
/// ASCII-case-insensitive automaton and beginning `lo..=hi` bytes after the
/// match start (words that begin alternatives a byte class cannot narrow:
/// `^[^\w\n]{0,3}(?:hej|bästa)|\b(?:jag heter|mvh)\b`).
#[derive(Clone, PartialEq, Debug)]
pub enum Cue {
    Run(Trigger),
    Words {
        words: Vec<Vec<u8>>,
        reach: Reach,
        around: Around,
    },
}

/// What every match has right beside a cue word: the bytes its pattern
/// requires there (`[ \t]{1,8}\d` after "gatan", a line start and blanks
/// before "till"). A word whose neighbours do not fit opens no window.
/// Street-name endings, "plan" and "till" occur all through a plan or a
/// budget; followed by a house number, or first on a line, they are rare.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Around {
    /// Steps back from the word's first byte.
    before: Vec<Step>,
    /// Steps on from its last.
    after: Vec<Step>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Step {
    /// `min..=max` bytes from `class`, as many as there are (a step next
    /// to one of another length shares no byte with it, so taking as many
    /// as there are is what the pattern does).
    Run {
        class: Bytes,
        min: usize,
        max: usize,
    },
    /// A word ends (or begins) here: the byte beyond, if any, is not an
    /// ASCII letter, digit or `_` (only next to words that end, or begin,
    /// with one).
    WordEdge,
    /// A line begins here: the byte before, if any, is one of these.
    LineStart(&'static [u8]),
}

/// Which way steps read from the word.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    Back,
    On,
}

impl Around {
    /// What `before` (nearest part first) and `after` require next to the
    /// words.
    fn of(before: Side, after: Side, words: &[Vec<u8>]) -> Around {
        let edge = |way: Way| {
            let byte = |w: &Vec<u8>| match way {
                Way::Back => w.first().copied(),
                Way::On => w.last().copied(),
            };
            words.iter().all(|w| byte(w).is_some_and(is_word_byte))
        };
        Around {
            before: steps(before.parts_back(), Way::Back, edge(Way::Back)),
            after: steps(after.parts_on(), Way::On, edge(Way::On)),
        }
    }

    /// Whether the bytes before `start` and from `end` on are what the
    /// steps ask.
    fn holds(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        holds_back(&self.before, bytes, start) && holds_on(&self.after, bytes, end)
    }
}

/// The steps that `parts` (in the order they are met going `way` from the
/// words) make, as far as the bytes alone tell them. `edge`: the words
/// end (or begin) with an ASCII word byte, so a word boundary right next to
/// them is a step.
fn steps(parts: Vec<&Hir>, way: Way, edge: bool) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for hir in parts {
        match hir.kind() {
            HirKind::Empty => {}
            HirKind::Look(look) => {
                let line = match (way, look) {
                    (Way::Back, Look::StartLF) => Some(&b"\n"[..]),
                    (Way::Back, Look::StartCRLF) => Some(&b"\r\n"[..]),
                    (Way::Back, Look::Start) => Some(&b""[..]),
                    _ => None,
                };
                if let Some(newlines) = line {
                    // The run before must not hold a line end, or the line
                    // may begin inside it.
                    let clear = steps.last().is_none_or(|s| match s {
                        Step::Run { class, min, max } => {
                            min == max || newlines.iter().all(|&b| !class.contains(b))
                        }
                        _ => true,
                    });
                    if clear {
                        steps.push(Step::LineStart(newlines));
                    }
                    return steps;
                }
                if steps.is_empty() && edge && is_word_edge(*look, way) {
                    steps.push(Step::WordEdge);
                }
            }
            HirKind::Literal(lit) => {
                let bytes: Vec<u8> = match way {
                    Way::Back => lit.0.iter().rev().copied().collect(),
                    Way::On => lit.0.to_vec(),
                };
                for b in bytes {
                    if !push_run(&mut steps, Bytes::of([b]), 1, 1) {
                        return steps;
                    }
                }
            }
            HirKind::Class(class) => {
                if !push_class(&mut steps, class, 1, Some(1), way) {
                    return steps;
                }
            }
            HirKind::Repetition(rep) => match rep.sub.kind() {
                HirKind::Class(class)
                    if push_class(&mut steps, class, rep.min as usize, rep.max, way) => {}
                _ => return steps,
            },
            _ => return steps,
        }
    }
    steps
}

/// Whether the bytes from `at` on take the steps.
fn holds_on(steps: &[Step], bytes: &[u8], mut at: usize) -> bool {
    for step in steps {
        match *step {
            Step::Run { class, min, max } => {
                let rest = bytes.get(at..).unwrap_or_default();
                let n = (rest.iter().take(max))
                    .take_while(|&&b| class.contains(b))
                    .count();
                if n < min {
                    return false;
                }
                at += n;
            }
            Step::WordEdge => {
                if bytes.get(at).is_some_and(|&b| is_word_byte(b)) {
                    return false;
                }
            }
            Step::LineStart(_) => return false,
        }
    }
    true
}

/// Whether the bytes before `at` take the steps, going back.
fn holds_back(steps: &[Step], bytes: &[u8], mut at: usize) -> bool {
    for step in steps {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        match *step {
            Step::Run { class, min, max } => {
                let n = (bytes[..at].iter().rev().take(max))
                    .take_while(|&&b| class.contains(b))
                    .count();
                if n < min {
                    return false;
                }
                at -= n;
            }
            Step::WordEdge => {
                if before.is_some_and(is_word_byte) {
                    return false;
                }
            }
            Step::LineStart(newlines) => {
                if before.is_some_and(|b| !newlines.contains(&b)) {
                    return false;
                }
            }
        }
    }
    true
}

/// Adds the step `min..=max` characters of `class` make (`max` None: no
/// limit); false when no more steps can follow. A class of one-byte
/// characters is a run of bytes. Of longer characters, going on, only the
/// first byte of the first one is known; going back, a run of up to four
/// bytes a character.
fn push_class(
    steps: &mut Vec<Step>,
    class: &Class,
    min: usize,
    max: Option<u32>,
    way: Way,
) -> bool {
    let (first, all) = class_bytes(class);
    let max = max.map_or(usize::MAX, |m| m as usize);
    if first == all {
        return push_run(steps, all, min, max);
    }
    match way {
        Way::On => {
            if min >= 1 {
                push_run(steps, first, 1, 1);
            }
            false
        }
        Way::Back => push_run(steps, all, min, max.saturating_mul(4)),
    }
}

/// Adds a run step unless the one before could take bytes of this one
/// (then a greedy count is not what the pattern does): false when not.
fn push_run(steps: &mut Vec<Step>, class: Bytes, min: usize, max: usize) -> bool {
    if let Some(Step::Run {
        class: before,
        min: lo,
        max: hi,
    }) = steps.last()
        && lo != hi
        && before.intersects(&class)
    {
        return false;
    }
    steps.push(Step::Run { class, min, max });
    true
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A look-around that, right next to a word character (after it going on,
/// before it going back), says a word ends there.
fn is_word_edge(look: Look, way: Way) -> bool {
    match way {
        Way::On => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordEndAscii
                | Look::WordEndUnicode
                | Look::WordEndHalfAscii
                | Look::WordEndHalfUnicode
        ),
        Way::Back => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordStartUnicode
                | Look::WordStartHalfAscii
                | Look::WordStartHalfUnicode
        ),
    }
}

/// The parts of a pattern on one side of a part, in every match: the rest
/// of the sequence it is in (after it, or before it), then what is on that
/// side of the sequence.
#[derive(Clone, Copy)]
struct Side<'a> {
    now: &'a [Hir],
    then: Option<&'a Side<'a>>,
}

/// Nothing known there.
const NOTHING: Side = Side {
    now: &[],
    then: None,
};

impl<'a> Side<'a> {
    fn and(now: &'a [Hir], then: &'a Side<'a>) -> Side<'a> {
        Side {
            now,
            then: Some(then),
        }
    }

    /// The parts in the order they follow, sequences and groups opened.
    fn parts_on(&self) -> Vec<&'a Hir> {
        let mut out = Vec::new();
        let mut side = Some(self);
        while let Some(s) = side {
            s.now.iter().for_each(|h| open(h, &mut out));
            side = s.then;
        }
        out
    }

    /// The parts in the order they are met going back, nearest first.
    fn parts_back(&self) -> Vec<&'a Hir> {
        let mut out = Vec::new();
        let mut side = Some(self);
        while let Some(s) = side {
            let mut now = Vec::new();
            s.now.iter().for_each(|h| open(h, &mut now));
            out.extend(now.into_iter().rev());
            side = s.then;
        }
        out
    }
}

/// `hir` as the sequence of its parts, sequences and groups opened.
fn open<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().for_each(|s| open(s, out)),
        HirKind::Capture(cap) => open(&cap.sub, out),
        _ => out.push(hir),
    }
}

impl Cue {
    fn words(words: Vec<Vec<u8>>) -> Cue {
        Cue::Words {
            words,
            reach: Reach::AT_START,
            around: Around::default(),
        }
    }

    /// The words the first parts of a sequence match, with what is beside
    /// them: `before` the sequence, and its other parts and `after` it.
    fn words_beside(subs: &[Hir], before: &Side, after: &Side) -> Option<Cue> {
        // Look-arounds add no bytes to the words: the ones at their edges
        // are beside them.
        let mut parts = Vec::new();
        subs.iter().for_each(|h| open(h, &mut parts));
        let parts: Vec<Hir> = parts.into_iter().cloned().collect();
        let is_look = |h: &Hir| matches!(h.kind(), HirKind::Look(_));
        let lead = parts.iter().take_while(|h| is_look(h)).count();
        let (words, n) = words::exact_prefixes(&parts[lead..])?;
        let mut end = lead + n;
        while end > lead && is_look(&parts[end - 1]) {
            end -= 1;
        }
        let before = Side::and(&parts[..lead], before);
        let around = Around::of(before, Side::and(&parts[end..], after), &words);
        Some(Cue::Words {
            words,
            reach: Reach::AT_START,
            around,
        })
    }

    fn cost(&self) -> f64 {
        match self {
            Cue::Run(t) => t.cost(),
            // What is beside the words is left out: it only narrows their
            // windows further, and a word cut short with its missing
            // letters beside it ("ordes" after "gj") would look as rare as
            // the whole word.
            Cue::Words { words, reach, .. } => {
                // Two letters are mostly a word of their own ("vi", "om"),
                // far more common than their letters make them.
                let each = |w: &Vec<u8>| {
                    let letters: f64 = w
                        .iter()
                        .map(|&b| byte_rate(b) + byte_rate(b.to_ascii_uppercase()))
                        .product();
                    if w.len() <= 2 { letters * 3.0 } else { letters }
                };
                words.iter().map(each).sum::<f64>() * (1.0 + reach.width() / 16.0)
            }
        }
    }

    fn shifted(self, min: usize, max: usize, back: Option<Back>) -> Option<Cue> {
        Some(match self {
            Cue::Run(mut t) => {
                t.reach = t.reach.shifted(min, max, back)?;
                Cue::Run(t)
            }
            Cue::Words {
                words,
                reach,
                around,
            } => Cue::Words {
                words,
                reach: reach.shifted(min, max, back)?,
                around,
            },
        })
    }
}

fn cost(cues: &[Cue]) -> f64 {
    cues.iter().map(Cue::cost).sum()
}

/// Triggers this frequent (per byte) save nothing over a whole-text search.
const MAX_COST: f64 = 0.05;

/// The cues of `pattern`, if it has some rare enough to pay, and the
/// longest match in bytes (`None`: unbounded).
pub fn trigger_of(pattern: &str) -> Option<(Vec<Cue>, Option<usize>)> {
    trigger_of_hir(&parse(pattern)?)
}

fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// [`trigger_of`] for a parsed pattern.
fn trigger_of_hir(hir: &Hir) -> Option<(Vec<Cue>, Option<usize>)> {
    let longest = hir.properties().maximum_len();
    let cues = required(hir, &NOTHING, &NOTHING)?;
    (cost(&cues) <= MAX_COST).then_some((cues, longest))
}

/// The bytes a match of `hir` can begin with at any offset but the text's
/// first; `None` when it can be empty. Where a pattern lets a match begin
/// with anything but what a window mostly holds (a phone number's blanks,
/// the digits of an account number), one anchored try per window instead
/// of one per byte: `(?:^|\n)[ \t]*\d` begins with a line end past the
/// text's first byte.
pub fn match_starts(hir: &Hir) -> Option<Bytes> {
    let (bytes, empty) = starts(hir);
    (!empty).then_some(bytes)
}

/// (the bytes a match can begin with, whether it can be empty). A
/// look-around adds nothing and may be passed, but the text's start is
/// only at its first byte, which every search tries anyway.
fn starts(hir: &Hir) -> (Bytes, bool) {
    match hir.kind() {
        HirKind::Empty => (Bytes::NONE, true),
        HirKind::Look(Look::Start) => (Bytes::NONE, false),
        HirKind::Look(_) => (Bytes::NONE, true),
        HirKind::Literal(lit) => (Bytes::of(lit.0.first().copied()), lit.0.is_empty()),
        HirKind::Class(class) => (class_bytes(class).0, false),
        HirKind::Repetition(rep) => {
            let (bytes, empty) = starts(&rep.sub);
            (bytes, empty || rep.min == 0)
        }
        HirKind::Capture(cap) => starts(&cap.sub),
        HirKind::Concat(subs) => {
            let mut all = Bytes::NONE;
            for sub in subs {
                let (bytes, empty) = starts(sub);
                all = all.union(&bytes);
                if !empty {
                    return (all, false);
                }
            }
            (all, true)
        }
        HirKind::Alternation(subs) => subs
            .iter()
            .map(starts)
            .fold((Bytes::NONE, false), |(all, any_empty), (bytes, empty)| {
                (all.union(&bytes), any_empty || empty)
            }),
    }
}

/// What every match of `hir` must contain, if anything narrow: the cheaper
/// of what its structure requires and the words it starts with.
fn required(hir: &Hir, before: &Side, after: &Side) -> Option<Vec<Cue>> {
    let structural = structural(hir, before, after);
    let words = Cue::words_beside(std::slice::from_ref(hir), before, after)
        .or_else(|| words::prefixes(hir).map(Cue::words))
        .map(|cue| vec![cue]);
    match (structural, words) {
        (Some(a), Some(b)) => Some(if cost(&b) < cost(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn run(t: Trigger) -> Option<Vec<Cue>> {
    Some(vec![Cue::Run(t)])
}

/// What the parts of `hir` require of every match.
fn structural(hir: &Hir, before: &Side, after: &Side) -> Option<Vec<Cue>> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            run(Trigger {
                first: Bytes::of([*bytes.first()?]),
                all: Bytes::of(bytes.iter().copied()),
                run: bytes.len(),
                reach: Reach::AT_START,
            })
        }
        HirKind::Class(class) => {
            let (first, all) = class_bytes(class);
            run(Trigger {
                first,
                all,
                run: 1,
                reach: Reach::AT_START,
            })
        }
        HirKind::Look(Look::StartLF) => run(line_start(b"\n")),
        HirKind::Look(Look::StartCRLF) => run(line_start(b"\r\n")),
        // Only at the start of the text, which every rule tries anyway.
        HirKind::Look(Look::Start) => run(Trigger {
            first: Bytes::NONE,
            all: Bytes::NONE,
            run: 1,
            reach: Reach::AT_START,
        }),
        HirKind::Repetition(rep) if rep.min >= 1 => {
            let mut cues = required(&rep.sub, &NOTHING, &NOTHING)?;
            // n characters of one class in a row: at least n bytes in a row.
            if let (HirKind::Class(_), [Cue::Run(t)]) = (rep.sub.kind(), cues.as_mut_slice()) {
                t.run = rep.min as usize;
            }
            Some(cues)
        }
        HirKind::Capture(cap) => required(&cap.sub, before, after),
        HirKind::Concat(subs) => in_sequence(subs, before, after),
        HirKind::Alternation(subs) => {
            let mut cues = Vec::new();
            for sub in subs {
                cues.extend(required(sub, before, after)?);
            }
            Some(merged(cues))
        }
        _ => None,
    }
}

/// Alternatives' cues as at most one byte run and one word set per
/// [`Then`], the word sets sharing one reach (the windows of a rule's words
/// reach back over one kind of stretch, see `Pending`).
fn merged(cues: Vec<Cue>) -> Vec<Cue> {
    let mut run: Option<Trigger> = None;
    let mut reach: Option<Reach> = None;
    let mut sets: Vec<(Around, Vec<Vec<u8>>)> = Vec::new();
    for cue in cues {
        match cue {
            Cue::Run(t) => run = Some(run.map_or(t, |r| r.either(t))),
            Cue::Words {
                words,
                reach: r,
                around,
            } => {
                reach = Some(reach.map_or(r, |all| all.either(r)));
                match sets.iter_mut().find(|(a, _)| *a == around) {
                    Some((_, all)) => all.extend(words),
                    None => sets.push((around, words)),
                }
            }
        }
    }
    let words = sets.into_iter().map(|(around, mut words)| {
        words.sort();
        words.dedup();
        Cue::Words {
            words,
            reach: reach.expect("word sets have a reach"),
            around,
        }
    });
    run.map(Cue::Run).into_iter().chain(words).collect()
}

/// The cheapest trigger among a sequence's parts. Past the first part of
/// unbounded length (`[ \t]*`, `[a-z0-9.]+`), distances count from the end
/// of the stretch it and every later unbounded part make (see [`Reach`]).
fn in_sequence(subs: &[Hir], before: &Side, after: &Side) -> Option<Vec<Cue>> {
    let mut best: Option<Vec<Cue>> = None;
    let (mut min, mut max) = (0usize, 0usize);
    let mut back: Option<Back> = None;
    // The first part since the stretch's end, as far as it is known.
    let mut since = 0;
    for (i, sub) in subs.iter().enumerate() {
        // A part's own cues, or the words the rest begins with ("år gammal"
        // after a number).
        let before_i = Side::and(&subs[..i], before);
        let rest = Cue::words_beside(&subs[i..], &before_i, after)
            .or_else(|| words::prefixes(&Hir::concat(subs[i..].to_vec())).map(Cue::words))
            .map(|cue| vec![cue]);
        let own = required(sub, &before_i, &Side::and(&subs[i + 1..], after));
        for cues in [own, rest].into_iter().flatten() {
            let Some(cues) = cues
                .into_iter()
                .map(|c| c.shifted(min, max, back))
                .collect::<Option<Vec<Cue>>>()
            else {
                continue;
            };
            if best.as_ref().is_none_or(|b| cost(&cues) < cost(b)) {
                best = Some(cues);
            }
        }
        min += sub.properties().minimum_len().unwrap_or(0);
        match sub.properties().maximum_len() {
            Some(n) => max += n,
            None => {
                let next = match back {
                    None => {
                        let (before, class) = tail(sub);
                        Back {
                            class,
                            before: max + before,
                        }
                    }
                    Some(b) => Back {
                        class: subs[since..=i]
                            .iter()
                            .fold(b.class, |c, s| c.union(&all_bytes(s))),
                        before: b.before,
                    },
                };
                // Runs across words span whole sentences: no use.
                if next.class.contains(b' ') && next.class.rate() > 0.5 {
                    break;
                }
                back = Some(next);
                max = 0;
                since = i + 1;
            }
        }
    }
    best
}

/// (before, class): every match of `hir` is at most `before` bytes and
/// then a run of bytes from `class`, as narrow as the structure shows.
/// (`(0, every byte it can hold)` is always true; `[^\d\s][ \t]+` gives
/// `(1, [ \t])`.)
fn tail(hir: &Hir) -> (usize, Bytes) {
    if let Some(n) = hir.properties().maximum_len() {
        return (n, Bytes::NONE);
    }
    match hir.kind() {
        HirKind::Capture(cap) => tail(&cap.sub),
        HirKind::Repetition(rep) if rep.max == Some(1) => tail(&rep.sub),
        HirKind::Concat(subs) => {
            let j = subs
                .iter()
                .position(|s| s.properties().maximum_len().is_none())
                .unwrap_or(subs.len() - 1);
            let head: usize = subs[..j]
                .iter()
                .map(|s| s.properties().maximum_len().unwrap_or(0))
                .sum();
            let (before, class) = tail(&subs[j]);
            let class = subs[j + 1..]
                .iter()
                .fold(class, |c, s| c.union(&all_bytes(s)));
            (head + before, class)
        }
        HirKind::Alternation(subs) => subs
            .iter()
            .map(tail)
            .fold((0, Bytes::NONE), |(before, class), (b, c)| {
                (before.max(b), class.union(&c))
            }),
        _ => (0, all_bytes(hir)),
    }
}

/// Every byte a match of `hir` can hold.
fn all_bytes(hir: &Hir) -> Bytes {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Bytes::NONE,
        HirKind::Literal(lit) => Bytes::of(lit.0.iter().copied()),
        HirKind::Class(class) => class_bytes(class).1,
        HirKind::Repetition(rep) => all_bytes(&rep.sub),
        HirKind::Capture(cap) => all_bytes(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().fold(Bytes::NONE, |c, s| c.union(&all_bytes(s)))
        }
    }
}

fn line_start(newline: &[u8]) -> Trigger {
    Trigger {
        first: Bytes::of(newline.iter().copied()),
        all: Bytes::of(newline.iter().copied()),
        run: 1,
        reach: Reach {
            lo: -1,
            hi: -1,
            back: None,
        },
    }
}

/// The bytes that can begin a character of the class, and all bytes that
/// can occur in one.
fn class_bytes(class: &Class) -> (Bytes, Bytes) {
    let (mut first, mut all) = (Bytes::NONE, Bytes::NONE);
    let mut add = |seq: &[regex_syntax::utf8::Utf8Range]| {
        for (i, range) in seq.iter().enumerate() {
            for b in range.start..=range.end {
                all.insert(b);
                if i == 0 {
                    first.insert(b);
                }
            }
        }
    };
    match class {
        Class::Unicode(c) => {
            for r in c.iter() {
                for seq in Utf8Sequences::new(r.start(), r.end()) {
                    add(seq.as_slice());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.iter() {
                add(&[regex_syntax::utf8::Utf8Range {
                    start: r.start(),
                    end: r.end(),
                }]);
            }
        }
    }
    (first, all)
}

/// The cues of every triggered rule, found together in one pass: byte runs
/// by one scan of the bytes, words by one automaton.
pub struct Triggers {
    /// For each rule of the set, its place in what `windows` returns.
    slot: Vec<Option<usize>>,
    /// The longest match of each triggered rule.
    longest: Vec<Option<usize>>,
    /// Per slot: the bytes its matches can begin with ([`match_starts`]).
    begins: Vec<Option<Bytes>>,
    /// Per slot: does the rule have word cues?
    worded: Vec<bool>,
    /// (slot, trigger) per byte-run cue.
    runs: Vec<(usize, Trigger)>,
    /// The run cues grouped by their bytes (`first`, `all`), at most 64
    /// groups: the digit rules share one, so a blank between two words
    /// opens and closes one run, not one per rule.
    shapes: Vec<Shape>,
    /// Bit k set: the byte may be part of a run of shape k / begin one.
    all_mask: Box<[u64; 256]>,
    /// Bit k set: the byte is a `first` byte of shape k that is also one
    /// of its `all` bytes (a run of the shape can hold it).
    start_mask: Box<[u64; 256]>,
    /// Every word cue's words, for the automaton (`wordpass.rs`).
    pub words: Vec<Vec<u8>>,
    /// For each word: (slot, reach) of the cues it belongs to.
    owners: Vec<Vec<Owner>>,
    /// What is beside the words, for the owners that know (`Owner::around`).
    arounds: Vec<Around>,
}

/// A cue a word belongs to.
#[derive(Clone, Copy)]
struct Owner {
    slot: usize,
    reach: Reach,
    /// Index into `Triggers::arounds`, when the cue knows what is beside
    /// its words.
    around: Option<usize>,
}

/// Run cues with the same bytes.
struct Shape {
    first: Bytes,
    all: Bytes,
    /// Indices into `Triggers::runs`.
    runs: Vec<usize>,
}

/// Where one rule may match in a text: sorted, disjoint ranges of
/// possible start offsets (inclusive ends), and the longest match.
pub struct Windows {
    pub starts: Vec<(usize, usize)>,
    pub longest: Option<usize>,
    /// The bytes a match can begin with past the text's first byte, when
    /// not every byte can ([`match_starts`]).
    pub begins: Option<Bytes>,
}

impl Windows {
    /// Whether searching the windows is cheaper than searching all of a
    /// text of `len` bytes. Without a longest match the matcher tries each
    /// start offset alone, at about 25 times the cost of a byte of a whole
    /// search (measured on the corpora): text dense with numbers, such as a
    /// budget, gives the digit rules windows over more of it than that pays
    /// for.
    /// No windows always pays: nothing to search. Short parts (a header,
    /// a title) often have none, and a whole search would compile the
    /// whole-text engines for nothing.
    pub fn pay(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        // Windows pay while they cover less than this (counting stops there).
        let limit = match self.longest {
            Some(_) => text.len() / 2,
            None => text.len() / 25,
        };
        let mut covered = 0;
        for &(a, b) in &self.starts {
            covered += match self.longest {
                Some(_) => b + 1 - a,
                // One try per offset a match can begin at.
                None => (a..=b.min(bytes.len()))
                    .filter(|&i| self.may_begin(bytes, i))
                    .count(),
            };
            if covered >= limit && covered > 0 {
                return false;
            }
        }
        true
    }

    /// Whether a match can begin at offset `at` of `bytes`.
    pub fn may_begin(&self, bytes: &[u8], at: usize) -> bool {
        match (self.begins, bytes.get(at)) {
            (Some(begins), Some(&b)) if at > 0 => begins.contains(b),
            _ => true,
        }
    }
}

impl Triggers {
    /// Cues for those of the (rule index, pattern) pairs that have some;
    /// `count` is the number of rules in the set.
    pub fn build(patterns: &[(usize, &str)], count: usize) -> Triggers {
        let mut t = Triggers {
            slot: vec![None; count],
            longest: Vec::new(),
            begins: Vec::new(),
            worded: Vec::new(),
            runs: Vec::new(),
            shapes: Vec::new(),
            all_mask: Box::new([0; 256]),
            start_mask: Box::new([0; 256]),
            words: Vec::new(),
            owners: Vec::new(),
            arounds: Vec::new(),
        };
        let mut index = std::collections::HashMap::new();
        for &(rule, pattern) in patterns {
            let Some(hir) = parse(pattern) else {
                continue;
            };
            let Some((cues, longest)) = trigger_of_hir(&hir) else {
                continue;
            };
            if t.shapes_with(&cues) > 64 {
                continue;
            }
            let slot = t.longest.len();
            t.slot[rule] = Some(slot);
            t.longest.push(longest);
            t.begins.push(match_starts(&hir));
            t.worded
                .push(cues.iter().any(|c| matches!(c, Cue::Words { .. })));
            for cue in cues {
                match cue {
                    Cue::Run(trigger) => t.add_run(slot, trigger),
                    Cue::Words {
                        words: ws,
                        reach,
                        around,
                    } => {
                        let around = (around != Around::default()).then(|| {
                            (t.arounds.iter().position(|known| *known == around)).unwrap_or_else(
                                || {
                                    t.arounds.push(around);
                                    t.arounds.len() - 1
                                },
                            )
                        });
                        for w in ws {
                            let k = *index.entry(w.clone()).or_insert_with(|| {
                                t.words.push(w);
                                t.owners.push(Vec::new());
                                t.owners.len() - 1
                            });
                            t.owners[k].push(Owner {
                                slot,
                                reach,
                                around,
                            });
                        }
                    }
                }
            }
        }
        t
    }

    /// Rules with word cues search like rules without cues (the automaton
    /// could not be built).
    pub fn disable_words(&mut self) {
        for slot in &mut self.slot {
            if slot.is_some_and(|s| self.worded[s]) {
                *slot = None;
            }
        }
    }

    /// Whether the rule in `slot` relies on word cues.
    pub fn is_worded(&self, slot: usize) -> bool {
        self.worded[slot]
    }

    /// How many shapes there would be with `cues`' runs added.
    fn shapes_with(&self, cues: &[Cue]) -> usize {
        let mut new: Vec<(Bytes, Bytes)> = Vec::new();
        for cue in cues {
            if let Cue::Run(t) = cue
                && self.shape_of(t).is_none()
                && !new.contains(&(t.first, t.all))
            {
                new.push((t.first, t.all));
            }
        }
        self.shapes.len() + new.len()
    }

    fn shape_of(&self, t: &Trigger) -> Option<usize> {
        (self.shapes.iter()).position(|s| s.first == t.first && s.all == t.all)
    }

    fn add_run(&mut self, slot: usize, trigger: Trigger) {
        let k = self.shape_of(&trigger).unwrap_or_else(|| {
            let bit = 1u64 << self.shapes.len();
            for b in 0..=255u8 {
                if trigger.all.contains(b) {
                    self.all_mask[b as usize] |= bit;
                }
                if trigger.first.contains(b) && trigger.all.contains(b) {
                    self.start_mask[b as usize] |= bit;
                }
            }
            self.shapes.push(Shape {
                first: trigger.first,
                all: trigger.all,
                runs: Vec::new(),
            });
            self.shapes.len() - 1
        });
        self.shapes[k].runs.push(self.runs.len());
        self.runs.push((slot, trigger));
    }

    /// Where rule `index`'s windows are in what `windows` returns, if the
    /// rule has cues.
    pub fn slot(&self, index: usize) -> Option<usize> {
        self.slot.get(index).copied().flatten()
    }

    /// Windows from the byte-run cues of `text`; the word cues are added
    /// with [`Pending::word`] as the automaton finds them.
    pub fn start<'t>(&'t self, text: &'t str) -> Pending<'t> {
        let bytes = text.as_bytes();
        let mut ranges = vec![Vec::new(); self.longest.len()];
        let runs = self.run_spans(bytes);
        for (&(slot, t), spans) in self.runs.iter().zip(runs) {
            let mut memo = NO_RUN;
            for (a, b) in spans {
                let from = t.reach.earliest(bytes, a as isize, &mut memo);
                ranges[slot].push(range(text, from, b as isize - 1 - t.reach.lo));
            }
        }
        Pending {
            triggers: self,
            text,
            ranges,
            memos: vec![NO_RUN; self.longest.len()],
        }
    }

    /// For each triggered rule (in `slot` order), its windows in `text`,
    /// with an automaton of its own (tests).
    #[cfg(test)]
    pub fn windows(&self, text: &str) -> Vec<Windows> {
        let pass = super::wordpass::WordPass::build(&[], &self.words);
        let mut pending = self.start(text);
        pass.run(text, |_, _| {}, |w, at| pending.word(w, at));
        pending.finish()
    }

    /// One pass: for each run cue, the maximal runs of its `all` bytes that
    /// are long enough and hold one of its `first` bytes.
    ///
    /// The pass looks only for `first` bytes (digits, line ends, a few
    /// capitals: a few in a hundred bytes of prose) and grows each run
    /// from there. Following every run of every `all` class instead cost a
    /// branch at each word's end, since blanks belong to the digit runs
    /// ("19 12 03-1234").
    pub(super) fn run_spans(&self, bytes: &[u8]) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.runs.len()];
        // Per shape: where its last run ended; a `first` byte before that
        // is inside it.
        let mut ended = [0usize; 64];
        let mut at = 0;
        while let Some(i) = self.next_start(bytes, at) {
            let mut shapes = self.start_mask[bytes[i] as usize];
            while shapes != 0 {
                let k = shapes.trailing_zeros() as usize;
                shapes &= shapes - 1;
                if i < ended[k] {
                    continue;
                }
                let (from, to) = self.run_around(bytes, i, 1 << k);
                ended[k] = to;
                for &r in &self.shapes[k].runs {
                    if to - from >= self.runs[r].1.run {
                        out[r].push((from, to));
                    }
                }
            }
            at = i + 1;
        }
        out
    }

    /// The first byte at or after `at` that can begin a run of some shape.
    #[inline]
    fn next_start(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let rest = bytes.get(at..)?;
        (rest.iter())
            .position(|&b| self.start_mask[b as usize] != 0)
            .map(|i| at + i)
    }

    /// The maximal run of bytes of shape `bit` around offset `i`.
    fn run_around(&self, bytes: &[u8], i: usize, bit: u64) -> (usize, usize) {
        let of_shape = |b: &u8| self.all_mask[*b as usize] & bit != 0;
        let from = i - bytes[..i].iter().rev().take_while(|b| of_shape(b)).count();
        let to = i + bytes[i..].iter().take_while(|b| of_shape(b)).count();
        (from, to)
    }
}

/// Windows being found in one text.
pub struct Pending<'t> {
    triggers: &'t Triggers,
    text: &'t str,
    ranges: Vec<Vec<(usize, usize)>>,
    /// Per slot: a slot's word cues share one reach, so one stretch class.
    memos: Vec<(usize, usize)>,
}

impl Pending<'_> {
    /// Cue word `word` occurs at byte `at`.
    pub fn word(&mut self, word: usize, at: usize) {
        let bytes = self.text.as_bytes();
        let end = at + self.triggers.words[word].len();
        let start = at;
        let at = at as isize;
        for &Owner {
            slot,
            reach,
            around,
        } in &self.triggers.owners[word]
        {
            if around.is_some_and(|a| !self.triggers.arounds[a].holds(bytes, start, end)) {
                continue;
            }
            let from = reach.earliest(self.text.as_bytes(), at, &mut self.memos[slot]);
            self.ranges[slot].push(range(self.text, from, at - reach.lo));
        }
    }

    /// For each triggered rule (in `slot` order), its windows.
    pub fn finish(self) -> Vec<Windows> {
        self.ranges
            .into_iter()
            .zip(self.triggers.longest.iter().zip(&self.triggers.begins))
            .map(|(r, (&longest, &begins))| Windows {
                starts: merged_ranges(r),
                longest,
                begins,
            })
            .collect()
    }
}

/// A memo for [`Reach::earliest`] that holds no run.
const NO_RUN: (usize, usize) = (1, 0);

/// Start offsets `from..=to`, clamped to the text, from a character start.
fn range(text: &str, from: isize, to: isize) -> (usize, usize) {
    let clamp = |i: isize| (i.max(0) as usize).min(text.len());
    (text.floor_char_boundary(clamp(from)), clamp(to))
}

/// Ranges sorted and joined where they touch; the start of the text is
/// always a candidate.
fn merged_ranges(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = vec![(0, 0)];
    for (from, to) in ranges {
        match out.last_mut() {
            Some(last) if from <= last.1 + 1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_windows_never_sends_a_short_text_to_a_whole_search() {
        for longest in [None, Some(12)] {
            let none = Windows {
                starts: Vec::new(),
                longest,
                begins: None,
            };
            let text = |n: usize| "x".repeat(n);
            assert!(
                none.pay("") && none.pay("x") && none.pay(&text(20)) && none.pay(&text(10_000))
            );
            let all = Windows {
                starts: vec![(0, 99)],
                longest,
                begins: None,
            };
            assert!(
                !all.pay(&text(100)),
                "windows over all of it: search it whole"
            );
        }
    }

    fn t(pattern: &str) -> Trigger {
        match trigger_of(pattern).expect("a trigger").0.as_slice() {
            [Cue::Run(t)] => *t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn digit_runs_are_found_behind_a_bounded_prefix() {
        let p = t(r"(?:^|[^\w/.,-])((?:18|19|20)?\d{6}[ \t]?[-+][ \t]?\d{4})\b");
        assert_eq!(p.run, 6);
        assert!(p.first.contains(b'7') && !p.first.contains(b'a'));
        // Nothing or one character (up to 4 bytes), then maybe a century.
        assert_eq!((p.reach.lo, p.reach.hi, p.reach.back), (0, 6, None));
    }

    #[test]
    fn line_starts_and_at_signs_are_triggers() {
        let line = t(r"(?im)^[^\w\n]{0,3}(?:h|hi)\b[^\n]{0,40}$");
        assert!(line.first.contains(b'\n') && line.reach.lo == -1);
        let mail = t(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,64}@[A-Za-z0-9-]+\.[A-Za-z]{2,6}\b");
        assert!(mail.first.contains(b'@') && mail.run == 1);
    }

    #[test]
    fn a_cue_after_an_unbounded_stretch_reaches_back_over_it() {
        let mail = t(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+\.[A-Za-z]{2,}\b");
        assert!(mail.first.contains(b'@') && mail.run == 1);
        let back = mail.reach.back.expect("a stretch");
        assert!(back.class.contains(b'.') && !back.class.contains(b' '));
        assert_eq!((back.before, mail.reach.hi), (1, 0));
        // A phone number after any run of blanks, or after one other byte
        // and blanks: the stretch is the blanks alone.
        let phone = t(r"(?:(?:^|\n)[ \t]*|[^\w\s]|[^\d\s][ \t]+)(0\d{2}[ \t]\d{6})\b");
        let back = phone.reach.back.expect("a stretch");
        assert!(back.class.contains(b' ') && back.class.contains(b'\t'));
        assert!(!back.class.contains(b'x') && !back.class.contains(b'0'));
        assert_eq!(back.before, 4, "one character of up to four bytes");
    }

    #[test]
    fn windows_reach_back_over_the_stretch() {
        let pattern = r"(?:(?:^|\n)[ \t]*|[^\w\s]|[^\d\s][ \t]+)(0\d{2}[ \t]\d{6})\b";
        let triggers = Triggers::build(&[(0, pattern)], 1);
        let text = "Ring x      \t  012 345678 nu";
        let w = &triggers.windows(text)[0];
        let x = text.find('x').unwrap();
        assert!(
            w.starts.iter().any(|&(a, b)| a <= x && x <= b),
            "{:?}",
            w.starts
        );
        // The matcher then finds what a whole-text search finds.
        let m = super::super::matcher::PatternMatcher::new(pattern, 1).unwrap();
        assert_eq!(m.spans_in(text, w), m.spans(text));
        assert_eq!(m.spans(text).len(), 1);
    }

    #[test]
    fn stretch_memo_gives_what_a_fresh_scan_gives() {
        let reach = Reach {
            lo: 0,
            hi: 0,
            back: Some(Back {
                class: Bytes::of(*b" "),
                before: 1,
            }),
        };
        let bytes = b"ab    cd   e  f";
        let mut memo = NO_RUN;
        for at in [3, 5, 6, 4, 10, 11, 12, 14, 2] {
            let fresh = reach.earliest(bytes, at, &mut NO_RUN.clone());
            assert_eq!(reach.earliest(bytes, at, &mut memo), fresh, "at {at}");
        }
        assert_eq!(reach.earliest(bytes, 6, &mut NO_RUN.clone()), 1);
    }

    #[test]
    fn unbounded_or_common_patterns_have_none() {
        assert!(trigger_of(r"\w+").is_none(), "unbounded length");
        assert!(
            trigger_of(r"(?i)\b(?:[a-z]|ab)\b").is_none(),
            "common letters"
        );
        assert!(trigger_of(r"a?b?").is_none(), "nothing required");
    }

    #[test]
    fn non_ascii_digits_count() {
        // Arabic-Indic digits are \d too: their lead byte must be a trigger.
        let p = t(r"\d{6}");
        assert!(p.first.contains("٣".as_bytes()[0]));
        let triggers = Triggers::build(&[(0, r"\d{6}")], 1);
        let text = "å ٣٣٣٣٣٣ x";
        assert_eq!(triggers.run_spans(text.as_bytes())[0].len(), 1);
    }

    /// The words of `pattern`'s cue with what is beside them.
    fn around_of(pattern: &str) -> (Vec<String>, Around) {
        match trigger_of(pattern).expect("a trigger").0.as_slice() {
            [Cue::Words { words, around, .. }] => (
                words
                    .iter()
                    .map(|w| String::from_utf8_lossy(w).into())
                    .collect(),
                around.clone(),
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_word_must_be_followed_by_what_the_pattern_puts_after_it() {
        let (words, around) = around_of(r"\b[A-Z][a-z]{1,30}(?:gatan|plan)[ \t]{1,8}\d{1,4}");
        assert_eq!(words, ["gatan", "plan"]);
        let after = |text: &str| {
            let text = format!("Stor{text}");
            around.holds(text.as_bytes(), 4, 4)
        };
        assert!(after(" 12") && after("\t\t3b") && after(&format!("{}9", " ".repeat(8))));
        assert!(!after(" för") && !after("en 3") && !after(""));
        assert!(
            !after(&format!("{}9", " ".repeat(9))),
            "at most eight blanks"
        );
        // \d is every script's digits: only the first byte is known.
        assert!(after(" ٣") && !after(" x"));
    }

    #[test]
    fn a_word_must_be_preceded_by_what_the_pattern_puts_before_it() {
        let (words, around) =
            around_of(r"(?im)^[ \t]*till [\wåäö-]*(?:nämnden|förvaltningen)[ \t]*$");
        assert_eq!(words, ["till "]);
        let before = |text: &str| around.holds(text.as_bytes(), text.len(), text.len());
        assert!(before("") && before("Dnr 12\n") && before("x\n \t  "));
        assert!(
            !before("Skickas ") && !before("\n- "),
            "not first on its line"
        );
        // Up to three characters of any script, then the line start.
        let (_, around) = around_of(r"(?m)^[^\w\n]{0,3}(?:hej|hallo)\b");
        let before = |text: &str| around.holds(text.as_bytes(), text.len(), text.len());
        assert!(before("\n– ") && before("\n") && !before("Sa "));
        // Three characters are at most twelve bytes.
        let parens = |n: usize| format!("\n{}", "(".repeat(n));
        assert!(before(&parens(12)) && !before(&parens(13)));
    }

    #[test]
    fn a_word_boundary_next_to_a_word_ends_it() {
        let (words, around) = around_of(r"(?i)\b(?:ansökan|yttrande)\b");
        assert_eq!(words, ["ansÖkan", "ansökan", "yttrande"]);
        let beside = |before: &str, after: &str| {
            let text = format!("{before}ansökan{after}");
            around.holds(text.as_bytes(), before.len(), text.len() - after.len())
        };
        assert!(beside("", "") && beside("En ", " om") && beside("(", ", ") && beside("", "\n"));
        assert!(!beside("", "de") && !beside("", "s") && !beside("för", ""));
        // A word ending in é: the next byte may be a letter's or not.
        let (words, around) = around_of(r"\b(?:allé|alléer)\b");
        assert_eq!(words, ["allé", "alléer"]);
        assert_eq!(around.after, []);
        assert_eq!(around.before, [Step::WordEdge]);
    }

    #[test]
    fn steps_stop_where_counting_bytes_would_not_be_the_pattern() {
        // "[ \t]{1,8}" then "[ \t\d]": as many blanks as there are could
        // take the one the second part needs.
        let (_, around) = around_of(r"(?:gatan|vägen)[ \t]{1,8}[ \t\d]x");
        assert_eq!(around.after.len(), 1, "{around:?}");
        assert!(around.holds(b" ", 0, 0) && !around.holds(b"x", 0, 0));
        // Something optional next: nothing is known past it.
        let (_, around) = around_of(r"(?:gatan|vägen)\d?[ \t]");
        assert_eq!(around, Around::default());
        // A line may begin inside a run that can hold a line end.
        let (_, around) = around_of(r"(?m)^\s*(?:hej|hallå)");
        assert!(
            !around.before.contains(&Step::LineStart(b"\n")),
            "{around:?}"
        );
    }

    #[test]
    fn a_match_begins_only_with_what_its_pattern_begins_with() {
        let begins = |pattern: &str| match_starts(&parse(pattern).unwrap());
        // Past the text's first byte, the account rule's matches begin with
        // a line end or a character before the number, never a blank or a
        // digit.
        let account =
            begins(r"(?:(?:^|\n)[ \t]*|[^\w\s/.,+-]|[^\d\s][ \t]+)(\d{4}[ \t]\d{6})\b").unwrap();
        assert!(account.contains(b'\n') && account.contains(b'x') && account.contains(b':'));
        assert!(!account.contains(b' ') && !account.contains(b'7') && !account.contains(b'\t'));
        assert!(begins(r"a?b*").is_none(), "can be empty");
        assert!(begins(r"\bx?\d").unwrap().contains(b'x'));
        // The windows try the first byte and those the pattern allows.
        let w = Windows {
            starts: vec![(0, 5)],
            longest: None,
            begins: Some(account),
        };
        let text = b"  Konto  1234 567890";
        let tried: Vec<usize> = (0..=5).filter(|&i| w.may_begin(text, i)).collect();
        assert_eq!(tried, [0, 2, 3, 4, 5]);
    }

    #[test]
    fn alternatives_combine_words_and_runs() {
        let (cues, _) =
            trigger_of(r"(?im)^[^\w\n]{0,3}(?:hej|bästa)\b|\b(?:jag heter|mvh|\d{6})\b").unwrap();
        let [Cue::Run(run), sets @ ..] = cues.as_slice() else {
            panic!("{cues:?}");
        };
        assert!(run.first.contains(b'7') && run.reach.lo == 0);
        // A word set for each thing beside the words (a line start before
        // "hej", a word boundary before "mvh"), with one reach.
        let mut words = Vec::new();
        for set in sets {
            let Cue::Words {
                words: w, reach, ..
            } = set
            else {
                panic!("{cues:?}");
            };
            assert_eq!((reach.lo, reach.hi), (0, 12));
            words.extend(w.iter().map(|w| String::from_utf8_lossy(w).into_owned()));
        }
        words.sort();
        assert_eq!(words, ["bÄsta", "bästa", "hej", "jag heter", "mvh"]);
    }
}
