//! One pass over the text to decide which rules need to run at all, and
//! where. Every lexicon rule starts with one of a finite set of words
//! ("diagnos", "sjukskriv", "försörjningsstöd" …): these *anchors* go into a
//! single Aho-Corasick automaton, the text is read once, and each rule tries
//! one anchored match at each of its own anchors — no rule rescans the whole
//! text. Rules without usable anchors (digit patterns, the name detector)
//! still run over the whole text.
//!
//! Anchors come from the patterns themselves (regex-syntax's prefix literal
//! extraction), so a municipality's own rules get them too. Case: the
//! automaton (`wordpass.rs`, shared with the trigger words) ignores ASCII
//! case; for anchors with å, ä, ö the capitalised and upper-case spellings
//! are added as well.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::words;

/// Anchors shorter than this match too often to be worth it.
const MIN_ANCHOR: usize = 3;

/// Every anchored rule's anchors.
pub struct Anchors {
    /// The anchor words, for the automaton.
    pub words: Vec<Vec<u8>>,
    /// For each word, the rules it anchors.
    owners: Vec<Vec<usize>>,
    /// For each rule: does it run only around its anchors?
    pub anchored: Vec<bool>,
}

impl Anchors {
    /// Build from (rule index, pattern) for every regex rule; `rules` is the
    /// total number of rules.
    pub fn build(patterns: &[(usize, &str)], rules: usize) -> Anchors {
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut anchored = vec![false; rules];
        let mut index = std::collections::HashMap::new();
        for &(rule, pattern) in patterns {
            let Some(lits) = anchors_of(pattern) else {
                continue;
            };
            anchored[rule] = true;
            for lit in lits {
                let slot = *index.entry(lit.clone()).or_insert_with(|| {
                    words.push(lit);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if !owners[slot].contains(&rule) {
                    owners[slot].push(rule);
                }
            }
        }
        Anchors {
            words,
            owners,
            anchored,
        }
    }

    /// Rules that may no longer rely on their anchors (the automaton could
    /// not be built) search like the others.
    pub fn disable(&mut self) {
        self.anchored.iter_mut().for_each(|a| *a = false);
    }

    /// Record that anchor word `word` occurs at `at`.
    pub fn hit(&self, word: usize, at: usize, hits: &mut [Vec<usize>]) {
        for &rule in &self.owners[word] {
            let v = &mut hits[rule];
            if v.last() != Some(&at) {
                v.push(at);
            }
        }
    }

    /// The hits of each rule in order, once each.
    pub fn finish(hits: &mut [Vec<usize>]) {
        for v in hits {
            v.sort_unstable();
            v.dedup();
        }
    }
}

/// The words every match of `pattern` starts with, in the spellings to
/// search for; `None` when the pattern has no short, finite set of them.
fn anchors_of(pattern: &str) -> Option<Vec<Vec<u8>>> {
    // Case-insensitive patterns would expand into every case variant: read
    // them as written (lower case) and let the automaton ignore case.
    let (insensitive, body) = strip_case_flag(pattern);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&body)
        .ok()?;
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(4096)
        .limit_class(8)
        .limit_literal_len(24)
        .extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().len() < MIN_ANCHOR) {
        return None;
    }
    let mut out = Vec::new();
    // The automaton ignores ASCII case: one spelling per word is enough.
    for lit in lits.iter().filter(|l| !words::is_fold_only(l.as_bytes())) {
        let word = String::from_utf8(lit.as_bytes().to_ascii_lowercase()).ok()?;
        out.push(word.clone().into_bytes());
        if insensitive && !word.is_ascii() {
            out.push(capitalised(&word).into_bytes());
            out.push(word.to_uppercase().into_bytes());
            out.push(word.to_lowercase().into_bytes());
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Remove a leading `(?i)` / `(?im)` flag group's `i`; report whether it was
/// there.
fn strip_case_flag(pattern: &str) -> (bool, String) {
    if let Some((flags, rest)) = pattern
        .strip_prefix("(?")
        .and_then(|r| r.find(')').map(|close| (&r[..close], &r[close + 1..])))
        && flags.chars().all(|c| c.is_ascii_alphabetic())
        && flags.contains('i')
    {
        let kept: String = flags.chars().filter(|&c| c != 'i').collect();
        let head = if kept.is_empty() {
            String::new()
        } else {
            format!("(?{kept})")
        };
        return (true, format!("{head}{rest}"));
    }
    (false, pattern.to_owned())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_patterns_have_anchors() {
        let a = anchors_of(r"(?i)\b(?:diagnos(?:en)?|sjukskriv\w*|ångest\w*)\b").unwrap();
        let a: Vec<String> = a
            .into_iter()
            .map(|b| String::from_utf8(b).unwrap())
            .collect();
        assert!(a.contains(&"diagnos".to_owned()), "{a:?}");
        assert!(a.contains(&"sjukskriv".to_owned()));
        assert!(a.contains(&"Ångest".to_owned()) && a.contains(&"ÅNGEST".to_owned()));
    }

    #[test]
    fn digit_and_class_patterns_have_none() {
        assert!(anchors_of(r"\b\d{6}[-+]\d{4}\b").is_none());
        assert!(anchors_of(r"(?m)^[^\w\n]{0,3}här är").is_none());
        assert!(anchors_of(r"(?i)\b(?:lss|ab)\b").is_none());
    }

    #[test]
    fn hits_are_reported_per_rule() {
        let anchors = Anchors::build(&[(0, r"(?i)\bdiagnos\b"), (1, r"\d+")], 2);
        assert!(anchors.anchored[0] && !anchors.anchored[1]);
        let pass = super::super::wordpass::WordPass::build(&anchors.words, &[]);
        let mut hits = vec![Vec::new(); 2];
        pass.run(
            "Ingen DIAGNOS, men diagnos.",
            |w, at| anchors.hit(w, at, &mut hits),
            |_, _| {},
        );
        Anchors::finish(&mut hits);
        assert_eq!(hits[0], vec![6, 19]);
        assert!(hits[1].is_empty());
    }
}
