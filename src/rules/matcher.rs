//! Running one rule's regular expression fast over long Swedish text.
//!
//! Why this exists: a Unicode word boundary (`\b`) stops the regex crate's
//! lazy DFA at the first non-ASCII byte — every å, ä and ö — and the search
//! falls back to engines a hundred times slower; capture groups force the
//! slow engines too. So word boundaries are taken out of the pattern the DFA
//! runs, and checked another way:
//!
//! - a lexicon rule of the form `(?i)\b(?:ord|…)\b` runs without its outer
//!   boundaries and each match's edges are checked in code (`Edges`);
//! - any other pattern with boundaries runs as a *loose* copy without them
//!   (a superset of the matches), and the exact pattern, with its captures,
//!   only on small windows around what the loose copy found (`Windowed`).
//!
//! A rule whose matches all start with known words (see `anchors.rs`) does
//! not scan at all: it tries one anchored match at each place a word occurs
//! (`spans_at`), the cheap boundary-free copy first, the exact pattern only
//! when that one matched.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, hybrid, meta, nfa::thompson};

use super::triggers::Windows;

/// Compile with a lazy-DFA cache large enough for big case-insensitive
/// lexicons, which otherwise thrash the default cache and fall back to slow
/// engines.
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .dfa_size_limit(32 << 20)
        .size_limit(32 << 20)
        .build()
}

/// The same pattern for anchored searches at given offsets, which the
/// `regex` crate's API cannot do: the haystack around the offset stays
/// visible, so `\b` and `^` mean what they mean in the whole text.
fn compile_meta(pattern: &str, captures: bool) -> Result<meta::Regex, regex::Error> {
    let which = if captures {
        regex_automata::nfa::thompson::WhichCaptures::All
    } else {
        regex_automata::nfa::thompson::WhichCaptures::Implicit
    };
    meta::Regex::builder()
        .syntax(syntax::Config::new())
        .configure(
            meta::Config::new()
                // Twice the probe's limit: a pattern whose probe compiled
                // must compile here too (see `PatternMatcher::exact`).
                .nfa_size_limit(Some(2 * PROBE_NFA_LIMIT))
                .hybrid_cache_capacity(32 << 20)
                .utf8_empty(true)
                .which_captures(which),
        )
        .build(pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// A compiled pattern with its fast prefilter.
///
/// Only the probe's forward automaton is compiled up front: it is all an
/// anchored try needs, and a full regex (which also compiles a reverse
/// automaton and the slower engines) costs twice as much. Everything else is
/// compiled the first time a document needs it, so a scan that never meets
/// a rule's rarer cases never pays for them.
pub struct PatternMatcher {
    pattern: String,
    kind: Kind,
    group: usize,
    /// The boundary-free copy (inner, loose, or the pattern itself when it
    /// has no boundaries), without captures, as a forward lazy DFA: the
    /// cheap first try at an anchor.
    probe: Probe,
    /// The same copy as a full regex, for unanchored searches (which need
    /// the match's start) and for when the lazy DFA gives up.
    probe_full: OnceLock<meta::Regex>,
    /// The exact pattern with its captures, for anchored searches.
    exact: OnceLock<meta::Regex>,
    /// The engines for a whole-text search, compiled the first time one is
    /// needed: most rules only ever try anchored matches, and compiling is
    /// most of a scan's start-up. `None` when they cannot be compiled.
    whole: OnceLock<Option<Whole>>,
}

/// The largest automaton a rule's pattern may compile to.
const PROBE_NFA_LIMIT: usize = 32 << 20;

/// A forward lazy DFA with a cache per thread: the cheapest engine for an
/// anchored try, which needs only where the match ends.
struct Probe {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>;

impl Probe {
    fn new(pattern: &str) -> Result<Probe, regex::Error> {
        let error = |e: &dyn std::fmt::Display| regex::Error::Syntax(e.to_string());
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new())
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(PROBE_NFA_LIMIT))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build(pattern)
            .map_err(|e| error(&e))?;
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    .cache_capacity(8 << 20)
                    // A boundary the pattern kept (it falls back to the
                    // full regex then) makes the DFA stop at non-ASCII
                    // text instead of refusing to build.
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(nfa)
            .map_err(|e| error(&e))?;
        let for_cache = dfa.clone();
        let create: CacheFn = Box::new(move || for_cache.create_cache());
        Ok(Probe {
            dfa,
            caches: Pool::new(create),
        })
    }

    /// The end of the leftmost-first match starting at the input's anchored
    /// start; an error when the DFA gave up (the caller asks a full regex).
    fn end_at(&self, input: &Input) -> Result<Option<usize>, regex_automata::MatchError> {
        let mut cache = self.caches.get();
        Ok(self
            .dfa
            .try_search_fwd(&mut cache, input)?
            .map(|m| m.offset()))
    }
}

/// How the pattern's word boundaries are handled.
enum Kind {
    /// No word boundaries: the pattern runs as written.
    Direct,
    /// `\b…\b` around the whole pattern: run the inside, check the edges.
    Edges {
        inner: String,
        start: bool,
        end: bool,
    },
    /// Boundaries inside: loose prefilter, exact pattern on windows.
    Windowed { loose: String },
}

/// The compiled engines of a whole-text search.
struct Whole {
    strict: Regex,
    /// The kind's own pattern (the inside or the loose copy) compiled;
    /// `None` for `Direct`, or when it cannot compile: then the strict
    /// pattern runs alone.
    first: Option<Regex>,
}

/// How far around a loose match the exact pattern looks, at most.
const WINDOW: usize = 256;

impl PatternMatcher {
    pub fn new(pattern: &str, group: usize) -> Result<Self, regex::Error> {
        // The syntax check the regex crate would make, without compiling.
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        if group > hir.properties().explicit_captures_len() {
            return Err(regex::Error::Syntax(format!(
                "group {group} does not exist in the pattern"
            )));
        }
        let loose_pattern = without_word_boundaries(pattern);
        let kind = if loose_pattern == pattern {
            Kind::Direct
        } else if let Some((inner, start, end)) = edge_boundaries(pattern) {
            Kind::Edges { inner, start, end }
        } else {
            Kind::Windowed {
                loose: loose_pattern,
            }
        };
        let (kind, probe) = match Probe::new(kind_pattern(&kind, pattern)) {
            Ok(probe) => (kind, probe),
            Err(_) => (Kind::Direct, Probe::new(pattern)?),
        };
        Ok(PatternMatcher {
            pattern: pattern.to_owned(),
            kind,
            group,
            probe,
            probe_full: OnceLock::new(),
            exact: OnceLock::new(),
            whole: OnceLock::new(),
        })
    }

    /// The probe as a full regex, compiled on first use. Its forward
    /// automaton compiled already, so this one does too.
    fn probe_full(&self) -> &meta::Regex {
        self.probe_full.get_or_init(|| {
            compile_meta(kind_pattern(&self.kind, &self.pattern), false)
                .or_else(|_| compile_meta(&self.pattern, false))
                .expect("the probe's pattern compiled as an automaton")
        })
    }

    /// The exact pattern with its captures, compiled on first use. Its
    /// syntax was checked and its boundary-free copy compiled, so it does
    /// too.
    fn exact(&self) -> &meta::Regex {
        self.exact.get_or_init(|| {
            compile_meta(&self.pattern, true).expect("the pattern compiled as an automaton")
        })
    }

    /// The whole-text engines, compiled on first use.
    fn whole(&self) -> Option<&Whole> {
        self.whole
            .get_or_init(|| {
                let strict = compile(&self.pattern).ok()?;
                let first = match self.kind {
                    Kind::Direct => None,
                    _ => compile(kind_pattern(&self.kind, &self.pattern)).ok(),
                };
                Some(Whole { strict, first })
            })
            .as_ref()
    }

    /// A pattern that matches wherever this one does (and maybe more), cheap
    /// for a DFA: used in the one-pass prefilter over all rules.
    pub fn prefilter_pattern(&self) -> String {
        kind_pattern(&self.kind, &self.pattern).to_owned()
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Spans of the matches that start exactly at one of the given sorted
    /// offsets (the rule's anchors), as a search over the whole text would
    /// find them: one anchored try per offset, none inside an earlier match.
    pub fn spans_at(&self, text: &str, at: &[usize]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut next = 0;
        let mut caps = None;
        for &pos in at {
            if pos < next {
                continue;
            }
            if let Some(after) = self.take_at(text, pos, &mut caps, &mut out) {
                next = after;
            }
        }
        out
    }

    /// Spans of the matches that start in `windows` (sorted, disjoint,
    /// inclusive ranges of offsets that hold every possible match start, see
    /// `triggers.rs`), as a search over the whole text would find them.
    /// With a bound on the match length each window is one search of the
    /// cheap probe over the window and that much beyond; without one, one
    /// anchored try per character that can begin a match.
    pub fn spans_in(&self, text: &str, windows: &Windows) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut next = 0;
        let mut caps = None;
        for &(first, last) in &windows.starts {
            let mut from = first.max(next);
            let longest = windows
                .longest
                .filter(|&n| !tries_are_cheaper(text, windows, (from, last), n));
            while from <= last {
                let pos = match longest {
                    Some(n) => match self.probe_in(text, from, last, n) {
                        Some(pos) => pos,
                        None => break,
                    },
                    None if !windows.may_begin(text.as_bytes(), from) => {
                        from = next_char(text, from);
                        continue;
                    }
                    None => from,
                };
                match self.take_at(text, pos, &mut caps, &mut out) {
                    Some(after) => {
                        next = after;
                        from = after;
                    }
                    None => from = next_char(text, pos),
                }
            }
        }
        out
    }

    /// Try a match starting exactly at `pos`; on one, push its span (or
    /// its group's) and return where the next match may start, as a
    /// whole-text search steps past it (one character past an empty match).
    fn take_at(
        &self,
        text: &str,
        pos: usize,
        caps: &mut Option<Captures>,
        out: &mut Vec<(usize, usize)>,
    ) -> Option<usize> {
        let (start, end) = self.match_at(text, pos)?;
        if self.group == 0 {
            out.push((start, end));
        } else {
            let caps = caps.get_or_insert_with(|| self.exact().create_captures());
            out.extend(self.group_at(text, pos, caps));
        }
        Some(if end > start {
            end
        } else {
            next_char(text, end)
        })
    }

    /// The first offset in `from..=last` where the probe matches, when no
    /// match is longer than `longest` bytes: none of the exact pattern's
    /// matches starts before it.
    fn probe_in(&self, text: &str, from: usize, last: usize, longest: usize) -> Option<usize> {
        let end = last.saturating_add(longest).min(text.len());
        let input = Input::new(text).range(from..end);
        let m = self.probe_full().search(&input)?;
        (m.start() <= last).then_some(m.start())
    }

    /// The match starting exactly at `pos`, if any: the boundary-free probe
    /// rules most offsets out, the exact pattern decides the rest.
    fn match_at(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        if let Kind::Edges { start: true, .. } = self.kind
            && !is_boundary(text, pos)
        {
            return None;
        }
        let input = Input::new(text).range(pos..).anchored(Anchored::Yes);
        let end = match self.probe.end_at(&input) {
            Ok(end) => end?,
            Err(_) => self.probe_full().search(&input)?.end(),
        };
        let exact_needed = match self.kind {
            Kind::Direct => false,
            Kind::Edges { end: edge, .. } => edge && !is_boundary(text, end),
            Kind::Windowed { .. } => true,
        };
        if !exact_needed {
            return Some((pos, end));
        }
        let m = self.exact().search(&input)?;
        Some((m.start(), m.end()))
    }

    /// The rule's capture group in the match starting at `pos`.
    fn group_at(&self, text: &str, pos: usize, caps: &mut Captures) -> Option<(usize, usize)> {
        let input = Input::new(text).range(pos..).anchored(Anchored::Yes);
        self.exact().search_captures(&input, caps);
        caps.get_group(self.group).map(|g| (g.start, g.end))
    }

    /// Byte spans of the rule's matches (its capture group if it has one).
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(whole) = self.whole() else {
            return self.exact_spans(text);
        };
        let strict = &whole.strict;
        match (&self.kind, &whole.first) {
            (Kind::Edges { start, end, .. }, Some(inner)) => {
                self.edges(strict, inner, *start, *end, text)
            }
            (Kind::Windowed { .. }, Some(loose)) => self.windowed(strict, loose, text),
            _ => self.direct(strict, text),
        }
    }

    /// A whole-text search with the exact engine alone (slow; only when the
    /// faster engines could not be compiled).
    fn exact_spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.exact()
            .captures_iter(text)
            .filter_map(|c| c.get_group(self.group).map(|g| (g.start, g.end)))
            .collect()
    }

    fn edges(
        &self,
        strict: &Regex,
        inner: &Regex,
        start_b: bool,
        end_b: bool,
        text: &str,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = inner.find_at(text, at) else {
                break;
            };
            if start_b && !is_boundary(text, m.start()) {
                at = next_char(text, m.start());
                continue;
            }
            // The inside may have ended at an alternative the boundary
            // rejects ("religiös|religiösa" on "religiösa"): then ask the
            // exact pattern, within the line, for a match starting here.
            let found = if !end_b || is_boundary(text, m.end()) {
                Some((m.start(), m.end()))
            } else {
                strict
                    .find_at(&text[..to_line_end(text, m.end())], m.start())
                    .filter(|e| e.start() == m.start())
                    .map(|e| (e.start(), e.end()))
            };
            match found {
                Some((start, end)) => {
                    if self.group == 0 {
                        out.push((start, end));
                    } else if let Some(g) = strict
                        .captures_at(&text[..to_line_end(text, end)], start)
                        .and_then(|c| c.get(self.group))
                    {
                        out.push((g.start(), g.end()));
                    }
                    at = if end > start {
                        end
                    } else {
                        next_char(text, end)
                    };
                }
                None => at = next_char(text, m.start()),
            }
        }
        out
    }

    fn direct(&self, strict: &Regex, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for m in strict.find_iter(text) {
            if self.group == 0 {
                out.push((m.start(), m.end()));
            } else if let Some(g) = strict
                .captures_at(text, m.start())
                .and_then(|c| c.get(self.group))
            {
                out.push((g.start(), g.end()));
            }
        }
        out
    }

    fn windowed(&self, strict: &Regex, loose: &Regex, text: &str) -> Vec<(usize, usize)> {
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for m in loose.find_iter(text) {
            let (from, to) = window(text, m.start(), m.end());
            match windows.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => windows.push((from, to)),
            }
        }
        // Each window is searched in place, with the text before it as
        // context: a slice of its own would let `^` and `\b` match at the
        // slice's first byte, in the middle of a line or a word.
        let mut out = Vec::new();
        for (from, to) in windows {
            let hay = &text[..to];
            let mut at = from;
            while at <= hay.len() {
                let Some(c) = strict.captures_at(hay, at) else {
                    break;
                };
                let m = c.get(0).expect("group 0 is the match");
                if let Some(g) = c.get(self.group) {
                    out.push((g.start(), g.end()));
                }
                at = if m.end() > m.start() {
                    m.end()
                } else {
                    next_char(hay, m.end())
                };
            }
        }
        out
    }
}

/// The end of the line holding byte `i`.
fn to_line_end(text: &str, i: usize) -> usize {
    text[i..].find('\n').map_or(text.len(), |n| i + n)
}

/// Byte offset of the character after the one at `i`.
fn next_char(text: &str, i: usize) -> usize {
    text[i..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| i + c.len_utf8())
}

/// Whether one anchored try at each offset of `first..=last` where a match
/// can begin costs less than one search of the window and a longest match
/// beyond it. A sentence-start rule whose window reaches back over six long
/// words searches 1 500 bytes with an automaton that counts every word, for
/// the dozen sentence ends in it where a match could begin.
fn tries_are_cheaper(
    text: &str,
    windows: &Windows,
    (first, last): (usize, usize),
    longest: usize,
) -> bool {
    if windows.begins.is_none() || last < first {
        return false;
    }
    let bytes = text.as_bytes();
    let searched = (last - first + 1).saturating_add(longest);
    let mut tries = 0;
    for at in first..=last.min(bytes.len()) {
        if windows.may_begin(bytes, at) {
            tries += TRY_COST;
            if tries >= searched {
                return false;
            }
        }
    }
    true
}

/// An anchored try costs about as much as searching this many bytes (the
/// same measure as `Windows::pay`).
const TRY_COST: usize = 25;

/// A Unicode word boundary at byte `i`, as `\b` defines it.
fn is_boundary(text: &str, i: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let before = text[..i].chars().next_back().is_some_and(word);
    let after = text[i..].chars().next().is_some_and(word);
    before != after
}

/// The pattern the cheap first try runs: without the word boundaries the
/// lazy DFA cannot take.
/// The pattern the probe runs: the one a whole-text search's first engine
/// runs.
fn kind_pattern<'a>(kind: &'a Kind, pattern: &'a str) -> &'a str {
    match kind {
        Kind::Direct => pattern,
        Kind::Edges { inner, .. } => inner,
        Kind::Windowed { loose } => loose,
    }
}

/// For a pattern `FLAGS \b BODY \b` whose body has no other boundary and
/// no top-level alternation: (FLAGS BODY, leading \b?, trailing \b?).
fn edge_boundaries(pattern: &str) -> Option<(String, bool, bool)> {
    let (flags, rest) = match pattern.strip_prefix("(?") {
        Some(after) => {
            let close = after.find(')')?;
            let f = &after[..close];
            if !f.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
                return None;
            }
            (&pattern[..close + 3], &after[close + 1..])
        }
        None => ("", pattern),
    };
    let (start, rest) = match rest.strip_prefix("\\b") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (end, body) = match rest.strip_suffix("\\b") {
        Some(b) if !b.ends_with('\\') => (true, b),
        _ => (false, rest),
    };
    if !(start || end) || without_word_boundaries(body) != body || has_top_level_alternation(body) {
        return None;
    }
    Some((format!("{flags}{body}"), start, end))
}

/// Whether `|` occurs outside any group or class (then `\ba|b\b` binds
/// differently from `\b(?:a|b)\b`).
fn has_top_level_alternation(body: &str) -> bool {
    let mut depth = 0i32;
    let mut class = false;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => depth -= 1,
            '|' if !class && depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// A window around `start..end` that begins at a line start (or a word
/// start) and ends at a line end (or a word end), so anchors and word
/// boundaries mean in the window what they mean in the text.
fn window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let lo = text.floor_char_boundary(start.saturating_sub(WINDOW));
    let from = match text[lo..start].rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        // Past the whole space: U+2000…U+3000 are three bytes long.
        None => text[lo..start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(start, |(i, c)| lo + i + c.len_utf8()),
    };
    let hi = text.ceil_char_boundary((end + WINDOW).min(text.len()));
    let to = match text[end..hi].find('\n') {
        Some(i) => end + i,
        None if hi == text.len() => hi,
        None => text[end..hi]
            .rfind(char::is_whitespace)
            .map_or(end, |i| end + i),
    };
    (from.min(start), to.max(end))
}

/// The pattern with `\b` and `\B` removed outside character classes: it
/// matches everything the pattern matches, and more.
fn without_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                match next {
                    Some('b') | Some('B') if class_depth == 0 => {}
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => out.push('\\'),
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_the_pattern_lacks_is_refused_without_compiling_it() {
        assert!(PatternMatcher::new(r"\b(\d{4})-(\d+)\b", 2).is_ok());
        let err = PatternMatcher::new(r"\b(\d{4})-(?:\d+)\b", 2)
            .err()
            .expect("refused");
        assert!(err.to_string().contains("group 2 does not exist"), "{err}");
    }

    #[test]
    fn boundaries_are_removed_only_outside_classes() {
        assert_eq!(without_word_boundaries(r"\bab\B[\b]"), r"ab[\b]");
        assert_eq!(without_word_boundaries(r"\\b"), r"\\b");
    }

    #[test]
    fn edge_patterns_are_recognised() {
        let (inner, s, e) = edge_boundaries(r"(?i)\b(?:a|b)\b").unwrap();
        assert_eq!((inner.as_str(), s, e), (r"(?i)(?:a|b)", true, true));
        assert!(edge_boundaries(r"\ba|b\b").is_none());
        assert!(edge_boundaries(r"\ba\bb\b").is_none());
    }

    #[test]
    fn edge_search_equals_the_exact_pattern() {
        let pattern = r"(?i)\b(?:kol|sjuk(?:a)?|ångest\w*|ätstörning)\b";
        let m = PatternMatcher::new(pattern, 0).unwrap();
        assert!(matches!(m.kind, Kind::Edges { .. }));
        let text = "Skolan: sjuka barn, sjukan, Ångesten och ätstörning; kol. Kolla ökol sjukas";
        let plain: Vec<_> = Regex::new(pattern)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert_eq!(m.spans(text), plain);
        assert_eq!(plain.len(), 4);
    }

    #[test]
    fn windowed_search_finds_what_the_plain_search_finds() {
        let pattern = r"(?i)\b(?:sjukskriv\w*|diagnos)\b";
        let m = PatternMatcher::new(pattern, 0).unwrap();
        let text = "Åsa är sjukskriven.\nÖvrigt: ingen diagnos, men odiagnos och diagnoser.";
        let plain: Vec<_> = Regex::new(pattern)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert_eq!(m.spans(text), plain);
        assert_eq!(plain.len(), 2);
    }

    #[test]
    fn anchored_tries_find_what_the_plain_search_finds() {
        let text = "Skolan: sjuka barn, sjukan, Ångesten och ätstörning; kol. Kolla ökol sjukas\n\
                    Åsa är sjukskriven.\nDnr: 2024/12\nÖvrigt: ingen diagnos, odiagnos, diagnoser.\n\
                    x Dnr 2024/13 religiösa religiös";
        let every: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for (pattern, group) in [
            (r"(?i)\b(?:kol|sjuk(?:a)?|ångest\w*|ätstörning)\b", 0),
            (r"(?i)\b(?:sjukskriv\w*|diagnos)\b", 0),
            (r"(?m)^\s*Dnr:?\s*\b(\d{4}/\d+)\b", 1),
            (r"(?i)\b(?:religiös|religiösa)\b", 0),
            (r"Dnr (\d+)", 1),
        ] {
            let m = PatternMatcher::new(pattern, group).unwrap();
            assert!(!m.spans(text).is_empty(), "{pattern}");
            assert_eq!(m.spans_at(text, &every), m.spans(text), "{pattern}");
        }
    }

    #[test]
    fn a_window_may_open_after_a_wide_space() {
        // Found by fuzzing (fixtures/fuzz/rules-wide-space-window.txt): the
        // window opened one byte past an EN QUAD, inside it, and panicked.
        let m = PatternMatcher::new(r"(?i)\b(?:sjukskriv\w*|diagnos)\b", 0).unwrap();
        let text = format!("{}\u{2000}{}sjukskriven", "x".repeat(300), "y".repeat(200));
        let start = text.find("sjuk").unwrap();
        assert_eq!(window(&text, start, start + 4).0, 303);
        assert_eq!(m.spans(&text), vec![]);
        assert_eq!(m.spans_at(&text, &[start]), vec![]);
        let text = text.replace("ysjuk", "y sjuk");
        let start = start + 1;
        assert_eq!(m.spans(&text), vec![(start, text.len())]);
        assert_eq!(m.spans_at(&text, &[start]), vec![(start, text.len())]);
    }

    #[test]
    fn triggered_windows_find_what_the_plain_search_finds() {
        use crate::rules::triggers::Triggers;
        let text = "Pnr 19121212-1212, 121212-1212 och 1212121212/1212121212.\n\
                    ٣٣٣٣٣٣-٣٣٣٣ x\nhej Anna,\n  Hej!\nmejla a.b@c.se, x@y eller @@a.se\n\
                    # Rubrik\n## \n0701234567 / 08-123 45 67\nå121212-1212\n\
                    Dnr: 2024/12\n  Dnr 2024/13 x 2024/14\nhej";
        for (pattern, group) in [
            (
                r"(?:^|[^\w/.,-])((?:18|19|20)?\d{6}[ \t]?[-+][ \t]?\d{4})\b",
                1,
            ),
            (r"(?:^|[^\w/.,-])((?:18|19|20)?\d{10})\b", 1),
            (
                r"\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,20}@[A-Za-z0-9-]+(?:\.[A-Za-z]+){1,3}\b",
                0,
            ),
            (
                r"(?im)^[^\w\n]{0,3}(?:hej|hejsan)\b[^\n]{0,40}[!,]?[ \t]*$",
                0,
            ),
            (r"(?m)^#{1,4} \S[^\n]{0,80}$", 0),
            (r"(?m)^\s*Dnr:?\s*\b(\d{4}/\d+)\b", 1),
            (r"\d{4}/\d{2}", 0),
        ] {
            let triggers = Triggers::build(&[(0, pattern)], 1);
            let slot = triggers.slot(0).expect(pattern);
            let w = &triggers.windows(text)[slot];
            let m = PatternMatcher::new(pattern, group).unwrap();
            assert!(!m.spans(text).is_empty(), "{pattern}");
            assert_eq!(m.spans_in(text, w), m.spans(text), "{pattern}");
        }
    }

    /// A window that reaches far back from its cue to a sentence start is
    /// tried at each sentence end instead of searched whole: both find the
    /// same matches, the leftmost first, overlapping starts skipped.
    #[test]
    fn sentence_start_windows_tried_at_each_start_find_what_a_search_finds() {
        let pattern = r"(?i)(?:^|[.!?:]\s{1,6})(?:[^\s.,;:!?]{1,30}\s{1,6}){1,4}?har skrivits med (?:AI|Copilot)";
        let prose = "Det här är en mening om ingenting särskilt alls i dag. ".repeat(30);
        let text = format!(
            "{prose}Texten har skrivits med AI. Nyhetsbrevet har skrivits med Copilot! {prose}\
             Den korta sammanfattningen har skrivits med AI."
        );
        let m = PatternMatcher::new(pattern, 0).unwrap();
        let whole = m.spans(&text);
        assert_eq!(whole.len(), 3);
        let begins = super::super::triggers::match_starts(
            &regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .unwrap(),
        );
        let w = Windows {
            starts: vec![(0, text.len() - 1)],
            longest: Some(1000),
            begins,
        };
        assert!(tries_are_cheaper(&text, &w, (0, text.len() - 1), 1000));
        assert_eq!(m.spans_in(&text, &w), whole);
    }

    #[test]
    fn groups_and_anchors_survive_windows() {
        let m = PatternMatcher::new(r"(?m)^\s*Dnr:?\s*\b(\d{4}/\d+)\b", 1).unwrap();
        let text = format!("{}\nDnr: 2024/12\nx Dnr 2024/13", "ö ".repeat(300));
        let spans = m.spans(&text);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].0..spans[0].1], "2024/12");
    }
}
