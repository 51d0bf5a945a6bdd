//! The words every match of a part of a pattern starts with, for finding
//! them all at once with an ASCII-case-insensitive Aho-Corasick automaton.
//!
//! Why not regex-syntax's literal extractor: a case-insensitive pattern
//! reaches us with every letter already a class (`[bB]`, `[kKK]` with the
//! Kelvin sign), and the extractor would spell out every case variant of
//! every word. Here a class of a few characters becomes the characters'
//! ASCII-lower-cased spellings, so `[bB]` is one letter for the automaton
//! and only non-ASCII variants (`å`/`Å`, the Kelvin sign) multiply words.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters that only Unicode case folding brings into a pattern: `(?i)s`
/// is also the long s, `(?i)k` the Kelvin sign, `(?i)å` the ångström sign.
/// Swedish text never holds them, yet spelling them out made a third of the
/// automaton's words. Words with them are left out, and a text that does
/// hold one is searched whole by every rule that relies on words
/// ([`has_fold_only`]), so what is found stays the same.
pub const FOLD_ONLY: [char; 3] = ['\u{17F}', '\u{212A}', '\u{212B}'];

/// Whether `text` holds a [`FOLD_ONLY`] character.
pub fn has_fold_only(text: &str) -> bool {
    FOLD_ONLY.iter().any(|&c| text.contains(c))
}

/// Whether `word` holds a [`FOLD_ONLY`] character.
pub fn is_fold_only(word: &[u8]) -> bool {
    std::str::from_utf8(word).is_ok_and(|w| w.contains(FOLD_ONLY))
}

/// Shorter words occur too often to be worth it ("vi" and "AI" are worth it
/// when what follows is rare; the cost estimate in `triggers.rs` decides).
const MIN_WORD: usize = 2;
/// More words than this per part of a pattern: give up.
const MAX_WORDS: usize = 512;
/// A class of more characters than this is not a letter in some case.
const MAX_CLASS: usize = 4;

/// The words (ASCII lower case) one of which begins every match of `hir`.
pub fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let (mut words, _) = walk(hir)?;
    words.sort();
    words.dedup();
    let usable = !words.is_empty() && words.iter().all(|w| w.len() >= MIN_WORD);
    usable.then_some(words)
}

/// Like [`prefixes`] for a sequence of parts, but only as far as the words
/// are all that the first `n` parts match: `(words, n)`. In every match the
/// rest of the sequence then follows the word directly, which
/// `triggers.rs` checks in the text after each word it finds.
pub fn exact_prefixes(subs: &[Hir]) -> Option<(Vec<Vec<u8>>, usize)> {
    let mut words = vec![Vec::new()];
    let mut n = 0;
    for sub in subs {
        let Some((next, true)) = walk(sub) else {
            break;
        };
        if words.len() * next.len() > MAX_WORDS {
            break;
        }
        words = joined(&words, &next);
        n += 1;
    }
    words.sort();
    words.dedup();
    let usable = n > 0 && !words.is_empty() && words.iter().all(|w| w.len() >= MIN_WORD);
    usable.then_some((words, n))
}

/// (words, exact): every match starts with one of the words; when exact,
/// every match *is* one of them, so what follows can extend them.
fn walk(hir: &Hir) -> Option<(Vec<Vec<u8>>, bool)> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some((vec![Vec::new()], true)),
        HirKind::Literal(lit) => Some((vec![lit.0.to_ascii_lowercase()], true)),
        HirKind::Class(class) => Some((class_words(class)?, true)),
        HirKind::Capture(cap) => walk(&cap.sub),
        HirKind::Repetition(rep) if rep.min == 0 => Some((vec![Vec::new()], false)),
        HirKind::Repetition(rep) => {
            let (words, exact) = walk(&rep.sub)?;
            Some((words, exact && rep.max == Some(1)))
        }
        HirKind::Concat(subs) => Some(sequence(subs)),
        HirKind::Alternation(subs) => {
            let mut words = Vec::new();
            let mut exact = true;
            for sub in subs {
                let (w, e) = walk(sub)?;
                words.extend(w);
                exact &= e;
            }
            (words.len() <= MAX_WORDS).then_some((words, exact))
        }
    }
}

/// Words of a sequence: each part's words appended to the ones so far,
/// until a part is not exact or the words would be too many.
fn sequence(subs: &[Hir]) -> (Vec<Vec<u8>>, bool) {
    let mut words = vec![Vec::new()];
    for sub in subs {
        let (next, exact) = walk(sub).unwrap_or((vec![Vec::new()], false));
        if words.len() * next.len() > MAX_WORDS {
            return (words, false);
        }
        words = joined(&words, &next);
        if !exact {
            return (words, false);
        }
    }
    (words, true)
}

/// Each of `words` followed by each of `next`.
fn joined(words: &[Vec<u8>], next: &[Vec<u8>]) -> Vec<Vec<u8>> {
    words
        .iter()
        .flat_map(|w| next.iter().map(move |n| [w.as_slice(), n].concat()))
        .collect()
}

/// A small class's characters, ASCII-lower-cased, as UTF-8.
fn class_words(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut words: Vec<Vec<u8>> = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.iter() {
                for ch in (r.start()..=r.end()).filter(|c| !FOLD_ONLY.contains(c)) {
                    if words.len() == MAX_CLASS {
                        return None;
                    }
                    let mut buf = [0; 4];
                    words.push(ch.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.iter() {
                for b in r.start()..=r.end() {
                    if words.len() == MAX_CLASS {
                        return None;
                    }
                    words.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    words.sort();
    words.dedup();
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(pattern).unwrap();
        let w = prefixes(&hir)?;
        Some(
            w.into_iter()
                .map(|w| String::from_utf8(w).unwrap())
                .collect(),
        )
    }

    #[test]
    fn case_insensitive_words_stay_few() {
        // `s` is also the long s, ſ, but no word is spelt with it.
        let w = words(r"(?i)\b(?:beslutar|har beslutat)\b").unwrap();
        assert_eq!(w, ["beslutar", "har beslutat"]);
        // The Kelvin sign is a `k` too (left out); ä has an upper-case twin.
        let w = words(r"(?i)kär").unwrap();
        assert_eq!(w, ["kÄr", "kär"]);
    }

    #[test]
    fn fold_only_characters_are_noticed() {
        assert!(has_fold_only("Beſlut"));
        assert!(has_fold_only("5 \u{212A}"));
        assert!(!has_fold_only("Beslut om ärende, Åsa"));
        assert!(is_fold_only("beſlut".as_bytes()) && !is_fold_only(b"beslut"));
    }

    #[test]
    fn prefixes_stop_at_what_is_not_a_word() {
        assert_eq!(words(r"sjukskriv\w*").unwrap(), ["sjukskriv"]);
        assert_eq!(words(r"dnr:?\s*\d+").unwrap(), ["dnr"]);
        assert!(words(r"(?i)\b(?:lss|a)\b").is_none(), "too short");
        assert_eq!(
            words(r"(?i)\b(?:vi|jag) har").unwrap(),
            ["jag har", "vi har"]
        );
        assert!(words(r"\d{6}").is_none(), "no words");
        assert!(words(r"x?abc").is_none(), "optional start");
    }
}
