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
    static CUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\p{Ll})[-‐­]\n[ \t]*(\p{Ll}+)([,.;:]?)").unwrap());
    CUT.replace_all(text, "$1$2$3\n").into_owned()
}

/// Letters Tesseract reads in place of digits, fixed where digits stand on
/// both sides or where a run is plainly a number: `O`/`o`/`D` → 0, `l`/`I`/
/// `|`/`i` → 1, `S` → 5, `B` → 8, `Z` → 2, `G` → 6. A letter stays a letter
/// unless its neighbours make the run mostly digits, so "OSL" or "BO" in
/// a sentence are never touched.
fn digits_in_context(text: &str) -> String {
    // A run of digits and confusable letters, possibly split by one `-`,
    // `+` or space as identity numbers and dates are written.
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[0-9OoDlI|iSBZG](?:[0-9OoDlI|iSBZG]|[-+ ][0-9OoDlI|iSBZG]){3,}").unwrap()
    });
    RUN.replace_all(text, |caps: &regex::Captures| {
        let run = &caps[0];
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let letters = run
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, '-' | '+' | ' '))
            .count();
        // At least six real digits and at most two stand-ins: an identity
        // number, a date, a phone number with a misread character or two.
        if digits < 6 || letters == 0 || letters > 2 || !word_bounded(text, caps.get(0).unwrap())
        {
            return run.to_owned();
        }
        run.chars()
            .map(|c| match c {
                'O' | 'o' | 'D' => '0',
                'l' | 'I' | '|' | 'i' => '1',
                'S' => '5',
                'B' => '8',
                'Z' => '2',
                'G' => '6',
                other => other,
            })
            .collect()
    })
    .into_owned()
}

/// The run is not part of a longer word (letters right before or after).
fn word_bounded(text: &str, m: regex::Match) -> bool {
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    before.is_none_or(|c| !c.is_alphabetic()) && after.is_none_or(|c| !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_misread_as_letters_are_fixed_in_numbers_only() {
        assert_eq!(clean("Personnummer: 19780l12-3456"), "Personnummer: 19780112-3456");
        assert_eq!(clean("pnr 78O112-3456"), "pnr 780112-3456");
        assert_eq!(clean("Tel 070-l23 45 67"), "Tel 070-123 45 67");
        // Words, abbreviations and short numbers stay as they are.
        assert_eq!(clean("enligt OSL 26 kap"), "enligt OSL 26 kap");
        assert_eq!(clean("BO 2024"), "BO 2024");
        assert_eq!(clean("Sida 1 av 2"), "Sida 1 av 2");
        assert_eq!(clean("Dnr KS 2024/123"), "Dnr KS 2024/123");
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
