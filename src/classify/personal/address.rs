//! Whose an address is: a private person's home, or an organisation's
//! letterhead, a street in a plan, a property designation.

use std::sync::LazyLock;

use regex::Regex;

use super::IDENTITY_KINDS;
use crate::classify::Facts;
use crate::rules::Finding;

/// A street address is a private person's when the text says so (a label
/// or "bor på" nearby raised the finding's confidence), when it is a full
/// postal address (postal code and town follow), or when a name stands
/// on its line or, in an address block of short lines, within two lines.
/// A street named in a plan or a budget is a place, not personal data;
/// a property designation and an organisation's own address are no one's
/// home even under an "Adress:" label.
pub(super) fn private_address(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    let after = crate::classify::text_after(facts.extracted, f);
    let after = &after[..after.floor_char_boundary(after.len().min(60))];
    // "Drottninggatan 12–18": a stretch of street in a plan, not a home;
    // "Tallbacken 2:14": a property designation (fastighetsbeteckning),
    // whatever label stands before it.
    let dash_free = after.trim_start_matches(['–', '-', ':']);
    if dash_free.len() < after.len() && dash_free.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if in_an_organisations_block(facts, f, findings) || after_an_organisations_name(facts, f) {
        return false;
    }
    if f.confidence == crate::rules::Level::High {
        return true;
    }
    if POSTAL_TOWN.is_match(after) {
        return true;
    }
    // An address block is short lines; in running prose ("… längs
    // Storgatan 3 breddas …") a name two lines away is someone else, and
    // so is a name in the paragraph under a table of places.
    let short = |f: &Finding| {
        crate::classify::finding_line(facts.extracted, f)
            .chars()
            .count()
            <= 80
    };
    let reach = if short(f) { 2 } else { 0 };
    findings.iter().any(|o| {
        o.kind == "name"
            && o.part_index == f.part_index
            && o.location
                .line
                .zip(f.location.line)
                .is_some_and(|(a, b)| a == b || a.abs_diff(b) <= reach && short(o))
    })
}

/// A line that names an organisation: its organisation number, a company
/// form, an association, a municipality or a region at its end, or a
/// committee, an office or a unit before a comma or alone at its start
/// ("Överförmyndarnämnden, Storgatan 12, 734 30 Vallby"; not
/// "Byggnadsnämnden beviljar bygglov").
static ORGANISATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i:\borg\.?\s?nr\b|\borganisationsnummer|\bmomsreg)|\b(?:{})\b|(?i:förening(?:en)?|kommun|region|församling(?:en)?|stiftelse(?:n)?)[ \t]*$|^[ \t]*{UNIT_NAME}(?:{UNIT_ENDINGS})[ \t]*(?:,|$)", company_forms())).unwrap()
});

/// The start of a committee's or an office's name up to its last word's
/// ending: "Överförmyndar…", and the paired names "Kultur- och fritids…",
/// "Barn- och utbildnings…".
const UNIT_NAME: &str = r"(?:\p{Lu}[\p{L}]*-[ \t]+(?:och|&)[ \t]+[\p{L}-]*|\p{Lu}[\p{L}-]*)";

/// How the name of a committee, an office or a unit ends.
const UNIT_ENDINGS: &str = "nämnden|förvaltningen|kansliet|kontoret|enheten|styrelsen";

/// The company forms as a regex alternation ("AB|HB|KB|Aktiebolag").
fn company_forms() -> String {
    crate::rules::names::COMPANY_FORMS.join("|")
}

/// An organisation's contact line, however long: its organisation number
/// or its switchboard beside the address ("Räddningstjänsten Ekeryd ·
/// Brandstationsvägen 2, 578 20 Ekeryd · Växel 0980-319 200 · …").
static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\borg\.?\s?nr\b|\borganisationsnummer|\bväxel\b|\bvxl\b").unwrap()
});

/// Whether the address stands in a block of short lines (no blank line
/// between) that names an organisation before it names a person: a
/// letterhead ("NORRVIKS ENTREPRENAD AB / Hamnvägen 40, …"), a signature
/// ("Talvik AI Solutions AB | Org.nr … / Mobil … / Sveavägen 91, …"), a
/// sender ("… KULTURFÖRENING / Industrigatan 9 / Org.nr …"). The address
/// is the organisation's. A name between them ("Lindåsa kommun / Erik
/// Lundgren / Sjövägen 18") makes it that person's, and so does an
/// organisation number that is a personnummer (a sole trader).
fn in_an_organisations_block(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    let (Some(part), Some(no)) = (facts.extracted.parts.get(f.part_index), f.location.line) else {
        return false;
    };
    // The finding's line and its neighbours, read from its offset rather
    // than by splitting the whole part for every address.
    let text = part.text.as_str();
    let start = f.span.0.min(text.len());
    let line_start = crate::classify::line_start(text, start);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    if line.chars().count() > 80 {
        return CONTACT_LINE.is_match(line);
    }
    let on_line = |no: u32, kinds: &[&str]| {
        findings.iter().any(|o| {
            o.part_index == f.part_index
                && o.location.line == Some(no)
                && kinds.contains(&o.kind.as_str())
        })
    };
    let names_organisation =
        |line: &str, no: u32| ORGANISATION_LINE.is_match(line) && !on_line(no, IDENTITY_KINDS);
    let block = |lines: &mut dyn Iterator<Item = (&str, u32)>| {
        for (line, no) in lines {
            if line.trim().is_empty() || on_line(no, &["name", "personnummer", "samordningsnummer"])
            {
                return false;
            }
            if names_organisation(line, no) {
                return true;
            }
        }
        false
    };
    let mut above = text[..line_start].lines().rev().zip((1..no).rev()).take(3);
    let mut below = text[line_end..].lines().skip(1).zip(no + 1..).take(2);
    // A name on the address's own line makes it that person's, whatever
    // the lines around say ("Granitvägen 3, lgh 1102 (hyresgäst Johanna
    // Wikström)" above "Fastighetsägare: Ekebyhem AB").
    let named_on_line = on_line(no, &["name", "personnummer", "samordningsnummer"]);
    names_organisation(line, no) || !named_on_line && (block(&mut above) || block(&mut below))
}

/// An organisation named right before the street, on its line: "Skicka
/// ansökan till Räddningstjänsten Åsbro, Brandstationsvägen 4, …",
/// "… hos Socialförvaltningen, Storgatan 3".
static ORGANISATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:\b{UNIT_NAME}(?i:{UNIT_ENDINGS}|tjänsten|centralen|stationen|mottagningen)|\b(?i:kommun|region)|\b(?:{}))(?:[ \t]+\p{{Lu}}[\p{{L}}-]+){{0,2}}[ \t]*,[ \t]*$", company_forms())).unwrap()
});

fn after_an_organisations_name(facts: &Facts, f: &Finding) -> bool {
    let text = crate::classify::part_text(facts.extracted, f);
    let start = f.span.0.min(text.len());
    let line_start = crate::classify::line_start(text, start);
    ORGANISATION_BEFORE.is_match(&text[line_start..start])
}

/// "…, 123 45 Storstad" right after a street address.
static POSTAL_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*,?[ \t]*(?:\n[ \t]*)?(?:SE-)?\d{3} ?\d{2}[ \t]+[A-ZÅÄÖ][a-zåäöé]+").unwrap()
});
