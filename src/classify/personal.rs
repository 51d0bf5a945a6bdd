//! Personal data, special categories and secrecy.
//!
//! Personal data is what the personal-data rules found. Special categories
//! count only when tied to an identifiable individual (GDPR art. 9 protects
//! people, not words): the document carries an identity number, or a person's
//! name stands near the sensitive word, or the sentence itself is about one
//! person ("hon", "eleven", "sökanden"). A policy listing "hälsa, religion,
//! etnicitet" as categories to protect is therefore not a finding.
//! Secrecy is an explicit OSL marking, or an individual's social-services or
//! health case (OSL 25–26 kap.), which is secret without any marking.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Facts, Lang};
use crate::extract::PartKind;
use crate::mask::mask_identifiers;
use crate::rules::{Category, Finding, RuleSet};

/// What the personal-data classifier decided.
pub struct People {
    pub personal_data: Vec<String>,
    pub special_categories: Vec<String>,
    pub secrecy: bool,
    pub reasons: Vec<String>,
    /// The document carries an identity number.
    pub has_identity_number: bool,
    /// Findings of special categories that did not count (not tied to a
    /// person): left out of the report.
    dropped: BTreeSet<usize>,
}

impl People {
    /// Whether finding `i` was left out (it did not count).
    pub fn dropped(&self, i: usize) -> bool {
        self.dropped.contains(&i)
    }

    /// The findings to report: those that count.
    pub fn kept_findings(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !self.dropped.contains(i))
            .map(|(_, f)| f)
            .collect()
    }
}

const IDENTITY_KINDS: &[&str] = &["personnummer", "samordningsnummer"];

/// A number that is a valid identity number is not also a phone, card or
/// account number: drop those findings where they overlap one. An account
/// after a clearing number is both ("Clearingnr 3300, Kontonr
/// 7702140232": Nordea's personkonto is the personnummer).
pub fn resolve_overlaps(findings: Vec<Finding>) -> Vec<Finding> {
    let ids: Vec<(usize, (usize, usize))> = findings
        .iter()
        .filter(|f| IDENTITY_KINDS.contains(&f.kind.as_str()))
        .map(|f| (f.part_index, f.span))
        .collect();
    if ids.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            IDENTITY_KINDS.contains(&f.kind.as_str())
                || f.category != Category::PersonalData
                || f.kind == "bank-account" && f.value.to_lowercase().contains("clearing")
                || !ids
                    .iter()
                    .any(|&(p, (s, e))| p == f.part_index && f.span.0 < e && s < f.span.1)
        })
        .collect()
}

/// Below this many bytes of text a document is about one matter, and an
/// identity number anywhere in it ties every sensitive word to that person.
/// In longer documents (minutes, annual reports) the number must be near.
const SHORT_DOCUMENT: usize = 12_000;

/// An identity number within 40 lines of the finding, in the same part.
fn identity_near(f: &Finding, findings: &[Finding]) -> bool {
    findings.iter().any(|o| {
        IDENTITY_KINDS.contains(&o.kind.as_str())
            && o.part_index == f.part_index
            && o.location
                .line
                .zip(f.location.line)
                .is_some_and(|(a, b)| a.abs_diff(b) <= 40)
    })
}

/// A street address is a private person's when the text says so (a label
/// or "bor på" nearby raised the finding's confidence), when it is a full
/// postal address (postal code and town follow), or when a name stands
/// on its line or, for a short line (an address block), within two lines.
/// A street named in a plan or a
/// budget is a place, not personal data.
fn private_address(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    if f.confidence == crate::rules::Level::High {
        return true;
    }
    let after = super::text_after(facts.extracted, f);
    let after = &after[..after.floor_char_boundary(after.len().min(60))];
    // "Drottninggatan 12–18": a stretch of street in a plan, not a home;
    // "Tallbacken 2:14": a property designation (fastighetsbeteckning).
    let dash_free = after.trim_start_matches(['–', '-', ':']);
    if dash_free.len() < after.len() && dash_free.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if in_an_organisations_block(facts, f, findings) {
        return false;
    }
    if POSTAL_TOWN.is_match(after) {
        return true;
    }
    // An address block is short lines; in running prose ("… längs
    // Storgatan 3 breddas …") a name two lines away is someone else.
    let line = super::finding_line(facts.extracted, f);
    let reach = if line.chars().count() <= 80 { 2 } else { 0 };
    findings.iter().any(|o| {
        o.kind == "name"
            && o.part_index == f.part_index
            && o.location
                .line
                .zip(f.location.line)
                .is_some_and(|(a, b)| a.abs_diff(b) <= reach)
    })
}

/// A line that names an organisation: its organisation number, a company
/// form, or an association, a municipality or a region at its end.
static ORGANISATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\borg\.?\s?nr\b|\borganisationsnummer|\bmomsreg)|\b(?:AB|HB|KB|Aktiebolag)\b|(?i:förening(?:en)?|kommun|region|församling(?:en)?|stiftelse(?:n)?)[ \t]*$").unwrap()
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
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[line_start..line_end].chars().count() > 80 {
        return false;
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
    names_organisation(&text[line_start..line_end], no) || block(&mut above) || block(&mut below)
}

/// "…, 123 45 Storstad" right after a street address.
static POSTAL_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*,?[ \t]*(?:\n[ \t]*)?(?:SE-)?\d{3} ?\d{2}[ \t]+[A-ZÅÄÖ][a-zåäöé]+").unwrap()
});

/// Words that make a sentence about one person.
static ABOUT_ONE_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hon|han|hen|honom|henne|henom|hans|hennes|hens|eleven|elevens|barnet|barnets|sökande(?:n|ns)?|klienten|klientens|patienten|patientens|brukaren|brukarens|den enskilde|den enskildes|mamma|pappa|modern|fadern|sonen|dottern|vår son|vår dotter|medarbetaren|arbetstagaren|den anställde|vårdnadshavaren|vårdnadshavarna|flickan|pojken|kvinnan|mannen|mamman|pappan|ungdomen|den unge|vårdtagaren|vårdtagarens)\b").unwrap()
});

/// The writer speaking of themselves ("jag är sjukskriven") — unless the
/// sentence is a survey's statement with its results in columns ("Känner
/// mig trygg med hemtjänsten 87 % 89 %"), which is everyone's answer.
static FIRST_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:jag|mig|min|mitt|mina)\b").unwrap());
static SURVEY_RESULTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d ?%[^\n]*\d ?%").unwrap());

/// The reader addressed in a letter to a named person ("Hej Robin, …
/// Eftersom du har försörjningsstöd …").
static SECOND_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:du|dig|din|ditt|dina)\b").unwrap());

/// What a letter tells anyone in the reader's place: a condition ("om du
/// har …") or an offer ("du kan ansöka om …").
static ANYONE_IN_YOUR_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:om|ifall|när|innan|såvida) du\b|\bdu (?:kan|får|bör|skulle kunna|har rätt)\b",
    )
    .unwrap()
});

/// A greeting that names the reader: "Hej Robin,", "Bästa Ingrid!".
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:Hej|Hejsan|Hallå|Bästa|Kära|Käre|Dear|Hi|Hello)[ \t]+(\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]*[,!.]?[ \t]*$").unwrap()
});

/// A sentence that says its person cannot be identified: "uppgifter om en
/// brukares hälsa, men inte namn eller personnummer", "utan att elevens
/// namn fanns med", "avidentifierade", or speaks of "uppgifter om en
/// boende" (some resident).
static DEIDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:utan (?:att )?(?:\w+s )?(?:namn|personnummer)|inte (?:\w+s )?(?:namn|personnummer)|avidentifiera\w*|anonymisera\w*|(?:ej|inte|icke) identifierbar\w*|(?:uppgifter|information) om en (?:\w+ )?(?:boende|brukare|patient|elev|klient|vårdtagare|person|medborgare))\b").unwrap()
});

/// A share or a count of people, not a person: "var tredje sökande",
/// "de flesta brukarna", "hälften av eleverna".
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:var (?:och en av|annan|tredje|fjärde|femte|sjätte|tionde)|varannan|de flesta|hälften av|majoriteten av|andelen|flera|många|ingen|varje)[ \t]+\w+").unwrap()
});

/// OSL's harm test as guidelines quote it: "utan att den enskilde eller
/// någon närstående lider men" (26 kap. 1 §, 25 kap. 1 § …).
static HARM_TEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bden enskilde (?:eller någon (?:honom |henne |hen )?närstående )?(?:lider|kan lida) (?:skada eller )?men\b").unwrap()
});

/// A row of a statistic: a label, a colon and a share ("barnets eget
/// beteende (skolfrånvaro, missbruk): 22 %"), or a label and three or more
/// columns of counts ("Ekonomiskt bistånd, bifall   142   138   151   431").
/// "Barnets" there is every child counted.
static STATISTIC_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m):[ \t]*\d{1,3}(?:[,.]\d+)? ?%[ \t]*(?:\([^)\n]*\))?[ \t]*$|(?:[ \t]{2,}\d{1,3}(?:[ \u{a0}]\d{3})*){3,}[ \t]*$").unwrap()
});

/// One person described without a name: "en flicka, 4 år", "en 14-årig
/// pojke", "kvinna född 1938".
static ONE_PERSON_DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:en|ett) (?:flicka|pojke|kvinna|man|tjej|kille|barn|elev|ungdom|person|patient|brukare|klient),? (?:född \d{4}|\d{1,3} år\b)|\b(?:flicka|pojke|kvinna|man|tjej|kille|ungdom|patient|brukare|klient),? född \d{4}|(?:en|ett) \d{1,3}-årig[at]? (?:flicka|pojke|kvinna|man|tjej|kille|barn|elev|ungdom|person|patient|brukare|klient)\b)").unwrap()
});

/// Words that make a sentence general: a list of categories, a policy.
static GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:t\.ex\.|till exempel|exempelvis|såsom|känsliga personuppgifter|särskilda kategorier|personuppgifter som|uppgifter om (?:hälsa|etnicitet|religion)|får inte|ska inte|bör inte|(?:får|ska|skall|bör|måste) aldrig|i allmänhet|generellt|statistik|andel|antal|procent|%|volym\w*|kostnad\w*|nettokostnad\w*|budget\w*|prognos\w*|underskott\w*|överskott\w*|miljoner kronor|mnkr|tkr|bemanning\w*|interpellation\w*|motion(?:en)?|målgrupp\w*|invånare|befolkning\w*)").unwrap()
});

/// Decide personal data, special categories and secrecy.
pub fn assess(facts: &Facts, findings: &[Finding], rules: &RuleSet) -> People {
    let has_identity_number = findings.iter().any(|f| {
        IDENTITY_KINDS.contains(&f.kind.as_str()) && f.location.part != PartKind::Metadata
    });
    let mut personal: BTreeSet<String> = BTreeSet::new();
    let mut special: BTreeSet<String> = BTreeSet::new();
    let mut dropped = BTreeSet::new();
    let mut marking = false;
    let short = facts.extracted.text_len() < SHORT_DOCUMENT;
    // A short document stamped secret that names someone is about that
    // person: a case file, even without an identity number.
    let secret_case_file = short
        && findings.iter().any(|f| f.rule == "se.secrecy.marking")
        && names_in_body(findings).next().is_some();
    // A short case file that names its subject under a label ("Patient:
    // Ingrid Söderlund", "Elev: …") is about that person throughout.
    let subject_named = short && names_case_subject(facts, findings);
    // The ages of the people identified by number, at the document's date.
    let ages = ages(facts, findings);
    let adult_education = OnceCell::new();
    let old_writer = OnceCell::new();
    // A letter to every guardian of a class: its "eleven", "ditt barn"
    // and "jag" are anyone's.
    let to_all = findings.iter().any(|f| f.rule == "record.letter-to-all");
    let reading = Reading::of(facts, findings, to_all, has_identity_number, rules);
    // A configuration file's or a log's "SEKRETESS" is data (a keyword to
    // block on), not a marking of the file.
    let code = OnceCell::new();
    for (i, f) in findings.iter().enumerate() {
        if reading.sets_aside(f) {
            dropped.insert(i);
            continue;
        }
        let id_near =
            secret_case_file || (has_identity_number && (short || identity_near(f, findings)));
        match f.category {
            Category::PersonalData => {
                if f.kind == "address" && !private_address(facts, f, findings) {
                    dropped.insert(i);
                } else {
                    personal.insert(f.kind.clone());
                }
            }
            Category::SpecialCategory => {
                if f.kind == "child"
                    && (adult_student(facts, f, &adult_education)
                        || offspring_of_the_old(f, &ages)
                        || OFFSPRING.is_match(&f.value)
                            && *old_writer.get_or_init(|| writer_is_old(facts)))
                {
                    dropped.insert(i);
                } else if tied_to_person(
                    facts,
                    f,
                    findings,
                    id_near || subject_named,
                    &reading,
                    rules,
                ) {
                    special.insert(f.kind.clone());
                } else {
                    dropped.insert(i);
                }
            }
            Category::Secrecy => {
                let rule = &rules.rules[f.rule_index];
                if to_all && title_after_a_name(facts, f, findings)
                    || !rule.needs_person
                        && (marking_only_named(facts, f)
                            || *code.get_or_init(|| super::record::looks_like_code(facts)))
                {
                    dropped.insert(i);
                } else if !rule.needs_person
                    || subject_named
                    || tied_to_person(facts, f, findings, has_identity_number, &reading, rules)
                    || closes_a_letter(facts, f, findings, &reading)
                {
                    marking = true;
                } else {
                    dropped.insert(i);
                }
            }
            _ => {}
        }
    }
    // An individual's social-services case is secret without any marking
    // (OSL 26 kap. 1 §); health and school-welfare cases are caught by the
    // case-type rules.
    // Only a social-care case needs the (whole-text) look for a person
    // described without a name.
    let case_secret = special.contains("social-care")
        && (has_identity_number
            || personal.contains("name")
            || facts
                .extracted
                .parts
                .iter()
                .any(|p| ONE_PERSON_DESCRIBED.is_match(&p.text)));
    let secrecy = marking || case_secret;
    let mut reasons = reasons(facts.lang, findings, &dropped, rules, marking, case_secret);
    // A child the rules' words did not show: a pupil named with a class, or
    // an identity number of someone under 18.
    let child_reason = if special.contains("child") {
        None
    } else if pupil_named_with_class(facts, findings) {
        Some((
            "en elev nämns med namn och klass",
            "a pupil is named with their class",
        ))
    } else if child_named_with_birth_year(facts, findings) {
        Some((
            "ett barn nämns med namn och födelseår",
            "a child is named with their year of birth",
        ))
    } else if ages.iter().any(|&age| age < 18) {
        Some((
            "ett personnummer i handlingen visar att personen är under 18 år",
            "an identity number in the document shows the person is under 18",
        ))
    } else {
        None
    };
    if let Some((sv, en)) = child_reason {
        special.insert("child".to_owned());
        let why = facts.lang.pick(sv, en);
        let legal = facts
            .lang
            .pick("GDPR skäl 38; OSL 23 kap.", "GDPR recital 38; OSL 23 kap.");
        reasons.push(format!("child: {why} ({legal})"));
    }
    People {
        personal_data: personal.into_iter().collect(),
        special_categories: special.into_iter().collect(),
        secrecy,
        reasons,
        has_identity_number,
        dropped,
    }
}

/// Whether finding `f` is the job title after a name ("Annika Ruotsalainen,
/// skolsköterska"; "Eva Ek (kurator)"). In a letter to all guardians it
/// says who signs, not whose case the letter is; a letter *to* the school
/// nurse about one child is that child's case.
fn title_after_a_name(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    let Some(part) = facts.extracted.parts.get(f.part_index) else {
        return false;
    };
    findings.iter().any(|name| {
        name.kind == "name"
            && name.part_index == f.part_index
            && name.span.1 <= f.span.0
            && part
                .text
                .get(name.span.1..f.span.0)
                .is_some_and(|between| matches!(between.trim(), "," | "(" | "–" | "-"))
    })
}

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
fn pupil_named_with_class(facts: &Facts, findings: &[Finding]) -> bool {
    names_in_body(findings).any(|f| {
        CLASS_AFTER_NAME.is_match(super::text_after(facts.extracted, f))
            && !STAFF_ON_LINE.is_match(super::finding_line(facts.extracted, f))
    })
}

/// The name findings of the body (not of the metadata: an author is no
/// one the text speaks of).
fn names_in_body(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings
        .iter()
        .filter(|f| f.kind == "name" && f.location.part != PartKind::Metadata)
}

/// The ages of the people whose identity numbers stand in the body, at
/// the document's own latest date (its ISO dates; the clock only when it
/// has none, so a document's verdict does not age with it).
fn ages(facts: &Facts, findings: &[Finding]) -> Vec<u32> {
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
    let latest = document_year(facts);
    numbers
        .iter()
        .filter_map(|f| birth_year(&f.value, latest))
        .filter(|&born| born <= latest)
        .map(|born| latest - born)
        .collect()
}

/// The year of the document's latest ISO date; the clock's only when it
/// has none, so a document's verdict does not age with it.
fn document_year(facts: &Facts) -> u32 {
    facts
        .body_parts()
        .flat_map(|p| ISO_DATE.captures_iter(&p.text))
        .filter_map(|c| c[1].parse::<u32>().ok())
        .max()
        .unwrap_or_else(current_year)
}

/// A year of birth right after a name: "Nils Hägg, född 2018", "Ella Ek
/// f. 2017", or the next column of a list ("Maja Berglund   2019").
static BIRTH_YEAR_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,? (?:född|f\.) ?|[ \t]*\t[ \t]*| {2,})((?:19|20)\d{2})(?:\z|[^\d-])").unwrap()
});

/// Whether the body names someone with a year of birth that makes them
/// under 18 at the document's date (a swimming school's list of pupils).
fn child_named_with_birth_year(facts: &Facts, findings: &[Finding]) -> bool {
    let latest = OnceCell::new();
    names_in_body(findings).any(|f| {
        BIRTH_YEAR_AFTER_NAME
            .captures(super::text_after(facts.extracted, f))
            .and_then(|c| c[1].parse::<u32>().ok())
            .is_some_and(|born| {
                let latest = *latest.get_or_init(|| document_year(facts));
                born <= latest && latest - born < 18
            })
    })
}

/// A son, a daughter or "her children" of someone whose identity number
/// says they are 65 or older ("Hennes dotter bor i Stockholm" in a decision
/// on home care for an 86-year-old) is an adult, not a child.
fn offspring_of_the_old(f: &Finding, ages: &[u32]) -> bool {
    !ages.is_empty() && ages.iter().all(|&age| age >= 65) && OFFSPRING.is_match(&f.value)
}

/// Whether the writer says they are 65 or older ("Jag fyller 84 i mars"):
/// their son or daughter is an adult.
fn writer_is_old(facts: &Facts) -> bool {
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
static OFFSPRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\w+ )?(?:son|dotter|bonusson|bonusdotter|fosterson|fosterdotter|styvson|styvdotter|barn|söner|döttrar|barnbarn|fosterbarn|bonusbarn)$").unwrap()
});

/// A date written 2025-02-21 (its year captured).
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b").unwrap()
});

/// The birth year in an identity number: written out in twelve digits;
/// in ten, the latest year not after `reference` (a `+` adds a century).
fn birth_year(number: &str, reference: u32) -> Option<u32> {
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

/// Whether the document says, in its file name or its first lines, that
/// its people and events are made up.
fn is_fictional(facts: &Facts) -> bool {
    facts.says_up_front(&FICTIONAL, 5)
}

/// Whether the document's file name or opening lines say it is about an
/// employee: a rehabilitation plan or meeting, an employment contract, a
/// staff appraisal.
fn is_about_an_employee(facts: &Facts) -> bool {
    facts.says_up_front(&EMPLOYEES_PAPERS, 3)
}

static EMPLOYEES_PAPERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rehabiliteringsplan\w*|rehabiliteringsmöte\w*|avstämningsmöte\w*|plan för återgång i arbete|anställningsbevis\w*|anställningsavtal\w*|medarbetarsamtal\w*|lönesamtal\w*|arbetsskadeanmälan|tjänstgöringsintyg\w*)\b").unwrap()
});

static FICTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fiktiv[at]?|påhittade?|påhittat|övningsfall(?:et)?|övningsexempel)\b")
        .unwrap()
});

/// A form to fill in: at least three lines with a blank to write on (a run
/// of underscores or dots) or an empty tick box.
fn is_blank_form(facts: &Facts) -> bool {
    let (blank, filled) = facts.form_lines();
    blank + filled >= 3
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
fn adult_student(facts: &Facts, f: &Finding, adult_education: &OnceCell<bool>) -> bool {
    matches!(f.value.to_lowercase().as_str(), "eleven" | "elevens")
        && *adult_education.get_or_init(|| {
            facts
                .extracted
                .parts
                .iter()
                .any(|p| ADULT_EDUCATION.is_match(&p.text))
        })
}

/// Labels under which a case file names the person it is about.
static CASE_SUBJECT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*(?:patient(?:en)?|patientens namn|elev(?:en)?|elevens namn|klient(?:en)?|brukare(?:n)?|den enskilde|barnets namn|barn(?:et)?|vårdtagare(?:n)?|boende|sökande(?:n)?|den unge|huvudman(?:nen)?|(?:den )?tilltalade?|medarbetare(?:n)?|arbetstagare(?:n)?)[ \t]*:").unwrap()
});

/// A mail header addressed to the social services.
static TO_SOCIAL_SERVICES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*(?:till|to)[ \t]*:[^\n]{0,60}?(?:social(?:tjänst|tjanst|förvaltning|forvaltning|kontor|sekreterare)|försörjningsstöd|forsorjningsstod)").unwrap()
});

/// A mail header's sender label.
static SENDER_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ \t]*(?:från|from|avsändare)[ \t]*:").unwrap());

/// Whether a name in the body stands under a case file's subject label, or
/// is the sender of a mail to the social services (who writes about their
/// own situation: their case).
fn names_case_subject(facts: &Facts, findings: &[Finding]) -> bool {
    let to_social_services = || {
        facts
            .extracted
            .parts
            .iter()
            .any(|p| TO_SOCIAL_SERVICES.is_match(&p.text))
    };
    findings.iter().any(|f| {
        if f.kind != "name" || f.location.part == PartKind::Metadata {
            return false;
        }
        let line = super::finding_line(facts.extracted, f);
        CASE_SUBJECT_LABEL.is_match(line) || SENDER_LABEL.is_match(line) && to_social_services()
    })
}

/// How a document's sentences can point at a person, from the document as
/// a whole.
struct Reading {
    /// A letter to every guardian, a newsletter, a plan or a guideline:
    /// its "eleven", "barnet", "hon" and "jag" are anyone; only a name
    /// points at someone.
    generic: bool,
    /// A blank form that names no one ("Barnets namn: ______", "[ ]
    /// Missbruk hos vårdnadshavare"), or course material that says its
    /// case is made up ("övningsfall, FIKTIVT"): about no one.
    about_no_one: bool,
    /// An employee's rehabilitation or employment papers: they name the
    /// employee's workplace in care ("möte på Hemtjänst Norra",
    /// "arbetsträning på dagverksamheten"), no one's social-care measure.
    employees_papers: bool,
    /// The names written with a party ("Elin Fors (V)"): elected
    /// representatives, who ask, propose and debate in their role.
    representatives: Vec<String>,
    /// A letter that greets its reader by name: its "du" is that person.
    addressee: bool,
}

impl Reading {
    fn of(
        facts: &Facts,
        findings: &[Finding],
        to_all: bool,
        has_id: bool,
        rules: &RuleSet,
    ) -> Reading {
        let representatives = names_in_body(findings)
            .filter(|f| PARTY_AFTER_NAME.is_match(super::text_after(facts.extracted, f)))
            .map(|f| f.value.clone())
            .collect();
        // A newsletter or an advert speaks to everyone, unless it holds
        // someone's identity number (an application answering an advert).
        let mass_mailing = !has_id && findings.iter().any(|f| f.kind == "mass-mailing");
        let names_someone = names_in_body(findings).next().is_some();
        Reading {
            generic: to_all || mass_mailing || is_guidance(facts),
            about_no_one: !has_id && !names_someone && is_blank_form(facts) || is_fictional(facts),
            employees_papers: is_about_an_employee(facts),
            representatives,
            addressee: greets_by_name(facts, rules),
        }
    }

    /// Whether finding `f` says nothing of anyone in this document.
    fn sets_aside(&self, f: &Finding) -> bool {
        self.about_no_one && matches!(f.category, Category::SpecialCategory | Category::Secrecy)
            || self.employees_papers && f.kind == "social-care"
    }

    /// Whether `sentence` tells of a political act by a representative it
    /// names ("Elin Fors har ställt tre frågor om väntetider till
    /// hemtjänst"): its subject is the matter, not the member.
    fn acts_in_role(&self, sentence: &str) -> bool {
        !self.representatives.is_empty()
            && POLITICAL_ACT.is_match(sentence)
            && self
                .representatives
                .iter()
                .any(|n| sentence.contains(n.as_str()))
    }

    /// `sentence` without the names of the representatives acting in it.
    fn without_representatives(&self, sentence: &str) -> String {
        (self.representatives.iter()).fold(sentence.to_owned(), |s, n| s.replace(n.as_str(), ""))
    }
}

/// Whether secrecy statement `f` is a letter's closing line ("Uppgifter
/// om enskilds lån omfattas av sekretess enligt 40 kap. 3 § OSL" under
/// the signature, or in the footer) and the letter goes to a named
/// person or a private address: the letter marks itself.
fn closes_a_letter(facts: &Facts, f: &Finding, all: &[Finding], reading: &Reading) -> bool {
    // A statement that secrecy applies; not a footnote about those who
    // have protected identities.
    if f.kind != "secrecy-marking" {
        return false;
    }
    let closing = f.location.part == PartKind::Footer
        || f.location.part == PartKind::Body
            && super::text_after(facts.extracted, f)
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

/// Whether the body greets its reader by a given name near its top
/// ("Hej Robin,"): a letter to that person.
fn greets_by_name(facts: &Facts, rules: &RuleSet) -> bool {
    facts
        .extracted
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::Body)
        .any(|p| {
            let top = p
                .text
                .match_indices('\n')
                .nth(24)
                .map_or(p.text.len(), |(i, _)| i);
            GREETING
                .captures_iter(&p.text[..top])
                .any(|c| rules.is_given_name(&c[1]))
        })
}

/// Whether a secrecy marking is only a word of running text or a heading:
/// quoted ("märks \"SEKRETESS\""), a numbered section's title ("3.
/// SEKRETESS"), or after a preposition or conjunction of an all-caps title
/// ("RIKTLINJE FÖR PERSONUPPGIFTER OCH SEKRETESS", "REGLER OM SEKRETESS").
/// A marking stands on its own.
fn marking_only_named(facts: &Facts, f: &Finding) -> bool {
    let Some(text) = facts.extracted.parts.get(f.part_index).map(|p| &p.text) else {
        return false;
    };
    let start = f.span.0.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    text.get(line_start..start)
        .is_some_and(|before| WORDS_BEFORE_A_MENTION.is_match(before))
}

static WORDS_BEFORE_A_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:["“”«'‘’(]|\b(?i:om|och|av|för|kring|gällande|angående|samt|eller|till|med|vid)|^[ \t]*\d+(?:\.\d+)*\.?)[ \t]*$"#).unwrap()
});

/// A party designation right after a name: "Elin Fors (V)", "Ali Demir
/// (SD)".
static PARTY_AFTER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ?\((?:[A-ZÅÄÖ]{1,3}|[A-ZÅÄÖ][a-zåäö]{1,2})\)").unwrap());

/// A political act: a question, a motion, a proposal, a debate.
static POLITICAL_ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:interpellation\w*|motion\w*|medborgarförslag\w*|fråga|frågan|frågor(?:na)?|frågeställ\w*|yrkande\w*|yrkar|yrkade|anför|anförde|replik\w*|debatt\w*|reservation\w*|reserverar)\b").unwrap()
});

/// A plan, guideline, policy, routine, brochure, procurement or yearly
/// report, by its file name or title: it speaks of pupils, patients and
/// clients in general ("ge eleven stöd", "utom när det kan skada barnet",
/// "Patienten fick ingen bestående skada").
fn is_guidance(facts: &Facts) -> bool {
    facts.says_up_front(&GUIDANCE_TITLE, 1)
}

static GUIDANCE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:riktlinje[rn]?|riktlinjer(?:na)?|policy|policyn|rutin(?:en|er|erna)?|rutinbeskrivning\w*|handbok\w*|vägledning\w*|styrdokument\w*|likabehandlingsplan\w*|elevhälsoplan\w*|plan mot|plan för (?:arbetet|hantering|elevhälsa|likabehandling)|krisplan\w*|verksamhetsplan\w*|broschyr\w*|informationsblad\w*|förfrågningsunderlag\w*|upphandlingsdokument\w*|kravspecifikation\w*|patientsäkerhetsberättelse\w*|kvalitetsberättelse\w*|verksamhetsberättelse\w*|årsredovisning\w*)\b").unwrap()
});

/// Whether a special-category finding concerns an identifiable individual.
/// Judged on the sentence, not the line: extracted text wraps anywhere.
fn tied_to_person(
    facts: &Facts,
    f: &Finding,
    all: &[Finding],
    has_id: bool,
    reading: &Reading,
    rules: &RuleSet,
) -> bool {
    let whole_sentence = sentence_around(facts, f);
    let in_role = reading.acts_in_role(whole_sentence);
    let people = if in_role {
        Cow::Owned(reading.without_representatives(whole_sentence))
    } else {
        Cow::Borrowed(whole_sentence)
    };
    let sentence: &str = &people;
    // The law's harm test speaks of anyone: its "den enskilde" is no one;
    // nor is "var tredje sökande" of a statistic.
    let own_words = HARM_TEST.replace_all(sentence, "");
    let own_words = COUNTED.replace_all(&own_words, "");
    let pointed_at = !reading.generic
        && !STATISTIC_ROW.is_match(sentence)
        && (ABOUT_ONE_PERSON.is_match(&own_words)
            || FIRST_PERSON.is_match(sentence) && !SURVEY_RESULTS.is_match(sentence)
            || ONE_PERSON_DESCRIBED.is_match(sentence)
            || reading.addressee
                && SECOND_PERSON.is_match(sentence)
                && !ANYONE_IN_YOUR_PLACE.is_match(sentence));
    let about_someone = pointed_at || names_someone(sentence, rules);
    // A general sentence ("ökade volymer inom hemtjänsten", "uppgifter som
    // omfattas av sekretess, till exempel …") stays general, even in a
    // document that identifies someone elsewhere — unless the sentence
    // itself points at a person.
    if GENERAL.is_match(sentence) && !about_someone {
        return false;
    }
    // A name in the same sentence ties it; a name two lines up in a
    // header ("Senast ändrad av …") does not.
    let (from, to) = sentence_range(facts, f);
    let acting = |o: &Finding| in_role && reading.representatives.contains(&o.value);
    let named = |from: usize, to: usize| {
        all.iter().any(|o| {
            o.kind == "name"
                && o.part_index == f.part_index
                && o.span.0 >= from
                && o.span.1 <= to
                && !acting(o)
        })
    };
    // "Uppgifter om en brukares hälsa, men inte namn": no one to tie to.
    if DEIDENTIFIED.is_match(sentence) && !named(from, to) {
        return false;
    }
    if has_id {
        return true;
    }
    // Notes go on about the person the last sentence named ("Samirs mamma
    // ringde. BUP har börjat ADHD-utredning.").
    let named_before = previous_sentence(facts, f, from)
        .is_some_and(|(text, s, e)| named(s, e) || names_someone(&text[s..e], rules));
    named(from, to) || about_someone || named_before
}

/// The sentence before the one starting at `from` in `f`'s part, when it
/// ends a sentence and no blank line parts them: (part text, start, end).
fn previous_sentence<'a>(
    facts: &'a Facts,
    f: &Finding,
    from: usize,
) -> Option<(&'a str, usize, usize)> {
    let text = facts.extracted.parts.get(f.part_index)?.text.as_str();
    let end = text[..from].trim_end().len();
    if !text[..end].ends_with(['.', '!', '?']) || text[end..from].contains("\n\n") {
        return None;
    }
    Some((text, sentence_start(text, end - 1), end))
}

/// A capitalised given name inside the sentence: "… har Kristofer diabetes".
/// At the start, where any word is capitalised, only a name followed by a
/// word in lower case counts ("Elias går i årskurs 2"), not a heading.
fn names_someone(sentence: &str, rules: &RuleSet) -> bool {
    let mut words = sentence
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .filter(|w| !w.is_empty())
        .peekable();
    // A given name, or its genitive ("Samirs mamma").
    let given = |w: &str| {
        rules.is_given_name(w) || w.strip_suffix('s').is_some_and(|w| rules.is_given_name(w))
    };
    let first_is_name = match (words.next(), words.peek()) {
        (Some(first), Some(next)) => given(first) && next.starts_with(|c: char| c.is_lowercase()),
        _ => false,
    };
    first_is_name || words.any(given)
}

/// The sentence holding a finding.
fn sentence_around<'a>(facts: &'a Facts, f: &Finding) -> &'a str {
    let (from, to) = sentence_range(facts, f);
    facts
        .extracted
        .parts
        .get(f.part_index)
        .map_or("", |p| &p.text[from..to])
}

/// A line that starts with a capital letter starts a new sentence or a
/// heading; wrapped sentences go on in lower case. Offset of the last such
/// line start in `s`.
fn line_start_of_capital(s: &str) -> Option<usize> {
    s.rmatch_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| s[i..].chars().next().is_some_and(char::is_uppercase))
}

/// Offset of the first newline in `s` after which a capitalised line starts.
fn first_capital_line(s: &str) -> Option<usize> {
    s.match_indices('\n')
        .map(|(i, _)| i)
        .find(|&i| s[i + 1..].chars().next().is_some_and(char::is_uppercase))
}

/// Byte range of the sentence holding a finding: back to the previous
/// sentence end or blank line, forward to the next, at most 300 bytes
/// either way.
fn sentence_range(facts: &Facts, f: &Finding) -> (usize, usize) {
    let Some(part) = facts.extracted.parts.get(f.part_index) else {
        return (0, 0);
    };
    let text = part.text.as_str();
    let (start, end) = (f.span.0.min(text.len()), f.span.1.min(text.len()));
    (sentence_start(text, start), sentence_end(text, end))
}

/// What ends a sentence: a blank line, or a stop and a blank.
const SENTENCE_ENDS: [&str; 7] = ["\n\n", ". ", "! ", "? ", ".\n", "?\n", "!\n"];

/// What begins a list item: a line opening with a bullet.
const LIST_ITEMS: [&str; 4] = ["\n• ", "\n- ", "\n– ", "\n* "];

/// Where the sentence holding byte `at` begins (at most 300 bytes back).
fn sentence_start(text: &str, at: usize) -> usize {
    let lo = text.floor_char_boundary(at.saturating_sub(300));
    let before = &text[lo..at];
    // A line ending in a colon leads in to what follows it.
    (SENTENCE_ENDS.iter().chain(&[":\n"]).chain(&LIST_ITEMS))
        .filter_map(|d| before.rfind(d).map(|i| lo + i + d.len()))
        .chain(line_start_of_capital(before).map(|i| lo + i))
        .max()
        .unwrap_or(lo)
}

/// Where the sentence holding the text up to `at` ends (at most 300 bytes
/// on).
fn sentence_end(text: &str, at: usize) -> usize {
    let hi = text.ceil_char_boundary((at + 300).min(text.len()));
    let after = &text[at..hi];
    // A list item ends at the next item's bullet.
    (SENTENCE_ENDS.iter().chain(&LIST_ITEMS))
        .filter_map(|d| after.find(d).map(|i| at + i + 1))
        .chain(first_capital_line(after).map(|i| at + i))
        .min()
        .unwrap_or(hi)
}

/// One reason per kind found, with the rule's legal reference.
fn reasons(
    lang: Lang,
    findings: &[Finding],
    dropped: &BTreeSet<usize>,
    rules: &RuleSet,
    marking: bool,
    case_secret: bool,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if dropped.contains(&i)
            || !matches!(
                f.category,
                Category::PersonalData | Category::SpecialCategory | Category::Secrecy
            )
            || !seen.insert(f.kind.clone())
        {
            continue;
        }
        let rule = &rules.rules[f.rule_index];
        let text = match (lang, &rule.reason_en) {
            (Lang::En, Some(en)) => en.as_str(),
            _ => rule.reason.as_str(),
        };
        let count = findings
            .iter()
            .enumerate()
            .filter(|(j, g)| g.kind == f.kind && !dropped.contains(j))
            .count();
        let legal = rule
            .legal
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        // Text read by OCR may hold misreadings: say so, so a reviewer
        // checks the page before acting on it.
        let ocr_only = findings
            .iter()
            .enumerate()
            .filter(|(j, g)| g.kind == f.kind && !dropped.contains(j))
            .all(|(_, g)| g.location.part == crate::extract::PartKind::Ocr);
        let ocr = if ocr_only {
            lang.pick(
                " — i OCR-läst text, kan innehålla läsfel",
                " — in OCR-read text, may hold misreadings",
            )
        } else {
            ""
        };
        out.push(
            mask_identifiers(&format!("{}: {text}{legal}{ocr} [{count}]", f.kind)).into_owned(),
        );
    }
    if case_secret && !marking {
        out.push(
            lang.pick(
                "secrecy: uppgifter om en enskilds socialtjänst- eller vårdärende omfattas av sekretess även utan markering (OSL 25 kap. 1 §, 26 kap. 1 §)",
                "secrecy: an individual's social-services or health case is secret without any marking (OSL 25 kap. 1 §, 26 kap. 1 §)",
            )
            .to_owned(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::classify::tests::verdict_of;

    /// The special categories of a plain-text document.
    fn special_of(text: &str) -> Vec<String> {
        verdict_of(text).special_categories
    }

    #[test]
    fn a_pupil_named_with_their_class_is_a_child_a_mentor_is_not() {
        let notes = "Noah Lindqvist 6A - anteckningar efter samtal\n\n- varit tyst\n";
        assert_eq!(special_of(notes), ["child"]);
        let mail = "Hej Mats,\n\nLeo Karlsson i 3C åker taxi från och med måndag.\n";
        assert_eq!(special_of(mail), ["child"]);
        let listed = "Ida Ek (klass 5B) har anmält sig till kören.\n";
        assert_eq!(special_of(listed), ["child"]);
        let staff = "Mentor: Anna Berglund 6A\n\nMöte om schemat.\n";
        assert!(special_of(staff).is_empty(), "{:?}", special_of(staff));
    }

    #[test]
    fn pupils_listed_with_their_class_in_a_column_are_children() {
        let list = "Antagna elever\n\n  Lova Andersson           4B   Tallbackaskolan\n\
                    \tIbrahim Said\t5A\tNorrbackaskolan\n";
        assert_eq!(special_of(list), ["child"]);
        let staff = "Lärare          Klass\nAnna Berglund   6A   mentor\n";
        assert!(special_of(staff).is_empty(), "{:?}", special_of(staff));
    }

    #[test]
    fn a_name_with_a_recent_year_of_birth_is_a_child_an_old_one_is_not() {
        let list = "Simskola 2025-06-13\n\nNamn               Född\nNils Hägg          2018\n";
        assert_eq!(special_of(list), ["child"]);
        let born = "Anmälan 2025-06-13: Nils Hägg, född 2019, vill börja i gruppen.\n";
        assert_eq!(special_of(born), ["child"]);
        let adult = "Sammanställt 2025-06-13\n\nNils Hägg          1958\n";
        assert!(special_of(adult).is_empty(), "{:?}", special_of(adult));
        let signed = "Nils Hägg   2019-05-12\n";
        assert!(special_of(signed).is_empty(), "a date is no year of birth");
    }

    #[test]
    fn a_plan_speaks_of_pupils_in_general_unless_it_names_one() {
        let plan = "Elevhälsoplan 2025–2027\n\nElevhälsan ger eleven stöd när det behövs. \
                    Vårdnadshavaren informeras om en orosanmälan, utom när det kan skada barnet.\n";
        let v = verdict_of(plan);
        assert!(
            v.special_categories.is_empty(),
            "{:?}",
            v.special_categories
        );
        assert!(!v.secrecy);
        let named = "Handlingsplan för elevhälsan\n\nKalle Ek i 4B har fått en ADHD-diagnos.\n";
        assert!(special_of(named).contains(&"health".to_owned()));
    }

    #[test]
    fn a_representative_asking_about_home_care_is_not_its_client() {
        let answer = "Svar på interpellation från Elin Fors (V) om väntetider till hemtjänst\n\n\
                      Elin Fors har ställt tre frågor om hur lång tid det tar innan en beviljad \
                      hemtjänstinsats kommer i gång.\n";
        assert!(special_of(answer).is_empty(), "{:?}", special_of(answer));
        let resigned = "§ 12 Entledigande\n\nKerstin Ahlgren (MP) har av hälsoskäl begärt att \
                        bli entledigad från sitt uppdrag.\n";
        assert_eq!(special_of(resigned), ["health"]);
    }

    #[test]
    fn secrecy_named_in_a_heading_or_quoted_is_no_marking() {
        for text in [
            "RIKTLINJE FÖR HANTERING AV PERSONUPPGIFTER OCH SEKRETESS\n\nGäller alla.\n",
            "3. SEKRETESS\n\nHär beskrivs lagen.\n",
            "Handlingen märks med \"SEKRETESS\" och lagrum på första sidan.\n",
        ] {
            assert!(!verdict_of(text).secrecy, "{text}");
        }
        let config = "[publicering]\nrequire_approval = true\napprover_group = WEBB\n\n[privacy]\n\
                      block_on_personnummer = true\nblock_on_keywords = sekretess,SEKRETESS\n\
                      quarantine_dir = /srv/karantan\n";
        assert!(!verdict_of(config).secrecy, "a configuration's keyword");
        for text in [
            "SEKRETESS\n\nAnteckning.\n",
            "Dnr SN 2025/118   SEKRETESS\n\nUtredning.\n",
        ] {
            assert!(verdict_of(text).secrecy, "{text}");
        }
    }

    #[test]
    fn a_made_up_case_in_course_material_is_about_no_one() {
        let case = "Kursmaterial modul 3 – övningsfall, FIKTIVT\n\nBAKGRUND\nKalle är 9 år. \
                    Skolan skickar en orosanmälan: Kalle har kommit till skolan hungrig. \
                    Mamma Lisa har en bipolär sjukdom.\n";
        let v = verdict_of(case);
        assert!(
            v.special_categories.is_empty(),
            "{:?}",
            v.special_categories
        );
        assert!(!v.secrecy);
        let real = "Orosanmälan\n\nKalle är 9 år. Skolan skickar en orosanmälan: Kalle har \
                    kommit till skolan hungrig.\n";
        assert!(!special_of(real).is_empty());
    }

    #[test]
    fn the_daughter_of_a_writer_who_says_they_are_old_is_no_child() {
        let old = "Jag fyller 84 i mars och har KOL. Min dotter har ringt er två gånger.\n";
        assert_eq!(special_of(old), ["health"]);
        let young = "Jag fyller 34 i mars. Min dotter har ringt er två gånger.\n";
        assert_eq!(special_of(young), ["child"]);
    }

    #[test]
    fn an_employees_workplace_in_care_is_no_social_care_measure() {
        let plan = "Rehabiliteringsplan\n\nMedarbetare: Jonas Lindqvist, 800312-4471\n\
                    Upprättad vid möte på Hemtjänst Norra. Jonas är sjukskriven sedan januari.\n";
        assert_eq!(special_of(plan), ["health"]);
        let decision = "Beslut\n\nJonas Lindqvist, 800312-4471, beviljas hemtjänst två gånger \
                        i veckan. Han är sjukskriven sedan januari.\n";
        assert_eq!(special_of(decision), ["health", "social-care"]);
    }

    #[test]
    fn a_survey_statement_with_its_results_is_no_ones_answer() {
        let row = "Fråga  2023  2024\nKänner mig trygg med hemtjänsten  87 %  89 %\n";
        assert!(special_of(row).is_empty(), "{:?}", special_of(row));
        let own = "Jag har haft hemtjänst sedan mars och är nöjd till 90 %.\n";
        assert_eq!(special_of(own), ["social-care"]);
    }

    #[test]
    fn in_a_letter_to_all_guardians_only_a_name_points_at_a_child() {
        let letter = "Hej alla vårdnadshavare i 4B!\n\nOm ditt barn har någon allergi \
            eller behöver medicin under dagen, meddela mig. Eleven får äta egen mat.\n";
        assert!(special_of(letter).is_empty(), "{:?}", special_of(letter));
        let one = "Hej Sara!\n\nOm ditt barn har någon allergi eller behöver medicin \
            under dagen, meddela mig.\n";
        assert!(special_of(one).contains(&"health".to_owned()));
        let named = letter.replace("Eleven får", "Noah Lindqvist har diabetes och får");
        assert!(special_of(&named).contains(&"health".to_owned()));
    }

    #[test]
    fn the_school_nurse_signing_a_letter_to_all_guardians_is_no_case() {
        let letter = "Till vårdnadshavare till elever i årskurs 5\n\nHej!\n\n\
            Nu erbjuds vaccination mot HPV. Svara senast 3 april.\n\n\
            Vänliga hälsningar\nAnnika Ruotsalainen, skolsköterska\n";
        assert!(!verdict_of(letter).secrecy);
        let to_the_nurse = "Till: Kristina Ekholm (skolsköterska)\n\nHej Kristina!\n\n\
            Min son Oliver Bergström har autism och äter inte i matsalen.\n\nMvh\nPetri Mäki\n";
        assert!(verdict_of(to_the_nurse).secrecy);
    }

    #[test]
    fn a_parent_writing_about_a_named_child_ties_the_child_and_health() {
        let letter = "Jag vill överklaga beslutet om skolplacering för min son.\n\
            Elias går i årskurs 2 och har en diagnos inom autismspektrumet, och \
            läkaren har skrivit att ett byte av skola är påfrestande för honom.\n";
        let v = verdict_of(letter);
        assert_eq!(v.special_categories, ["child", "health"]);
    }

    #[test]
    fn notes_go_on_about_the_person_the_last_sentence_named() {
        let notes = "v.41\n- Samirs mamma ringde. BUP har börjat en utredning, svar efter jul.\n";
        assert_eq!(verdict_of(notes).special_categories, ["health"]);
        // A leaflet's question heading ("Vart vänder jag mig?") is its own
        // sentence, and ties nothing on the next line to its "jag".
        let leaflet = "Vart vänder jag mig?\n• Din vårdcentral. Du kan också ringa 1177.\n";
        assert!(verdict_of(leaflet).special_categories.is_empty());
    }

    #[test]
    fn the_son_of_someone_old_is_no_child() {
        let decision = "Beslut om hemtjänst 2025-05-06\nSökande: Gunnel Ström, \
            19380711-2341\nGunnel har diabetes. Hennes dotter bor i Stockholm.\n";
        let v = verdict_of(decision);
        assert!(
            !v.special_categories.contains(&"child".to_string()),
            "{v:?}"
        );
        // The same words about a parent of 40 may well be about a child.
        let young = decision.replace("19380711-2341", "19850302-1233");
        let v = verdict_of(&young);
        assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
    }

    #[test]
    fn a_case_file_naming_its_patient_is_secret_and_about_health() {
        let note = "Journalanteckning, hemsjukvården\nPatient: Ingrid Söderlund\n\
            Besök 2025-10-02. Patienten har tilltagande andfåddhet. Ordinerat \
            vätskedrivande.\n";
        let v = verdict_of(note);
        assert!(v.secrecy);
        assert_eq!(v.special_categories, ["health"]);
        // The same words in a leaflet with a contact person are not a case.
        let leaflet = "Hemsjukvården informerar om journalanteckningar i 1177.\n\
            Kontakt: sjuksköterska Ingrid Söderlund\n";
        assert!(!verdict_of(leaflet).secrecy);
    }

    #[test]
    fn a_teachers_report_to_social_services_is_a_secret_social_care_case() {
        let mail = "Från: Lena Öberg <lena.oberg@skola.ekdala.se>\nÄmne: Oro för elev\n\n\
            Jag är mentor för Amir i klass 5B. Han berättade att pappa slagit honom.\n\
            Jag gör härmed en anmälan enligt 14 kap. 1 § socialtjänstlagen.\n";
        let v = verdict_of(mail);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        assert!(v.secrecy);
    }

    #[test]
    fn a_citizens_own_mail_to_the_social_services_is_their_secret_case() {
        let mail = "Från: Hiwet Tesfay <hiwet.tesfay@gmail.com>\n\
            Till: socialtjansten@alvmora.se\nÄmne: hjälp med hyran\n\n\
            Jag har diskbråck och är sjukskriven. Kan jag söka pengar för hyran?\n";
        let v = verdict_of(mail);
        assert!(v.secrecy, "{v:?}");
        assert_eq!(v.special_categories, ["health"]);
        // The same mail to the library is no social-services case.
        let other = mail.replace("socialtjansten@", "biblioteket@");
        assert!(!verdict_of(&other).secrecy);
    }

    #[test]
    fn an_identity_number_of_someone_under_18_is_a_child() {
        let letter = "Sjöbacka 2025-02-21\nAngående Ella Nordström, 110528-3749\n\
            Socialnämnden ansöker om vård enligt LVU.\n";
        let v = verdict_of(letter);
        assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
        // The mother, born 1985, is no child.
        let adult = letter.replace("110528-3749", "850312-1231");
        assert!(
            !verdict_of(&adult)
                .special_categories
                .contains(&"child".to_string())
        );
        assert_eq!(super::birth_year("110528-3749", 2025), Some(2011));
        assert_eq!(super::birth_year("260528-3749", 2025), Some(1926));
        assert_eq!(super::birth_year("110528+3749", 2025), Some(1911));
        assert_eq!(super::birth_year("200711283749", 2025), Some(2007));
    }

    #[test]
    fn a_blank_form_is_about_no_one() {
        let form = "Blankett: Orosanmälan barn\nBarnets namn: ______________\n\
            Personnummer: ______________\nOro gäller:\n[ ] Barnet bevittnar våld\n\
            [ ] Missbruk hos vårdnadshavare\nUppgifterna omfattas av sekretess enligt \
            26 kap. 1 § OSL när de kommit in till socialtjänsten.\n";
        let v = verdict_of(form);
        assert!(v.special_categories.is_empty(), "{v:?}");
        assert!(!v.secrecy);
        // Filled in, it is a report about a child.
        let filled = form.replacen("______________", "Melvin Sjöberg", 1);
        let v = verdict_of(&filled);
        assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
    }

    #[test]
    fn a_student_in_adult_education_is_no_child() {
        let plan = "Individuell studieplan, svenska för invandrare\nNamn: Yonatan Tesfay\nSamordningsnummer: 900472-1495\n\
            Yonatan är född och uppvuxen i Eritrea. Eleven har fått en kopia.\n";
        let v = verdict_of(plan);
        assert_eq!(v.special_categories, ["ethnicity"]);
        let school = plan.replace("svenska för invandrare", "årskurs 8");
        assert!(
            verdict_of(&school)
                .special_categories
                .contains(&"child".to_string())
        );
    }

    #[test]
    fn a_home_care_workplace_is_no_social_care_measure() {
        let rehab = "Rehabiliteringsutredning\nMedarbetare: Johan Bergkvist, undersköterska, \
            Hemtjänsten Västra\nJohan har varit sjukskriven sedan maj på grund av \
            utmattningssyndrom.\nHandlingen innehåller uppgifter om enskilds hälsa och \
            omfattas av sekretess enligt 39 kap. 3 § offentlighets- och sekretesslagen.\n";
        let v = verdict_of(rehab);
        assert_eq!(v.special_categories, ["health"]);
        // The employee the file is about is named under its label.
        assert!(v.secrecy, "{v:?}");
        // A client's home care on a line of its own still counts.
        let plan = "Brukare: Gösta Lindberg\nGösta har beviljats hemtjänst två gånger dagligen.\n";
        assert_eq!(verdict_of(plan).special_categories, ["social-care"]);
    }

    #[test]
    fn an_application_for_mobility_service_is_a_secret_case_of_its_applicant() {
        let form = "Ansökan om färdtjänst\nSökande: Birgitta Holm\n\
            Jag använder rullator efter en stroke och kan inte åka buss.\n";
        let v = verdict_of(form);
        assert!(v.secrecy, "{v:?}");
        // A ward's file names its subject as "Huvudman".
        let ward = "Beslut om godmanskap\nHuvudman: Sven-Olof Lindgren\n\
            Bostad: Solhemmets särskilda boende, Ekdala\n";
        let v = verdict_of(ward);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        // The service's fares in general are nobody's case.
        let notice = "Färdtjänstens taxor höjs från 1 januari. Ansökan om färdtjänst görs \
            på kommunens webbplats.\nKontakt: handläggare Anna Ek\n";
        assert!(!verdict_of(notice).secrecy);
    }

    #[test]
    fn an_unnamed_child_described_by_age_is_one_person() {
        let report = "Förskolan har i dag gjort en orosanmälan gällande en flicka, 4 år, \
            boende på Granvägen 3.\n\nAnmälare: förskolechef Ulla Berglund\n";
        let v = verdict_of(report);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        assert!(v.secrecy);
        // Orosanmälningar in general, in a yearly report, are no one's.
        let stats = "Förskolorna gjorde 14 orosanmälningar under året, fler än i fjol.\n\n\
            Rapporten är skriven av förskolechef Ulla Berglund\n";
        assert!(verdict_of(stats).special_categories.is_empty());
    }

    #[test]
    fn an_adult_daughter_is_no_child_and_a_resident_born_1938_is_one_person() {
        let plan = "Genomförandeplan hemtjänst\n\nBrukare: Gösta Lindberg\n\
            Gösta har diabetes typ 2. Dottern Eva hjälper till med ekonomin.\n";
        let v = verdict_of(plan);
        assert!(
            !v.special_categories.contains(&"child".to_string()),
            "{v:?}"
        );
        assert!(v.special_categories.contains(&"health".to_string()));
        let report = "Rapport enligt lex Sarah\n\nPersonal har rapporterat att en boende på \
            Ekbackens särskilda boende, kvinna född 1938, blev liggande på golvet efter ett fall.\n";
        let v = verdict_of(report);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        assert!(v.secrecy);
    }

    #[test]
    fn a_case_file_naming_its_child_ties_every_sentence_to_the_child() {
        let file = "Utredning enligt 11 kap. 1 § SoL\n\nBarnet: Liam Andersson, född 2016\n\
            Socialsekreteraren har träffat familjen tre gånger.\n\
            Förvaltningen överväger att ansöka om vård enligt LVU.\n";
        let v = verdict_of(file);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        assert!(v.secrecy);
    }

    #[test]
    fn a_stretch_of_street_or_a_property_designation_is_no_home_address() {
        let plan =
            "Ritningar av arkitekt Sven Markelius.\n\nDrottninggatan 12–18 får ny beläggning.\n";
        assert!(
            !verdict_of(plan)
                .personal_data
                .contains(&"address".to_string())
        );
        let home =
            "Ritningar av arkitekt Sven Markelius.\n\nDrottninggatan 12 får ny beläggning.\n";
        assert!(
            verdict_of(home)
                .personal_data
                .contains(&"address".to_string()),
            "the control"
        );
        let property = "41 | 2025-03-03 | Bygglov | Tallbacken 2:14 | Rasmus Ekdahl |\n";
        assert!(
            !verdict_of(property)
                .personal_data
                .contains(&"address".to_string()),
            "a property designation"
        );
        let prose = "Ritningar av arkitekt Sven Markelius.\n\nGång- och cykelvägen längs \
            Storgatan 3 breddas till 3,5 meter och får ny belysning under våren.\n";
        assert!(
            !verdict_of(prose)
                .personal_data
                .contains(&"address".to_string())
        );
    }

    #[test]
    fn a_name_opens_a_sentence_only_before_a_word_in_lower_case() {
        let rules = crate::classify::tests::rules();
        assert!(super::names_someone("Elias går i årskurs 2", rules));
        assert!(!super::names_someone("Elias Skolan", rules), "a heading");
        assert!(!super::names_someone("Diagnosen ställdes i våras", rules));
    }

    /// A letter greeting its reader by name speaks of that person as
    /// "du"; what it tells anyone in their place ("om du har …", "du kan
    /// ansöka om …") is no one's case.
    #[test]
    fn a_letter_greeting_its_reader_by_name_means_them_by_du() {
        let letter = "Hej Robin,\n\nTack för samtalet i går. Eftersom du just nu har \
            försörjningsstöd går det inte att betala av på skulderna.\n\nHälsningar\nBudget- och skuldrådgivningen\n";
        let v = verdict_of(letter);
        assert!(
            v.special_categories.contains(&"social-care".to_string()),
            "{v:?}"
        );
        let advice = "Hej Robin,\n\nTack för din fråga. Om du har försörjningsstöd kan \
            du också få hjälp med hyran.\n\nHälsningar\nKundcenter\n";
        assert!(verdict_of(advice).special_categories.is_empty());
        let unnamed = "Hej,\n\nEftersom du har försörjningsstöd gäller andra regler.\n";
        assert!(
            verdict_of(unnamed).special_categories.is_empty(),
            "no one named"
        );
    }

    /// A sentence saying its person cannot be identified ties no one.
    #[test]
    fn a_sentence_that_leaves_out_the_name_ties_no_one() {
        let report = "Incidentrapport\n\nAnmält av Karin Ek.\n\nTexten innehöll uppgifter om \
            en brukares hälsotillstånd och vilka insatser brukaren får, men inte namn eller personnummer.\n";
        assert!(verdict_of(report).special_categories.is_empty());
        let some_resident = "Linnea berättade att någon hade klistrat in uppgifter om en boende \
            för att få ett förslag till genomförandeplan.\n";
        assert!(!verdict_of(some_resident).secrecy);
        let named = "I texten stod att Lisa Ahlberg har diabetes, men inte hennes personnummer.\n";
        assert!(!verdict_of(named).special_categories.is_empty());
    }

    /// A secrecy statement under the signature of a letter to a private
    /// address marks the letter; the same sentence in a guideline does not.
    #[test]
    fn a_letters_closing_secrecy_statement_marks_it() {
        let letter = "Sofia Lundberg\nTallstigen 4\n894 32 Norrvik\n\nHej Sofia,\n\nKortet har spärrats.\n\n\
            Vänliga hälsningar\nHelena Strand\n\n----\nUppgifter om enskilds lån omfattas av sekretess \
            enligt 40 kap. 3 § OSL.\n";
        assert!(verdict_of(letter).secrecy);
        let rules = "Riktlinjer för bibliotekets lånekort\n\nLånekortet är personligt.\n\n\
            Uppgifter om enskilds lån omfattas av sekretess enligt 40 kap. 3 § OSL.\n";
        assert!(!verdict_of(rules).secrecy);
    }

    /// An address in a block that names an organisation first is the
    /// organisation's; a name between them makes it that person's.
    #[test]
    fn an_organisations_letterhead_or_signature_holds_its_own_address() {
        let has_address = |text: &str| {
            verdict_of(text)
                .personal_data
                .contains(&"address".to_string())
        };
        let invoice = "NORRVIKS ENTREPRENAD AB                       FAKTURA\nHamnvägen 40, 135 70 Sandhamra\n\
            Org.nr 556742-1189\n\nFakturanummer: 2025-1187\n";
        assert!(!has_address(invoice));
        let signature = "Vänliga hälsningar\n\nMikael Strand\nSäljansvarig\nTalvik Solutions AB | Org.nr 556843-2291\n\
            Mobil 070-318 45 62\nSveavägen 91, 113 50 Stockholm\n";
        assert!(!has_address(signature));
        let letter = "Lindåsa kommun\nVård- och omsorgsförvaltningen\nErik Lundgren\nSjövägen 18\n799 31 Lindåsa\n\n\
            Ny avgift för din hemtjänst\n";
        assert!(has_address(letter), "the letter's recipient");
    }

    /// A share of the applicants is a statistic, not a person.
    #[test]
    fn a_share_of_people_is_no_one() {
        let stats = "Den vanligaste orsaken är nedsatt rörelseförmåga, och ungefär var tredje \
            sökande använder rullstol.\n";
        assert!(verdict_of(stats).special_categories.is_empty());
        let one = "Sökande använder rullstol sedan olyckan.\n";
        assert!(!verdict_of(one).special_categories.is_empty());
    }

    /// A footnote about those who have protected identities, last in a
    /// register of officials' addresses, marks nothing.
    #[test]
    fn a_closing_footnote_on_protected_identities_is_no_statement() {
        let register = "Förtroendemannaregister\n\nAnna Berg\nStorgatan 4\n123 45 Ås\n\n\
            Förtroendevald som har skyddade personuppgifter visas utan adress.\n";
        assert!(!verdict_of(register).secrecy);
    }
}
