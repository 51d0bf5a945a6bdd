//! Whether a sensitive word is about someone: the sentence around it, the
//! one before, the names, pronouns and roles in them, and the words that
//! make a sentence general (a policy, a statistic, the law's harm test).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::reading::Reading;
use crate::classify::Facts;
use crate::extract::PartKind;
use crate::rules::{Finding, RuleSet};

/// Words that make a sentence about one person.
static ABOUT_ONE_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hon|han|hen|honom|henne|henom|hans|hennes|hens|eleven|elevens|barnet|barnets|sökande(?:n|ns)?|klienten|klientens|patienten|patientens|brukaren|brukarens|den enskilde|den enskildes|mamma|pappa|modern|fadern|sonen|dottern|vår son|vår dotter|medarbetaren|arbetstagaren|den anställde|vårdnadshavaren|vårdnadshavarna|flickan|pojken|kvinnan|mannen|mamman|pappan|ungdomen|den unge|vårdtagaren|vårdtagarens)\b").unwrap()
});

/// A manager's or an officer's title after a name: "Magnus Tell,
/// socialchef", "Eva Ek, biståndshandläggare".
const STAFF_TITLES: &str = r"(?:\w*chef|\w*handläggare|socialsekreterare|nämndsekreterare|registrator|controller|upphandlare)\b";
static STAFF_TITLE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^,[ \t]*(?:\w+[ \t]+)?{STAFF_TITLES}")).unwrap());
static STAFF_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\p{{Lu}}\p{{Ll}}+(?:[ -]\p{{Lu}}\p{{Ll}}+){{1,2}},[ \t]*(?:\w+[ \t]+)?{STAFF_TITLES}"
    ))
    .unwrap()
});

/// The writer speaking of themselves ("jag är sjukskriven") — unless the
/// sentence is a survey's statement with its results in columns ("Känner
/// mig trygg med hemtjänsten 87 % 89 %"), which is everyone's answer.
static FIRST_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:jag|mig|min|mitt|mina)\b").unwrap());
static SURVEY_RESULTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d ?%[^\n]*\d ?%").unwrap());

/// The reader addressed in a letter to a named person ("Hej Robin, …
/// Eftersom du har försörjningsstöd …") or persons ("Hej Anna och Per, …
/// er hemtjänst"), in Swedish or in a letter's English translation ("Dear
/// Olena Kovalenko, … your daughter").
static SECOND_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:du|dig|din|ditt|dina|ni|er|era|ert|you|your|yours)\b").unwrap()
});

/// What a letter tells anyone in the reader's place: a condition ("om du
/// har …") or an offer ("du kan ansöka om …").
static ANYONE_IN_YOUR_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:om|ifall|när|innan|såvida) (?:du|ni)\b|\b(?:du|ni) (?:kan|får|bör|skulle kunna|har rätt)\b",
    )
    .unwrap()
});

/// A sentence that says its person cannot be identified: "uppgifter om en
/// brukares hälsa, men inte namn eller personnummer", "utan att elevens
/// namn fanns med", "avidentifierade", or speaks of "uppgifter om en
/// boende" (some resident), of "två meningar om en väljares hälsa" or
/// "en namngiven väljare" (a decision on what to release: the person is
/// named in the papers withheld, not here).
static DEIDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:utan (?:att )?(?:\w+s )?(?:namn|personnummer)|inte (?:\w+s )?(?:namn|personnummer)|avidentifiera\w*|anonymisera\w*|(?:ej|inte|icke) identifierbar\w*|(?:uppgifter|information) om en (?:\w+ )?(?:boende|brukare|patient|elev|klient|vårdtagare|person|medborgare)|(?:uppgift(?:er)?|information|meningar?|anteckning(?:ar)?) om en \w+s|en namngiven)\b").unwrap()
});

/// A share or a count of people, not a person: "var tredje sökande",
/// "de flesta brukarna", "hälften av eleverna", "antalet avslag", "bland
/// sökande 20–64 år".
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:var (?:och en av|annan|tredje|fjärde|femte|sjätte|tionde)|varannan|de flesta|hälften av|majoriteten av|andelen|antalet|bland|flera|många|ingen|varje)[ \t]+\w+").unwrap()
});

/// A group of people counted or spoken of in general: "många barn har
/// allergier", "några elever". A writer who speaks of them ("Jag vet att
/// många barn har allergier") tells nothing of themselves.
static PEOPLE_IN_GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:många|flera|några|alla|de flesta|en del)[ \t]+(?:av[ \t]+)?(?:barn|barnen|elever|eleverna|brukare|brukarna|patienter|personer|invånare|föräldrar|familjer|ungdomar|medarbetare|boende|de boende|äldre)\b").unwrap()
});

/// OSL's harm test as guidelines and decisions quote it: "utan att den
/// enskilde eller någon närstående lider men" (26 kap. 1 §, 25 kap. 1 §
/// …), "om det måste antas att den enskilde eller någon närstående till
/// denne kommer att lida betydande men" (21 kap. 1 §), "den enskilde
/// lider skada" (31 kap. 16 §), over line ends.
static HARM_TEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bden\s+enskilde\s+(?:eller\s+någon\s+(?:(?:honom|henne|hen)\s+)?närstående\s+(?:till\s+(?:denne|honom|henne|hen)\s+)?)?(?:lider|kan\s+lida|kommer\s+att\s+lida|skulle\s+lida)\s+(?:(?:betydande|allvarligt)\s+)?(?:(?:skada\s+eller\s+)?men|skada)\b").unwrap()
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
pub(super) static ONE_PERSON_DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:en|ett) (?:flicka|pojke|kvinna|man|tjej|kille|barn|elev|ungdom|person|patient|brukare|klient),? (?:född \d{4}|\d{1,3} år\b)|\b(?:flicka|pojke|kvinna|man|tjej|kille|ungdom|patient|brukare|klient),? född \d{4}|(?:en|ett) \d{1,3}-årig[at]? (?:flicka|pojke|kvinna|man|tjej|kille|barn|elev|ungdom|person|patient|brukare|klient)\b)").unwrap()
});

/// Words that make a sentence general: a list of categories, a policy.
static GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:t\.ex\.|till exempel|exempelvis|såsom|känsliga personuppgifter|särskilda kategorier|personuppgifter som|uppgifter om (?:hälsa|etnicitet|religion)|får inte|ska inte|bör inte|(?:får|ska|skall|bör|måste) aldrig|i allmänhet|generellt|statistik|andel|antal|procent|%|volym\w*|kostnad\w*|nettokostnad\w*|budget\w*|prognos\w*|underskott\w*|överskott\w*|miljoner kronor|mnkr|tkr|bemanning\w*|interpellation\w*|motion(?:en)?|målgrupp\w*|invånare|befolkning\w*)").unwrap()
});

/// Whether a special-category finding concerns an identifiable individual.
/// Judged on the sentence, not the line: extracted text wraps anywhere.
pub(super) fn tied_to_person(
    facts: &Facts,
    f: &Finding,
    all: &[Finding],
    has_id: bool,
    reading: &Reading,
    rules: &RuleSet,
) -> bool {
    let whole_sentence = sentence_around(facts, f);
    let in_role = reading.acts_in_role(whole_sentence)
        || reading.acts_in_role(&with_line_before(facts, f, whole_sentence));
    let people = if in_role {
        Cow::Owned(reading.without_representatives(whole_sentence))
    } else {
        Cow::Borrowed(whole_sentence)
    };
    // A decision-maker signing for the social services ("ramavtal Magnus
    // Tell, socialchef") is not the one the care is for.
    let people = if f.kind == "social-care" && STAFF_NAMED.is_match(&people) {
        Cow::Owned(STAFF_NAMED.replace_all(&people, "").into_owned())
    } else {
        people
    };
    let sentence: &str = &people;
    // The law's harm test speaks of anyone: its "den enskilde" is no one;
    // nor is "var tredje sökande" of a statistic.
    let own_words = HARM_TEST.replace_all(sentence, "");
    let own_words = COUNTED.replace_all(&own_words, "");
    let pointed_at = !reading.generic
        && !STATISTIC_ROW.is_match(sentence)
        && (!reading.nameless && ABOUT_ONE_PERSON.is_match(&own_words)
            || FIRST_PERSON.is_match(sentence)
                && !reading.answers_in_office
                && !SURVEY_RESULTS.is_match(sentence)
                && !PEOPLE_IN_GENERAL.is_match(sentence)
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
    let acting = |o: &Finding| {
        in_role && reading.representatives.contains(&o.value)
            || f.kind == "social-care"
                && STAFF_TITLE_AFTER.is_match(crate::classify::text_after(facts.extracted, o))
    };
    let named = |from: usize, to: usize| {
        all.iter().any(|o| {
            o.kind == "name"
                && o.part_index == f.part_index
                && o.span.0 >= from
                && o.span.1 <= to
                && !acting(o)
        })
    };
    // "Uppgifter om en brukares hälsa, men inte namn": no one to tie to;
    // nor "er hemtjänst" in a speech to a hall of pensioners.
    let audience = !reading.addressee && owned_by_audience(facts, f);
    if (DEIDENTIFIED.is_match(sentence) || audience) && !named(from, to) {
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

/// Whether the finding follows the possessive of a plural "you" or of
/// "one": "er hemtjänst" in a speech to a hall of pensioners, "ens
/// sjukskrivning". (In a letter to named people, "er ansökan" is theirs:
/// the caller asks only when the text greets no one by name.)
fn owned_by_audience(facts: &Facts, f: &Finding) -> bool {
    static PLURAL_POSSESSIVE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:er|era|ert|ens)[ \t]+$").unwrap());
    PLURAL_POSSESSIVE.is_match(crate::classify::text_before(facts.extracted, f, 12))
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
    if !text[..end].ends_with(['.', '!', '?'])
        || text[end..from].contains("\n\n")
        || is_item_number(&text[crate::classify::line_start(text, end)..end])
    {
        return None;
    }
    Some((text, sentence_start(text, end - 1), end))
}

/// A capitalised given name inside the sentence: "… har Kristofer diabetes".
/// At the start, where any word is capitalised, only a name followed by a
/// word in lower case counts ("Elias går i årskurs 2"), not a heading.
pub(super) fn names_someone(sentence: &str, rules: &RuleSet) -> bool {
    // Laws named after people name no one: "anmält enligt lex Maria";
    // nor do titles and firms joined by "&": "enkäten Liv & hälsa ung".
    let sentence = LEX.replace_all(sentence, "");
    let sentence = JOINED_BY_AMPERSAND.replace_all(&sentence, "");
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

/// "lex Maria", "lex Sarah": the reporting duties of health and social
/// care.
static LEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?i:lex)[ \t]+\p{Lu}\p{Ll}+").unwrap());

/// A capitalised word joined to the next by "&": a title or a firm's
/// name ("Liv & hälsa ung", "Berg & Son"), not a person.
static JOINED_BY_AMPERSAND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\p{Lu}\p{Ll}+[ \t]*&[ \t]*\p{L}+").unwrap());

/// A sentence that opens a line, with the line before it when that line
/// runs on into it (no stop at its end): a name at a line's start looks
/// like a new sentence ("… en interpellation till socialnämndens
/// ordförande\nHanna Sundqvist (S) om att …"), and the act it belongs to
/// is on the line above.
fn with_line_before<'a>(facts: &'a Facts, f: &Finding, sentence: &'a str) -> Cow<'a, str> {
    let (from, _) = sentence_range(facts, f);
    let before = &crate::classify::part_text(facts.extracted, f)[..from];
    let Some(above) = before
        .strip_suffix('\n')
        .map(|b| &b[crate::classify::line_start(b, b.len())..])
    else {
        return Cow::Borrowed(sentence);
    };
    if above.trim_end().ends_with(['.', '!', '?', ':']) {
        return Cow::Borrowed(sentence);
    }
    Cow::Owned(format!("{above} {sentence}"))
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
        .find(|&i| opens_a_sentence(&s[i..]))
}

/// Offset of the first newline in `s` after which a capitalised line starts.
fn first_capital_line(s: &str) -> Option<usize> {
    s.match_indices('\n')
        .map(|(i, _)| i)
        .find(|&i| opens_a_sentence(&s[i + 1..]))
}

/// Whether `s` is only a list item's number ("  8.", "3)"): the stop after
/// it ends no sentence.
fn is_item_number(s: &str) -> bool {
    let s = s.trim();
    item_number_len(s) == Some(s.len())
}

/// The length of the list item's number ("8.", "12)") that `s` opens with.
fn item_number_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let mark = s[digits..].starts_with(['.', ')']);
    ((1..=3).contains(&digits) && mark).then_some(digits + 1)
}

/// Whether a line (`rest` from its start on) opens a sentence of its own:
/// a capital, or a numbered item ("  8. Anmälan av medborgarförslag …",
/// "3) …"): an agenda's items are separate matters, whoever the item above
/// names.
fn opens_a_sentence(rest: &str) -> bool {
    if rest.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let item = rest.trim_start_matches([' ', '\t']);
    item_number_len(item).is_some_and(|n| item[n..].starts_with(' '))
}

/// Byte range of the sentence holding a finding: back to the previous
/// sentence end or blank line, forward to the next, at most 300 bytes
/// either way. In the document's properties each line is a field of its
/// own ("dc:title: …", "dc:creator: …"), whatever its case: a title's
/// "åk 8" is not in one sentence with the author's name.
pub(crate) fn sentence_range(facts: &Facts, f: &Finding) -> (usize, usize) {
    let Some(part) = facts.extracted.parts.get(f.part_index) else {
        return (0, 0);
    };
    let text = part.text.as_str();
    let (start, end) = (f.span.0.min(text.len()), f.span.1.min(text.len()));
    if part.kind == PartKind::Metadata {
        let from = crate::classify::line_start(text, start);
        let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
        return (from, to);
    }
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
