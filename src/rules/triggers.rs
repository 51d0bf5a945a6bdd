//! Where a rule without starting words can match, found in one byte pass.
//!
//! Why this exists: digit patterns (personnummer, phone, account numbers),
//! e-mail and line-start rules have no finite set of starting words for
//! `anchors.rs`, and each searching the whole text costs more than all
//! anchored rules together. But every match of such a pattern contains
//! something narrower than "any text": a run of six digits, an `@`, a line
//! start. The pattern's syntax tree says what, and how far from the match
//! start it can lie. One pass over the bytes finds every such *trigger* for
//! every rule at once; each rule then searches only the short windows where
//! a match could start, and finds exactly what a whole-text search finds.
//!
//! The derivation is conservative: a pattern whose matches need not contain
//! any narrow trigger, or only one far from a bounded distance of the start,
//! gets none and is searched as before.

use regex_syntax::hir::{Class, Hir, HirKind, Look};
use regex_syntax::utf8::Utf8Sequences;

/// A set of byte values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Bytes([bool; 256]);

impl Bytes {
    const NONE: Bytes = Bytes([false; 256]);

    fn of(values: impl IntoIterator<Item = u8>) -> Bytes {
        let mut set = Bytes::NONE;
        for b in values {
            set.0[b as usize] = true;
        }
        set
    }

    fn union(mut self, other: &Bytes) -> Bytes {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
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

/// Triggers this frequent (per byte) save nothing over a whole-text search.
const MAX_COST: f64 = 0.05;

/// The trigger of `pattern`, if it has one rare enough to pay, and the
/// longest match in bytes (`None`: unbounded).
pub fn trigger_of(pattern: &str) -> Option<(Trigger, Option<usize>)> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let longest = hir.properties().maximum_len();
    let trigger = required(&hir)?;
    (trigger.cost() <= MAX_COST).then_some((trigger, longest))
}

/// What every match of `hir` must contain, if anything narrow.
fn required(hir: &Hir) -> Option<Trigger> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            Some(Trigger {
                first: Bytes::of([*bytes.first()?]),
                all: Bytes::of(bytes.iter().copied()),
                run: bytes.len(),
                lo: 0,
                hi: 0,
            })
        }
        HirKind::Class(class) => {
            let (first, all) = class_bytes(class);
            Some(Trigger {
                first,
                all,
                run: 1,
                lo: 0,
                hi: 0,
            })
        }
        HirKind::Look(Look::StartLF) => Some(line_start(b"\n")),
        HirKind::Look(Look::StartCRLF) => Some(line_start(b"\r\n")),
        // Only at the start of the text, which every rule tries anyway.
        HirKind::Look(Look::Start) => Some(Trigger {
            first: Bytes::NONE,
            all: Bytes::NONE,
            run: 1,
            lo: 0,
            hi: 0,
        }),
        HirKind::Repetition(rep) if rep.min >= 1 => {
            let mut t = required(&rep.sub)?;
            // n characters of one class in a row: at least n bytes in a row.
            if matches!(rep.sub.kind(), HirKind::Class(_)) {
                t.run = rep.min as usize;
            }
            Some(t)
        }
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(subs) => in_sequence(subs),
        HirKind::Alternation(subs) => {
            let mut all = subs.iter().map(required);
            let first = all.next()??;
            all.try_fold(first, |acc, t| Some(acc.either(t?)))
        }
        _ => None,
    }
}

/// The cheapest trigger among a sequence's parts whose distance from the
/// start is bounded.
fn in_sequence(subs: &[Hir]) -> Option<Trigger> {
    let mut best: Option<Trigger> = None;
    let (mut min, mut max) = (0usize, 0usize);
    for sub in subs {
        if let Some(t) = required(sub).map(|t| t.shifted(min, max))
            && best.is_none_or(|b| t.cost() < b.cost())
        {
            best = Some(t);
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
                all.0[b as usize] = true;
                if i == 0 {
                    first.0[b as usize] = true;
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

/// The triggers of every triggered rule, found together in one pass.
pub struct Triggers {
    /// (trigger, longest match) per triggered rule.
    rules: Vec<(Trigger, Option<usize>)>,
    /// For each rule of the set, its place in `rules`.
    slot: Vec<Option<usize>>,
    /// Bit k set: byte may be part of rule k's trigger run / begin one.
    all_mask: Box<[u64; 256]>,
    first_mask: Box<[u64; 256]>,
}

/// Where one rule may match in a text: sorted, disjoint ranges of
/// possible start offsets (inclusive ends), and the longest match.
pub struct Windows {
    pub starts: Vec<(usize, usize)>,
    pub longest: Option<usize>,
}

impl Triggers {
    /// Triggers for those of the (rule index, pattern) pairs that have one;
    /// at most 64 rules take part. `count` is the number of rules in the set.
    pub fn build(patterns: &[(usize, &str)], count: usize) -> Triggers {
        let mut rules = Vec::new();
        let mut slot = vec![None; count];
        let mut all_mask = Box::new([0u64; 256]);
        let mut first_mask = Box::new([0u64; 256]);
        for &(rule, pattern) in patterns {
            if rules.len() == 64 {
                break;
            }
            let Some((trigger, longest)) = trigger_of(pattern) else {
                continue;
            };
            let bit = 1u64 << rules.len();
            for b in 0..256 {
                if trigger.all.0[b] {
                    all_mask[b] |= bit;
                }
                if trigger.first.0[b] {
                    first_mask[b] |= bit;
                }
            }
            slot[rule] = Some(rules.len());
            rules.push((trigger, longest));
        }
        Triggers {
            rules,
            slot,
            all_mask,
            first_mask,
        }
    }

    /// Where rule `index`'s windows are in what `windows` returns, if the
    /// rule has a trigger.
    pub fn slot(&self, index: usize) -> Option<usize> {
        self.slot.get(index).copied().flatten()
    }

    /// For each triggered rule (in `slot` order), its windows in `text`.
    pub fn windows(&self, text: &str) -> Vec<Windows> {
        let runs = self.runs(text.as_bytes());
        self.rules
            .iter()
            .zip(runs)
            .map(|(&(t, longest), runs)| Windows {
                starts: starts(text, &t, &runs),
                longest,
            })
            .collect()
    }

    /// One pass: for each rule, the maximal runs of its `all` bytes that are
    /// long enough and hold one of its `first` bytes.
    fn runs(&self, bytes: &[u8]) -> Vec<Vec<(usize, usize)>> {
        let n = self.rules.len();
        let mut out = vec![Vec::new(); n];
        let mut begun = [0usize; 64];
        let (mut open, mut seen_first) = (0u64, 0u64);
        let mut close = |ended: u64, seen: u64, at: usize, begun: &[usize; 64]| {
            let mut bits = ended;
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if seen & (1 << k) != 0 && at - begun[k] >= self.rules[k].0.run {
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

/// Possible match starts from trigger runs: a run at `a..b` holds the
/// trigger's beginning somewhere in `a..b`, so the match starts between
/// `a - hi` and `b - 1 - lo`. The start of the text is always a candidate.
fn starts(text: &str, t: &Trigger, runs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = vec![(0, 0)];
    for &(a, b) in runs {
        let from = text.floor_char_boundary((a as isize - t.hi).max(0) as usize);
        let to = ((b as isize - 1 - t.lo).max(0) as usize).min(text.len());
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
        trigger_of(pattern).expect("a trigger").0
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
        let line = t(r"(?im)^[^\w\n]{0,3}(?:hej|hejsan)\b[^\n]{0,40}$");
        assert!(line.first.contains(b'\n') && line.lo == -1);
        let mail = t(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,64}@[A-Za-z0-9-]+\.[A-Za-z]{2,6}\b");
        assert!(mail.first.contains(b'@') && mail.run == 1);
    }

    #[test]
    fn unbounded_or_common_patterns_have_none() {
        assert!(trigger_of(r"[a-z]+@x").is_none(), "unbounded prefix");
        assert!(trigger_of(r"\w+").is_none(), "unbounded length");
        assert!(
            trigger_of(r"(?i)\b(?:och|att)\b").is_none(),
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
        assert_eq!(triggers.runs(text.as_bytes())[0].len(), 1);
    }
}
