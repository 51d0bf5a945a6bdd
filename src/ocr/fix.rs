//! OCR text → text the rules can read: undo the misreadings Tesseract makes
//! most often in the places the rules care about, before any rule runs.
//!
//! Why here and not in the rules: the rules describe Swedish documents and
//! are shared by every format; these repairs describe one source of error
//! (a scanner and an OCR engine) and would be wrong on typed text, where an
//! `O` between digits is really an `O`. Only OCR parts pass through here.
//!
//! The repairs keep every line where it was, so a finding's line number is
//! the line a reader finds on the page.

use std::sync::LazyLock;

use regex::Regex;

/// Clean one page of OCR output.
pub fn clean(text: &str) -> String {
    let text = text.replace('\x0c', "");
    let text = join_hyphenated(&text);
    let text = digits_in_context(&text);
    let text = misread_at_sign(&text);
    let text = misread_ai(&text);
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

/// A word cut at the end of a line ("social-\nsekreterare") is joined on
/// the first line, and the next line keeps the rest, so line counts hold.
/// Only when a lower-case letter follows: "Nord-\nSverige" or a list's
/// dash stays as it is.
fn join_hyphenated(text: &str) -> String {
    static CUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("(\\p{Ll})[-\u{2010}\u{AD}]\n[ \t]*(\\p{Ll}+)([,.;:]?)[ \t]*").unwrap()
    });
    CUT.replace_all(text, "$1$2$3\n").into_owned()
}

/// Letters Tesseract reads in place of digits, fixed inside numbers only:
/// `O`/`o`/`D` → 0, `l`/`I` → 1, `S` → 5, `B` → 8, `Z` → 2, `G` → 6. A
/// letter is replaced only when it touches a digit (no space between) and
/// the run around it, not part of a word, is mostly digits — an identity
/// number, a date, a phone number with a misread character or two — so
/// "OSL", "BO 2024" or "i 1912…" are never touched.
fn digits_in_context(text: &str) -> String {
    // A run of digits and confusable letters, possibly split by single
    // `-`, `+` or spaces as identity numbers and phone numbers are written,
    // after the start of the text or a non-letter.
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[^\p{L}])([0-9OoDlISBZG](?:[0-9OoDlISBZG]|[-+ ][0-9OoDlISBZG]){3,})")
            .unwrap()
    });
    RUN.replace_all(text, |caps: &regex::Captures| {
        let lead = &caps[1];
        let m = caps.get(2).unwrap();
        let run = m.as_str();
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let letters = run
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, '-' | '+' | ' '))
            .count();
        let after_letter = text[m.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if digits < 6 || letters == 0 || letters > 2 || after_letter {
            return format!("{lead}{run}");
        }
        let mut chars: Vec<char> = run.chars().collect();
        // Two passes so "19OO" fixes both letters, each from a digit side.
        for _ in 0..2 {
            for i in 0..chars.len() {
                let touches_digit = (i > 0 && chars[i - 1].is_ascii_digit())
                    || chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if touches_digit && let Some(d) = as_digit(chars[i]) {
                    chars[i] = d;
                }
            }
        }
        let fixed: String = chars.into_iter().collect();
        format!("{lead}{fixed}")
    })
    .into_owned()
}

fn as_digit(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' | 'D' => '0',
        'l' | 'I' => '1',
        'S' => '5',
        'B' => '8',
        'Z' => '2',
        'G' => '6',
        _ => return None,
    })
}

/// `@` read as `Q`, `©` or `(a)` inside an e-mail address: a lower-case
/// local part, the stand-in, then a lower-case domain with a dot. An upper-
/// case `Q` between lower-case letters is not Swedish or English spelling.
fn misread_at_sign(text: &str) -> String {
    static MAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([a-z0-9][a-z0-9._%+-]*)(?:Q|©|\(a\)|\(at\))([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6})\b")
            .unwrap()
    });
    MAIL.replace_all(text, "$1@$2").into_owned()
}

/// "AI" read as "Al" (capital A, small L), the usual confusion of I and l
/// in sans-serif type: "Al-verktyg", "med Al". "Al" on its own is no
/// Swedish word.
fn misread_ai(text: &str) -> String {
    static AL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bAl\b([-:,.)]|\s|$)").unwrap());
    AL.replace_all(text, "AI$1").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_misread_as_letters_are_fixed_in_numbers_only() {
        assert_eq!(
            clean("Personnummer: 19780l12-3456"),
            "Personnummer: 19780112-3456"
        );
        assert_eq!(clean("pnr 78O112-3456"), "pnr 780112-3456");
        assert_eq!(clean("Tel 070-l23 45 67"), "Tel 070-123 45 67");
        // Words, abbreviations and short numbers stay as they are.
        assert_eq!(clean("enligt OSL 26 kap"), "enligt OSL 26 kap");
        assert_eq!(clean("BO 2024"), "BO 2024");
        assert_eq!(clean("Sida 1 av 2"), "Sida 1 av 2");
        assert_eq!(clean("bor i 19121212-1212"), "bor i 19121212-1212");
        assert_eq!(clean("| 6111249816 |"), "| 6111249816 |");
        assert_eq!(clean("född 19OO0101"), "född 19000101");
        assert_eq!(clean("Dnr KS 2024/123"), "Dnr KS 2024/123");
    }

    #[test]
    fn at_sign_and_ai_misreadings_are_fixed() {
        assert_eq!(
            clean("E-post: anna.berg©kommun.se och kalleQexempel.nu"),
            "E-post: anna.berg@kommun.se och kalle@exempel.nu"
        );
        assert_eq!(clean("QUALITY Qatar"), "QUALITY Qatar");
        assert_eq!(
            clean("skapad med ett Al-verktyg, Al.\nAlfred Alm"),
            "skapad med ett AI-verktyg, AI.\nAlfred Alm"
        );
    }

    #[test]
    fn hyphenated_words_join_and_lines_stay() {
        assert_eq!(
            clean("kontakt med social-\nsekreteraren i dag\nnästa rad"),
            "kontakt med socialsekreteraren\ni dag\nnästa rad"
        );
        assert_eq!(clean("Nord-\nSverige"), "Nord-\nSverige");
    }

    #[test]
    fn form_feeds_and_trailing_space_go() {
        assert_eq!(clean("rad 1  \n\nrad 2\n\x0c"), "rad 1\n\nrad 2");
    }
}
