//! Generative AI: was the document made with it, does it say so, and does it
//! break the guidelines?
//!
//! Evidence only, strongest first: machine-readable provenance (XMP
//! DigitalSourceType, C2PA), metadata naming an AI tool, chatbot leftovers in
//! the text, and the document's own disclosure note. Stylistic words are
//! reported as weak signals and never decide. No "AI detector" scores:
//! published detectors have false-positive rates a public authority cannot
//! act on.
//!
//! A disclosure note is parsed for the tool and the reviewer: both named is
//! `complete`, one missing `incomplete`. A note that is an *example* (blanks
//! like `[verktyg]`) or a *rule* ("material ska märkas …") is not a
//! disclosure — AI policies are full of them.

use std::sync::LazyLock;

use regex::Regex;

use super::personal::People;
use super::{AiVerdict, Disclosure, Facts, Lang, finding_context, finding_line};
use crate::extract::PartKind;
use crate::mask::Excerpt;
use crate::rules::{Category, Finding, RuleSet};
use crate::sniff::Format;

/// Kinds of AI evidence that decide `generated` on their own.
const DECISIVE: &[&str] = &[
    "ai-provenance",
    "ai-tool-metadata",
    "ai-chat-phrase",
    "ai-chat-artefact",
];

/// A tool named by its kind rather than its name ("AI-verktyget Lexa",
/// "AI-tjänsten Azure AI Speech", "the tool Scribe", "KommunGPT"); the
/// tools' names are the rule set's (`RuleSet::ai_tools`).
static TOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:ai-)?(?:verktyget|tjänsten)\s+(?-i:[A-ZÅÄÖ])[\w.-]+|(?:tool|service)\s+(?-i:[A-Z])[\w.-]+|[A-ZÅÄÖ][\w-]*(?:GPT|AI)\b)").unwrap()
});

static REVIEWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:kvalitets|fakta|språk)?granska(?:d|t|ts|des)|kvalitetssäkra(?:d|t|ts|des)|(?:fakta)?kontrollera(?:d|t|ts|des)|korrigera(?:d|t|ts|des)|justera(?:d|t|ts|des)|bearbeta(?:t|ts|des)|godkän(?:d|t|ts|des)|(?:genom|korrektur)läs(?:t|ts|tes)|läst(?:s|es)? igenom|bearbetad|reviewed|checked|verified|quality[- ]assured|approved|edited|corrected|revised|proof-?read|fact-checked|granskare|(?:kvalitets|fakta)?granskning|granskn|ansvarig|reviewer|review)\b[^\n]{0,24}?(?:\n[ \t]*)?(?:\b(?:av|by)\b|[:|\t])\s*(\S[^\n]{0,60})").unwrap()
});

/// A reviewer named before the verb: "Kommunikationsenheten har läst
/// igenom, faktagranskat och godkänt innehållet", "Enhetschef Eva Ek har
/// granskat texten". Pronouns and the text itself are not reviewers.
static REVIEWER_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[.!?]\s+|\n)((?-i:[A-ZÅÄÖ])[\w-]+(?:[ \t]+[\w-]+){{0,3}}?)(?:,[^,\n]{{1,40}},)?\s+har\s+(?:\w+\s+){{0,2}}?(?i:{HAS_REVIEWED})\b")).unwrap()
});

/// What a reviewer has done to the text, after "har": "läst igenom",
/// "granskat", "läst förslaget" …
const HAS_REVIEWED: &str = "läst igenom|genomläst|granskat|faktagranskat|kvalitetsgranskat|kvalitetssäkrat|kontrollerat|godkänt|korrekturläst|läst (?:förslaget|texten|utkastet|sammanfattningen|översättningen)|gått igenom|bearbetat|redigerat|rättat";

/// The writer as the reviewer: "jag har läst igenom och ändrat texten
/// innan den skrevs under. /Maria Lund" names whoever signs the note.
static REVIEWED_BY_ME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:jag|I)\s+(?:har|have)\s+(?:\w+\s+){{0,2}}?(?:{HAS_REVIEWED}|reviewed|checked|edited|corrected)\b")).unwrap()
});

/// A signature after a note: "/Maria Lund", "– Maria Lund".
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)[/–—]\s?((?-i:[A-ZÅÄÖ])\p{Ll}+(?:[ -](?-i:[A-ZÅÄÖ])\p{Ll}+){1,2})\b")
        .unwrap()
});

/// The name that signs a note whose writer says they reviewed the text.
fn writer_who_reviewed(context: &str) -> Option<String> {
    let said = REVIEWED_BY_ME.find(context)?;
    SIGNATURE
        .captures(&context[said.end()..])
        .map(|c| c[1].to_owned())
}

/// Subjects of `REVIEWER_FIRST` that name no one.
static NO_ONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jag|vi|man|den|det|denna|detta|texten|dokumentet|ai|ingen|någon)\b")
        .unwrap()
});

/// A blank in an example note: `[verktyg]`, `<namn>`, `___`, `X`.
static BLANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\[[^\]\n]{0,30}\]|<[^>\n]{1,30}>|_{3,}|\.{4,}|…{2,}|\bX\b|\bXX+\b|\bNN\b)")
        .unwrap()
});

/// The next label of a form or table ("Datum: 2025-03-25") where the
/// reviewer's cell was left empty.
static NEXT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}][\p{L} ]{0,20}:(?:\s|$)").unwrap());

/// A rule about notes rather than a note: modal verbs of obligation.
static OBLIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ska|skall|bör|måste|behöver|krävs|should|must|shall|required|exempel|example|t\.ex\.|mall)\b").unwrap()
});

/// A statement that is not about this document: a condition ("Om en text
/// har skapats med AI …"), a denial ("har inte tagits fram med AI", "är
/// skriven utan hjälp av AI", "Inga bilder är AI-genererade", "inga
/// AI-verktyg har använts") or someone's account of another text ("Min
/// kollega berättade att hennes möte sammanfattades av AI"). English
/// "not" only as a word of its own: "AI-not" (a note's heading) denies
/// nothing.
static NOT_A_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:om|när|ifall|if|when|inga|ingen|inget|no)\s|\b(?:inte|ej|icke|aldrig|utan|never|without)\b|\b(?:inga|ingen|inget|no)\s+(?:generativ\w*\s+)?(?:AI\b|AI-\w+|språkmodell\w*)|(?:^|[^\w-])not\b|\b(?:berättade|berättar|sade|sa|säger|uppgav|uppger|hörde|läste|skrev|menar|tror|påstod|påstår|hävdade|hävdar)\s+(?:\w+\s+){0,2}?att\b")
        .unwrap()
});

/// Whether a disclosure's matched text states no note: a condition or a
/// denial (`NOT_A_NOTE`). Lines of two words or fewer before it are
/// headings ("Om texten", "AI-not" above the note; the stop that ended the
/// sentence before), not the start of a condition.
fn states_no_note(value: &str) -> bool {
    let mut said = value.trim();
    while let Some((first, rest)) = said.split_once('\n')
        && first.split_whitespace().count() <= 2
    {
        said = rest.trim_start();
    }
    NOT_A_NOTE.is_match(said)
}

/// Decide the `ai` object.
pub fn assess(facts: &Facts, findings: &[Finding], people: &People, rules: &RuleSet) -> AiVerdict {
    let mut signals = Vec::new();
    let mut decisive = false;
    let mut chat_leftover = false;
    let office_body = matches!(facts.format, Format::Docx | Format::Pdf | Format::Odt);
    let mut markdown = 0;
    // A "## Heading" line is markdown beyond doubt; a single "#" may
    // number a list.
    let mut markdown_heading = false;
    let mut placeholders = 0;
    for f in findings.iter().filter(|f| f.category == Category::Ai) {
        match f.kind.as_str() {
            // A chatbot phrase in quotation marks is cited, not left over:
            // a guideline warning about "Hoppas detta hjälper!".
            "ai-chat-phrase" if is_quoted(facts, f) => {}
            k if DECISIVE.contains(&k) => {
                decisive = true;
                chat_leftover |= k.starts_with("ai-chat");
                push_signal(&mut signals, f);
            }
            "ai-markdown" if office_body && f.location.part != PartKind::Metadata => {
                markdown += 1;
                markdown_heading |= f.value.starts_with("##");
            }
            "placeholder" => placeholders += 1,
            "ai-style" => push_signal(&mut signals, f),
            _ => {}
        }
    }
    if facts.extracted.has_flag("c2pa-ai-source") {
        decisive = true;
        signals.push(
            "c2pa: manifest names an AI source type (present, signature not verified)".into(),
        );
    } else if facts.extracted.has_flag("c2pa-manifest") {
        signals.push(
            "c2pa: manifest present, no AI source type found (signature not verified)".into(),
        );
    }
    // Markdown left in a word-processor document: two or more marks, or
    // one heading of two or more hashes.
    if markdown >= 2 || markdown_heading {
        decisive = true;
        chat_leftover = true;
        signals.push(format!(
            "text: markdown formatting left in a {} body ({markdown}×)",
            facts.format.name()
        ));
    }
    if placeholders > 0 && chat_leftover {
        signals.push(format!(
            "text: unfilled placeholders next to chatbot text ({placeholders}×)"
        ));
    }
    let note = find_disclosure(facts, findings, rules);
    let disclosure = note.as_ref().map_or(Disclosure::None, |n| n.level);
    if let Some(n) = &note {
        signals.push(format!(
            "disclosure note ({}): \"{}\"",
            n.where_,
            Excerpt::of(&n.text)
        ));
    }
    let generated = decisive || note.is_some();
    if !generated {
        // Style words alone never decide; do not report them either.
        return AiVerdict::default();
    }
    let (violations, reasons) = violations(facts.lang, disclosure, note.as_ref(), findings, people);
    AiVerdict {
        generated,
        disclosure,
        violation: !violations.is_empty(),
        violations,
        signals,
        reasons,
    }
}

/// Whether a finding's text stands in quotation marks: it opens with one
/// (a match that begins at the line's start takes in the blanks and the
/// mark: `  "Absolut! Här kommer …"`), right after one, or after an odd
/// number of double marks on its line (`"Hoppas detta hjälper! Säg till
/// om du vill …"`).
fn is_quoted(facts: &Facts, f: &Finding) -> bool {
    let is_mark = |c: char| "\"“”„»«'‘’".contains(c);
    if (f.value.chars())
        .take_while(|c| !c.is_alphanumeric())
        .any(is_mark)
    {
        return true;
    }
    let Some(part) = facts.extracted.parts.get(f.part_index) else {
        return false;
    };
    let start = f.span.0.min(part.text.len());
    let before = &part.text[..start];
    let line = &before[super::line_start(before, before.len())..];
    let doubles = line.chars().filter(|&c| "\"“”„»«".contains(c)).count();
    before.chars().next_back().is_some_and(is_mark) || doubles % 2 == 1
}

fn push_signal(signals: &mut Vec<String>, f: &Finding) {
    let origin = match f.location.part {
        PartKind::Metadata => "metadata",
        _ => "text",
    };
    let what = match f.kind.as_str() {
        "ai-provenance" => "machine-readable AI provenance",
        "ai-tool-metadata" => "AI tool named",
        "ai-chat-phrase" => "leftover chatbot phrase",
        "ai-chat-artefact" => "chatbot citation token",
        "ai-style" => "weak stylistic signal",
        other => other,
    };
    let s = format!("{origin}: {what} \"{}\"", f.excerpt);
    if !signals.contains(&s) && signals.len() < 20 {
        signals.push(s);
    }
}

/// A parsed disclosure note.
struct Note {
    level: Disclosure,
    text: String,
    where_: &'static str,
    /// The reviewer's name as written, if the note names one.
    reviewer: Option<String>,
    part_index: usize,
    line: Option<u32>,
}

/// The text after a finding up to the end of its sentence: a rule's verb
/// may stand on the next line ("Texter som i huvudsak har tagits fram\n
/// med AI ska märkas enligt kommunens riktlinje").
fn rest_of_sentence<'a>(facts: &'a Facts, f: &Finding) -> &'a str {
    let (_, end) = super::personal::sentence_range(facts, f);
    super::part_text(facts.extracted, f)
        .get(f.span.1..end)
        .unwrap_or("")
}

/// Whether a finding stands inside a quotation on its line: the text a
/// chatbot is told to add ("Avsluta varje svar med: \"Svaret är framtaget
/// av en AI-assistent …\"") is no note on this file.
fn quoted(facts: &Facts, f: &Finding) -> bool {
    let text = super::part_text(facts.extracted, f);
    // From the match's first word: a match may take in the sentence's
    // opening mark (`: "Svaret är framtaget …`).
    let lead = f.value.find(char::is_alphanumeric).unwrap_or(0);
    let start = (f.span.0 + lead).min(text.len());
    let line_start = super::line_start(text, start);
    let quotes = text[line_start..start]
        .matches(['"', '“', '”', '«', '»'])
        .count();
    quotes % 2 == 1
}

/// An agenda item of minutes ("§ 31 Informationsblad …").
static AGENDA_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*§[ \t]*\d+").unwrap());

/// A sentence that names the minutes (or the document) as what was made.
static NAMES_THE_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:protokoll\w*|detta dokument|det här dokumentet|denna text|den här texten)\b",
    )
    .unwrap()
});

/// Whether a note stands in an item of minutes and speaks of the item's
/// document, not of the minutes: "§ 31 … Kansliet har tagit fram ett
/// informationsblad. Texten har tagits fram med stöd av ett AI-verktyg …"
/// is the leaflet's note, which the committee adopts. Minutes made with AI
/// say so of the minutes ("Protokollet har sammanställts med Copilot").
fn about_an_agenda_item(facts: &Facts, f: &Finding) -> bool {
    let text = super::part_text(facts.extracted, f);
    let (start, end) = super::personal::sentence_range(facts, f);
    let (Some(before), Some(sentence)) = (text.get(..start), text.get(start..end)) else {
        return false;
    };
    AGENDA_ITEM.is_match(before)
        && !NAMES_THE_MINUTES.is_match(sentence)
        && facts.says_up_front(&MINUTES_HEADING, 5)
}

/// Minutes say so in their name or heading: "SAMMANTRÄDESPROTOKOLL",
/// "Protokollsutdrag". (A statement that cites "§ 4" of a regulation does
/// not.)
static MINUTES_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:sammanträdes)?protokoll(?:sutdrag)?\b").unwrap());

/// The best disclosure note in the document, if any.
fn find_disclosure(facts: &Facts, findings: &[Finding], rules: &RuleSet) -> Option<Note> {
    let mut best: Option<Note> = None;
    for f in findings
        .iter()
        .filter(|f| f.category == Category::Disclosure)
    {
        let line = finding_line(facts.extracted, f);
        let context = finding_context(facts.extracted, f, 1, 6);
        if OBLIGATION.is_match(line)
            || OBLIGATION.is_match(rest_of_sentence(facts, f))
            || BLANK.is_match(line)
            || states_no_note(&f.value)
            || quoted(facts, f)
            || about_an_agenda_item(facts, f)
        {
            continue;
        }
        let tool = TOOL.is_match(&context)
            || rules
                .ai_tools
                .as_ref()
                .is_some_and(|t| t.is_match(&context));
        let reviewer = REVIEWER
            .captures(&context)
            .map(|c| {
                let label = c.get(0).map_or(0, |m| m.start());
                cell_below(&context, label).unwrap_or_else(|| c[1].trim().to_owned())
            })
            .filter(|r| {
                !BLANK.is_match(r) && !NEXT_LABEL.is_match(r) && r.chars().any(char::is_alphabetic)
            })
            .or_else(|| {
                REVIEWER_FIRST
                    .captures(&context)
                    .map(|c| c[1].trim().to_owned())
                    .filter(|r| !NO_ONE.is_match(r))
            })
            .or_else(|| writer_who_reviewed(&context));
        let level = if tool && reviewer.is_some() {
            Disclosure::Complete
        } else {
            Disclosure::Incomplete
        };
        let note = Note {
            level,
            text: context.replace('\n', " "),
            where_: f.location.part.as_str(),
            reviewer,
            part_index: f.part_index,
            line: f.location.line,
        };
        let better = match &best {
            None => true,
            Some(b) => b.level == Disclosure::Incomplete && level == Disclosure::Complete,
        };
        if better {
            best = Some(note);
        }
    }
    best
}

/// The guideline violations of an AI-generated document, with reasons.
fn violations(
    lang: Lang,
    disclosure: Disclosure,
    note: Option<&Note>,
    findings: &[Finding],
    people: &People,
) -> (Vec<String>, Vec<String>) {
    let mut v = Vec::new();
    let mut reasons = Vec::new();
    match disclosure {
        Disclosure::None => {
            v.push("no-disclosure".to_owned());
            reasons.push(lang.pick(
                "no-disclosure: AI-genererat material ska märkas med vilket AI-verktyg som använts och vem som granskat det (kommunens riktlinjer för generativ AI: transparens)",
                "no-disclosure: AI-generated material must state the AI tool used and who reviewed it (municipal AI guidelines: transparency)",
            ).to_owned());
        }
        Disclosure::Incomplete => {
            v.push("incomplete-disclosure".to_owned());
            reasons.push(lang.pick(
                "incomplete-disclosure: AI-noteringen saknar verktyget eller granskaren (kommunens riktlinjer för generativ AI: transparens)",
                "incomplete-disclosure: the AI note lacks the tool or the reviewer (municipal AI guidelines: transparency)",
            ).to_owned());
        }
        Disclosure::Complete => {}
    }
    // Only findings that count: a street in a mailing's route ("Hamngatan
    // 1–39") is dropped as no one's home and must not make a violation.
    let about_others = findings.iter().enumerate().any(|(i, f)| {
        f.category == Category::PersonalData
            && !people.dropped(i)
            && !is_reviewer(f, note, findings)
            && !is_reviewers_contact(f, note, findings)
    });
    if about_others {
        v.push("personal-data".to_owned());
        reasons.push(lang.pick(
            "personal-data: personuppgifter får inte föras in i publika AI-tjänster, och AI-genererat material med personuppgifter är en trolig incident att rapportera (GDPR art. 5, 32–33)",
            "personal-data: personal data must not be put into public AI tools; AI-made material holding it is a likely breach to report (GDPR art. 5, 32–33)",
        ).to_owned());
    }
    if !people.special_categories.is_empty() || people.secrecy {
        v.push("sensitive-data".to_owned());
        reasons.push(lang.pick(
            "sensitive-data: känsliga personuppgifter eller sekretessbelagda uppgifter får aldrig föras in i AI-tjänster (GDPR art. 9; OSL 10 kap.)",
            "sensitive-data: special-category or secret information must never be put into AI tools (GDPR art. 9; OSL 10 kap.)",
        ).to_owned());
    }
    v.sort();
    (v, reasons)
}

/// The cell under the one holding byte `at`, when `at` is in a table's
/// header row: a row of three or more cells parted by tabs, above a row of
/// as many ("Verktyg\tVad AI gjorde\tGranskat av\nChatGPT\tUtkast\tLena
/// Sjöberg" names Lena Sjöberg as the reviewer, not the tool beside her).
/// A two-cell row is a label and its value ("Granskad av\t–").
fn cell_below(text: &str, at: usize) -> Option<String> {
    let start = super::line_start(text, at);
    let end = start + text[start..].find('\n')?;
    let header: Vec<&str> = text[start..end].split('\t').collect();
    let below: Vec<&str> = text[end + 1..].lines().next()?.split('\t').collect();
    if header.len() < 3 || below.len() != header.len() {
        return None;
    }
    let column = text[start..at].matches('\t').count();
    let cell = below[column].trim();
    (!cell.is_empty()).then(|| cell.to_owned())
}

/// A name (or the reviewer's contact details) inside the disclosure note
/// belongs to the reviewer, whom the guidelines require to be named; so
/// does the same name elsewhere, such as the author in the document's
/// properties.
fn is_reviewer(f: &Finding, note: Option<&Note>, findings: &[Finding]) -> bool {
    let Some(note) = note else { return false };
    let in_note = |f: &Finding| {
        f.part_index == note.part_index
            && f.location
                .line
                .zip(note.line)
                .is_some_and(|(a, b)| a >= b && a <= b + 3)
    };
    let named = note
        .reviewer
        .as_deref()
        .is_some_and(|r| r.contains(f.value.as_str()));
    let named_in_note = f.kind == "name"
        && (findings.iter()).any(|o| o.kind == "name" && o.value == f.value && in_note(o));
    (in_note(f) && matches!(f.kind.as_str(), "name" | "email" | "phone")) || named || named_in_note
}

/// The reviewer's phone or e-mail elsewhere in the document: on the line
/// of a mention of the reviewer's name or the two lines after (a signature:
/// "Jonas Berg\nHandläggare\n0563-54 33 08, jonas.berg@kommun.se"), or an address whose
/// local part spells the name.
fn is_reviewers_contact(f: &Finding, note: Option<&Note>, findings: &[Finding]) -> bool {
    let Some(reviewer) = note.and_then(|n| n.reviewer.as_deref()) else {
        return false;
    };
    if !matches!(f.kind.as_str(), "email" | "phone") {
        return false;
    }
    let reviewer_names: Vec<&Finding> = findings
        .iter()
        .filter(|n| n.kind == "name" && reviewer.contains(n.value.as_str()))
        .collect();
    let next_to_name = reviewer_names.iter().any(|n| {
        n.part_index == f.part_index
            && n.location
                .line
                .zip(f.location.line)
                .is_some_and(|(a, b)| (a..=a + 2).contains(&b))
    });
    let spelled = f.kind == "email"
        && reviewer_names.iter().any(|n| {
            let local = fold(f.value.split('@').next().unwrap_or(""));
            n.value
                .split_whitespace()
                .all(|part| local.contains(&fold(part)))
        });
    next_to_name || spelled
}

/// Lower case, with letters written as mail addresses write them.
fn fold(s: &str) -> String {
    crate::rules::names::fold_to_ascii(&s.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::cell_below;
    use crate::classify::Disclosure;
    use crate::classify::tests::{verdict_of, verdict_of_as, verdict_of_parts};
    use crate::extract::{PartKind, TextPart};
    use crate::sniff::Format;

    #[test]
    fn a_chatbot_phrase_in_quotation_marks_is_cited_not_left_over() {
        let rule = "Ta alltid bort chattrester som \"Hoppas detta hjälper!\" innan \
            dokumentet skickas.\n";
        assert!(!verdict_of(rule).ai.generated);
        let leftover = "Här är sammanfattningen av mötet.\n\nHoppas detta hjälper!\n";
        assert!(verdict_of(leftover).ai.generated);
        // Examples set out on lines of their own, in quotation marks.
        let examples = "Exempel på chattrester:\n\n  \"Absolut! Här kommer ett förslag på ett svar:\"\n\
            \n  \"Sure, here's a revised version with a more formal tone:\"\n\
            \n  \"Hoppas detta hjälper! Säg till om du vill att jag kortar texten.\"\n";
        assert!(!verdict_of(examples).ai.generated);
    }

    /// A heading above the note ("AI-not", "Om texten") neither denies nor
    /// makes a condition of it; "Om en text har skapats med AI …" is one.
    #[test]
    fn a_heading_above_a_note_is_not_a_condition_or_a_denial() {
        let notes = |heading: &str| {
            let text = format!(
                "Anteckningar från arbetsmötet\n\nNästa möte 3 juni.\n{heading}\n\
                 Anteckningarna har sammanställts automatiskt av Copilot. Texten har \
                 granskats av Lena Falk, utvecklingsledare.\n"
            );
            verdict_of_as(&text, Format::Txt).ai
        };
        for heading in ["AI-not", "Om texten"] {
            let ai = notes(heading);
            assert!(ai.generated, "{heading}");
            assert_eq!(ai.disclosure, Disclosure::Complete, "{heading}");
        }
        assert!(
            !notes("Om en text").generated,
            "a condition spelt over two lines"
        );
        let denial = "Nyhetsbrev maj\n\nTexten har inte skrivits med hjälp av Copilot.\n";
        assert!(!verdict_of_as(denial, Format::Txt).ai.generated);
    }

    #[test]
    fn a_street_that_is_no_ones_home_makes_no_violation() {
        let letter = "Till alla fastighetsägare längs Storgatan\n\nGrävarbeten på \
            Storgatan 2–48 pågår under vecka 12. Framkomligheten begränsas.\n\n\
            Texten är skriven med hjälp av ChatGPT och granskad av Petra Holm, gatuingenjör.\n";
        let v = verdict_of_as(letter, Format::Txt);
        assert!(v.ai.generated);
        assert!(v.personal_data.iter().all(|k| k == "name"), "{v:?}");
        assert!(v.ai.violations.is_empty(), "{:?}", v.ai.violations);
    }

    #[test]
    fn a_reply_written_with_ai_and_read_through_by_its_officer() {
        let reply = |note: &str| {
            let text =
                format!("Svar på medborgarfråga\n\nTack för din fråga om bussen.\n\n{note}\n");
            verdict_of_as(&text, Format::Txt).ai
        };
        let vague = reply(
            "OBS! Svaret är framtaget med hjälp av en AI-tjänst och har lästs igenom av handläggaren.",
        );
        assert!(vague.generated);
        assert_eq!(vague.disclosure, Disclosure::Incomplete, "no tool named");
        let full = reply(
            "Svaret är framtaget med hjälp av ChatGPT och har lästs igenom av handläggare Eva Lind.",
        );
        assert_eq!(full.disclosure, Disclosure::Complete);
        // Talking about AI is no note.
        assert!(!reply("Svaret är att vi inte använder AI i handläggningen.").generated);
        // A denial and a condition are no note either; a note on a
        // newsletter under its own name is.
        assert!(!reply("Svaret har inte tagits fram med hjälp av ChatGPT.").generated);
        assert!(!reply("Motionen är skriven utan hjälp av AI.").generated);
        // A heading "Om …" over a table is a note, not a condition.
        let table = reply(
            "Om AI-användning i denna skrivelse\nVerktyg\tMicrosoft 365 Copilot Chat\nGranskad av\tEva Lind, nämndsekreterare",
        );
        assert_eq!(table.disclosure, Disclosure::Complete);
        assert!(
            !reply("Om en text har skapats med hjälp av Copilot framgår det av sidfoten.")
                .generated
        );
        let named = reply(
            "Om texten: Seniornytt har skrivits med stöd av ChatGPT och granskats av Lena Åberg.",
        );
        assert_eq!(named.disclosure, Disclosure::Complete);
        // The reviewer as the subject, the tool across a line break.
        let unit = reply(
            "Om texten: Ett första utkast skrevs med hjälp av AI-tjänsten Microsoft 365\n\
             Copilot. Kommunikationsenheten har läst igenom och godkänt innehållet.",
        );
        assert_eq!(unit.disclosure, Disclosure::Complete);
        // The line wrapped between the verb and its "av".
        let wrapped = reply(
            "Texten är framtagen med hjälp av Microsoft Copilot och har granskats och \
             faktakontrollerats\nav kommunikationsavdelningen i Bergviks kommun.",
        );
        assert_eq!(wrapped.disclosure, Disclosure::Complete);
        let writer = reply("Texten skrevs med hjälp av Copilot. Jag har läst igenom den.");
        assert_eq!(
            writer.disclosure,
            Disclosure::Incomplete,
            "'jag' names no one"
        );
    }

    #[test]
    fn a_note_as_labelled_lines_names_its_reviewer() {
        let text = "Information om friskvårdsbidrag 2025\n\nAlla anställda har rätt till \
            bidrag.\n\nAI-stöd: Microsoft Copilot\nGranskning: HR-avdelningen\n";
        let v = verdict_of(text);
        assert!(v.ai.generated);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        let unreviewed = text.replace("Granskning: HR-avdelningen\n", "");
        assert_eq!(
            verdict_of(&unreviewed).ai.disclosure,
            Disclosure::Incomplete
        );
    }

    /// Word writes a table's rows as lines of tab-parted cells: the
    /// reviewer is the cell under "Granskat av", not the tool beside it.
    #[test]
    fn a_note_as_a_table_with_a_header_row_names_the_reviewer_below() {
        let text = "Tjänsteskrivelse\nHandläggare: Lena Sjöberg, lena.sjoberg@bransjo.se\n\
            Digitala trygghetslarm ersätter de analoga under 2025.\n\
            Användning av AI i detta dokument\n\
            Verktyg\tVad AI gjorde\tGranskat och godkänt av\n\
            ChatGPT Enterprise (OpenAI)\tFörsta utkast till bakgrunden\tLena Sjöberg, utvecklingsstrateg\n";
        let v = verdict_of(text);
        assert!(v.ai.generated, "{:?}", v.ai.signals);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        assert!(v.ai.violations.is_empty(), "{:?}", v.ai.violations);
        assert_eq!(
            cell_below("a\tGranskat av\tc\nx\tLena Sjöberg\tz\n", 2).as_deref(),
            Some("Lena Sjöberg")
        );
        assert_eq!(cell_below("Granskat av: Lena\nx\ty", 0), None, "no table");
        assert_eq!(
            cell_below("Granskad av\t–\nDatum\t2025-05-07", 0),
            None,
            "label, value"
        );
    }

    #[test]
    fn a_note_as_a_table_at_the_top_names_tool_and_reviewer() {
        let text = "| Uppgift om AI-användning |                       |\n\
            | Verktyg                  | Claude, via kommunens avtal |\n\
            | Granskad och faktakontroll | Per Ström, planarkitekt |\n\n\
            Tjänsteskrivelse\nHandläggare: Per Ström, planarkitekt\n\
            0563-54 33 08, per.strom@alvmora.se\nRevidering av avfallsplanen.\n";
        let v = verdict_of(text);
        assert!(v.ai.generated, "{:?}", v.ai.signals);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        // The reviewer's own phone and address are no one else's data.
        assert!(v.personal_data.contains(&"phone".to_string()), "{v:?}");
        assert!(v.ai.violations.is_empty(), "{:?}", v.ai.violations);
        // A signature: name, title, then the contact line.
        let signed = text.replace(
            "Handläggare: Per Ström, planarkitekt\n",
            "Per Ström\nPlanarkitekt, samhällsbyggnad\n",
        );
        assert!(verdict_of(&signed).ai.violations.is_empty());
        let other = text.replace(
            "0563-54 33 08, per.strom",
            "\nKarin Ek, 070-123 45 67, karin.ek",
        );
        assert_eq!(verdict_of(&other).ai.violations, ["personal-data"]);
    }

    #[test]
    fn a_note_whose_reviewer_corrected_the_text_is_complete() {
        let text = "Webbsammanfattning\n\nFullmäktige beslutade om taxan.\n\n\
            Om texten: Sammanfattningen har tagits fram med hjälp av Microsoft 365 Copilot utifrån\n\
            ljudupptagningen. Texten har granskats mot upptagningen och\n\
            korrigerats av kommunsekreterare Lena Ahlgren, kommunkansliet.\n";
        let v = verdict_of(text);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        let text = "Informationsblad\n\nOm den här texten\nTexten har tagits fram med hjälp av \
            AI-verktyget Microsoft 365 Copilot. Den har granskats, faktakontrollerats och \
            bearbetats av Sofia Lind, jurist.\n";
        let v = verdict_of(text);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
    }

    /// Reviewers told in other ways: in English ("corrected by"), with a
    /// title between name and verb ("Sofia Berglund, lärare i svenska, har
    /// läst förslaget"), or as the writer who signs ("jag har läst igenom
    /// … /Maria Lund").
    #[test]
    fn a_reviewer_named_in_other_words_completes_the_note() {
        let complete = |text: &str| {
            let v = verdict_of(text);
            assert!(v.ai.generated, "{text}");
            assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        };
        complete(
            "AI notice: first draft produced by Microsoft Copilot from the Teams transcript;\n\
             checked against my own notes and corrected by Helena Sjöberg (recruiting manager).\n\n\
             Intervju med sökande\n",
        );
        complete(
            "Återkoppling\n\nÅterkopplingen bygger på ett förslag från Microsoft Copilot. \
             Sofia Berglund, lärare i svenska, har läst förslaget mot elevens text.\n",
        );
        let signed = "Referens\n\nPS. Jag har använt Copilot som stöd för formuleringarna, \
            men innehållet är mitt eget och jag har läst igenom och ändrat texten innan den skrevs under. /Maria Lund\n";
        complete(signed);
        let unsigned = signed.replace(" /Maria Lund", "");
        assert_eq!(verdict_of(&unsigned).ai.disclosure, Disclosure::Incomplete);
    }

    /// A bare "AI-stöd har använts." on a line of its own is a note that
    /// names neither tool nor reviewer; a colleague's story about another
    /// meeting is no note at all.
    #[test]
    fn a_bare_note_is_incomplete_a_story_is_none() {
        let v = verdict_of("HR-nytt juni\n\nTrevlig sommar!\n\nAI-stöd har använts.\n");
        assert!(v.ai.generated);
        assert_eq!(v.ai.disclosure, Disclosure::Incomplete);
        let story = "Hej!\n\nJag vill inte att mötet spelas in.\n\
            Min kollega berättade att hennes möte sammanfattades av AI och att det blev fel.\n";
        assert!(!verdict_of(story).ai.generated);
    }

    /// A rule about notes, its verb on the next line, and the text a
    /// chatbot is told to add are no notes on the file that holds them.
    #[test]
    fn a_note_in_an_agenda_item_is_the_items_document_not_the_minutes() {
        let minutes = "SAMMANTRÄDESPROTOKOLL\nSocialnämnden 2025-03-04\n\n§ 12 Ny broschyr om hemtjänst\n\
            Förvaltningen har skrivit en broschyr. Texten har skrivits med hjälp av ChatGPT och granskats av enhetschefen.\n\
            Nämnden beslutar att godkänna broschyren.\n";
        let v = verdict_of(minutes);
        assert!(!v.ai.generated, "{:?}", v.ai.signals);
        let made = minutes.replace("Texten har skrivits", "Protokollet har skrivits");
        assert!(
            verdict_of(&made).ai.generated,
            "minutes that say they were made with AI"
        );
        let statement = minutes.replace("SAMMANTRÄDESPROTOKOLL", "YTTRANDE");
        assert!(
            verdict_of(&statement).ai.generated,
            "a § of a regulation is no agenda item"
        );
    }

    #[test]
    fn a_rule_over_two_lines_or_a_quoted_instruction_is_no_note() {
        let dpia = "Åtgärder\nTranskribering får bara aktiveras efter information. Texter som i huvudsak har tagits fram\n\
            med AI ska märkas enligt kommunens riktlinje.\n";
        assert!(
            !verdict_of(dpia).ai.generated,
            "{:?}",
            verdict_of(dpia).ai.signals
        );
        let config = "assistant:\n  rules: |\n    Avsluta varje svar med: \"Svaret är framtaget av en AI-assistent och kan innehålla fel.\"\n";
        assert!(
            !verdict_of(config).ai.generated,
            "{:?}",
            verdict_of(config).ai.signals
        );
    }

    #[test]
    fn a_translations_table_names_its_tool_and_reviewer() {
        let text = "Decision on financial assistance\n\nThe application is granted.\n\n\
            About this translation\nTranslated with\tMicrosoft 365 Copilot (from the Swedish original)\n\
            Reviewed by\tAmira Haddad, socialsekreterare\n";
        let v = verdict_of_as(text, Format::Docx);
        assert!(v.ai.generated, "{:?}", v.ai.signals);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
    }

    /// A tool named by what it is ("AI-tjänsten Azure AI Speech") or from
    /// the rules' `ai-tool` list (machine translation, speech to text).
    #[test]
    fn a_note_names_its_tool_by_kind_or_from_the_rules_list() {
        let text = "WEBVTT\n\nNOTE\nTextningen är skapad med AI-tjänsten Azure AI Speech och granskad av\n\
            Linnea Åkerström, kommunikationsavdelningen.\n";
        let v = verdict_of(text);
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        let text = "Beslut om ledsagarservice\n\nÖversatt med Google Translate.\n\nBeviljas.\n";
        let v = verdict_of(text);
        assert!(v.ai.generated, "{:?}", v.ai.signals);
        assert_eq!(
            v.ai.disclosure,
            Disclosure::Incomplete,
            "{:?}",
            v.ai.signals
        );
        let text = "Information\n\nThis leaflet was translated from Swedish with DeepL Pro and \
            reviewed by the Communications Unit.\n";
        assert_eq!(verdict_of(text).ai.disclosure, Disclosure::Complete);
        let text = "Möte\n\nAI-tjänsten och dess risker diskuterades. Texten är skapad med \
            AI-tjänsten och granskad av Eva Ek.\n";
        assert_eq!(
            verdict_of(text).ai.disclosure,
            Disclosure::Incomplete,
            "no name, no tool"
        );
    }

    /// Reviewers as hurried notes and minutes name them: "granskn.:", "…
    /// granskats och\njusterats av …"; a denial that opens with "Inga" is
    /// no note.
    #[test]
    fn abbreviated_and_adjusting_reviewers_complete_a_note_a_denial_is_none() {
        let text = "Utskick\n\nNy taxa från 1 januari.\n\n\
            AI-stöd: Claude (Anthropic) | granskn.: Elin Vesterberg, kommunikatör\n";
        assert_eq!(verdict_of(text).ai.disclosure, Disclosure::Complete);
        let text = "Sammanfattning\n\nSammanfattningen har tagits fram med hjälp av Claude och därefter granskats och\n\
            justerats av 1:e socialsekreterare vid enheten för barn och unga.\n";
        assert_eq!(verdict_of(text).ai.disclosure, Disclosure::Complete);
        let text = "Fotodokumentation\n\nBilderna togs 2025-04-16.\n\
            Inga bilder är AI-genererade eller AI-redigerade; de har endast beskurits.\n";
        let v = verdict_of(text);
        assert!(!v.ai.generated, "{:?}", v.ai.signals);
        assert_eq!(v.ai.disclosure, Disclosure::None);
        let text = "Uppföljning 2024\n\nSammanställningen är gjord manuellt i Excel; inga AI-verktyg har använts.\n";
        assert!(!verdict_of(text).ai.generated);
    }

    /// The reviewer is often the document's author too: their name in the
    /// properties is the reviewer's, not data about someone else.
    #[test]
    fn the_reviewer_as_the_author_in_the_properties_is_still_the_reviewer() {
        let body = "Lektionsplanering demokrati\n\nVecka 40: riksdagen och regeringen.\n\n\
            Om AI-användning\nVerktyg\tMicrosoft Copilot\n\
            Granskning\tInnehållet är granskat och godkänt av Maria Lindqvist, lärare i SO.\n";
        let parts = |creator: &str| {
            vec![
                TextPart::new(PartKind::Body, body),
                TextPart::new(PartKind::Metadata, format!("dc:creator: {creator}\n")),
            ]
        };
        let v = verdict_of_parts(parts("Maria Lindqvist"), Format::Docx, "plan.docx");
        assert_eq!(v.ai.disclosure, Disclosure::Complete, "{:?}", v.ai.signals);
        assert!(v.ai.violations.is_empty(), "{:?}", v.ai.violations);
        let v = verdict_of_parts(parts("Karin Ek"), Format::Docx, "plan.docx");
        assert_eq!(v.ai.violations, ["personal-data"]);
    }

    #[test]
    fn one_markdown_heading_in_a_pdf_is_chatbot_output() {
        let page = "Arbetsmaterial\n### Bakgrund\nOm du inte kan försörja dig kan du ha rätt till bistånd.\n";
        assert!(verdict_of_as(page, Format::Pdf).ai.generated);
        // A single hash may number a list: one such line is not enough.
        let list = "Punkter\n# 1 Inledning\nTexten är viktig för alla.\n";
        assert!(!verdict_of_as(list, Format::Pdf).ai.generated);
        // Plain text files may be markdown on purpose.
        assert!(!verdict_of_as(page, Format::Txt).ai.generated);
    }
}
