//! Context words near a match ("handläggare", "telefon*"): a rule's list is
//! one automaton, so a window is read once rather than once per word — the
//! name rule alone has two dozen context words and hundreds of matches in a
//! long document.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One rule's context (or exclusion) words, lower case. A word ending in `*`
/// matches as a prefix: `telefon*` matches "telefonnummer", while `kr` does
/// not match "Kristofer". One starting with `*` matches as the end of a
/// compound: `*skolan` matches "Norrskolan".
pub struct ContextWords {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: may the word run on into a longer one?
    prefix: Vec<bool>,
    /// Per automaton pattern: may a longer word end with it?
    suffix: Vec<bool>,
}

impl ContextWords {
    pub fn new(words: &[String]) -> ContextWords {
        let mut stems = Vec::new();
        let (mut prefix, mut suffix) = (Vec::new(), Vec::new());
        for w in words {
            let (w, is_suffix) = w
                .strip_prefix('*')
                .map_or((w.as_str(), false), |w| (w, true));
            let (w, is_prefix) = w.strip_suffix('*').map_or((w, false), |w| (w, true));
            stems.push(w);
            prefix.push(is_prefix);
            suffix.push(is_suffix);
        }
        let ac = (!stems.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&stems)
                    .ok()
            })
            .flatten();
        ContextWords { ac, prefix, suffix }
    }

    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// Whether any of the words occurs as a whole word in `hay` (lower case).
    pub fn any_in(&self, hay: &str) -> bool {
        let Some(ac) = &self.ac else { return false };
        ac.find_overlapping_iter(hay).any(|m| {
            let before_ok = self.suffix[m.pattern().as_usize()]
                || hay[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = self.prefix[m.pattern().as_usize()]
                || hay[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> ContextWords {
        ContextWords::new(&w.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn whole_words_and_prefixes() {
        let w = words(&["kr", "telefon*"]);
        assert!(w.any_in("pris 40 kr."));
        assert!(!w.any_in("kristofer ringde"));
        assert!(w.any_in("telefonnummer: 08"));
        assert!(!w.any_in("mobiltelefon"), "a prefix still starts a word");
    }

    #[test]
    fn a_leading_star_matches_the_end_of_a_compound() {
        let w = words(&["*skolan"]);
        assert!(w.any_in("norrskolan, storgatan 4"));
        assert!(w.any_in("skolan, storgatan 4"));
        assert!(!w.any_in("skolans väg 4"), "still the end of a word");
    }

    #[test]
    fn a_later_overlapping_occurrence_counts() {
        // "a a" first occurs glued to x; the occurrence inside it is whole.
        assert!(words(&["a a"]).any_in("xa a a"));
    }

    #[test]
    fn no_words_never_match() {
        let w = words(&[]);
        assert!(w.is_empty() && !w.any_in("allt"));
    }
}
