//! Children the words alone do not show, and "children" who are not:
//! pupils named with a class, ages from identity numbers and years of
//! birth at the document's own date, adult students, an old person's son.

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::Regex;

use super::{IDENTITY_KINDS, names_in_body};
use crate::classify::Facts;
use crate::extract::PartKind;
use crate::rules::Finding;

/// A class right after a name ("Noah Lindqvist 6A", "Ella Berg, 8C",
/// "Leo Karlsson i 3C", "Ida Ek (klass 5B)", or in the next column of a
/// table): a pupil, unless the line lists staff ("mentor", "lärare").
static CLASS_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,? |,? i | \(|[ \t]*\t[ \t]*| {2,})(?:klass |åk |årskurs )?(?:[1-9]|F)[A-F]\b")
        .unwrap()
});
static STAFF_ON_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:mentor\w*|lärare\w*|klassföreståndare\w*|pedagog\w*|rektor\w*|personal)\b",
    )
    .unwrap()
});

/// Whether the body names a pupil with their class.
pub(super) fn pupil_named_with_class(facts: &Facts, findings: &[Finding]) -> bool {
    names_in_body(findings).any(|f| {
        CLASS_AFTER_NAME.is_match(crate::classify::text_after(facts.extracted, f))
            && !STAFF_ON_LINE.is_match(crate::classify::finding_line(facts.extracted, f))
    })
}

/// The ages of the people whose identity numbers stand in the body, at
/// the document's own latest date (its ISO dates; the clock only when it
/// has none, so a document's verdict does not age with it).
pub(super) fn ages(facts: &Facts, findings: &[Finding]) -> Vec<u32> {
    let numbers: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            IDENTITY_KINDS.contains(&f.kind.as_str()) && f.location.part != PartKind::Metadata
        })
        .collect();
    // Most documents hold none: their text need not be read for dates.
    if numbers.is_empty() {
        return Vec::new();
    }
    let (year, month, day) = document_date(facts);
    numbers
        .iter()
        .filter_map(|f| {
            let born = birth_year(&f.value, year)?;
            let (born_month, born_day) = birth_day(&f.value)?;
            // Not yet had this year's birthday at the document's date: a
            // year younger (born 2007-09-22, seen 2025-02-04: 17).
            let before_birthday = (month, day) < (born_month, born_day);
            year.checked_sub(born)?
                .checked_sub(u32::from(before_birthday))
        })
        .collect()
}

/// The month and day of birth an identity number holds (a
/// samordningsnummer's day less 60).
fn birth_day(number: &str) -> Option<(u32, u32)> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let md = &digits[digits.len().checked_sub(8)?..digits.len() - 4];
    let month: u32 = md[..2].parse().ok()?;
    let day: u32 = md[2..].parse().ok()?;
    Some((month, if day > 60 { day - 60 } else { day }))
}

/// The document's latest ISO date; without one, the end of the clock's
/// year, so a document's verdict does not age with it within the year.
fn document_date(facts: &Facts) -> (u32, u32, u32) {
    facts
        .body_parts()
        .flat_map(|p| ISO_DATE.captures_iter(&p.text))
        .filter_map(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)))
        .max()
        .unwrap_or_else(|| (current_year(), 12, 31))
}

/// A year of birth right after a name: "Nils Hägg, född 2018", "Ella Ek
/// f. 2017", or the next column of a list ("Maja Berglund   2019").
static BIRTH_YEAR_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,? (?:född|f\.) ?|[ \t]*\t[ \t]*| {2,})((?:19|20)\d{2})(?:\z|[^\d-])").unwrap()
});

/// Whether the body names someone with a year of birth that makes them
/// under 18 at the document's date (a swimming school's list of pupils).
pub(super) fn child_named_with_birth_year(facts: &Facts, findings: &[Finding]) -> bool {
    let latest = OnceCell::new();
    names_in_body(findings).any(|f| {
        BIRTH_YEAR_AFTER_NAME
            .captures(crate::classify::text_after(facts.extracted, f))
            .and_then(|c| c[1].parse::<u32>().ok())
            .is_some_and(|born| {
                let latest = latest.get_or_init(|| document_date(facts)).0;
                born <= latest && latest - born < 18
            })
    })
}

/// A son, a daughter or "her children" of someone whose identity number
/// says they are 65 or older ("Hennes dotter bor i Stockholm" in a decision
/// on home care for an 86-year-old) is an adult, not a child.
pub(super) fn offspring_of_the_old(f: &Finding, ages: &[u32]) -> bool {
    !ages.is_empty() && ages.iter().all(|&age| age >= 65) && OFFSPRING.is_match(&f.value)
}

/// Whether the writer says they are 65 or older ("Jag fyller 84 i mars"):
/// their son or daughter is an adult.
pub(super) fn writer_is_old(facts: &Facts) -> bool {
    facts.body_parts().any(|p| {
        WRITERS_AGE
            .captures_iter(&p.text)
            .filter_map(|c| c[1].parse::<u32>().ok())
            .any(|age| (65..=110).contains(&age))
    })
}

static WRITERS_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bjag (?:fyller|är|blir|har fyllt) (\d{2,3})(?: år)?\b").unwrap()
});

/// A child finding that rests only on a family relation.
pub(super) static OFFSPRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\w+ )?(?:son|dotter|bonusson|bonusdotter|fosterson|fosterdotter|styvson|styvdotter|barn|söner|döttrar|barnbarn|fosterbarn|bonusbarn)$").unwrap()
});

/// A date written 2025-02-21 (its year captured).
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b").unwrap()
});

/// The birth year in an identity number: written out in twelve digits;
/// in ten, the latest year not after `reference` (a `+` adds a century).
pub(super) fn birth_year(number: &str, reference: u32) -> Option<u32> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        12 => digits[..4].parse().ok(),
        10 => {
            let yy: u32 = digits[..2].parse().ok()?;
            let mut year = reference - reference % 100 + yy;
            if year > reference {
                year -= 100;
            }
            if number.contains('+') {
                year -= 100;
            }
            Some(year)
        }
        _ => None,
    }
}

fn current_year() -> u32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    1970 + (days as f64 / 365.2425) as u32
}

/// Adult education: its students ("eleven") are adults.
static ADULT_EDUCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sfi|svenska för invandrare|komvux|vuxenutbildning\w*|yrkesvux)\b")
        .unwrap()
});

/// Whether a child finding is only the word for a student, in a document
/// from adult education.
/// `adult_education` holds the answer for the document once it is known:
/// a long list of pupils reads the text once, not once per "eleven".
pub(super) fn adult_student(facts: &Facts, f: &Finding, adult_education: &OnceCell<bool>) -> bool {
    matches!(f.value.to_lowercase().as_str(), "eleven" | "elevens")
        && *adult_education.get_or_init(|| {
            facts
                .extracted
                .parts
                .iter()
                .any(|p| ADULT_EDUCATION.is_match(&p.text))
        })
}
