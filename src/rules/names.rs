//! Person names: the one detector a regular expression cannot be. A full name
//! is a capitalised given name from the Swedish name lists followed by a
//! capitalised surname (from the lists, or of a Swedish surname shape such as
//! `-sson`, `-berg`, `-ström`), optionally with a second given name between;
//! or, as forms and lists write it, surname first ("Lindqvist, Karin") or an
//! initial and a listed surname ("K. Lindqvist").
//!
//! The lists are noisy (they hold `Barnen`, `Förlåt`, place names) and many
//! names are also words (`Per`, `Bo`, `Berg`, `Lund`), so a lone token never
//! counts: a name needs both halves, and words in the stop-list below never
//! start one. How it fails: a surname-shaped place name after a given name
//! ("Maria Skogsberg" — a farm) is taken for a person; an initial before a
//! surname the list lacks is missed.

/// Look-ups of short words dominate the detector: a fast, fixed hash
/// rather than the default DoS-resistant one (the keys are our own lists).
type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

const MALE: &str = include_str!("../../rules/names/se-first-names-male.txt");
const FEMALE: &str = include_str!("../../rules/names/se-first-names-female.txt");
const SURNAMES: &str = include_str!("../../rules/names/se-surnames.txt");
/// Common names in Sweden that the frequency lists above lack (Maria, Sara,
/// Peter, Mohammed …): without them most people would go unseen.
const EXTRA_GIVEN: &str = include_str!("../../rules/names/extra-given-names.txt");
const EXTRA_SURNAMES: &str = include_str!("../../rules/names/extra-surnames.txt");

/// Capitalised words that open Swedish sentences and headings and also sit in
/// the noisy name lists; they never start a name.
const NOT_GIVEN_NAMES: &[&str] = &[
    "Barnen",
    "Flicka",
    "Förlåt",
    "Med",
    "Vi",
    "Den",
    "Det",
    "Alla",
    "Dag",
    "Hej",
    "Tack",
    "Sol",
    "Vän",
    "Maj",
    "Juni",
    "Juli",
    "April",
    "Augusti",
    "Mars",
    "Ny",
    "Nya",
    "Stig",
    "Bo",
    "Björn",
    "Ek",
    "Lind",
    "Hem",
    "Sverige",
    "Sweden",
    "Kommun",
    "Region",
    "Skola",
    "Dalen",
    "Berg",
    "Lund",
    "Norr",
    "Söder",
    "Väst",
    "Öst",
    "Kung",
    "Drottning",
    "Prins",
    "Prinsessan",
    "Gud",
    "Jesus",
    "Kristus",
    "Allah",
    "Herr",
    "Fru",
    "Fröken",
    "Doktor",
    "Kära",
    "Bästa",
    "Hälsningar",
    "Vänliga",
    "Mvh",
    "Sankt",
    "Santa",
    "San",
    "Saint",
    "Per",
    "Om",
    "Till",
    "Från",
    "Enligt",
    "Inom",
    "Under",
    "Efter",
    "Före",
    "Mellan",
    "Utan",
    "Sida",
    "Bilaga",
    "Datum",
    "Dnr",
    "Ärende",
    // Words and abbreviations the noisy lists hold as given names.
    "Inte",
    "Någon",
    "Ingen",
    "Mitt",
    "Vinter",
    "Syster",
    "Blomma",
    "Brf",
    "Gbg",
    "Vem",
    "Tja",
    "Kid",
    "Umu",
    "Hans",
    "Bror",
    "Inget",
    "Namn",
    "Använder",
    "Lärare",
    "Ensam",
    "Familj",
    "Familjen",
    "Styrelsen",
    "Privat",
    "Svensk",
];

/// Given names that are also words ("per capita", "bo", "dag"), in the
/// stop-list above: they start a name only before a surname from the list
/// ("Per Andersson", "Dag Hammarskjöld", "Hans Nilsson"; not "Hans bror").
const AMBIGUOUS_GIVEN: &[&str] = &["Per", "Bo", "Stig", "Björn", "Dag", "Maj", "Hans", "Bror"];

/// Capitalised words that follow a given name without being a surname:
/// months, weekdays, places and institutions.
const NOT_SURNAMES: &[&str] = &[
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
    "Måndag",
    "Tisdag",
    "Onsdag",
    "Torsdag",
    "Fredag",
    "Lördag",
    "Söndag",
    "Kommun",
    "Kommuns",
    "Region",
    "Skola",
    "Skolan",
    "Förskola",
    "Förskolan",
    "Gymnasium",
    "Sverige",
    "Sweden",
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "AB",
    "Stiftelse",
    "Stiftelsen",
    "Gata",
    "Gatan",
    "Väg",
    "Vägen",
    "Torg",
    "Torget",
    "Park",
    "Parken",
    "Centrum",
    "Kyrka",
    "Kyrkan",
    "Sjukhus",
    "Sjukhuset",
    "Hus",
    "Huset",
    "Arena",
    // Words the noisy surname list holds.
    "Inte",
    "Jag",
    "Då",
    "Fick",
    "Kring",
    "Göras",
    "Konto",
    "Unga",
    "Privat",
];

/// Given names that are everyday words in lower case ("pappa ville
/// inte", "tar max två"): a lower-case name never starts with them.
const WORDS_IN_LOWER_CASE: &[&str] = &[
    "ville", "max", "mark", "sten", "tor", "kim", "my", "else", "lova", "vilja",
];

/// Surname endings that only surnames have, safe to trust without the
/// list's word even in lower case ("källberg", "halonen", "petrović").
const STRONG_SURNAME_SHAPES: &[&str] = &[
    "sson", "berg", "ström", "qvist", "kvist", "gren", "lund", "dahl", "stedt", "nen", "ić",
    "wicz", "ski", "oglu",
];

/// Surname endings common in Sweden, for surnames missing from the list.
const SURNAME_SHAPES: &[&str] = &[
    "sson", "son", "berg", "ström", "strom", "qvist", "kvist", "lund", "gren", "dahl", "holm",
    "lin", "ell", "ander", "blad", "borg", "by", "stam", "stedt", "man", "mark", "sjö", "fors",
    "vall", "bäck", "ros", "din", "nér", "ius", "é", "en",
    // Surnames Swedes carry from elsewhere: Balkan, Polish, Finnish,
    // Russian, Armenian, Turkish, Greek, Romanian.
    "ić", "ic", "ski", "cki", "wicz", "czyk", "nen", "ov", "ova", "ev", "enko", "yan", "ian",
    "oglu", "oğlu", "poulos", "escu",
];

/// Whether `token`, a word of an e-mail address's local part (lower case,
/// å, ä and ö often written a, a, o: "sjoberg"), is a given name or a
/// surname from the lists.
pub fn is_name_in_mail(token: &str) -> bool {
    static FOLDED: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(|| {
        let mut set = HashSet::default();
        for list in [MALE, FEMALE, EXTRA_GIVEN, SURNAMES, EXTRA_SURNAMES] {
            for w in list.lines().map(str::trim) {
                if w.chars().count() < 2
                    || w.contains(' ')
                    || NOT_GIVEN_NAMES.contains(&w)
                    || NOT_SURNAMES.contains(&w)
                {
                    continue;
                }
                let lower = w.to_lowercase();
                set.insert(fold_to_ascii(&lower));
                set.insert(lower);
            }
        }
        set
    });
    FOLDED.contains(token)
}

/// Whether `s`, a name written in lower case ("zeynep demir",
/// "lars berg-ek"), is a listed given name followed by a listed surname or
/// one with an ending only surnames have ("källberg"): without capitals,
/// the lists and those endings are all that tells a name from two words.
pub fn is_listed_full_name(s: &str) -> bool {
    let lists = NameLexicon::shipped();
    let mut words = s.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(given), Some(surname), None) => {
            let strong_shape = surname.chars().count() >= 6
                && STRONG_SURNAME_SHAPES.iter().any(|e| surname.ends_with(e));
            !WORDS_IN_LOWER_CASE.contains(&given)
                && lists.is_given(&capitalised(given))
                && (lists.is_listed_surname(&capitalised(surname)) || strong_shape)
        }
        _ => false,
    }
}

/// "zeynep" → "Zeynep", "BERG-EK" → "Berg-Ek".
fn capitalised(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut up = true;
    for c in w.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        up = c == '-';
    }
    out
}

/// "sjöberg" → "sjoberg", as mail addresses write it.
pub(crate) fn fold_to_ascii(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// The name lists, ready for look-ups.
pub struct NameLexicon {
    given: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
    not_given: HashSet<&'static str>,
    not_surnames: HashSet<&'static str>,
}

impl NameLexicon {
    /// The lists shipped with arkivsvep, built once and shared by every
    /// rule set and by the `listed-name` validator (which sees only the
    /// matched text).
    pub fn shipped() -> &'static NameLexicon {
        static SHIPPED: std::sync::LazyLock<NameLexicon> =
            std::sync::LazyLock::new(NameLexicon::builtin);
        &SHIPPED
    }

    /// The lists shipped with arkivsvep (`rules/names/`).
    pub fn builtin() -> Self {
        let words = |s: &'static str| {
            s.lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.contains(' '))
                .collect::<HashSet<_>>()
        };
        let mut given = words(MALE);
        given.extend(words(FEMALE));
        given.extend(words(EXTRA_GIVEN));
        let mut surnames = words(SURNAMES);
        surnames.extend(words(EXTRA_SURNAMES));
        NameLexicon {
            given,
            surnames,
            not_given: NOT_GIVEN_NAMES.iter().copied().collect(),
            not_surnames: NOT_SURNAMES.iter().copied().collect(),
        }
    }

    /// A capitalised given name from the lists, not a stop-word. A double
    /// given name counts when the lists know its first half and the second
    /// is a capitalised word ("Anna-Karin", "Nils-Ánde").
    pub fn is_given(&self, w: &str) -> bool {
        if is_capitalised(w) && self.given.contains(w) && !self.not_given.contains(w) {
            return true;
        }
        w.split_once('-').is_some_and(|(first, second)| {
            self.is_given(first)
                && is_capitalised(second)
                && second.chars().count() >= 3
                && second.chars().all(char::is_alphabetic)
        })
    }

    /// A surname from the lists (both halves of a double one), without the
    /// guess from a surname's shape ("-ström", "-sson") that capitals
    /// make safe.
    fn is_listed_surname(&self, w: &str) -> bool {
        if let Some((a, b)) = w.split_once('-') {
            return self.is_listed_surname(a) && self.is_listed_surname(b);
        }
        is_capitalised(w) && self.surnames.contains(w) && !self.not_surnames.contains(w)
    }

    fn is_surname(&self, w: &str) -> bool {
        if !is_capitalised(w) || self.not_surnames.contains(w) {
            return false;
        }
        if self.surnames.contains(w) {
            return true;
        }
        // Double-barrelled: both halves surnames ("Berg-Lind"); or an
        // Arabic article or kinship word before one ("Al-Khatib",
        // "Abu-Zaid").
        if let Some((a, b)) = w.split_once('-') {
            if SURNAME_PREFIXES.contains(&a) {
                return is_capitalised(b) && b.chars().count() >= 3;
            }
            return self.is_surname(a) && (self.is_surname(b) || is_capitalised(b));
        }
        let lower = w.to_lowercase();
        w.chars().count() >= 5 && SURNAME_SHAPES.iter().any(|s| lower.ends_with(s))
    }

    /// Whether a table cell under a name column holds a person's full
    /// name, in either order ("Lars-Erik Holmberg", "Holmberg Lars-Erik",
    /// "HOLMBERG, Lars-Erik"): two to four capitalised words, one of them
    /// a listed given name and the others given names or surnames, and no
    /// company form ("Bergsviks Bilvård AB").
    pub fn is_name_cell(&self, cell: &str) -> bool {
        let words: Vec<String> = cell
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(|w| {
                if is_in_capitals(w) {
                    capitalised(w)
                } else {
                    w.to_owned()
                }
            })
            .collect();
        if !(2..=4).contains(&words.len())
            || words.iter().any(|w| COMPANY_FORMS.contains(&w.as_str()))
        {
            return false;
        }
        let given = words.iter().filter(|w| self.is_given(w)).count();
        given >= 1
            && words
                .iter()
                .all(|w| self.is_given(w) || self.is_surname(w) || self.is_listed_surname(w))
    }

    /// Byte spans of full names in `text`. Only a capitalised word can
    /// start a name, so the search jumps from one to the next and reads the
    /// words after it only when it is a given name.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((s0, e0)) = next_capitalised(text, from) {
            from = e0;
            let end = self
                .given_first(text, s0, e0)
                .or_else(|| self.initial_or_surname_first(text, s0, e0))
                .or_else(|| self.introduced(text, s0, e0))
                .or_else(|| self.in_capitals(text, s0, e0));
            if let Some(end) = end {
                from = end;
                if !names_a_company(text, end) {
                    out.push((s0, end));
                }
            }
        }
        let senders = senders_in_lower_case(text);
        if !senders.is_empty() {
            out.extend(senders);
            out.sort_unstable();
        }
        out
    }

    /// The end of "Given [Given] Surname" starting with the word `s0..e0`,
    /// all on one line and separated by spaces.
    fn given_first(&self, text: &str, s0: usize, e0: usize) -> Option<usize> {
        let word = &text[s0..e0];
        let ambiguous = AMBIGUOUS_GIVEN.contains(&word);
        if !ambiguous && !self.is_given(word) {
            return None;
        }
        let mut last = e0;
        let mut next = next_token(text, e0);
        if ambiguous {
            let (s, e) = next?;
            let listed = self.surnames.contains(&text[s..e]) && self.is_surname(&text[s..e]);
            return (space_between(text, e0, s) && listed).then_some(e);
        }
        // A second given name ("Anna Maria Berg"), when a surname follows
        // it on the same line; else the second word may be the surname
        // itself ("Fredrik Olsson" above "Konto: …").
        if let Some((s1, e1)) = next
            && self.is_given(&text[s1..e1])
            && space_between(text, e0, s1)
            && let Some((s2, e2)) = next_token(text, e1)
            && space_between(text, e1, s2)
            && self.is_surname(&text[s2..e2])
        {
            last = e1;
            next = Some((s2, e2));
        }
        let (s, e) = next?;
        if !space_between(text, last, s) {
            return None;
        }
        if let Some(end) = after_particle(text, s, e) {
            return Some(end);
        }
        self.is_surname(&text[s..e]).then_some(e)
    }

    /// The end of a name written as on forms and in lists, starting with
    /// the capitalised word `s..e` that is not a given name: surname first
    /// ("Lindqvist, Karin", "Lindqvist, Karin Maria") or an initial before
    /// a listed surname ("K. Lindqvist"). Stricter than the usual order,
    /// because these shapes also occur between other words: the surname
    /// must be in the list for an initial, and the given name after a
    /// comma must be in the list.
    fn initial_or_surname_first(&self, text: &str, s: usize, e: usize) -> Option<usize> {
        let word = &text[s..e];
        let initial = e - s == 1 && text[e..].starts_with(". ") && !preceded_by_initial(text, s);
        if initial {
            let (s1, e1) = next_token(text, e)?;
            let surname = &text[s1..e1];
            let listed = self.surnames.contains(surname) && !self.not_surnames.contains(surname);
            return (s1 == e + 2 && listed && is_capitalised(surname)).then_some(e1);
        }
        // A given name before the comma is a list of given names, unless
        // the surname list has it too (the given-name lists hold Karlsson).
        let given_only = self.given.contains(word) && !self.surnames.contains(word);
        // A greeting is no surname: "Hej, Lena här" is no "Lindqvist, Karin".
        let greeting = SALUTATIONS.contains(&word.to_lowercase().as_str());
        if !text[e..].starts_with(", ") || !self.is_surname(word) || given_only || greeting {
            return None;
        }
        let (s1, e1) = next_token(text, e)?;
        if s1 != e + 2 || !self.is_given(&text[s1..e1]) {
            return None;
        }
        // A second given name directly after: "Lindqvist, Karin Maria".
        match next_token(text, e1) {
            Some((s2, e2)) if space_between(text, e1, s2) && self.is_given(&text[s2..e2]) => {
                Some(e2)
            }
            _ => Some(e1),
        }
    }

    /// The end of a name in capitals starting with the word `s..e`, as case
    /// systems print them: "NYSTRÖM, ELLA", "ANNA LOVÉN", "BERGQVIST Emma".
    /// Capitals say nothing of a name, so both words must be in the lists.
    fn in_capitals(&self, text: &str, s: usize, e: usize) -> Option<usize> {
        let first = &text[s..e];
        if !is_in_capitals(first) {
            return None;
        }
        let (s1, e1) = next_token(text, e)?;
        let second = &text[s1..e1];
        let comma = text[e..].starts_with(", ") && s1 == e + 2;
        if !comma && !space_between(text, e, s1) {
            return None;
        }
        // A surname in capitals before a given name as written, as exports
        // print them: "BERGQVIST Emma", "LUNDGREN, Gun".
        if is_capitalised(second) {
            return (self.is_listed_surname(&capitalised(first)) && self.is_given(second))
                .then_some(e1);
        }
        if !is_in_capitals(second) {
            return None;
        }
        let (first, second) = (capitalised(first), capitalised(second));
        let named = if comma {
            self.is_listed_surname(&first) && self.is_given(&second)
        } else {
            self.is_given(&first) && self.is_listed_surname(&second)
        };
        named.then_some(e1)
    }

    /// The end of "Given Surname" where the lists lack the given name but
    /// the place says a person's name follows: a form's label ("Sökande:
    /// Leyla Haddad") or a letter's sign-off on the line above ("Tack på
    /// förhand,\nPetra Lindahl"). The surname must still look like one.
    fn introduced(&self, text: &str, s: usize, e: usize) -> Option<usize> {
        let word = &text[s..e];
        if !is_capitalised(word)
            || self.not_given.contains(word)
            || self.not_surnames.contains(word)
        {
            return None;
        }
        let (mut s1, mut e1) = next_token(text, e)?;
        if !space_between(text, e, s1) {
            return None;
        }
        // A nobiliary particle before the surname: "Gunnel af Wetterstedt".
        if PARTICLES.contains(&&text[s1..e1])
            && let Some((s2, e2)) = next_token(text, e1)
            && space_between(text, e1, s2)
        {
            (s1, e1) = (s2, e2);
        }
        let second = &text[s1..e1];
        if !is_capitalised(second) {
            return None;
        }
        // Where the writer says who they are, or a mail header gives the
        // sender's name before the address, any capitalised surname will
        // do ("Jag heter Hiwet Tesfay", "Från: Hiwet Tesfay <…>"). Only the
        // few bytes before the name are read: a long line is not searched
        // back to its start for every capitalised word.
        let near = text.floor_char_boundary(s.saturating_sub(32));
        let (tail, begins_line) = match text[near..s].rfind('\n') {
            Some(i) => (&text[near + i + 1..s], true),
            None => (&text[near..s], near == 0),
        };
        if says_who(tail.trim(), begins_line, word, second, &text[e1..])
            && !self.not_surnames.contains(second)
        {
            return Some(e1);
        }
        let line_start = super::line_start(text, s);
        let gap = &text[line_start..s];
        let before = gap.trim_end();
        // A form's label, with a colon or as a table's first column
        // ("Sökande       Ngoc Anh Tran").
        let label = before.strip_suffix(':').or_else(|| {
            let blank = &gap[before.len()..];
            (blank.contains('\t') || blank.len() >= 2).then_some(before)
        });
        if let Some(label) = label
            && ends_with_word_of(label, NAME_LABELS)
        {
            // Names of three words whose surname the lists lack, the label
            // vouching for them: "Ngoc Anh Tran", "Nguyen Thi Lan".
            if let Some((s2, e2)) = next_token(text, e1)
                && space_between(text, e1, s2)
                && self.is_surname(&text[s2..e2])
                && !self.not_surnames.contains(second)
            {
                return Some(e2);
            }
            // A listed given name under the label needs no listed surname:
            // "Namn: Tobias Renner".
            let given_first = self.is_given(word) && !self.not_surnames.contains(second);
            return (given_first || self.is_surname(second)).then_some(e1);
        }
        // An identity number right after the name vouches for it, whatever
        // the lists lack: "Marek Kowalczyk, samordningsnr 850374-2796".
        if followed_by_identity_number(&text[e1..]) && !self.not_surnames.contains(second) {
            return Some(e1);
        }
        // Alone on a line above a street and a postal code, as a letter
        // is addressed or signed, any surname will do.
        if before.is_empty() && above_an_address(text, e1) && !self.not_surnames.contains(second) {
            return Some(e1);
        }
        if !self.is_surname(second) {
            return None;
        }
        let introduced = match before.strip_suffix(':') {
            Some(_) => false,
            None if before.is_empty() => previous_line(text, line_start).is_some_and(|l| {
                ends_with_word_of(l.trim_end_matches([',', '.', '!', '/']), SIGN_OFFS)
            }),
            // A letter's greeting: "Hej Mirela Hodžić,".
            None => SALUTATIONS.contains(&before.to_lowercase().as_str()),
        };
        introduced.then_some(e1)
    }
}

/// Whether a company form follows the words on their line: "Medborgarportalen
/// Norden AB", "Lindqvist & Berg HB" name a firm, not a person.
fn names_a_company(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let next = line.split_whitespace().next();
    next.map(|w| w.trim_end_matches([',', '.']))
        .is_some_and(|w| COMPANY_FORMS.contains(&w) || w == "(publ)")
}

/// The company forms written after a firm's name ("Norrby Bygg AB"), as
/// the names and the address readings both recognise them.
pub const COMPANY_FORMS: [&str; 4] = ["AB", "HB", "KB", "Aktiebolag"];

/// Whether the words `before` a name `first last` (the end of its line
/// before it; `begins_line` when that is all of it) and the text `after` it
/// say that the writer gives their own name: "Jag heter …", or a mail
/// header's sender whose address spells the name ("Från: Hiwet Tesfay
/// <hiwet.tesfay@…>"; not "Från: Kontaktcenter Norrby <info@…>").
fn says_who(before: &str, begins_line: bool, first: &str, last: &str, after: &str) -> bool {
    let label_or_verb = [":", "heter", "är", "is"]
        .iter()
        .any(|e| before.ends_with(e));
    if !label_or_verb {
        return false;
    }
    let lower = before.to_lowercase();
    let presents = ["jag heter", "mitt namn är", "my name is"]
        .iter()
        .any(|p| lower.ends_with(p));
    let sender = begins_line
        && ["från:", "from:", "avsändare:"].contains(&lower.as_str())
        && after
            .trim_start_matches([' ', '\t'])
            .strip_prefix('<')
            .and_then(|a| a.split('@').next())
            .is_some_and(|local| {
                let local = local.to_lowercase();
                [first, last]
                    .iter()
                    .any(|w| w.chars().count() >= 3 && local.contains(&w.to_lowercase()))
            });
    presents || sender
}

/// Whether `after` (the text right after a name) opens with the person's
/// identity number, a valid one (an organisation number is no person's):
/// ", personnummer 19850312-2384", " (850312-2384)", ", samordningsnr
/// 850374-2796".
fn followed_by_identity_number(after: &str) -> bool {
    static ID_AFTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:,[ \t]*|[ \t]+|[ \t]*\()(?i:(?:personnummer|personnr|pnr|samordningsnummer|samordningsnr|född)[ \t]*:?[ \t]*)?((?:\d{2})?\d{6}[-+ ]?\d{4})\b").unwrap()
    });
    ID_AFTER.captures(after).is_some_and(|c| {
        super::validate::personnummer(&c[1]) != super::validate::Validation::Invalid
    })
}

/// Labels after which forms and case files give a person's name.
const NAME_LABELS: &[&str] = &[
    "namn",
    "sökande",
    "medsökande",
    "handläggare",
    "kontaktperson",
    "namnförtydligande",
    "avsändare",
    "elev",
    "vårdnadshavare",
    "klient",
    "patient",
    "brukare",
    "arbetstagare",
    "god man",
    "förvaltare",
    "ombud",
    "hyresgäst",
    "anmälare",
    "den enskilde",
    "undertecknad",
    "klagande",
    "klaganden",
    "motpart",
    "fastighetsägare",
    "målsägande",
    "mottagare",
    "förälder",
];

/// Particles between a given name and a surname.
const PARTICLES: &[&str] = &[
    "af", "von", "van", "de", "der", "da", "di", "del", "la", "le",
];

/// A letter's greeting, alone before the addressee's name at a line's start.
const SALUTATIONS: &[&str] = &[
    "hej", "hejsan", "hallå", "bästa", "kära", "dear", "hi", "hello",
];

/// A letter's sign-off, on the line before the writer's name.
const SIGN_OFFS: &[&str] = &[
    "hälsning",
    "hälsningar",
    "mvh",
    "vh",
    "tack på förhand",
    "tack för hjälpen",
    "tack",
    "vänligen",
    "hälsar",
    "allt gott",
    "regards",
    "sincerely",
];

/// A mail header's sender typed in lower case, whose address spells the
/// name ("från: selin demir <selin.demir77@gmail.com>"): every word of
/// three letters or more stands in the address's local part. A capitalised
/// sender is found by the lists above.
fn senders_in_lower_case(text: &str) -> Vec<(usize, usize)> {
    static SENDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)^[ \t]*(?i:från|from|avsändare):[ \t]*([a-zåäöéü]+(?:[ -][a-zåäöéü]+){1,2})[ \t]*<([^@>\s]+)@",
        )
        .expect("sender pattern compiles")
    });
    if !text.contains('@') {
        return Vec::new();
    }
    SENDER
        .captures_iter(text)
        .filter_map(|c| {
            let (name, local) = (c.get(1)?, c[2].to_lowercase());
            let spelled = name
                .as_str()
                .split([' ', '-'])
                .filter(|w| w.chars().count() >= 3)
                .all(|w| local.contains(w) || local.contains(&fold_to_ascii(w)));
            spelled.then_some((name.start(), name.end()))
        })
        .collect()
}

/// Whether the line ends at `end` and the next two lines are a postal
/// address: a street or farm and a number ("Kryddvägen 11", "Ödeby
/// Backgård 4"), then a postal code and a town ("816 31 Norrsund").
fn above_an_address(text: &str, end: usize) -> bool {
    static ADDRESS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^[ \t]*\r?\n[ \t]*[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖa-zåäö][a-zåäöéü]+){0,3}[ \t]+\d{1,3}(?:[ \t]?[A-Za-z])?(?:,?[ \t]*(?:lgh|lägenhet)[ \t]*\d{3,4})?[ \t]*\r?\n[ \t]*[1-9]\d{2}[ \t]?\d{2}[ \t]+[A-ZÅÄÖ]",
        )
        .expect("address pattern compiles")
    });
    let rest = &text[end..text.floor_char_boundary(end + 120)];
    ADDRESS.is_match(rest) && !rest.trim_start().starts_with("Box ")
}

/// Written before a surname with a hyphen ("Al-Khatib", "Abu-Zaid").
const SURNAME_PREFIXES: [&str; 6] = ["Al", "El", "Abu", "Bin", "Ben", "Abdel"];

/// The end of the surname after a run of [`PARTICLES`] starting with the
/// word `s..e` ("af Klinteberg", "de la Cruz"); the surname is capitalised, of
/// three letters or more, on the same line.
fn after_particle(text: &str, s: usize, e: usize) -> Option<usize> {
    let (mut s, mut e) = (s, e);
    let mut particles = 0;
    while PARTICLES.contains(&&text[s..e]) && particles < 2 {
        particles += 1;
        let (s1, e1) = next_token(text, e)?;
        if !space_between(text, e, s1) {
            return None;
        }
        (s, e) = (s1, e1);
    }
    let surname = &text[s..e];
    (particles > 0 && is_capitalised(surname) && surname.chars().count() >= 3).then_some(e)
}

/// Whether `s` ends with one of `words` (lower case), as a whole word.
fn ends_with_word_of(s: &str, words: &[&str]) -> bool {
    let lower = s.trim().to_lowercase();
    words.iter().any(|w| {
        lower
            .strip_suffix(w)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// The nearest non-blank line before the line starting at `line_start`.
fn previous_line(text: &str, line_start: usize) -> Option<&str> {
    text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
}

/// Whether the letter at `i` follows another initial ("A. B. Berg" is
/// fine, but "t.ex. A" or "U.S. Berg" are abbreviations).
fn preceded_by_initial(text: &str, i: usize) -> bool {
    text[..i].ends_with('.')
}

/// Upper-case first letter, then lower-case letters (hyphens allowed):
/// `Anna`, `Berg-Lind`; not `ANNA`, `anna`, `McDonald` (rare; missed).
fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || w.chars().count() < 2 {
        return false;
    }
    let mut after_hyphen = false;
    for c in chars {
        if c == '-' {
            after_hyphen = true;
            continue;
        }
        if after_hyphen {
            after_hyphen = false;
            continue;
        }
        if !c.is_lowercase() {
            return false;
        }
    }
    true
}

/// Two letters or more, all upper case (hyphens allowed): `ANNA`,
/// `BERG-LIND`.
fn is_in_capitals(w: &str) -> bool {
    w.chars().filter(|&c| c != '-').count() >= 2 && w.chars().all(|c| c == '-' || c.is_uppercase())
}

/// Only spaces (one or a few) between two words on the same line.
fn space_between(text: &str, end: usize, start: usize) -> bool {
    let gap = &text[end..start];
    !gap.is_empty() && gap.len() <= 3 && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// The first word (letters and inner hyphens) starting at or after `from`,
/// which is 0 or the end of a word.
fn next_token(text: &str, from: usize) -> Option<(usize, usize)> {
    let start = from + text[from..].find(char::is_alphabetic)?;
    Some((start, token_end(text, start)))
}

/// The first word starting at or after `from` (0 or the end of a word)
/// whose first letter is upper case. Bytes that cannot begin an upper-case
/// letter are skipped without decoding.
fn next_capitalised(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        // å, ä, ö (0xC3 then 0xA0 or above) are lower case: most non-ASCII
        // letters of Swedish text are decided without decoding.
        let lower_latin1 = b == 0xC3 && bytes.get(i + 1).is_some_and(|&n| n >= 0xA0);
        if b.is_ascii_uppercase() || (b >= 0xC0 && !lower_latin1) {
            let c = text[i..].chars().next()?;
            if c.is_uppercase() && starts_word(text, i) {
                return Some((i, token_end(text, i)));
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    None
}

/// Whether the letter at `i` begins a word rather than continuing one: no
/// letter before it, nor a hyphen joined to a letter ("Berg-Lind").
fn starts_word(text: &str, i: usize) -> bool {
    match text.as_bytes()[..i].last() {
        None => return true,
        Some(&b) if b.is_ascii() && b != b'-' => return !b.is_ascii_alphabetic(),
        _ => {}
    }
    !text[..i]
        .trim_end_matches('-')
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
}

/// The end of the word starting at `start`, trailing hyphens left out.
fn token_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    // ASCII letters and hyphens without decoding; anything else by char.
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_alphabetic() || b == b'-' {
            end += 1;
        } else if b.is_ascii() {
            break;
        } else {
            let c = text[end..].chars().next().unwrap_or(' ');
            if !c.is_alphabetic() {
                break;
            }
            end += c.len_utf8();
        }
    }
    trim_hyphen(text, start, end)
}

fn trim_hyphen(text: &str, s: usize, mut e: usize) -> usize {
    while e > s && text[..e].ends_with('-') {
        e -= 1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let lex = NameLexicon::builtin();
        lex.find(text)
            .into_iter()
            .map(|(s, e)| text[s..e].to_owned())
            .collect()
    }

    #[test]
    fn names_in_capitals_need_both_words_listed() {
        assert_eq!(
            names("ELEV:   NYSTRÖM, ELLA   PNR: 120309-5623\nSKOLSKÖTERSKA ANNA LOVÉN\n"),
            ["NYSTRÖM, ELLA", "ANNA LOVÉN"]
        );
        assert_eq!(
            names("Handläggare;BERGQVIST Emma;2025-07-14\nnamn=\"LUNDGREN, Gun\"\n"),
            ["BERGQVIST Emma", "LUNDGREN, Gun"]
        );
        assert_eq!(names("ANNA KARLSSON"), ["ANNA KARLSSON"]);
        assert!(names("BESLUT OM BISTÅND\nSTORA TORGET, MALMÖ\n").is_empty());
    }

    /// A name the lists lack, vouched for by a valid identity number right
    /// after it; an organisation number vouches for no one.
    #[test]
    fn an_identity_number_after_a_name_vouches_for_it() {
        assert_eq!(
            names("Marek Kowalczyk, samordningsnr 850374-2796, mobil 076-301 44 58\n"),
            ["Marek Kowalczyk"]
        );
        assert!(names("Norrviks Entreprenad 556742-1189\n").is_empty());
    }

    #[test]
    fn finds_full_names() {
        assert_eq!(
            names("Handläggare: Anna Karlsson, tel"),
            vec!["Anna Karlsson"]
        );
        assert_eq!(
            names("Eva Maria Lindqvist skriver"),
            vec!["Eva Maria Lindqvist"]
        );
        assert_eq!(names("Kontakt Johan Berg-Lind."), vec!["Johan Berg-Lind"]);
        assert_eq!(
            names("Vänliga hälsningar\nPer Andersson\nByggbolaget AB"),
            vec!["Per Andersson"]
        );
        // A firm is no one: its company form follows on the line.
        assert!(names("Vänliga hälsningar\nMedborgarportalen Norden AB\n").is_empty());
        assert!(names("Faktura från Anna Lindqvist AB, Storgatan 3").is_empty());
        // Olsson is a given name too; the word on the next line is not
        // a third part of the name.
        assert_eq!(
            names("Anställd: Fredrik Olsson\nKonto: Swedbank"),
            vec!["Fredrik Olsson"]
        );
    }

    /// A double given name needs its first half in the lists; the second
    /// may be any capitalised word (a Sámi or a rare name).
    #[test]
    fn a_double_given_name_needs_its_first_half_listed() {
        assert_eq!(
            names("Nils-Ánde Sikku, som själv är same, beskrev betet.\n"),
            ["Nils-Ánde Sikku"]
        );
        assert!(names("Stockholm-Arlanda Flygplats\n").is_empty());
        assert!(names("Anna-B Berg\n").is_empty());
    }

    #[test]
    fn particles_and_arabic_prefixes_belong_to_the_surname() {
        assert_eq!(
            names("Carl-Johan af Klinteberg\nBjörkuddsvägen 14A"),
            vec!["Carl-Johan af Klinteberg"]
        );
        assert_eq!(names("Anna de la Cruz ringde"), vec!["Anna de la Cruz"]);
        assert_eq!(
            names("Barnet: Nour Al-Khatib, 2019"),
            vec!["Nour Al-Khatib"]
        );
        // A particle needs a capitalised surname after it.
        assert!(names("Sedan sa Anna de skulle komma").is_empty());
        assert!(names("Lisa von oss").is_empty());
    }

    #[test]
    fn an_unlisted_given_name_counts_where_a_name_is_introduced() {
        assert_eq!(names("Sökande: Leyla Haddad\n"), vec!["Leyla Haddad"]);
        // A table's label column, and three words the label vouches for.
        assert_eq!(names("Sökande       Leyla Haddad\n"), vec!["Leyla Haddad"]);
        assert_eq!(names("Sökande\tNgoc Anh Tran\n"), vec!["Ngoc Anh Tran"]);
        assert!(
            names("Sökande Leyla Haddad\n").is_empty(),
            "one blank: prose"
        );
        assert_eq!(
            names("Kan ni återbetala?\nTack på förhand,\nPetrina Lindahl\n"),
            vec!["Petrina Lindahl"]
        );
        assert_eq!(
            names("Hälsningar\n\nJolin Bäckström"),
            vec!["Jolin Bäckström"]
        );
        // Elsewhere the lists decide; noise in them does not start a name.
        assert!(names("Fastigheten ägs av Brf Linnéa.").is_empty());
        assert_eq!(names("Hans Nilsson kom."), vec!["Hans Nilsson"]);
        assert_eq!(
            names("Hans bror Erik Lindqvist kom."),
            vec!["Erik Lindqvist"]
        );
        assert!(names("Petrina Lindahl kom").is_empty());
        assert!(names("Ärende: Bygglov Lindesberg\n").is_empty());
        // A letter's greeting introduces its addressee, whatever the origin
        // of the name.
        assert_eq!(names("Hej Mirela Hodžić,\n"), vec!["Mirela Hodžić"]);
        assert_eq!(
            names("Dear Tomasz Wiśniewski,\n"),
            vec!["Tomasz Wiśniewski"]
        );
        assert!(names("Hej Alla Medarbetare,\n").is_empty());
        assert!(
            names("Dženana Hodžić kom").is_empty(),
            "unlisted, not introduced"
        );
        assert_eq!(names("Mirela Hodžić kom"), vec!["Mirela Hodžić"], "listed");
        assert_eq!(
            names("Jag heter Hiwet Tesfay och jag bor här.\n"),
            vec!["Hiwet Tesfay"]
        );
        assert_eq!(
            names("Från: Hiwet Tesfay <hiwet@example.se>\n"),
            vec!["Hiwet Tesfay"]
        );
        assert!(names("Från: Kontaktcenter Norrby <info@norrby.se>\n").is_empty());
        // A letter's address block vouches for the name above it.
        assert_eq!(
            names("Vänligen\nTesfay Gebremedhin\nKryddvägen 11\n816 31 Norrsund\n"),
            vec!["Tesfay Gebremedhin"]
        );
        assert!(names("Hagsta Kommun\nBox 12\n816 80 Hagsta\n").is_empty());
        assert_eq!(
            names("Klagande: Milan Jovanovic\n"),
            vec!["Milan Jovanovic"]
        );
        assert_eq!(
            names("Hälsningar\nGunnel af Wetterstedt\nKyrkogatan 12\n81290 Hagsta\n"),
            vec!["Gunnel af Wetterstedt"]
        );
    }

    #[test]
    fn a_sender_in_lower_case_counts_when_the_address_spells_the_name() {
        assert_eq!(
            names("från: selin demir <selin.demir77@gmail.com>\nhej\n"),
            vec!["selin demir"]
        );
        assert_eq!(
            names("From: ake sjoberg <ake.sjoberg@example.se>\n"),
            vec!["ake sjoberg"]
        );
        assert!(names("från: kundtjänst norr <info@example.se>\n").is_empty());
        assert!(names("från selin demir\n").is_empty(), "no header");
    }

    #[test]
    fn finds_surname_first_and_initials() {
        assert_eq!(
            names("Namn: Lindqvist, Karin, född 1978"),
            vec!["Lindqvist, Karin"]
        );
        assert_eq!(
            names("Sökande: Karlsson, Anna Maria."),
            vec!["Karlsson, Anna Maria"]
        );
        assert_eq!(
            names("Med vänlig hälsning\nK. Lindqvist"),
            vec!["K. Lindqvist"]
        );
    }

    #[test]
    fn surname_first_and_initials_need_the_lists() {
        assert!(names("Stockholm, Anna och Eva").is_empty(), "a town");
        assert!(names("Anna, Eva och Karin").is_empty(), "given names only");
        assert!(names("Lindqvist, Skolgatan 4").is_empty(), "no given name");
        assert!(
            names("Se bilaga B. Skolan ansvarar").is_empty(),
            "not a surname"
        );
        assert!(names("Se avsnitt 4.A. Berg").is_empty());
        assert!(
            names("Hej, Lena här från Kontorsgruppen!").is_empty(),
            "a greeting"
        );
    }

    #[test]
    fn ignores_lone_names_and_words() {
        assert!(names("Anna ringde i går").is_empty());
        assert!(names("Berg och Lund är orter").is_empty());
        assert!(names("Per capita ökar kostnaden").is_empty());
        assert!(
            names("Per Skolgatan ökar trafiken").is_empty(),
            "not a listed surname"
        );
        assert!(names("Bo Lindqvistgården").is_empty());
        assert!(names("Anna\nKarlsson").is_empty());
        assert!(names("Maria Skola").is_empty());
    }
}
