//! Public records: is the document an official record (allmän handling) that
//! must be registered, working material that is not yet one, a record of
//! little importance, or not a record at all?
//!
//! Signals come from the record rules (received, request, decision, appeal
//! instructions, minutes, drawn-up, draft, memo, mass mailing, private) and
//! from the file itself (source code, configuration and logs by their
//! shape). The order of the decision follows the law: what is not the
//! organisation's business is no record (TF 2 kap. 4 §); drafts and notes are
//! not yet records (TF 2 kap. 12 §); advertising and mass mailings need no
//! registration (OSL 5 kap. 1 §); what is received or expedited must be
//! registered (TF 2 kap. 9–10 §, OSL 5 kap. 1 §), and so must anything under
//! secrecy.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::personal::People;
use super::{Facts, Lang, RecordClass, RecordVerdict};
use crate::extract::PartKind;
use crate::rules::{Category, Finding, RuleSet};
use crate::sniff::Format;

/// Decide the `record` object.
pub fn assess(
    facts: &Facts,
    findings: &[Finding],
    people: &People,
    ai_generated: bool,
    rules: &RuleSet,
) -> RecordVerdict {
    let lang = facts.lang;
    let mut diarienummer: Vec<String> = Vec::new();
    let mut signals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.category == Category::Record) {
        if f.location.part == PartKind::Metadata
            || (f.kind == "draft" && !real_draft_mark(facts, f, findings))
            || (f.kind == "memory-note" && !names_this_document(facts, f, InTitle::Anywhere))
            || (f.kind == "mass-mailing"
                && mentions_a_kind(facts, f)
                && !names_this_document(facts, f, InTitle::Anywhere))
        {
            continue;
        }
        if f.kind == "diarienummer" {
            let v = f.value.trim().to_owned();
            if !diarienummer.contains(&v) && diarienummer.len() < 20 {
                diarienummer.push(v);
            }
            continue;
        }
        let e = signals.entry(f.kind.as_str()).or_insert((0, f.rule_index));
        e.0 += 1;
    }
    // One greeting is not a letter ("Hej hej"); a greeting and a sign-off,
    // or a writer presenting themselves, are.
    if signals.get("correspondence").is_some_and(|e| e.0 < 2) {
        signals.remove("correspondence");
    }
    let count = |k: &str| signals.get(k).map_or(0, |e| e.0);
    let reason_of = |k: &str| {
        signals.get(k).map(|&(n, idx)| {
            let rule = &rules.rules[idx];
            let text = match (lang, &rule.reason_en) {
                (Lang::En, Some(en)) => en.as_str(),
                _ => rule.reason.as_str(),
            };
            let legal = rule
                .legal
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            format!("{text}{legal} [{k} ×{n}]")
        })
    };
    let mut reasons = Vec::new();
    let class = if facts.looks_like_code() {
        reasons.push(lang.pick(
            "källkod, konfiguration eller logg: ingen allmän handling i sig (TF 2 kap. 3 §)",
            "source code, configuration or log: not an official record in itself (TF 2 kap. 3 §)",
        ).to_owned());
        RecordClass::NotARecord
    } else if count("private") >= 2
        && count("decision") + count("appeal-instruction") + count("minutes") == 0
    {
        reasons.extend(reason_of("private"));
        RecordClass::NotARecord
    } else if count("draft") > 0 && (marked_as_draft(facts, findings) || !settled(facts)) {
        reasons.extend(reason_of("draft"));
        RecordClass::WorkingMaterial
    } else if named_as_draft(facts.path) && !settled(facts) {
        reasons.push(lang.pick(
            "filnamnet säger att handlingen är ett utkast eller arbetsmaterial (TF 2 kap. 12 §)",
            "the file name says the document is a draft or working material (TF 2 kap. 12 §)",
        ).to_owned());
        RecordClass::WorkingMaterial
    } else if filed_as_draft(facts.path)
        && !settled(facts)
        && count("decision") + count("signed") + count("appeal-instruction") == 0
    {
        reasons.push(lang.pick(
            "handlingen ligger i en mapp för utkast eller arbetsmaterial och är inte beslutad eller undertecknad (TF 2 kap. 12 §)",
            "the document is filed in a folder of drafts or working material and is neither decided nor signed (TF 2 kap. 12 §)",
        ).to_owned());
        RecordClass::WorkingMaterial
    } else if count("memory-note") > 0 && count("appeal-instruction") == 0 && !settled(facts) {
        reasons.extend(reason_of("memory-note"));
        RecordClass::WorkingMaterial
    } else if count("mass-mailing") + count("group-letter") + count("auto-reply") > 0
        && count("appeal-instruction") + count("invoice") + count("offer") + count("signed") == 0
        && !people.secrecy
        && count("request").min(count("received")) < 2
        // An advert, a newsletter or a mailing to all never carries
        // someone's identity number; an application answering one does.
        && !people.has_identity_number
    {
        reasons.extend(
            reason_of("mass-mailing")
                .or_else(|| reason_of("group-letter"))
                .or_else(|| reason_of("auto-reply")),
        );
        RecordClass::LittleImportance
    } else if !people.has_identity_number && !names_in_text(findings) && is_empty_form(facts) {
        // An empty form (the authority's own blankett) is printed matter
        // until someone fills it in and sends it: then the filled-in copy
        // is the record.
        reasons.push(lang.pick(
            "tom blankett som ingen fyllt i: allmän handling av ringa betydelse (OSL 5 kap. 1 § tredje stycket)",
            "an empty form no one has filled in: an official record of little importance (OSL 5 kap. 1 § third paragraph)",
        ).to_owned());
        RecordClass::LittleImportance
    } else if informs_the_public(facts)
        // An adopted routine or a privacy notice with its case number is
        // a governing document, whatever its voice.
        && diarienummer.is_empty()
        && !settled(facts)
        && !people.secrecy
        && !people.has_identity_number
        && ["appeal-instruction", "decision", "minutes", "signed", "invoice", "offer", "correspondence"]
            .iter()
            .all(|k| count(k) == 0)
    {
        // A leaflet or a web page for anyone ("Vem kan söka?", "Vad kostar
        // det?") is printed matter: nobody's case is in it.
        reasons.push(lang.pick(
            "information till allmänheten (broschyr, webbtext, frågor och svar): allmän handling av ringa betydelse (OSL 5 kap. 1 § tredje stycket)",
            "information for the public (a leaflet, a web text, questions and answers): an official record of little importance (OSL 5 kap. 1 § third paragraph)",
        ).to_owned());
        RecordClass::LittleImportance
    } else if unfinished_ai_text(findings)
        && !people.secrecy
        && [
            "appeal-instruction",
            "decision",
            "minutes",
            "received",
            "request",
            "drawn-up",
            "signed",
        ]
        .iter()
        .all(|k| count(k) == 0)
    {
        reasons.push(lang.pick(
            "AI-text med kvarlämnad chattext: ännu inte färdigställd, arbetsmaterial (TF 2 kap. 12 §)",
            "AI text with chatbot leftovers: not finished yet, working material (TF 2 kap. 12 §)",
        ).to_owned());
        RecordClass::WorkingMaterial
    } else {
        let register_signals = [
            "appeal-instruction",
            "decision",
            "minutes",
            "received",
            "request",
            "drawn-up",
            "signed",
            "correspondence",
            "invoice",
        ];
        for k in register_signals {
            reasons.extend(reason_of(k));
        }
        if !diarienummer.is_empty() {
            reasons.push(format!(
                "{} {} (OSL 5 kap. 1 §)",
                lang.pick("diarienummer:", "registration number:"),
                diarienummer.join(", ")
            ));
        }
        let has_body = facts.body_parts().any(|p| !p.text.trim().is_empty());
        // Private papers (a shopping list, a party invitation) and machine
        // files (a log, a program, an export for a bank) hold people too.
        let of_the_business = count("private") == 0 && !machine_file(facts.path);
        if reasons.is_empty() && has_body && filed_as_received(facts.path) {
            reasons.push(lang.pick(
                "handlingen ligger i en mapp för inkomna handlingar: kommen till myndigheten (TF 2 kap. 9 §)",
                "the document is filed in a folder of received documents: received by the authority (TF 2 kap. 9 §)",
            ).to_owned());
        }
        // Nothing says what the document is, and no secret makes it a
        // case's: what it holds decides.
        let no_sign = reasons.is_empty() && !people.secrecy;
        if no_sign && ai_generated {
            // Nobody registers a chatbot's text until it is adopted, sent or
            // published: until then it is a draft of the one who asked.
            reasons.push(lang.pick(
                "AI-framtagen text utan tecken på att den beslutats, expedierats eller kommit in: arbetsmaterial (TF 2 kap. 12 §)",
                "AI-made text with no sign of being decided, sent or received: working material (TF 2 kap. 12 §)",
            ).to_owned());
            RecordClass::WorkingMaterial
        } else if no_sign && people.has_identity_number && of_the_business {
            // Someone's identity number is written down for a matter about
            // them (a certificate, an expense claim, a demand for payment):
            // the matter's record, whatever its form.
            reasons.push(lang.pick(
                "uppgifter om en enskild med personnummer: en handling i ett ärende om personen (TF 2 kap. 9–10 §)",
                "data about an individual with an identity number: a record in a matter about them (TF 2 kap. 9–10 §)",
            ).to_owned());
            RecordClass::Register
        } else if no_sign
            && !people.personal_data.is_empty()
            && of_the_business
            && people_in_text(findings)
        {
            // Work notes about people that no one has sent, received or
            // decided: a call note, a message copied from a phone.
            reasons.push(lang.pick(
                "anteckning om personer utan tecken på att den kommit in, expedierats eller beslutats: arbetsmaterial (TF 2 kap. 12 §)",
                "a note about people with no sign of being received, sent or decided: working material (TF 2 kap. 12 §)",
            ).to_owned());
            RecordClass::WorkingMaterial
        } else if no_sign {
            reasons.push(
                lang.pick(
                    "inga tecken på att handlingen rör verksamheten",
                    "no sign that the document concerns the organisation's business",
                )
                .to_owned(),
            );
            RecordClass::NotARecord
        } else {
            RecordClass::Register
        }
    };
    if people.secrecy && class == RecordClass::Register {
        reasons.push(
            lang.pick(
                "innehåller uppgifter som omfattas av sekretess: ska registreras (OSL 5 kap. 1 §)",
                "holds information under secrecy: registration required (OSL 5 kap. 1 §)",
            )
            .to_owned(),
        );
    }
    let diarium = facts.diarium.and_then(|d| {
        let registered = diarienummer.iter().any(|n| d.contains(n));
        if registered {
            Some("registered")
        } else if !diarienummer.is_empty() {
            reasons.push(lang.pick(
                "diarienumret finns inte i diariet: kontrollera registreringen (OSL 5 kap. 1 §)",
                "the registration number is not in the diarium: check the registration (OSL 5 kap. 1 §)",
            ).to_owned());
            Some("not-in-diarium")
        } else if class == RecordClass::Register {
            reasons.push(lang.pick(
                "ska registreras men saknar diarienummer (OSL 5 kap. 1 §)",
                "must be registered but carries no registration number (OSL 5 kap. 1 §)",
            ).to_owned());
            Some("missing-dnr")
        } else {
            None
        }
    });
    RecordVerdict {
        class,
        diarium,
        diarienummer,
        reasons: reasons
            .into_iter()
            .map(|r| crate::mask::mask_identifiers(&r).into_owned())
            .collect(),
    }
}

/// A draft sign that marks this document: not the word "utkast" inside a
/// chatbot's "Här kommer ett utkast till …", and not a blank inside a quoted
/// example ("“… granskad av [namn, titel].”").
fn real_draft_mark(facts: &Facts, f: &Finding, findings: &[Finding]) -> bool {
    let on_chat_line = findings.iter().any(|o| {
        o.kind == "ai-chat-phrase"
            && o.part_index == f.part_index
            && o.location.line == f.location.line
    });
    if on_chat_line {
        return false;
    }
    let line = super::finding_line(facts.extracted, f);
    if f.value.starts_with('[') {
        return !line.contains(['“', '”', '"', '«', '»']);
    }
    // "Utkast till yttrande" heads a draft; "tar fram ett första utkast
    // till texten" or "AI-genererade utkast är arbetsmaterial" in running
    // text tells how a text was made or what the rules are.
    let about_drafts = {
        let v = f.value.to_lowercase();
        v.starts_with("utkast") || v.starts_with("arbetsmaterial")
    };
    !about_drafts || is_capitals(&f.value) || names_this_document(facts, f, InTitle::AfterDash)
}

/// Where in a short title line, besides its start, a word may name the
/// document.
#[derive(Clone, Copy, PartialEq)]
enum InTitle {
    /// Anywhere, unless the line lists other papers: a note's word
    /// ("APT 26/2 – minnesanteckningar", "Sammanfattning (minnesanteckningar)").
    Anywhere,
    /// After a dash or a colon: a draft word qualifies the title
    /// ("ARBETSLISTA KÖKET – arbetsmaterial, v.34", "Status: utkast"); in
    /// brackets it tells how a tool was used ("Copilot (utkast till brevtext)").
    AfterDash,
}

/// Whether a note or draft word names the document it stands in: it
/// stands in the page's header or footer, or opens a heading of its own
/// ("Utkast till yttrande", "Minnesanteckningar – avstämning"), not a
/// sentence that talks about such papers ("Anteckningar från ärendemöten
/// förs av samordnaren, …", "Utkast ska raderas …"). A note's word may
/// also qualify a short title ([`InTitle`]), unless the line lists other
/// papers ("Bilaga: egna anteckningar", "Underlag Anteckningar från mötet").
fn names_this_document(facts: &Facts, f: &Finding, in_title: InTitle) -> bool {
    if matches!(f.location.part, PartKind::Header | PartKind::Footer) {
        return true;
    }
    let line = super::finding_line(facts.extracted, f);
    let short = line.split_whitespace().count() <= HEADING_WORDS;
    if let Some(rest) = after_opening(line, &f.value) {
        let rest = rest.trim_start();
        let marker = rest.is_empty()
            || rest.starts_with(['–', '-', ':', '(', ',', '/'])
            || rest.starts_with(|c: char| c.is_ascii_digit());
        return marker || short;
    }
    let lists_papers = {
        let first = (line.split(|c: char| !c.is_alphanumeric()))
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let first = first.to_lowercase();
        [
            "bilaga",
            "bilagor",
            "underlag",
            "beslutsunderlag",
            "handlingar",
            "se",
            "jfr",
            "enligt",
        ]
        .contains(&first.as_str())
    };
    let after_dash = || {
        line.find(f.value.as_str())
            .is_some_and(|at| line[..at].trim_end().ends_with(['–', '-', ':']))
    };
    short
        && match in_title {
            InTitle::Anywhere => !lists_papers,
            InTitle::AfterDash => after_dash(),
        }
}

/// The rest of `line` after `word`, when the word opens it (after any
/// bullet or blank).
fn after_opening<'l>(line: &'l str, word: &str) -> Option<&'l str> {
    line.trim_start_matches(|c: char| !c.is_alphanumeric())
        .strip_prefix(word)
}

/// Whether a mass-mailing cue only mentions a kind of text ("nyhetsbrev",
/// "pressmeddelande"), as other documents do too ("skickas till
/// hyresgäster: nyhetsbrev, webbtexter"). Words only such a text holds
/// ("avregistrera", "alla är välkomna"), the definite form that points at
/// the text itself ("Du får nyhetsbrevet för att …") and a file named for
/// the kind are more than a mention.
fn mentions_a_kind(facts: &Facts, f: &Finding) -> bool {
    const KINDS: [&str; 10] = [
        "nyhetsbrev",
        "veckobrev",
        "månadsbrev",
        "newsletter",
        "pressmeddelande",
        "press release",
        "matsedel",
        "reklam",
        "inbjudan",
        "informationsbrev",
    ];
    let v = f.value.to_lowercase();
    let Some(kind) = KINDS.iter().find(|k| v.contains(*k)) else {
        return false;
    };
    let definite = ["brevet", "meddelandet", "sedeln", "reklamen"]
        .iter()
        .any(|e| v.ends_with(e));
    let file = facts
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(facts.path)
        .to_lowercase();
    !definite && !file.contains(kind)
}

/// The most words a heading line holds (longer lines are sentences).
const HEADING_WORDS: usize = 10;

fn is_capitals(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && s.chars().all(|c| !c.is_lowercase())
}

/// A governing document that says it was adopted ("Antagen av
/// kommunstyrelsen 2025-05-14, § 88"): its words about drafts and blanks
/// ("AI-genererade utkast är arbetsmaterial", a note template with
/// `[verktyg]`) describe other documents, not this one.
static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:antagen|antaget|antagna|antogs|fastställd|fastställt|fastställdes|beslutad|beslutat|beslutades) (?:av|i):?[ \t]+(?:[\wåäö]+- (?:och|&) )?(?:[\wåäö-]*fullmäktige|[\wåäö-]*styrelsen|[\wåäö-]*nämnden|[\wåäö-]*nämndens arbetsutskott|arbetsutskottet|direktionen|[\wåäö-]*chefen|kommundirektören)\b[^\n]{0,40}?(?:\d{4}-\d{2}-\d{2}|§ ?\d+)").unwrap()
});

/// Minutes that say they were adjusted ("Justerat 2025-05-12"; not "Ej
/// justerat").
static ADJUSTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*justera[dt]\b|\bprotokollet (?:är|har) justerats?\b").unwrap()
});

/// Whether the document says it was adopted or its minutes adjusted: then
/// a draft word in its running text ("första utkast till
/// informationstexter", a note template with `[verktyg]`) is about other
/// documents.
fn settled(facts: &Facts) -> bool {
    facts
        .body_parts()
        .any(|p| ADOPTED.is_match(&p.text) || ADJUSTED.is_match(&p.text))
}

/// An empty form: at least three lines with an empty blank or tick box,
/// hardly any with a value written after its dot leader (an inspection
/// report's "Rengöring ........ Avvikelse" is filled in; a form's
/// "Gångförmåga: ______ meter" is not); or a form that asks to be filled
/// in, whose fields may be table cells with two blanks to write on.
fn is_empty_form(facts: &Facts) -> bool {
    static FILL_IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:fyll i (?:blanketten|formuläret|ansökan|uppgifterna)|fylls i av|ifylles av|kryssa (?:i|för) (?:det|de|ett|rutan|rutorna|alternativ)|please fill in|fill in (?:this|the) form)\b").unwrap()
    });
    let (blank, filled) = facts.form_lines();
    blank >= 3 && filled * 4 < blank
        || blank >= 2 && filled == 0 && facts.body_parts().any(|p| FILL_IN.is_match(&p.text))
}

/// A text for anyone who reads it: a leaflet's or a web page's question
/// headings ("Vad är hemtjänst?", "Vem kan söka?", "Who can apply?"),
/// at least two, in a text that speaks to its reader as "du" or "ni".
fn informs_the_public(facts: &Facts) -> bool {
    const ASKING: [&str; 27] = [
        "vad", "vem", "vilka", "vilken", "vilket", "hur", "när", "var", "vart", "varför", "kan",
        "får", "måste", "behöver", "finns", "gäller", "kostar", "what", "who", "how", "when",
        "where", "why", "can", "do", "does", "is",
    ];
    let question_heading = |line: &str| {
        let line = line
            .trim()
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        let words = line.split_whitespace().count();
        line.ends_with('?')
            && (2..=8).contains(&words)
            && line
                .split_whitespace()
                .next()
                .is_some_and(|w| ASKING.contains(&w.to_lowercase().as_str()))
    };
    let lines = || facts.body_parts().flat_map(|p| p.text.lines());
    // The reader, in the singular, the plural or English.
    const YOU: [&str; 14] = [
        "du", "Du", "dig", "din", "ditt", "dina", "ni", "Ni", "er", "era", "ert", "you", "You",
        "your",
    ];
    let you = lines()
        .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
        .filter(|w| YOU.contains(w))
        .take(3)
        .count();
    you >= 3 && lines().filter(|l| question_heading(l)).take(2).count() == 2
}

/// Whether a folder on the way to the file is one for drafts ("Gemensamt/
/// Utkast/…", "Arbetsmaterial/", "Drafts/"): what is filed there is still
/// being worked on, unless it says it was decided, signed or adopted.
fn filed_as_draft(path: &str) -> bool {
    static DRAFT_FOLDER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:utkast|drafts?|arbetsmaterial|arbetsdokument)(?:[^\p{L}]|$)").unwrap()
    });
    in_a_folder(path, &DRAFT_FOLDER)
}

/// Whether a folder on the way to the file is one for what came in
/// ("Inkommande/", "Inkomna ansökningar/", "Inkorg/"): the authority
/// received it.
fn filed_as_received(path: &str) -> bool {
    static RECEIVED_FOLDER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:inkommande|inkomna|inkommet|inkorg(?:en)?|received|incoming|inbox)(?:[^\p{L}]|$)").unwrap()
    });
    in_a_folder(path, &RECEIVED_FOLDER)
}

/// Whether personal data stands in the text itself, not only in the
/// file's properties or a reviewer's comment (the author of a shopping
/// list).
fn people_in_text(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|f| f.category == Category::PersonalData && in_text(f))
}

/// Whether a name stands in the text itself, not only in the file's
/// properties (the form's author) or a reviewer's comment.
fn names_in_text(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.kind == "name" && in_text(f))
}

/// Whether finding `f` stands in the text, not in the properties or a
/// comment.
fn in_text(f: &Finding) -> bool {
    !matches!(f.location.part, PartKind::Metadata | PartKind::Comment)
}

/// Whether the file's extension names a log, a program, a configuration or
/// a data export, whose lines a program wrote or reads.
fn machine_file(path: &str) -> bool {
    const MACHINE: [&str; 17] = [
        "log", "csv", "tsv", "json", "xml", "yaml", "yml", "ini", "cfg", "conf", "py", "js", "sql",
        "sh", "ps1", "bat", "ldif",
    ];
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| MACHINE.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether a folder of `path` (not the file's own name) matches `folder`.
fn in_a_folder(path: &str, folder: &Regex) -> bool {
    path.rsplit_once(['/', '\\'])
        .is_some_and(|(folders, _)| folders.split(['/', '\\']).any(|f| folder.is_match(f)))
}

/// Whether the file's own name calls it a draft or a to-do list ("Annons –
/// utkast.txt", "UTKAST_7152.txt", "att göra - telefonbokningar.txt"):
/// people name working papers so. A folder named "Utkast" may hold
/// finished documents too: see [`filed_as_draft`].
fn named_as_draft(path: &str) -> bool {
    static DRAFT_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\p{L}])(?:utkast|draft|arbetsmaterial)(?:[^\p{L}]|$)|^(?:att[ -]göra|todo|to-do)(?:[^\p{L}]|$)").unwrap()
    });
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    DRAFT_NAME.is_match(name)
}

/// Whether the document is marked a draft as a whole: "UTKAST" in capitals,
/// or a draft word opening its line ("Arbetsmaterial", "Utkast till …").
fn marked_as_draft(facts: &Facts, findings: &[Finding]) -> bool {
    findings.iter().filter(|f| f.kind == "draft").any(|f| {
        is_capitals(&f.value)
            || after_opening(super::finding_line(facts.extracted, f), &f.value).is_some()
    })
}

/// Raw chatbot output still shows the chat ("Här är ett förslag …") or its
/// blanks: nobody has finished the text yet.
fn unfinished_ai_text(findings: &[Finding]) -> bool {
    findings.iter().any(|f| {
        f.category == Category::Ai
            && matches!(f.kind.as_str(), "ai-chat-phrase" | "ai-chat-artefact")
            && f.location.part != PartKind::Metadata
    })
}

/// Source code, configuration files and logs, by the shape of their lines:
/// most non-empty lines are assignments, markup, code or timestamps.
pub(super) fn looks_like_code(facts: &Facts) -> bool {
    if facts.format != Format::Txt {
        return false;
    }
    let Some(body) = facts
        .extracted
        .parts
        .iter()
        .find(|p| p.kind == PartKind::Body)
    else {
        return false;
    };
    let mut total = 0;
    let mut code = 0;
    for line in body.text.lines().take(2000) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        total += 1;
        if is_code_line(t) {
            code += 1;
        }
    }
    total >= 3 && code * 10 >= total * 6
}

fn is_code_line(t: &str) -> bool {
    // A to-do list's check boxes ("[ ] ring Amira", "[x] klart") are prose.
    if ["[ ]", "[x]", "[X]"].iter().any(|b| t.starts_with(b)) {
        return false;
    }
    let starts = [
        "#",
        "//",
        "/*",
        "*/",
        "* ",
        "--",
        ";",
        "<",
        "{",
        "}",
        "[",
        "]",
        "import ",
        "from ",
        "def ",
        "class ",
        "fn ",
        "let ",
        "const ",
        "var ",
        "function ",
        "public ",
        "private ",
        "return ",
        "if ",
        "for ",
        "while ",
        "package ",
        "using ",
        "#include",
        "SELECT ",
        "INSERT ",
        "echo ",
        "export ",
        "set ",
        "```",
    ];
    if starts.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    if t.ends_with(';')
        || t.ends_with('{')
        || t.ends_with('}')
        || t.ends_with(')')
        || t.ends_with(':') && !t.contains(' ')
    {
        return true;
    }
    // key = value, key: value (config), with a key that has no spaces.
    if let Some((k, _)) = t.split_once('=') {
        let k = k.trim();
        if !k.is_empty() && !k.contains(' ') && k.len() < 60 {
            return true;
        }
    }
    if let Some((k, _)) = t.split_once(": ")
        && is_config_key(k.trim())
    {
        return true;
    }
    // Log lines start with a timestamp.
    let b = t.as_bytes();
    b.len() > 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
}

/// A configuration key (`server_name`, `spring.datasource.url`, `apiVersion`,
/// `Content-Type`), not a form's label: "Arbetsgivare: Ljusdals kommun" and
/// "Lön: 31 500 kr" are a contract's fields, not YAML.
fn is_config_key(k: &str) -> bool {
    let identifier = !k.is_empty()
        && k.len() < 60
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'"' | b'\''));
    let mut letters = k.chars().filter(|c| c.is_ascii_alphabetic());
    let capitalised_word = letters.next().is_some_and(|c| c.is_ascii_uppercase())
        && letters.all(|c| c.is_ascii_lowercase())
        && k.bytes().all(|b| b.is_ascii_alphabetic());
    identifier && !capitalised_word
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tests::verdict_of;

    fn record_of(text: &str) -> RecordVerdict {
        verdict_of(text).record
    }

    /// The class of `text`'s record verdict is `class`; the reasons show
    /// on failure.
    fn assert_class(text: &str, class: RecordClass) -> RecordVerdict {
        let verdict = record_of(text);
        assert_eq!(verdict.class, class, "{:?}", verdict.reasons);
        verdict
    }

    #[test]
    fn an_empty_form_is_of_little_importance_a_filled_report_is_not() {
        let form = "Ansökan om parkeringstillstånd\n\nNamn: ______________\n\
                    Personnummer: ______________\nAdress: ______________\n\
                    [ ] Förare  [ ] Passagerare\n";
        assert_class(form, RecordClass::LittleImportance);
        let report = "Kontrollrapport\n\nK1 Temperaturer ........ Avvikelse\n\
                      K2 Rengöring ........ Avvikelse\nK3 Märkning ........ Utan anmärkning\n\
                      Beslut: föreläggande om åtgärder.\n";
        assert_ne!(record_of(report).class, RecordClass::LittleImportance);
    }

    #[test]
    fn a_form_asking_to_be_filled_in_is_empty_with_few_blanks() {
        // A DOCX form's fields are table cells: only two lines show a blank.
        let form = "Ansökan om medicinsk förtur\nFyll i blanketten och skicka den till oss.\n\
                    Namn\tPersonnummer\nAdress\tTelefon\n\
                    ☐ Läkarintyg  ☐ Övrigt\nOrt och datum ____________  Namnteckning ____________\n";
        assert_class(form, RecordClass::LittleImportance);
        // Filled in and signed by someone, it is the applicant's record.
        let filled = form.replace("Namn\tPersonnummer", "Namn: Ingrid Söderlund\tPersonnummer");
        assert_class(&filled, RecordClass::Register);
        // A unit after a blank ("______ meter") does not fill a form in.
        let long_form = "Ansökan om färdtjänst\nNamn: ________\nAdress: ________\n\
                         Telefon: ________\nE-post: ________\nGångförmåga: ________ meter\n\
                         Underskrift: ________\n";
        assert_class(long_form, RecordClass::LittleImportance);
    }

    #[test]
    fn a_leaflet_asking_its_readers_questions_is_of_little_importance() {
        let leaflet = "Färdtjänst – så fungerar det\n\nVad är färdtjänst?\n\
                       Färdtjänst är för dig som har svårt att resa. Du kan ansöka hos kommunen.\n\n\
                       Vem kan få färdtjänst?\nDitt behov ska finnas i minst tre månader.\n\n\
                       Hur ansöker jag?\nSkicka in din ansökan till tillståndsenheten.\n";
        assert_class(leaflet, RecordClass::LittleImportance);
        // The same text adopted with a case number is a governing document.
        let adopted = format!("Riktlinje för färdtjänst, Dnr KS 2024/377\n{leaflet}");
        assert_class(&adopted, RecordClass::Register);
        // A letter to one person asking questions is no leaflet.
        let letter = format!("Hej Anna!\n{leaflet}\nMed vänliga hälsningar\nPer Ek\n");
        assert_ne!(record_of(&letter).class, RecordClass::LittleImportance);
    }

    #[test]
    fn an_application_answering_an_advert_is_registered_the_advert_is_not() {
        let advert = "Annons: Fältassistent\nSista ansökningsdag: 2025-03-30\n\n\
                      Vi söker en fältassistent. Välkommen med din ansökan!\n";
        assert_class(advert, RecordClass::LittleImportance);
        let application = "Ansökan: Fältassistent\nSista ansökningsdag: 2025-03-30\n\n\
                           Hej!\n\nJag såg er annons om tjänsten och söker den härmed.\n\n\
                           Aino Saarinen, 19910723-4487\n";
        assert_class(application, RecordClass::Register);
    }

    /// With no sign of its own, a text is placed by whom it is about: a
    /// note about people is working material, a paper with someone's
    /// identity number the record of their matter, a text about no one
    /// and a log no record.
    #[test]
    fn a_text_without_signs_is_placed_by_the_people_it_holds() {
        let note = "Ringde: Kerstin Holm, 070-174 06 31. Vill prata om bygglovet på tomten.\n";
        assert_class(note, RecordClass::WorkingMaterial);
        let certificate = "Tjänstgöringsintyg\n\nSofia Lindgren, 19850312-2387, har arbetat \
                           som lärare i Ekbacka 2019–2025.\n";
        assert_class(certificate, RecordClass::Register);
        assert_class("Lunch 12? Blir det pizza?\n", RecordClass::NotARecord);
    }

    /// A supplier's offer lists prices "exkl. moms" as an advert does, yet
    /// it is a received record; an automatic reply is of little importance.
    #[test]
    fn an_offer_is_registered_an_automatic_reply_is_of_little_importance() {
        let offer = "Från: Patrik Ålund <patrik@kontorsmobler.se>\nTill: registrator@akerby.se\n\
                     Ämne: Offert 2026-113 – möblering av receptionen\n\nHej!\n\n\
                     Här kommer vår offert. Summa exkl. moms: 142 080 kr.\n\
                     Offerten gäller i 60 dagar.\n\nMed vänliga hälsningar\nPatrik Ålund\n";
        assert_class(offer, RecordClass::Register);
        let auto = "From: Petra Holm <petra.holm@akerby.se>\nTo: registrator@akerby.se\n\
                    Subject: Automatiskt svar: Remiss regional plan\n\nHej!\n\n\
                    Jag är på semester till och med 24 februari.\n\nVänliga hälsningar\nPetra Holm\n";
        assert_class(auto, RecordClass::LittleImportance);
    }

    #[test]
    fn a_file_named_a_draft_is_working_material_a_folder_named_so_is_not_proof() {
        assert!(named_as_draft("HR/Annons undersköterska - utkast.txt"));
        assert!(named_as_draft("Gemensamt/UTKAST_7152.txt"));
        assert!(named_as_draft("arbetsmaterial 5581.docx"));
        assert!(named_as_draft("Plan (draft).pdf"));
        assert!(named_as_draft(
            "Folkets hus/att göra - telefonbokningar juni.txt"
        ));
        assert!(named_as_draft("TODO.txt"));
        assert!(
            !named_as_draft("Ansökan om att göra ändringar.txt"),
            "a to-do list says so first"
        );
        assert!(
            !named_as_draft("Utkast/Beslut bygglov.txt"),
            "only the folder"
        );
        assert!(!named_as_draft("Utkastets historia.txt"), "a longer word");
        assert!(filed_as_draft("Gemensamt/Utkast/brev till Robin.txt"));
        assert!(filed_as_draft("Kommunikation/Drafts/press release.txt"));
        assert!(!filed_as_draft("Utkastmallar/brev.txt"), "a longer word");
        assert!(
            !filed_as_draft("Gemensamt/utkast.txt"),
            "the file's own name"
        );
        assert!(filed_as_received(
            "Föreningsregistret/Inkommande/ändrade uppgifter.txt"
        ));
        assert!(filed_as_received("Inkomna ansökningar/ansökan.txt"));
        assert!(!filed_as_received("Inkomstdeklaration/underlag.txt"));
    }

    #[test]
    fn a_draft_folder_holds_working_material_unless_decided() {
        let reply =
            "Hej Anna,\n\nTack för ditt mejl om gatubelysningen. Vi lagar lampan i vecka 12.\n";
        let class =
            |path: &str, text: &str| crate::classify::tests::verdict_at(path, text).record.class;
        assert_eq!(
            class("Gemensamt/Utkast/svar belysning.txt", reply),
            RecordClass::WorkingMaterial
        );
        assert_ne!(
            class("Gemensamt/Svar/svar belysning.txt", reply),
            RecordClass::WorkingMaterial
        );
        let decided = "Beslut\n\nNämnden beslutar att bevilja ansökan.\n\nHur man överklagar: skriv till nämnden inom tre veckor.\n";
        assert_ne!(
            class("Gemensamt/Utkast/beslut.txt", decided),
            RecordClass::WorkingMaterial
        );
    }

    #[test]
    fn a_to_do_list_of_check_boxes_is_working_material_not_code() {
        let todo = "ATT GÖRA v.47   /U\n\nMÅN\n[x] ring mamman ang. samtal\n\
            [ ] skriva klart utredningen\n[ ] kolla vårdnaden\n[ ] boka tolk\n";
        assert_class(todo, RecordClass::WorkingMaterial);
    }

    #[test]
    fn a_contract_of_labelled_fields_is_not_configuration() {
        let contract = "ANSTÄLLNINGSAVTAL\n\nArbetsgivare: Ljusdals kommun\n\
            Arbetstagare: Mikael Åberg\nBefattning: Fastighetstekniker\n\
            Tillträde: 2025-11-01\nLön: 31 500 kr per månad\n\n\
            Avtalet har upprättats i två likalydande exemplar.\n";
        assert_class(contract, RecordClass::Register);
    }

    #[test]
    fn configuration_and_logs_are_still_code() {
        let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: arkivsvep-shard\n\
            spec:\n  parallelism: 4\n  completions: 4\n";
        assert_eq!(record_of(yaml).class, RecordClass::NotARecord);
        let log = "2025-03-01 08:00:01 INFO started\n2025-03-01 08:00:02 WARN disk 91%\n\
            2025-03-01 08:00:05 INFO stopped\n";
        assert_eq!(record_of(log).class, RecordClass::NotARecord);
    }

    #[test]
    fn a_bulleted_list_is_not_code() {
        let list = "Packlista fjällresa\n- sovsäck\n- liggunderlag\n- stormkök\n- pannlampa\n";
        let verdict = record_of(list);
        assert_eq!(verdict.class, RecordClass::NotARecord);
        assert!(
            !verdict.reasons.iter().any(|r| r.contains("källkod")),
            "{:?}",
            verdict.reasons
        );
    }

    #[test]
    fn an_ai_text_nobody_has_sent_is_working_material() {
        let text = "Information om vinterväghållning\n\nUnder vintern plogar vi gator \
            och cykelvägar när det har kommit mer än fem centimeter snö.\n\n\
            Texten är skriven med hjälp av Microsoft Copilot och granskad av \
            kommunikationsenheten.\n";
        assert_class(text, RecordClass::WorkingMaterial);
        // Without the AI note the same text shows nothing of the business.
        let plain = text.split("\n\nTexten").next().unwrap();
        assert_eq!(record_of(plain).class, RecordClass::NotARecord);
    }

    #[test]
    fn a_citizens_short_letter_is_received_correspondence() {
        let letter = "Till valnämnden\n\nJag har inte fått mitt röstkort till min nya \
            adress.\n\nHälsningar\nGöran Bäckström\n";
        assert_class(letter, RecordClass::Register);
        let mail =
            "Hej!\nKan ni återbetala avgiften för lägret?\nTack på förhand,\nPetra Lindahl\n";
        assert_eq!(record_of(mail).class, RecordClass::Register);
    }

    #[test]
    fn a_mail_signed_with_a_slash_is_correspondence() {
        let mail = "Hej Anders,\n\nJag är borta i två veckor från i dag. Intyget skickar \
            jag in senare.\n\n/Mikael Strand\n";
        assert_class(mail, RecordClass::Register);
    }

    #[test]
    fn an_adopted_guideline_about_drafts_is_no_draft() {
        let policy = "Riktlinje för generativ AI\nAntagen av kommunstyrelsen 2025-05-14, § 88\n\n\
            AI-genererade utkast är normalt arbetsmaterial. Märk texten: \"Texten har \
            tagits fram med stöd av [verktyg] och granskats av [namn].\"\n";
        assert_class(policy, RecordClass::Register);
        // The same text still to be adopted is a draft.
        let draft = policy.replace("Antagen av kommunstyrelsen 2025-05-14, § 88", "UTKAST");
        assert_class(&draft, RecordClass::WorkingMaterial);
        // Words about drafts in running text are about other documents,
        // adopted or not; only a blank left in the text itself marks one.
        let unmarked = policy.replace("Antagen av kommunstyrelsen 2025-05-14, § 88", "");
        assert_class(&unmarked, RecordClass::Register);
        let blank = unmarked.replace('"', "");
        assert_class(&blank, RecordClass::WorkingMaterial);
        // Adjusted minutes that mention drafts are no draft either.
        let minutes = "PROTOKOLL\nDigitaliseringsberedningen\nJusterat 2025-05-12\n\n\
            § 18 AI-pilot. Verktyget användes för första utkast till informationstexter.\n";
        assert_class(minutes, RecordClass::Register);
        // Minutes not yet adjusted are not yet a record (TF 2 kap. 12 §).
        let unadjusted = minutes.replace("Justerat", "Ej justerat");
        assert_class(&unadjusted, RecordClass::WorkingMaterial);
    }

    /// "Utkast till …" heads a draft; told in an AI note or a sentence it
    /// says how a finished text was made.
    #[test]
    fn a_draft_word_marks_a_draft_only_as_its_heading() {
        let memo = "Tjänsteskrivelse\nDnr KS 2025/0214\n\nFörslag till beslut\n\
            Kommunstyrelsen föreslås besluta att införa digitala trygghetslarm.\n\n\
            AI-verktyg: ChatGPT Enterprise. Första utkast till avsnitten Bakgrund och \
            Ekonomi. Granskad av Lena Sjöberg, utvecklingsstrateg.\n";
        assert_class(memo, RecordClass::Register);
        let headed = memo.replace("Tjänsteskrivelse\n", "Utkast till tjänsteskrivelse\n");
        assert_class(&headed, RecordClass::WorkingMaterial);
        let qualified = memo.replace("Tjänsteskrivelse\n", "Tjänsteskrivelse – arbetsmaterial\n");
        assert_class(&qualified, RecordClass::WorkingMaterial);
        let sentence = memo.replace(
            "Första utkast till avsnitten",
            "Utkast ska raderas automatiskt efter högst ett dygn i verktyget, som skrev",
        );
        assert_class(&sentence, RecordClass::Register);
    }

    /// A note's word in a heading or a short title makes a memory note;
    /// a routine that tells what to do with notes, or a list of papers
    /// that holds one, does not.
    #[test]
    fn a_memory_note_is_one_by_its_heading() {
        for heading in [
            "Minnesanteckningar – avstämning samverkansavtal",
            "APT Steget 26/2 – minnesanteckningar",
            "egna anteckningar hembesök Björkvägen, tis 18/3",
        ] {
            let text = format!("{heading}\n\nVi gick igenom läget och bestämde nästa steg.\n");
            assert_class(&text, RecordClass::WorkingMaterial);
        }
        let routine = "Rutin för informationsutbyte inom SSPF\nDnr SN 2024/561\n\n\
            Enhetschefen ansvarar för att rutinen är känd.\n\
            Anteckningar från ärendemöten förs av samordnaren och registreras i \
            socialnämndens diarium samma vecka som mötet hölls.\n\
            Bilaga: egna anteckningar med datum (1 sida)\n";
        assert_class(routine, RecordClass::Register);
    }

    /// A guideline that names newsletters among what it covers is no
    /// newsletter; the newsletter that speaks of itself is.
    #[test]
    fn a_mention_of_a_newsletter_is_no_newsletter() {
        let guideline = "Riktlinje för AI i kommunikationen\n\n\
            Riktlinjen gäller texter som publiceras eller skickas till hyresgäster: \
            nyhetsbrev, webbtexter och information om renoveringar.\n";
        assert_class(guideline, RecordClass::Register);
        let newsletter = "Hösten i kvarteret\n\nVälkommen till höstens städdag den 4 oktober!\n\n\
            Du får nyhetsbrevet för att du bor hos oss.\n";
        assert_class(newsletter, RecordClass::LittleImportance);
    }

    #[test]
    fn an_invoice_is_a_record_kept_in_order() {
        let invoice = "FAKTURA 100482\nLeverantör: Nordkontor AB\nFörfallodatum 2025-04-30\n\
            Att betala: 18 750,00 kr\nKopieringspapper A4, 40 kartonger\n";
        let verdict = assert_class(invoice, RecordClass::Register);
        assert!(verdict.reasons.iter().any(|r| r.contains("Faktura")));
        // An amount "exkl. moms" on an invoice is no advert's price.
        let priced = invoice.replace("Att betala", "Summa exkl. moms 15 000,00 kr\nAtt betala");
        assert_class(&priced, RecordClass::Register);
        // A form's ticked box is no blank to fill in.
        let form = "Ansökan om bostadsanpassningsbidrag\nSökande: Marita Kovács\n\
            [X] Jag samtycker till att kommunen hämtar uppgifter.\n";
        assert_class(form, RecordClass::Register);
        // Talking about an invoice is not one.
        let note = "Påminnelse: fakturan för lägret skickas ut i maj.\n";
        assert_eq!(record_of(note).class, RecordClass::NotARecord);
    }

    #[test]
    fn config_keys_are_identifiers_not_form_labels() {
        for key in [
            "server_name",
            "spring.datasource.url",
            "apiVersion",
            "Content-Type",
            "name",
        ] {
            assert!(is_config_key(key), "{key}");
        }
        for key in [
            "Arbetsgivare",
            "Lön",
            "Befattning",
            "Datum",
            "Namn på sökande",
        ] {
            assert!(!is_config_key(key), "{key}");
        }
    }
}
