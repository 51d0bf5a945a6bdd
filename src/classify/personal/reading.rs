//! What the document as a whole says about how its sentences point at
//! people: a letter to everyone, a guideline, a blank form, made-up
//! course material, an employee's papers, a letter greeting its reader,
//! elected representatives acting in their role.

use std::sync::LazyLock;

use regex::Regex;

use super::names_in_body;
use crate::classify::Facts;
use crate::extract::PartKind;
use crate::rules::{Category, Finding, RuleSet};

/// A greeting that names the reader: "Hej Robin,", "Bästa Ingrid!", "Hej
/// Sven-Erik Lundgren,".
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:Hej|Hejsan|Hallå|Bästa|Kära|Käre|Dear|Hi|Hello)[ \t]+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?:[ \t]+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)?(?:[ \t]+(?:och|&)[ \t]+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ \t]+\p{Lu}\p{Ll}+)?)?[ \t]*[,!.]?[ \t]*$").unwrap()
});

/// Whether the document says, in its file name or its first lines, that
/// its people and events are made up.
fn is_fictional(facts: &Facts) -> bool {
    facts.says_up_front(&FICTIONAL, 5)
}

/// Whether the document's file name or opening lines say it is about an
/// employee: a rehabilitation plan or meeting, an employment contract, a
/// staff appraisal, a staff portrait or a job advert ("Möt medarbetaren":
/// her home care is her workplace).
fn is_about_an_employee(facts: &Facts) -> bool {
    facts.says_up_front(&EMPLOYEES_PAPERS, 3)
}

static EMPLOYEES_PAPERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rehabiliteringsplan\w*|rehabiliteringsmöte\w*|avstämningsmöte\w*|plan för återgång i arbete|anställningsbevis\w*|anställningsavtal\w*|medarbetarsamtal\w*|lönesamtal\w*|arbetsskadeanmälan|tjänstgöringsintyg\w*|möt medarbetaren|medarbetarporträtt\w*|platsannons\w*|jobbannons\w*|rekryteringsannons\w*)\b").unwrap()
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

/// Labels under which a case file names the person it is about.
static CASE_SUBJECT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*(?:patient(?:en)?|patientens namn|elev(?:en)?|elevens namn|klient(?:en)?|brukare(?:n)?|den enskilde|barnets namn|barn(?:et)?|vårdtagare(?:n)?|boende|sökande(?:n)?|den unge|huvudman(?:nen)?|(?:den )?tilltalade?|medarbetare(?:n)?|arbetstagare(?:n)?)[ \t]*:").unwrap()
});

/// A case subject's role in brackets after the name: "Närvarande: Emma
/// Sjöberg (deltagare), Niklas Berg (coach)".
static SUBJECT_ROLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*\((?:deltagare(?:n)?|brukare(?:n)?|klient(?:en)?|patient(?:en)?|elev(?:en)?|sökande(?:n)?|den enskilde|vårdtagare(?:n)?|den unge|barnet)\)").unwrap()
});

/// A mail header addressed to the social services, or to the school's
/// health team (elevhälsa, the school nurse): who writes there writes
/// about their own case or their child's.
static TO_CARE_SERVICES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*(?:till|to)[ \t]*:[^\n]{0,60}?(?:social(?:tjänst|tjanst|förvaltning|forvaltning|kontor|sekreterare)|försörjningsstöd|forsorjningsstod|elevh(?:ä|a)lsa|skolsk(?:ö|o)terska)").unwrap()
});

/// A mail header's sender label.
static SENDER_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ \t]*(?:från|from|avsändare)[ \t]*:").unwrap());

/// Whether a name in the body stands under a case file's subject label, or
/// is the sender of a mail to the social services (who writes about their
/// own situation: their case).
pub(super) fn names_case_subject(facts: &Facts, findings: &[Finding]) -> bool {
    let to_care_services = || {
        facts
            .extracted
            .parts
            .iter()
            .any(|p| TO_CARE_SERVICES.is_match(&p.text))
    };
    findings.iter().any(|f| {
        if f.kind != "name" || f.location.part == PartKind::Metadata {
            return false;
        }
        let line = crate::classify::finding_line(facts.extracted, f);
        let role = crate::classify::text_after(facts.extracted, f);
        SUBJECT_ROLE_AFTER.is_match(role)
            || CASE_SUBJECT_LABEL.is_match(line)
                && !(REQUESTER_LABEL.is_match(line) && on_a_request_for_records(facts))
            || SENDER_LABEL.is_match(line) && to_care_services()
    })
}

/// The applicant's label: on a decision about a request for official
/// documents the applicant is who asked (a journalist), not whom the
/// papers concern.
static REQUESTER_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[ \t]*sökande(?:n)?[ \t]*:").unwrap());

static ANSWER_IN_OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:svar på (?:interpellation|enkel fråga|fråga|motion|medborgarförslag)|interpellationssvar)\b").unwrap()
});

/// Whether the document says up front that it is about a request for
/// official documents ("Beslut om utlämnande av allmänna handlingar").
fn on_a_request_for_records(facts: &Facts) -> bool {
    static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\butlämnande\b|\ballmänn?a? handling(?:ar)?\b|\bbegäran om att ta del\b")
            .unwrap()
    });
    facts.says_up_front(&REQUEST, 5)
}

/// How a document's sentences can point at a person, from the document as
/// a whole.
pub(super) struct Reading {
    /// A letter to every guardian, a newsletter, a plan or a guideline:
    /// its "eleven", "barnet", "hon" and "jag" are anyone; only a name
    /// points at someone.
    pub(super) generic: bool,
    /// A blank form that names no one ("Barnets namn: ______", "[ ]
    /// Missbruk hos vårdnadshavare"), or course material that says its
    /// case is made up ("övningsfall, FIKTIVT"), or a configuration file
    /// whose form labels ask "Vilken sjukdom …?": about no one.
    pub(super) about_no_one: bool,
    /// An employee's rehabilitation or employment papers: they name the
    /// employee's workplace in care ("möte på Hemtjänst Norra",
    /// "arbetsträning på dagverksamheten"), no one's social-care measure.
    pub(super) employees_papers: bool,
    /// The names written with a party ("Elin Fors (V)"): elected
    /// representatives, who ask, propose and debate in their role.
    pub(super) representatives: Vec<String>,
    /// A letter that greets its reader by name: its "du" is that person.
    pub(super) addressee: bool,
    /// No one is named or numbered in the text, nor reachable by phone,
    /// mail or address: a report's "barnet" and "patienten" are anyone
    /// (of 700 labelled documents without personal data, two hold a
    /// special category).
    pub(super) nameless: bool,
    /// An answer to an interpellation, a question or a motion: its "jag"
    /// is the chair answering in office, not a person telling of herself.
    pub(super) answers_in_office: bool,
}

impl Reading {
    pub(super) fn of(
        facts: &Facts,
        findings: &[Finding],
        to_all: bool,
        has_id: bool,
        rules: &RuleSet,
    ) -> Reading {
        let representatives = names_in_body(findings)
            .filter(|f| PARTY_AFTER_NAME.is_match(crate::classify::text_after(facts.extracted, f)))
            .map(|f| f.value.clone())
            .collect();
        // A newsletter or an advert speaks to everyone, unless it holds
        // someone's identity number (an application answering an advert).
        let mass_mailing = !has_id && findings.iter().any(|f| f.kind == "mass-mailing");
        let names_someone = names_in_body(findings).next().is_some();
        let no_one_named = !has_id && !names_someone;
        Reading {
            generic: to_all || mass_mailing || is_guidance(facts),
            about_no_one: no_one_named && (is_blank_form(facts) || facts.looks_like_code())
                || is_fictional(facts),
            employees_papers: is_about_an_employee(facts),
            representatives,
            addressee: greets_by_name(facts, rules),
            answers_in_office: facts.says_up_front(&ANSWER_IN_OFFICE, 3),
            nameless: no_one_named
                && !findings.iter().any(|f| {
                    matches!(f.kind.as_str(), "email" | "phone" | "address")
                        && f.location.part != PartKind::Metadata
                }),
        }
    }

    /// Whether finding `f` says nothing of anyone in this document.
    pub(super) fn sets_aside(&self, f: &Finding) -> bool {
        self.about_no_one && matches!(f.category, Category::SpecialCategory | Category::Secrecy)
            || self.employees_papers && f.kind == "social-care"
    }

    /// Whether `sentence` tells of a political act by a representative it
    /// names ("Elin Fors har ställt tre frågor om väntetider till
    /// hemtjänst"): its subject is the matter, not the member.
    pub(super) fn acts_in_role(&self, sentence: &str) -> bool {
        !self.representatives.is_empty()
            && POLITICAL_ACT.is_match(sentence)
            && self
                .representatives
                .iter()
                .any(|n| sentence.contains(n.as_str()))
    }

    /// `sentence` without the names of the representatives acting in it.
    pub(super) fn without_representatives(&self, sentence: &str) -> String {
        (self.representatives.iter()).fold(sentence.to_owned(), |s, n| s.replace(n.as_str(), ""))
    }
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

/// A party designation right after a name: "Elin Fors (V)", "Ali Demir
/// (SD)".
static PARTY_AFTER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ?\((?:[A-ZÅÄÖ]{1,3}|[A-ZÅÄÖ][a-zåäö]{1,2})\)").unwrap());

/// A political act: a question, a motion, a proposal, a debate, what a
/// member called for or raised in it.
static POLITICAL_ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:interpellation\w*|motion\w*|medborgarförslag\w*|fråga|frågan|frågor(?:na)?|frågeställ\w*|frågar|frågade|svarar|svarade|besvarar|besvarade|yrkande\w*|yrkar|yrkade|anför|anförde|replik\w*|debatt\w*|reservation\w*|reserverar|efterlys\w*|lyfte|lyfter|framhöll|framhåller|betonade|betonar|påpekade|påpekar|kritiserade|kritiserar|föreslog|föreslår|ställde|ställt)\b").unwrap()
});

/// A plan, guideline, policy, routine, template, brochure, procurement or
/// yearly report, by its file name or title: it speaks of pupils, patients
/// and clients in general ("ge eleven stöd", "utom när det kan skada barnet",
/// "Patienten fick ingen bestående skada").
fn is_guidance(facts: &Facts) -> bool {
    facts.says_up_front(&GUIDANCE_TITLE, 1)
}

static GUIDANCE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:riktlinje[rn]?|riktlinjer(?:na)?|policy|policyn|rutin(?:en|er|erna)?|mall(?:en|ar)?|rutinbeskrivning\w*|handbok\w*|vägledning\w*|styrdokument\w*|likabehandlingsplan\w*|elevhälsoplan\w*|plan mot|plan för (?:arbetet|hantering|elevhälsa|likabehandling)|krisplan\w*|verksamhetsplan\w*|broschyr\w*|informationsblad\w*|förfrågningsunderlag\w*|upphandlingsdokument\w*|kravspecifikation\w*|patientsäkerhetsberättelse\w*|kvalitetsberättelse\w*|verksamhetsberättelse\w*|årsredovisning\w*)\b").unwrap()
});
