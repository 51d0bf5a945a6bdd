//! When a secrecy statement marks the document, and when it only names
//! secrecy (a heading, a quotation, a footnote).

use std::sync::LazyLock;

use regex::Regex;

use super::address::private_address;
use super::reading::Reading;
use crate::classify::Facts;
use crate::extract::PartKind;
use crate::rules::Finding;

/// Whether secrecy statement `f` is a letter's closing line ("Uppgifter
/// om enskilds lån omfattas av sekretess enligt 40 kap. 3 § OSL" under
/// the signature, or in the footer) and the letter goes to a named
/// person or a private address: the letter marks itself.
pub(super) fn closes_a_letter(
    facts: &Facts,
    f: &Finding,
    all: &[Finding],
    reading: &Reading,
) -> bool {
    // A statement that secrecy applies; not a footnote about those who
    // have protected identities.
    if f.kind != "secrecy-marking" {
        return false;
    }
    let closing = f.location.part == PartKind::Footer
        || f.location.part == PartKind::Body
            && crate::classify::text_after(facts.extracted, f)
                .lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .count()
                <= 2;
    closing
        && !reading.generic
        && (reading.addressee
            || all
                .iter()
                .any(|o| o.kind == "address" && private_address(facts, o, all)))
}

/// Whether a secrecy marking is only a word of running text or a heading:
/// quoted ("märks \"SEKRETESS\""), a numbered section's title ("3.
/// SEKRETESS"), or after a preposition or conjunction of an all-caps title
/// ("RIKTLINJE FÖR PERSONUPPGIFTER OCH SEKRETESS", "REGLER OM SEKRETESS"),
/// or named as a text ("märks med texten SEKRETESS"). A marking stands on
/// its own.
pub(super) fn marking_only_named(facts: &Facts, f: &Finding) -> bool {
    let Some(text) = facts.extracted.parts.get(f.part_index).map(|p| &p.text) else {
        return false;
    };
    let start = f.span.0.min(text.len());
    let line_start = crate::classify::line_start(text, start);
    text.get(line_start..start).is_some_and(|before| {
        WORDS_BEFORE_A_MENTION.is_match(before) && !PUTS_UNDER_SECRECY.is_match(before)
    }) || heads_a_section(text, line_start)
        || names_a_topic(&text[line_start..])
}

/// A heading or a programme's item that makes secrecy its topic:
/// "SEKRETESS I VARDAGEN – FEM SITUATIONER", "– Sekretessmarkering och
/// utlämnande". A stamp stands alone or names its paragraph ("SEKRETESS
/// enligt 26 kap. 1 § OSL"), never a place or a second subject.
fn names_a_topic(line: &str) -> bool {
    static TOPIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^\w\n]{0,3}(?:SEKRETESS\w*[ \t]+(?:I|OCH|INOM|VID|FÖR|PÅ|SAMT)[ \t]+\p{Lu}|Sekretess\p{Ll}*[ \t]+(?:och|samt|i|inom|vid)[ \t]+\p{Ll})")
            .unwrap()
    });
    TOPIC.is_match(line)
}

/// A section's heading in ordinary case ("Sekretess", "Sekretess och
/// personuppgifter") over a paragraph of prose: an archive description
/// or a guideline explaining secrecy, not a stamp. A stamp is in capitals
/// or names its paragraph ("Sekretess enligt 26 kap. 1 § OSL").
fn heads_a_section(text: &str, line_start: usize) -> bool {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]*Sekretess(?:[ \t]+(?:och|samt)[ \t]+\p{Ll}[\p{Ll} ]{0,40})?[ \t]*$")
            .unwrap()
    });
    let rest = &text[line_start..];
    let mut lines = rest.lines();
    let heading = lines.next().unwrap_or("");
    let next = lines.find(|l| !l.trim().is_empty()).unwrap_or("");
    HEADING.is_match(heading) && next.trim().chars().count() >= 60
}

/// "OMFATTAS AV SEKRETESS": the "av" of a marking, not of a title.
static PUTS_UNDER_SECRECY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bomfattas[ \t]+av[ \t]*$").unwrap());

static WORDS_BEFORE_A_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:["“”«'‘’(]|\b(?i:om|och|av|för|kring|gällande|angående|samt|eller|till|med|vid|texten|ordet|stämpeln|märkningen|markeringen|rubriken|märkt|märkta|märks|märkas)|^[ \t]*\d+(?:\.\d+)*\.?)[ \t]*$"#).unwrap()
});
