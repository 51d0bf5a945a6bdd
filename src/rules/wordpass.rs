//! One automaton over every word the rules look for before they run: the
//! words lexicon rules start with (`anchors.rs`) and the word cues of the
//! other pattern rules (`triggers.rs`). The text is read once for both;
//! the two word lists were two passes, each as slow as the other (the
//! automata are megabytes, so a byte costs a cache miss, not an
//! instruction).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The automaton and, per pattern, its index in each list.
pub struct WordPass {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: (index among the anchors, among the cues).
    map: Vec<(Option<u32>, Option<u32>)>,
}

impl WordPass {
    /// One ASCII-case-insensitive automaton over both lists; `None` in
    /// `ac` when it cannot be built (callers then search without words).
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
        let build = |kind| {
            AhoCorasickBuilder::new()
                .kind(kind)
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&words)
                .ok()
        };
        // A full DFA when it fits: one table look-up per byte.
        let ac = if words.is_empty() {
            None
        } else {
            build(Some(AhoCorasickKind::DFA)).or_else(|| build(None))
        };
        WordPass { ac, map }
    }

    pub fn is_built(&self) -> bool {
        self.ac.is_some()
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
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(text) {
            let (a, c) = self.map[m.pattern().as_usize()];
            if let Some(a) = a {
                anchor(a as usize, m.start());
            }
            if let Some(c) = c {
                cue(c as usize, m.start());
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
}
