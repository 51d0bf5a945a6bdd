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
//!
//! `assess` walks the findings once and asks each its question of a
//! module: whose an address is (`address`), whether a sensitive word is
//! about someone (`tie`), whether a "child" is one (`children`), what the
//! document as a whole is (`reading`: a letter to all, a guideline, a
//! blank form), and whether a secrecy statement marks it (`secrecy`).

mod address;
mod children;
mod reading;
mod secrecy;
mod tie;

#[cfg(test)]
mod tests;

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::Regex;
use std::collections::BTreeSet;

use super::{Facts, Lang};
use crate::extract::PartKind;
use crate::mask::mask_identifiers;
use crate::rules::{Category, Finding, RuleSet};
use address::private_address;
use children::{
    OFFSPRING, adult_student, ages, child_named_with_birth_year, offspring_of_the_old,
    pupil_named_with_class, writer_is_old,
};
use reading::{Reading, names_case_subject};
use secrecy::{closes_a_letter, marking_only_named};
pub(crate) use tie::sentence_range;
use tie::{ONE_PERSON_DESCRIBED, tied_to_person};

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
    // Case-type findings that are a job title after a name: decided once
    // the document's special categories are known.
    let mut titles = Vec::new();
    // A letter to every guardian of a class: its "eleven", "ditt barn"
    // and "jag" are anyone's.
    let to_all = findings.iter().any(|f| f.rule == "record.letter-to-all");
    let reading = Reading::of(facts, findings, to_all, has_identity_number, rules);
    // A configuration file's or a log's "SEKRETESS" is data (a keyword to
    // block on), not a marking of the file.
    for (i, f) in findings.iter().enumerate() {
        if reading.sets_aside(f) {
            dropped.insert(i);
            continue;
        }
        let id_near =
            secret_case_file || (has_identity_number && (short || identity_near(f, findings)));
        match f.category {
            Category::PersonalData => {
                if f.kind == "address" && !private_address(facts, f, findings)
                    || f.kind == "phone" && on_an_organisations_contact_line(facts, f, findings)
                {
                    dropped.insert(i);
                } else {
                    personal.insert(f.kind.clone());
                }
            }
            Category::SpecialCategory => {
                let not_a_child = f.kind == "child"
                    && (adult_student(facts, f, &adult_education)
                        || offspring_of_the_old(f, &ages)
                        || OFFSPRING.is_match(&f.value)
                            && *old_writer.get_or_init(|| writer_is_old(facts)));
                if denied(facts, f) || not_a_child {
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
                        && (marking_only_named(facts, f) || facts.looks_like_code())
                {
                    dropped.insert(i);
                } else if !rule.needs_person
                    || subject_named
                    || tied_to_person(facts, f, findings, has_identity_number, &reading, rules)
                    || closes_a_letter(facts, f, findings, &reading)
                {
                    if title_after_a_name(facts, f, findings) {
                        titles.push(i);
                    } else {
                        marking = true;
                    }
                } else {
                    dropped.insert(i);
                }
            }
            _ => {}
        }
    }
    // A job title after a name ("Jenny Holmberg, socialsekreterare") says
    // who writes or who attends. It makes a case file of a document that
    // holds someone's sensitive data or identity number (a school nurse's
    // signed note on a pupil), not of meeting notes with counts alone.
    if special.is_empty() && !has_identity_number {
        dropped.extend(titles);
    } else if !titles.is_empty() {
        marking = true;
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

/// Whether phone number `f` stands on the line of an organisation's
/// contact details, beside its shared mailbox or its organisation number
/// ("Kyrkogårdsförvaltningen · org.nr 212000-2478 · kyrkogard@hjortvik.se
/// · 0652-160 70"), with no one's name on the line and no "mobil" before
/// it.
fn on_an_organisations_contact_line(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    static SHARED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\borg(?:anisations)?\.? ?(?:nr|nummer)\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
            .unwrap()
    });
    let line = crate::classify::finding_line(facts.extracted, f);
    let named_on_line = findings.iter().any(|o| {
        o.kind == "name" && o.part_index == f.part_index && o.location.line == f.location.line
    });
    // "mobil 072-384 19 55. Annars servicedesk@…": someone's own number
    // beside the shared mailbox to try instead.
    let own_number = crate::classify::text_before(facts.extracted, f, 14)
        .to_lowercase()
        .contains("mob");
    !named_on_line
        && !own_number
        && SHARED.find_iter(line).any(|m| {
            !m.as_str().contains('@')
                || crate::rules::validate::personal_email(m.as_str())
                    == crate::rules::validate::Validation::Invalid
        })
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
                .is_some_and(is_affiliation)
    })
}

/// Whether the text between a name and a case-type word is the start of
/// the person's title and unit: "," or "(" and at most a few words of one
/// line ("Eva Nordin, skolsköterska, Elevhälsan"; "Karin Sjöberg (MLA
/// elevhälsan)"; "Anna Ek, medicinskt ledningsansvarig skolsköterska"),
/// not a sentence that goes on to speak of someone's case.
fn is_affiliation(between: &str) -> bool {
    let t = between.trim();
    let Some(rest) = t
        .strip_prefix(',')
        .or_else(|| t.strip_prefix('('))
        .or_else(|| t.strip_prefix('–'))
        .or_else(|| t.strip_prefix('-'))
    else {
        return false;
    };
    !rest.contains(['\n', '.', ':', ';', '!', '?', ')'])
        && rest
            .split([' ', ',', '\t'])
            .filter(|w| !w.is_empty())
            .count()
            <= 4
}

/// Whether a sensitive word is denied where it stands: "Han har inga
/// allergier", "en stukning, ingen fraktur", "I ansökan finns inga
/// uppgifter om funktionsnedsättning".
fn denied(facts: &Facts, f: &Finding) -> bool {
    static DENIAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:inga|ingen|inget|saknar|inte någon|inte några|aldrig haft)[ \t]+(?:[\p{L}-]+[ \t]+){0,2}$").unwrap()
    });
    DENIAL.is_match(crate::classify::text_before(facts.extracted, f, 40))
}

/// The name findings of the body (not of the metadata: an author is no
/// one the text speaks of).
fn names_in_body(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings
        .iter()
        .filter(|f| f.kind == "name" && f.location.part != PartKind::Metadata)
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
