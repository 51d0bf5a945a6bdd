//! One automaton over every word the rules look for before they run: the
//! words lexicon rules start with (`anchors.rs`) and the word cues of the
//! other pattern rules (`triggers.rs`). The text is read once for both;
//! the two word lists were two passes, each as slow as the other (the
//! automata are megabytes, so a byte costs a cache miss, not an
//! instruction).
//!
//! Because a byte's cost is the wait for its table entry, the text is read
//! as a few interleaved streams (`Streams`): each step looks up the next
//! state of every stream, and those look-ups wait for memory together
//! instead of one after another.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, Anchored, MatchKind};

/// The automaton that reads the text.
enum Engine {
    /// A full DFA, walked by our own loop (`Streams`).
    Dfa(Box<DFA>),
    /// The crate's searcher, when a DFA would be too big.
    Other(AhoCorasick),
}

/// The automaton and, per pattern, its index in each list.
pub struct WordPass {
    engine: Option<Engine>,
    /// Per automaton pattern: its length in bytes.
    lens: Vec<usize>,
    /// Per automaton pattern: (index among the anchors, among the cues).
    map: Vec<(Option<u32>, Option<u32>)>,
}

impl WordPass {
    /// One ASCII-case-insensitive automaton over both lists; no engine
    /// when it cannot be built (callers then search without words).
    pub fn build(anchors: &[Vec<u8>], cues: &[Vec<u8>]) -> WordPass {
        let mut index = std::collections::HashMap::new();
        let mut words: Vec<&[u8]> = Vec::new();
        let mut map: Vec<(Option<u32>, Option<u32>)> = Vec::new();
        for (list, list_words) in [anchors, cues].into_iter().enumerate() {
            for (i, w) in list_words.iter().enumerate() {
                let k = *index.entry(w.as_slice()).or_insert_with(|| {
                    words.push(w);
                    map.push((None, None));
                    map.len() - 1
                });
                let i = Some(i as u32);
                if list == 0 {
                    map[k].0 = i
                } else {
                    map[k].1 = i
                }
            }
        }
        // A full DFA when it fits: one table look-up per byte. Without a
        // prefilter: with thousands of words it finds a candidate at almost
        // every byte and only adds a call.
        let engine = if words.is_empty() {
            None
        } else {
            let dfa = DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(&words);
            match dfa {
                Ok(dfa) => Some(Engine::Dfa(Box::new(dfa))),
                Err(_) => AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&words)
                    .ok()
                    .map(Engine::Other),
            }
        };
        let lens = words.iter().map(|w| w.len()).collect();
        WordPass { engine, lens, map }
    }

    pub fn is_built(&self) -> bool {
        self.engine.is_some()
    }

    /// Whether the text is read by a full DFA (one table look-up a byte),
    /// and the heap bytes of the automaton.
    pub fn shape(&self) -> (bool, usize) {
        match &self.engine {
            None => (false, 0),
            Some(Engine::Dfa(dfa)) => (true, dfa.memory_usage()),
            Some(Engine::Other(ac)) => (false, ac.memory_usage()),
        }
    }

    /// Every occurrence (overlapping ones too) of every word in `text`:
    /// `anchor(i, at)` for the i-th anchor word, `cue(i, at)` for the
    /// i-th cue word, `at` the byte offset where it begins.
    pub fn run(
        &self,
        text: &str,
        mut anchor: impl FnMut(usize, usize),
        mut cue: impl FnMut(usize, usize),
    ) {
        let mut report = |pattern: usize, start: usize| {
            let (a, c) = self.map[pattern];
            if let Some(a) = a {
                anchor(a as usize, start);
            }
            if let Some(c) = c {
                cue(c as usize, start);
            }
        };
        match &self.engine {
            None => {}
            Some(Engine::Dfa(dfa)) => {
                for (end, pattern) in Streams::new(dfa).matches(text.as_bytes()) {
                    report(pattern, end - self.lens[pattern]);
                }
            }
            Some(Engine::Other(ac)) => {
                for m in ac.find_overlapping_iter(text) {
                    report(m.pattern().as_usize(), m.start());
                }
            }
        }
    }
}

/// An overlapping search with a DFA over `STREAMS` stretches of the text
/// at once. Stream k reads its stretch from `overlap` bytes before it (the
/// longest word less one), so it sees every word that ends in the stretch,
/// and reports only those: each match is found exactly once, and streams
/// taken in order give the matches in the order of one walk.
struct Streams<'a> {
    dfa: &'a DFA,
    start: StateID,
}

/// Four look-ups in flight measured best on the bench's text (the locating
/// pass over the corpora: one stream 13.3 ms, two 11.6, four 10.2, eight
/// 12.2).
const STREAMS: usize = 4;

impl<'a> Streams<'a> {
    fn new(dfa: &'a DFA) -> Self {
        let start = dfa
            .start_state(Anchored::No)
            .expect("a DFA built for unanchored search has an unanchored start");
        Streams { dfa, start }
    }

    /// Every (end offset, pattern) in `bytes`, in the order of one walk.
    fn matches(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let overlap = self.dfa.max_pattern_len().saturating_sub(1);
        let stretch = bytes.len() / STREAMS;
        let mut found: [Vec<(usize, usize)>; STREAMS] = Default::default();
        if stretch <= overlap {
            self.walk(bytes, (0, bytes.len()), self.start, 0, &mut found[0]);
            return std::mem::take(&mut found[0]);
        }
        // Stretch k is ends[k]..ends[k + 1]; stream k reads from `pos[k]`.
        let ends: [usize; STREAMS + 1] = std::array::from_fn(|k| {
            if k == STREAMS {
                bytes.len()
            } else {
                k * stretch
            }
        });
        let mut pos: [usize; STREAMS] = std::array::from_fn(|k| ends[k].saturating_sub(overlap));
        let mut sid = [self.start; STREAMS];
        // In step while every stream has bytes left; then each finishes.
        let together = (0..STREAMS)
            .map(|k| ends[k + 1] - pos[k])
            .min()
            .unwrap_or(0);
        for _ in 0..together {
            for k in 0..STREAMS {
                sid[k] = self.dfa.next_state(Anchored::No, sid[k], bytes[pos[k]]);
                pos[k] += 1;
                self.note(sid[k], pos[k], ends[k], &mut found[k]);
            }
        }
        for k in 0..STREAMS {
            self.walk(bytes, (pos[k], ends[k + 1]), sid[k], ends[k], &mut found[k]);
        }
        found.concat()
    }

    /// One stream from `at` to `to`, from state `sid`, reporting the
    /// matches that end after `after`.
    fn walk(
        &self,
        bytes: &[u8],
        (at, to): (usize, usize),
        mut sid: StateID,
        after: usize,
        found: &mut Vec<(usize, usize)>,
    ) {
        for (i, &b) in bytes[at..to].iter().enumerate() {
            sid = self.dfa.next_state(Anchored::No, sid, b);
            self.note(sid, at + i + 1, after, found);
        }
    }

    /// Adds the matches of state `sid`, reached with the byte before
    /// `end`, unless they end at or before `after` (the stretch before is
    /// another stream's).
    #[inline(always)]
    fn note(&self, sid: StateID, end: usize, after: usize, found: &mut Vec<(usize, usize)>) {
        if self.dfa.is_special(sid) && self.dfa.is_match(sid) && end > after {
            for i in 0..self.dfa.match_len(sid) {
                found.push((end, self.dfa.match_pattern(sid, i).as_usize()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_in_both_lists_is_reported_to_both() {
        let pass = WordPass::build(&[b"diagnos".to_vec(), b"bor".to_vec()], &[b"bor".to_vec()]);
        let (mut anchors, mut cues) = (Vec::new(), Vec::new());
        pass.run(
            "Han BOR här. Diagnosen",
            |i, at| anchors.push((i, at)),
            |i, at| cues.push((i, at)),
        );
        assert_eq!(anchors, [(1, 4), (0, 14)], "ä is two bytes");
        assert_eq!(cues, [(0, 4)]);
    }

    /// Words that straddle the border of two streams' stretches, overlap
    /// each other and repeat: the streams report what the crate's own
    /// overlapping search reports, in the same order.
    #[test]
    fn streams_find_what_one_walk_finds() {
        let words = ["försörjningsstöd", "stöd", "ödla", "barn", "barnet", "net"];
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(words)
            .unwrap();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap();
        for len in [0, 10, 40, 63, 64, 65, 200, 1001] {
            let text: String = "Barnet har försörjningsstödla. BARNETT "
                .chars()
                .cycle()
                .take(len)
                .collect();
            let expected: Vec<(usize, usize)> = (ac.find_overlapping_iter(&text))
                .map(|m| (m.end(), m.pattern().as_usize()))
                .collect();
            let found = Streams::new(&dfa).matches(text.as_bytes());
            assert_eq!(found, expected, "text of {len} chars");
        }
    }
}
