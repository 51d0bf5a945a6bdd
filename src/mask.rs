//! Masking: the only place identifiers are hidden, and the only way to build
//! an [`Excerpt`]. Because an `Excerpt` cannot be made any other way, an
//! unmasked personnummer cannot reach a report by accident.
//!
//! Policy (report-v1, "Masking"): identity numbers keep their date part
//! (`850312-****`); card numbers, bank accounts and IBANs keep their last four
//! digits. The masker is deliberately greedy — it masks every digit run that
//! *looks* like an identifier, valid or not, because a false mask costs a
//! reader nothing and a missed one is a leak.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

/// A short context around a match with every identifier masked. It can be
/// read back (Deserialize) from a report or state file, which only ever
/// holds excerpts this module built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Excerpt(String);

impl Excerpt {
    /// The masked text around `line[start..end]`: the match with up to
    /// `CONTEXT` characters either side, cut at word boundaries.
    pub fn around(line: &str, start: usize, end: usize) -> Excerpt {
        Excerpt::around_masking(line, start, end, false)
    }

    /// Like [`Excerpt::around`]; with `hide_match`, every digit of the match
    /// itself but the last four is hidden too, whatever its shape — for
    /// account and card findings the generic masker might not recognise.
    pub fn around_masking(line: &str, start: usize, end: usize, hide_match: bool) -> Excerpt {
        const CONTEXT: usize = 40;
        let from = back_chars(line, start, CONTEXT);
        let to = forward_chars(line, end, CONTEXT);
        // Mask a margin wider than the window, then cut: an identifier split
        // by the window's edge would otherwise escape the masker. Masking
        // only turns ASCII digits into `*`, so byte offsets stay valid.
        let outer_from = line.floor_char_boundary(from.saturating_sub(40));
        let outer_to = line.ceil_char_boundary((to + 40).min(line.len()));
        let mut masked = mask_identifiers(&line[outer_from..outer_to]).into_owned();
        debug_assert_eq!(masked.len(), outer_to - outer_from);
        if hide_match {
            let (a, b) = (start - outer_from, end - outer_from);
            let hidden = keep_last_four(&masked[a..b]);
            masked.replace_range(a..b, &hidden);
        }
        let window = &masked[from - outer_from..to - outer_from];
        let mut text = collapse_space(window.trim());
        if from > 0 {
            text.insert(0, '…');
        }
        if to < line.len() {
            text.push('…');
        }
        Excerpt(text)
    }

    /// An excerpt from free text (a metadata value, a signal), masked.
    pub fn of(text: &str) -> Excerpt {
        let text = collapse_space(text.trim());
        let mut masked = mask_identifiers(&text).into_owned();
        if masked.chars().count() > 120 {
            let cut = masked
                .char_indices()
                .nth(120)
                .map(|(i, _)| i)
                .unwrap_or(masked.len());
            masked.truncate(cut);
            masked.push('…');
        }
        Excerpt(masked)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Excerpt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Move back `n` characters from `start`, then forward to a word start.
fn back_chars(s: &str, start: usize, n: usize) -> usize {
    let i = s[..start]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if i == 0 {
        return 0;
    }
    match s[i..start].find(char::is_whitespace) {
        Some(j) => i + j + s[i + j..].chars().next().map_or(1, char::len_utf8),
        None => i,
    }
}

/// Move forward `n` characters from `end`, then back to a word end.
fn forward_chars(s: &str, end: usize, n: usize) -> usize {
    let i = s[end..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| end + i);
    if i >= s.len() {
        return s.len();
    }
    match s[end..i].rfind(char::is_whitespace) {
        Some(j) => end + j,
        None => i,
    }
}

fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else if c.is_control() {
            continue;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// Identity-number shapes: 6 or 8 date digits, an optional separator, four
/// digits. Organisation numbers share the shape and are masked too. Bounded
/// by "not a digit" rather than a word boundary: a number glued to a word
/// ("19121212-1212Anna", found by fuzzing) is still a number to hide.
static IDENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^0-9])([0-9]{6}|[0-9]{8})([-+ ]?)([0-9]{4})").unwrap());

// The word boundaries below are ASCII ones, `(?-u:\b)`: a Unicode one
// sends the regex engine to its slow paths at every å, ä and ö of an
// excerpt, and beside an ASCII digit an ASCII boundary is found wherever a
// Unicode one is (and after "ä" too), so no less is masked.

/// Swedish IBAN, spaced or not.
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)SE\s?\d{2}(?:\s?\d){17,22}(?-u:\b)").unwrap());

/// Any digit run with single separators holding 11–19 digits: card numbers
/// (13–19) and bank accounts (clearing + account, 11–15).
static LONG_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)\d(?:[ \-.,]?\d){10,18}(?-u:\b)").unwrap());

/// Swedish bank accounts as people write them: a clearing number (four
/// digits, or Swedbank's five as `8327-9`), then the account in groups,
/// possibly after a comma: `8327-9, 123 456 789-0`, `6000 123456789`.
static BANK_ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:\d{4}-\d|\d{4,5})(?:,\s?|\s|-)\d[\d -]{4,16}\d(?-u:\b)").unwrap()
});

/// Any number written after an account label, however it is grouped.
static LABELLED_ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)((?-u:\b)(?:bank)?konto(?:nummer|nr)?\.?:?\s*)(\d[\d -]{4,18}\d)").unwrap()
});

/// Mask every identifier-looking number in `text`.
pub fn mask_identifiers(text: &str) -> Cow<'_, str> {
    // Every shape below but a number after an account label holds at least
    // six digits (a bank account, `1234 56`): an excerpt with fewer and no
    // label — most of them — skips the five searches.
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    if digits == 0 || (digits < 6 && !has_account_label(text)) {
        return Cow::Borrowed(text);
    }
    mask_shapes(text)
}

/// The searches of `mask_identifiers`, one per identifier shape.
fn mask_shapes(text: &str) -> Cow<'_, str> {
    let step = IBAN.replace_all(text, |c: &Captures| keep_last_four(&c[0]));
    let step = BANK_ACCOUNT.replace_all(&step, |c: &Captures| {
        let s = &c[0];
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        if (10..=17).contains(&digits) && !is_identity_shape(s) {
            keep_last_four(s)
        } else {
            s.to_owned()
        }
    });
    let step = LABELLED_ACCOUNT.replace_all(&step, |c: &Captures| {
        format!("{}{}", &c[1], keep_last_four(&c[2]))
    });
    let step = LONG_NUMBER.replace_all(&step, |c: &Captures| {
        let s = &c[0];
        if is_identity_shape(s) {
            s.to_owned()
        } else {
            keep_last_four(s)
        }
    });
    let step = IDENTITY
        .replace_all(&step, |c: &Captures| {
            format!("{}{}{}****", &c[1], &c[2], &c[3])
        })
        .into_owned();
    // Every replacement above is byte-length preserving (digits → `*`),
    // which `Excerpt::around` relies on.
    if step == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(step)
    }
}

/// Whether `text` may hold the label `LABELLED_ACCOUNT` needs: "konto" in
/// any ASCII case, or the Kelvin sign its case-insensitive `k` also matches.
fn has_account_label(text: &str) -> bool {
    text.contains('\u{212A}')
        || text
            .as_bytes()
            .windows(5)
            .any(|w| w.eq_ignore_ascii_case(b"konto"))
}

fn is_identity_shape(s: &str) -> bool {
    IDENTITY
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
}

/// Replace every digit but the last four with `*`, keeping separators and
/// letters, so `5484 2400 1234 5678` becomes `**** **** **** 5678`.
pub fn keep_last_four(s: &str) -> String {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 4 <= digits { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

/// Mask a whole identifier value (for a reason or signal naming it).
pub fn mask_value(kind: &str, value: &str) -> String {
    match kind {
        "personnummer" | "samordningsnummer" => mask_identifiers(value).into_owned(),
        "payment-card" | "bank-account" | "iban" => keep_last_four(value),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_numbers_keep_their_date() {
        assert_eq!(
            mask_identifiers("sökande 850312-1234, x"),
            "sökande 850312-****, x"
        );
        assert_eq!(mask_identifiers("19121212-1212"), "19121212-****");
        assert_eq!(mask_identifiers("1912121212"), "191212****");
        assert_eq!(mask_identifiers("121212+1212"), "121212+****");
    }

    #[test]
    fn cards_accounts_and_iban_keep_last_four() {
        assert_eq!(
            mask_identifiers("kontonummer 109 456 583-2."),
            "kontonummer *** *** 583-2."
        );
        assert_eq!(
            mask_identifiers("konto 8327-9, 123 456 789-0."),
            "konto ****-*, *** *** 789-0."
        );
        assert_eq!(
            mask_identifiers("Clearing och konto: 6000 123456789"),
            "Clearing och konto: **** *****6789"
        );
        assert_eq!(
            mask_identifiers("kort 5484 2400 1234 5678."),
            "kort **** **** **** 5678."
        );
        assert_eq!(
            mask_identifiers("konto 8327-9 123 456 789"),
            "konto ****-* *** **6 789"
        );
        assert_eq!(
            mask_identifiers("IBAN SE45 5000 0000 0583 9825 7466"),
            "IBAN SE** **** **** **** **** 7466"
        );
    }

    /// A letter such as "ä" right before a number is no word character to
    /// the masker's boundaries: the number is hidden all the same.
    #[test]
    fn a_number_glued_to_a_swedish_letter_is_masked() {
        let masked = mask_identifiers("Kortnummer på kortä4111 1111 1111 1111 giltigt");
        assert!(!masked.contains("4111"), "{masked}");
        assert!(masked.contains("1111 giltigt"), "last four kept: {masked}");
    }

    #[test]
    fn short_numbers_stay() {
        let s = "Dnr KS 2024/123, tel 070-123 45 67, 2024-05-01, 12 500 kr";
        assert_eq!(mask_identifiers(s), s);
    }

    /// The digit-count shortcut never changes what is masked: every
    /// combination of a few number shapes and labels, gated and not, agrees.
    #[test]
    fn few_digits_shortcut_masks_what_the_searches_would() {
        let pieces = [
            "konto",
            "KONTO",
            "\u{212A}onto",
            "kort",
            "SE",
            " ",
            "-",
            ", ",
            "12",
            "345",
            "6",
            "7890",
            "8327-9",
            "x",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("{a}{b} {c}{d}");
                        assert_eq!(mask_identifiers(&text), mask_shapes(&text), "{text}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(4));
        assert_eq!(mask_identifiers("Konto: 12 345"), "Konto: *2 345");
    }

    #[test]
    fn excerpt_masks_even_across_its_edge() {
        let line = format!("{}19121212-1212 slut", "x ".repeat(40));
        let e = Excerpt::around(&line, 80, 93);
        assert!(!e.as_str().contains("1212-1212"), "{e}");
        assert!(e.as_str().contains("19121212-****"), "{e}");
    }

    #[test]
    fn excerpt_is_short_and_on_one_line() {
        let line = "a ".repeat(200) + "MATCH" + &" b".repeat(200);
        let start = line.find("MATCH").unwrap();
        let e = Excerpt::around(&line, start, start + 5);
        assert!(e.as_str().len() < 110, "{}", e.as_str().len());
        assert!(e.as_str().contains("MATCH"));
    }
}
