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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use regex_syntax::utf8::Utf8Sequences;

use super::words;

/// A set of byte values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Bytes([u64; 4]);

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

    fn contains(&self, b: u8) -> bool {
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

/// Rough frequency of a byte in Swedish text.
fn byte_rate(b: u8) -> f64 {
    match b {
        b' ' => 0.15,
        b'a'..=b'z' => 0.025,
        b'A'..=b'Z' => 0.003,
        b'0'..=b'9' => 0.005,
        b'\n' => 0.01,
        b'.' | b',' | b'-' | b':' => 0.01,
        0xC3 => 0.01,
        0x80..=0xBF => 0.0005,
        0x21..=0x7E => 0.001,
        _ => 0.0001,
    }
}

/// What every match of a (sub)pattern contains: a run of at least `run`
/// consecutive bytes from `all` holding at least one byte from `first`,
/// beginning between `lo` and `hi` bytes after the match start (`lo` is -1
/// for a line start: the newline before the match).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Trigger {
    first: Bytes,
    all: Bytes,
    run: usize,
    lo: isize,
    hi: isize,
}

impl Trigger {
    /// Expected triggers per byte of text times the width of each window:
    /// lower is better.
    fn cost(&self) -> f64 {
        let runs = self.first.rate() * self.all.rate().powi(self.run as i32 - 1);
        runs * (1.0 + (self.hi - self.lo) as f64 / 16.0)
    }

    fn shifted(mut self, min: usize, max: usize) -> Trigger {
        self.lo += min as isize;
        self.hi += max as isize;
        self
    }

    fn either(self, other: Trigger) -> Trigger {
        Trigger {
            first: self.first.union(&other.first),
            all: self.all.union(&other.all),
            run: self.run.min(other.run),
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
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
        lo: isize,
        hi: isize,
    },
}

impl Cue {
    fn cost(&self) -> f64 {
        match self {
            Cue::Run(t) => t.cost(),
            Cue::Words { words, lo, hi } => {
                let each = |w: &Vec<u8>| {
                    w.iter()
                        .map(|&b| byte_rate(b) + byte_rate(b.to_ascii_uppercase()))
                        .product::<f64>()
                };
                words.iter().map(each).sum::<f64>() * (1.0 + (hi - lo) as f64 / 16.0)
            }
        }
    }

    fn shifted(self, min: usize, max: usize) -> Cue {
        match self {
            Cue::Run(t) => Cue::Run(t.shifted(min, max)),
            Cue::Words { words, lo, hi } => Cue::Words {
                words,
                lo: lo + min as isize,
                hi: hi + max as isize,
            },
        }
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
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let longest = hir.properties().maximum_len();
    let cues = required(&hir)?;
    (cost(&cues) <= MAX_COST).then_some((cues, longest))
}

/// What every match of `hir` must contain, if anything narrow: the cheaper
/// of what its structure requires and the words it starts with.
fn required(hir: &Hir) -> Option<Vec<Cue>> {
    let structural = structural(hir);
    let words = words::prefixes(hir).map(|words| {
        vec![Cue::Words {
            words,
            lo: 0,
            hi: 0,
        }]
    });
    match (structural, words) {
        (Some(a), Some(b)) => Some(if cost(&b) < cost(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn run(t: Trigger) -> Option<Vec<Cue>> {
    Some(vec![Cue::Run(t)])
}

/// What the parts of `hir` require of every match.
fn structural(hir: &Hir) -> Option<Vec<Cue>> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            run(Trigger {
                first: Bytes::of([*bytes.first()?]),
                all: Bytes::of(bytes.iter().copied()),
                run: bytes.len(),
                lo: 0,
                hi: 0,
            })
        }
        HirKind::Class(class) => {
            let (first, all) = class_bytes(class);
            run(Trigger {
                first,
                all,
                run: 1,
                lo: 0,
                hi: 0,
            })
        }
        HirKind::Look(Look::StartLF) => run(line_start(b"\n")),
        HirKind::Look(Look::StartCRLF) => run(line_start(b"\r\n")),
        // Only at the start of the text, which every rule tries anyway.
        HirKind::Look(Look::Start) => run(Trigger {
            first: Bytes::NONE,
            all: Bytes::NONE,
            run: 1,
            lo: 0,
            hi: 0,
        }),
        HirKind::Repetition(rep) if rep.min >= 1 => {
            let mut cues = required(&rep.sub)?;
            // n characters of one class in a row: at least n bytes in a row.
            if let (HirKind::Class(_), [Cue::Run(t)]) = (rep.sub.kind(), cues.as_mut_slice()) {
                t.run = rep.min as usize;
            }
            Some(cues)
        }
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(subs) => in_sequence(subs),
        HirKind::Alternation(subs) => {
            let mut cues = Vec::new();
            for sub in subs {
                cues.extend(required(sub)?);
            }
            Some(merged(cues))
        }
        _ => None,
    }
}

/// Alternatives' cues as at most one byte run and one word set.
fn merged(cues: Vec<Cue>) -> Vec<Cue> {
    let mut run: Option<Trigger> = None;
    let mut words: Option<(Vec<Vec<u8>>, isize, isize)> = None;
    for cue in cues {
        match cue {
            Cue::Run(t) => run = Some(run.map_or(t, |r| r.either(t))),
            Cue::Words { words: w, lo, hi } => {
                let (all, l, h) = words.get_or_insert((Vec::new(), lo, hi));
                all.extend(w);
                (*l, *h) = ((*l).min(lo), (*h).max(hi));
            }
        }
    }
    let words = words.map(|(mut words, lo, hi)| {
        words.sort();
        words.dedup();
        Cue::Words { words, lo, hi }
    });
    run.map(Cue::Run).into_iter().chain(words).collect()
}

/// The cheapest trigger among a sequence's parts whose distance from the
/// start is bounded.
fn in_sequence(subs: &[Hir]) -> Option<Vec<Cue>> {
    let mut best: Option<Vec<Cue>> = None;
    let (mut min, mut max) = (0usize, 0usize);
    for (i, sub) in subs.iter().enumerate() {
        // A part's own cues, or the words the rest begins with ("år gammal"
        // after a number).
        let rest = words::prefixes(&Hir::concat(subs[i..].to_vec())).map(|words| {
            vec![Cue::Words {
                words,
                lo: 0,
                hi: 0,
            }]
        });
        for cues in [required(sub), rest].into_iter().flatten() {
            let cues: Vec<Cue> = cues.into_iter().map(|c| c.shifted(min, max)).collect();
            if best.as_ref().is_none_or(|b| cost(&cues) < cost(b)) {
                best = Some(cues);
            }
        }
        min += sub.properties().minimum_len().unwrap_or(0);
        match sub.properties().maximum_len() {
            Some(n) => max += n,
            None => break,
        }
    }
    best
}

fn line_start(newline: &[u8]) -> Trigger {
    Trigger {
        first: Bytes::of(newline.iter().copied()),
        all: Bytes::of(newline.iter().copied()),
        run: 1,
        lo: -1,
        hi: -1,
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
    /// (slot, trigger) per byte-run cue; at most 64.
    runs: Vec<(usize, Trigger)>,
    /// Bit k set: the byte may be part of run cue k / begin one.
    all_mask: Box<[u64; 256]>,
    first_mask: Box<[u64; 256]>,
    /// The automaton over every word cue's words.
    ac: Option<AhoCorasick>,
    /// For each automaton pattern: (slot, lo, hi) of the cues it belongs to.
    owners: Vec<Vec<(usize, isize, isize)>>,
}

/// Where one rule may match in a text: sorted, disjoint ranges of
/// possible start offsets (inclusive ends), and the longest match.
pub struct Windows {
    pub starts: Vec<(usize, usize)>,
    pub longest: Option<usize>,
}

impl Triggers {
    /// Cues for those of the (rule index, pattern) pairs that have some;
    /// `count` is the number of rules in the set.
    pub fn build(patterns: &[(usize, &str)], count: usize) -> Triggers {
        let mut t = Triggers {
            slot: vec![None; count],
            longest: Vec::new(),
            runs: Vec::new(),
            all_mask: Box::new([0; 256]),
            first_mask: Box::new([0; 256]),
            ac: None,
            owners: Vec::new(),
        };
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut worded = Vec::new();
        for &(rule, pattern) in patterns {
            let Some((cues, longest)) = trigger_of(pattern) else {
                continue;
            };
            let runs = cues.iter().filter(|c| matches!(c, Cue::Run(_))).count();
            if t.runs.len() + runs > 64 {
                continue;
            }
            let slot = t.longest.len();
            t.slot[rule] = Some(slot);
            t.longest.push(longest);
            for cue in cues {
                match cue {
                    Cue::Run(trigger) => t.add_run(slot, trigger),
                    Cue::Words { words: ws, lo, hi } => {
                        worded.push(rule);
                        for w in ws {
                            let k = *index.entry(w.clone()).or_insert_with(|| {
                                words.push(w);
                                t.owners.push(Vec::new());
                                t.owners.len() - 1
                            });
                            t.owners[k].push((slot, lo, hi));
                        }
                    }
                }
            }
        }
        if !words.is_empty() {
            t.ac = automaton(&words);
            if t.ac.is_none() {
                worded.iter().for_each(|&rule| t.slot[rule] = None);
            }
        }
        t
    }

    fn add_run(&mut self, slot: usize, trigger: Trigger) {
        let bit = 1u64 << self.runs.len();
        for b in 0..=255u8 {
            if trigger.all.contains(b) {
                self.all_mask[b as usize] |= bit;
            }
            if trigger.first.contains(b) {
                self.first_mask[b as usize] |= bit;
            }
        }
        self.runs.push((slot, trigger));
    }

    /// Where rule `index`'s windows are in what `windows` returns, if the
    /// rule has cues.
    pub fn slot(&self, index: usize) -> Option<usize> {
        self.slot.get(index).copied().flatten()
    }

    /// For each triggered rule (in `slot` order), its windows in `text`.
    pub fn windows(&self, text: &str) -> Vec<Windows> {
        let mut ranges = vec![Vec::new(); self.longest.len()];
        let runs = self.run_spans(text.as_bytes());
        for (&(slot, t), spans) in self.runs.iter().zip(runs) {
            for (a, b) in spans {
                ranges[slot].push(range(text, a as isize - t.hi, b as isize - 1 - t.lo));
            }
        }
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let at = m.start() as isize;
                for &(slot, lo, hi) in &self.owners[m.pattern().as_usize()] {
                    ranges[slot].push(range(text, at - hi, at - lo));
                }
            }
        }
        ranges
            .into_iter()
            .zip(&self.longest)
            .map(|(r, &longest)| Windows {
                starts: merged_ranges(r),
                longest,
            })
            .collect()
    }

    /// One pass: for each run cue, the maximal runs of its `all` bytes that
    /// are long enough and hold one of its `first` bytes.
    fn run_spans(&self, bytes: &[u8]) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.runs.len()];
        let mut begun = [0usize; 64];
        let (mut open, mut seen_first) = (0u64, 0u64);
        let mut close = |ended: u64, seen: u64, at: usize, begun: &[usize; 64]| {
            let mut bits = ended;
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if seen & (1 << k) != 0 && at - begun[k] >= self.runs[k].1.run {
                    out[k].push((begun[k], at));
                }
            }
        };
        for (i, &b) in bytes.iter().enumerate() {
            let m = self.all_mask[b as usize];
            if m == open {
                seen_first |= self.first_mask[b as usize] & m;
                continue;
            }
            let ended = open & !m;
            if ended != 0 {
                close(ended, seen_first, i, &begun);
                seen_first &= !ended;
            }
            let mut started = m & !open;
            while started != 0 {
                let k = started.trailing_zeros() as usize;
                started &= started - 1;
                begun[k] = i;
            }
            open = m;
            seen_first |= self.first_mask[b as usize] & m;
        }
        close(open, seen_first, bytes.len(), &begun);
        out
    }
}

/// One automaton over all word cues; a full DFA when it fits.
fn automaton(words: &[Vec<u8>]) -> Option<AhoCorasick> {
    let build = |kind| {
        AhoCorasickBuilder::new()
            .kind(kind)
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .ok()
    };
    build(Some(AhoCorasickKind::DFA)).or_else(|| build(None))
}

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
        assert_eq!((p.lo, p.hi), (0, 6));
    }

    #[test]
    fn line_starts_and_at_signs_are_triggers() {
        let line = t(r"(?im)^[^\w\n]{0,3}(?:h|hi)\b[^\n]{0,40}$");
        assert!(line.first.contains(b'\n') && line.lo == -1);
        let mail = t(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,64}@[A-Za-z0-9-]+\.[A-Za-z]{2,6}\b");
        assert!(mail.first.contains(b'@') && mail.run == 1);
    }

    #[test]
    fn unbounded_or_common_patterns_have_none() {
        assert!(trigger_of(r"[a-z]+@x").is_none(), "unbounded prefix");
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

    #[test]
    fn alternatives_combine_words_and_runs() {
        let (cues, _) =
            trigger_of(r"(?im)^[^\w\n]{0,3}(?:hej|bästa)\b|\b(?:jag heter|mvh|\d{6})\b").unwrap();
        let [Cue::Run(run), Cue::Words { words, lo, hi }] = cues.as_slice() else {
            panic!("{cues:?}");
        };
        assert!(run.first.contains(b'7') && run.lo == 0);
        assert!(words.contains(&b"mvh".to_vec()) && words.contains(&"bästa".as_bytes().to_vec()));
        assert_eq!((*lo, *hi), (0, 12));
    }
}
