//! Context words near a match ("handläggare", "telefon*"): a rule's list is
//! one automaton, so a window is read once rather than once per word — the
//! name rule alone has two dozen context words and hundreds of matches in a
//! long document.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One rule's context (or exclusion) words, lower case. A word ending in `*`
/// matches as a prefix: `telefon*` matches "telefonnummer", while `kr` does
/// not match "Kristofer". One starting with `*` matches as the end of a
/// compound: `*skolan` matches "Norrskolan". One starting with `!` is an
/// exception to the others: with `*huset` and `!radhuset`, "Kulturhuset"
/// is a word of the list and "radhuset" (someone's home) is not.
pub struct ContextWords {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: may the word run on into a longer one?
    prefix: Vec<bool>,
    /// Per automaton pattern: may a longer word end with it?
    suffix: Vec<bool>,
    /// The exceptions, whole words.
    except: Vec<String>,
}

impl ContextWords {
    pub fn new(words: &[String]) -> ContextWords {
        let mut stems = Vec::new();
        let (mut prefix, mut suffix) = (Vec::new(), Vec::new());
        let except = (words.iter())
            .filter_map(|w| w.strip_prefix('!').map(str::to_owned))
            .collect();
        for w in words.iter().filter(|w| !w.starts_with('!')) {
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
        ContextWords {
            ac,
            prefix,
            suffix,
            except,
        }
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
            before_ok && after_ok && !self.is_exception(hay, m.start(), m.end())
        })
    }

    /// Whether the whole word around `hay[start..end]` is an exception.
    fn is_exception(&self, hay: &str, start: usize, end: usize) -> bool {
        if self.except.is_empty() {
            return false;
        }
        let from = hay[..start]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(start, |(i, _)| i);
        let to = hay[end..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(hay.len(), |(i, _)| end + i);
        self.except.iter().any(|w| *w == hay[from..to])
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
    fn an_exception_takes_its_word_out_of_the_list() {
        let w = words(&["*huset", "!radhuset", "!huset"]);
        assert!(w.any_in("kulturhuset, storgatan 12"));
        assert!(!w.any_in("till radhuset på äppelvägen 22"));
        assert!(!w.any_in("flyttar in i huset på ekvägen 3"));
        assert!(
            w.any_in("radhuset bredvid kommunhuset"),
            "another word still counts"
        );
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
