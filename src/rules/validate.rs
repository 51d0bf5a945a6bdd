//! Validators: what a regular expression cannot check. Each takes the matched
//! text and says whether it is what the rule claims, sometimes refining the
//! kind (a personnummer whose day is over 60 is a samordningsnummer).

/// The outcome of validating one match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validation {
    Valid,
    /// Valid, but of another kind than the rule's own.
    ValidAs(&'static str),
    Invalid,
}

/// Look up a validator by its name in the rule files.
/// A validator: a match's text in, a verdict out.
pub type Validator = fn(&str) -> Validation;

pub fn by_name(name: &str) -> Option<Validator> {
    VALIDATORS.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

/// Every validator a rule can name, by its name in the rule files.
pub const VALIDATORS: &[(&str, Validator)] = &[
    ("personnummer", personnummer),
    ("luhn", payment_card),
    ("iban", iban),
    ("bank-account", bank_account),
    ("personal-email", personal_email),
    ("personal-phone", personal_phone),
    ("not-personnummer", not_personnummer),
    ("listed-name", listed_name),
    ("one-pupil", one_pupil),
];

/// A school year said of one pupil ("går i årskurs 7"), not of a group:
/// pupils in the plural ("andel elever åk 9") or several years ("årskurs
/// 7, 9 och gymnasiets år 2") are a survey's or a plan's, no child's.
fn one_pupil(s: &str) -> Validation {
    static GROUP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:andel |alla )?elever\b|\d[ \t]*(?:,|[–-]|och|samt|till)[ \t]*(?:årskurs |åk )?\d")
            .expect("group pattern compiles")
    });
    if GROUP.is_match(s) {
        Validation::Invalid
    } else {
        Validation::Valid
    }
}

/// A name in lower case counts only when the name lists know both words.
fn listed_name(s: &str) -> Validation {
    if super::names::is_listed_full_name(s) {
        Validation::Valid
    } else {
        Validation::Invalid
    }
}

fn digits(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// Luhn (mod 10) over digits, rightmost is the check digit.
pub fn luhn_ok(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = x as u32;
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    !d.is_empty() && sum.is_multiple_of(10)
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Personnummer and samordningsnummer (Skatteverket, SKV 704): a real date
/// (day + 60 for a samordningsnummer) and a Luhn check digit over the last ten
/// digits. With ten digits the century is unknown: the date must exist in
/// 19YY or 20YY. That depends on no clock, so tests never age. Centuries in a
/// 12-digit form must be 18, 19 or 20 — which also rules out organisation
/// numbers written with their `16` prefix. Organisation numbers without it
/// have a "month" of 20 or more and fail the date.
pub fn personnummer(s: &str) -> Validation {
    let d = digits(s);
    let (century, rest) = match d.len() {
        10 => (None, &d[..]),
        12 => (Some(d[0] as u32 * 10 + d[1] as u32), &d[2..]),
        _ => return Validation::Invalid,
    };
    if century.is_some_and(|c| !(18..=20).contains(&c)) {
        return Validation::Invalid;
    }
    let yy = rest[0] as u32 * 10 + rest[1] as u32;
    let month = rest[2] as u32 * 10 + rest[3] as u32;
    let raw_day = rest[4] as u32 * 10 + rest[5] as u32;
    let (day, kind) = if raw_day > 60 {
        (raw_day - 60, "samordningsnummer")
    } else {
        (raw_day, "personnummer")
    };
    let date_ok =
        |year: u32| (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    let date_exists = match century {
        Some(c) => date_ok(c * 100 + yy),
        None => date_ok(1900 + yy) || date_ok(2000 + yy),
    };
    if !date_exists || !luhn_ok(rest) {
        return Validation::Invalid;
    }
    if kind == "personnummer" {
        Validation::Valid
    } else {
        Validation::ValidAs("samordningsnummer")
    }
}

/// Payment cards: 13–19 digits, a Luhn check digit and an issuer prefix of
/// the card networks (Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37,
/// Discover/UnionPay 6, Maestro 50/56–58). The prefix keeps long invoice
/// numbers that happen to pass Luhn (one in ten) out.
pub fn payment_card(s: &str) -> Validation {
    let d = digits(s);
    if !(13..=19).contains(&d.len()) || !luhn_ok(&d) {
        return Validation::Invalid;
    }
    let p2 = d[0] as u32 * 10 + d[1] as u32;
    let p4 = p2 * 100 + d[2] as u32 * 10 + d[3] as u32;
    let issuer = d[0] == 4
        || (51..=55).contains(&p2)
        || (2221..=2720).contains(&p4)
        || p2 == 34
        || p2 == 37
        || d[0] == 6
        || p2 == 50
        || (56..=58).contains(&p2);
    if issuer {
        Validation::Valid
    } else {
        Validation::Invalid
    }
}

/// IBAN (ISO 13616) mod-97 check.
pub fn iban(s: &str) -> Validation {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_ascii_uppercase();
    if compact.len() < 15 || compact.len() > 34 || !compact.is_ascii() {
        return Validation::Invalid;
    }
    let (head, tail) = compact.split_at(4);
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return Validation::Invalid,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    if rem == 1 {
        Validation::Valid
    } else {
        Validation::Invalid
    }
}

/// Swedish bank account: a clearing number in a range banks use (1100–9969)
/// followed by an account of 6–10 digits (Bankgirot, "Clearingnummer och
/// kontonummer"). Check digits differ per bank and are not verified.
pub fn bank_account(s: &str) -> Validation {
    let d = digits(s);
    if !(10..=15).contains(&d.len()) || starts_with_iso_date(s.trim()) {
        return Validation::Invalid;
    }
    let clearing = d[..4].iter().fold(0u32, |a, &x| a * 10 + x as u32);
    if (1100..=9969).contains(&clearing) {
        Validation::Valid
    } else {
        Validation::Invalid
    }
}

/// "2025-11-24 22:13" is a date and a time, not clearing 2025 and an
/// account.
fn starts_with_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |a, &x| a * 10 + (x - b'0') as u32))
    };
    b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && num(0..4).is_some_and(|y| (1900..2100).contains(&y))
        && num(5..7).is_some_and(|m| (1..=12).contains(&m))
        && num(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// Words that make a mailbox a function's, not a person's, wherever they
/// stand in the local part (`it-drift@`, `alvstad.kommun@`, `registrator@`).
const FUNCTIONAL_MAILBOX: &[&str] = &[
    "registrat",
    "kommun",
    "info",
    "kontakt",
    "servicedesk",
    "support",
    "kundtjanst",
    "kundtjänst",
    "kansli",
    "diarie",
    "ekonomi",
    "noreply",
    "no-reply",
    "postmaster",
    "webmaster",
    "admin",
    "reception",
    "vaxel",
    "växel",
    "social",
    "forvaltning",
    "förvaltning",
    "nyhetsbrev",
    "styrelse",
    "newsletter",
    "press",
    "media",
    "faktura",
    "order",
    "sales",
    "bygglov",
    "miljo",
    "miljö",
    "drift",
    "helpdesk",
    "dataskydd",
    "gdpr",
    "arkiv",
    "upphandling",
    "medborgar",
    "statistik",
    "bistand",
    "bistånd",
    "kontaktcenter",
    "overformyndar",
    "överförmyndar",
    "hello",
    "office",
    "service",
    "bokning",
    "booking",
    "event",
    "marketing",
    "nämnd",
    "namnd",
    "enhet",
    "avdelning",
    "kontor",
    "skola",
    "forskola",
    "förskola",
    "team",
    "grupp",
    "jour",
    "larm",
    "hr",
    "lon",
    "lön",
    "it",
    "post",
    "mail",
    "ekonom",
    "stab",
    "ledning",
    // The municipality's areas of work ("barn.utbildning@",
    // "vard.omsorg@", "kultur.fritid@").
    "utbildning",
    "bildning",
    "omsorg",
    "kultur",
    "fritid",
    "teknik",
    "samhall",
    "elevhals",
    "halsa",
    "hälsa",
    "vard",
    "vård",
    "barn",
    "ungdom",
    // Permits, supervision and services ("alkoholtillsyn.orebro@",
    // "fardtjanst@", "parkering@").
    "tillsyn",
    "tillstand",
    "tillstånd",
    "ansokan",
    "ansökan",
    "anmalan",
    "anmälan",
    "fardtjanst",
    "färdtjänst",
    "parkering",
    "trafik",
    "avfall",
    "bibliotek",
];

/// Mail services where an address belongs to a private person.
const CONSUMER_MAIL: &[&str] = &[
    "gmail",
    "googlemail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "yahoo",
    "icloud",
    "me",
    "mac",
    "telia",
    "bredband",
    "bredband2",
    "comhem",
    "tele2",
    "spray",
    "passagen",
    "bahnhof",
    "glocalnet",
    "protonmail",
    "proton",
    "gmx",
    "aol",
    "mail",
    "ymail",
    "rocketmail",
    "fastmail",
    "tutanota",
    "zoho",
    "yandex",
    "rambler",
    "wp",
    "o2",
    "onet",
    "interia",
    "seznam",
    "libero",
    "laposte",
    "orange",
    "web",
    "abv",
];

/// A mailbox is a person's when its local part holds a name ("anna.berg",
/// "aberg", "annab", "sjoberg"), is written first.last, or sits at a
/// consumer mail service (gmail.com, telia.com …). Shared and functional
/// mailboxes are the organisation's: those with a function's word
/// (`registrator@`, `it-drift@`), a word of the domain's name
/// (`vision.granvik@vision.se`) and any other single word at an
/// organisation's domain (`sommarjobb@`, `folkhalsa@`, `bibliotek@`).
pub fn personal_email(s: &str) -> Validation {
    let (local, domain) = s.split_once('@').unwrap_or((s, ""));
    let local = local.to_lowercase();
    let functional = local
        .split(|c: char| !c.is_alphanumeric())
        .chain(std::iter::once(local.as_str()))
        .any(|token| {
            FUNCTIONAL_MAILBOX
                .iter()
                .any(|w| token == *w || (w.chars().count() >= 5 && token.contains(w)))
        });
    if functional || local.starts_with("no-reply") || local.starts_with("noreply") {
        return Validation::Invalid;
    }
    let domain = domain.to_lowercase();
    let service = domain.rsplit('.').nth(1).unwrap_or("");
    let consumer = CONSUMER_MAIL.contains(&service);
    let words: Vec<&str> = local
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    // An organisation's mailbox often repeats its name ("vision.granvik@
    // vision.se"), a person's only at their own firm.
    let org_named = words
        .iter()
        .filter(|w| w.chars().count() >= 4)
        .any(|w| domain.split(|c: char| !c.is_alphabetic()).any(|d| d == *w));
    if org_named && !consumer {
        return Validation::Invalid;
    }
    // "anna.berg", and "t.wisniewski78": an initial, a dot, a surname.
    let first_dot_last = words.len() >= 2
        && local.contains(['.', '_'])
        && (words.iter().all(|w| w.chars().count() >= 2)
            || words.len() == 2 && words[0].chars().count() == 1 && words[1].chars().count() >= 3);
    if consumer || first_dot_last || words.iter().any(|w| holds_name(w)) {
        Validation::Valid
    } else {
        Validation::Invalid
    }
}

/// A name, an initial and a surname ("aberg"), or a given name and a
/// surname or initial run together ("annaberg", "annab").
fn holds_name(word: &str) -> bool {
    use super::names::is_name_in_mail as name;
    if word.chars().count() >= 3 && name(word) {
        return true;
    }
    let initial_and_surname = word
        .char_indices()
        .nth(1)
        .is_some_and(|(i, _)| word.len() - i >= 3 && name(&word[i..]));
    let run_together = word.char_indices().skip(3).any(|(i, _)| {
        name(&word[..i]) && (word.len() - i == 1 || (word.len() - i >= 3 && name(&word[i..])))
    });
    initial_and_surname || run_together
}

/// A number typed in one go that is no valid personnummer or
/// samordningsnummer (a mobile number, 0701740634: most pass neither the
/// date nor the check digit).
pub fn not_personnummer(s: &str) -> Validation {
    match personnummer(s) {
        Validation::Invalid => Validation::Valid,
        _ => Validation::Invalid,
    }
}

/// Switchboards end in a round group (`0570-810 00`, `08-508 290 00`,
/// `0980-319 200`): the organisation's number, not a person's.
pub fn personal_phone(s: &str) -> Validation {
    let digits = digits(s);
    if digits.len() < 7 {
        return Validation::Invalid;
    }
    // Written like an identity number (850312-1234, 8503121234), it is a
    // voucher or identity number, not a phone number: phones are grouped.
    let compact = s.trim();
    let id_shaped = compact.len() == 10 && compact.bytes().all(|b| b.is_ascii_digit())
        || compact.len() == 11
            && compact.as_bytes()[6] == b'-'
            && compact.bytes().filter(u8::is_ascii_digit).count() == 10;
    if id_shaped {
        return Validation::Invalid;
    }
    // Freephone and shared-cost numbers (020-, 0771-, 0775-, 0900-) are
    // services' lines: "Kvinnofridslinjen 020-50 50 50".
    let all: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = all.strip_prefix("46").unwrap_or(&all);
    let national = national.strip_prefix('0').unwrap_or(national);
    if ["20", "771", "775", "900", "939", "944"]
        .iter()
        .any(|p| national.starts_with(p))
    {
        return Validation::Invalid;
    }
    let last_group = s.rsplit([' ', '-']).next().unwrap_or("");
    // "0980-319 200": a round group of three is a switchboard's too.
    let round = matches!(last_group.len(), 2 | 3) && last_group.ends_with("00");
    if round || s.ends_with("0000") {
        Validation::Invalid
    } else {
        Validation::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personnummer_check_digit_and_date() {
        assert_eq!(personnummer("19121212-1212"), Validation::Valid);
        assert_eq!(personnummer("121212-1212"), Validation::Valid);
        assert_eq!(personnummer("121212+1212"), Validation::Valid);
        assert_eq!(personnummer("1212121212"), Validation::Valid);
        assert_eq!(personnummer("121212-1213"), Validation::Invalid); // check digit
        assert_eq!(personnummer("121312-1210"), Validation::Invalid); // month 13
        assert_eq!(personnummer("212000-1355"), Validation::Invalid); // organisation number
        assert_eq!(personnummer("16212000-1355"), Validation::Invalid); // with 16 prefix
    }

    #[test]
    fn samordningsnummer_is_day_plus_sixty() {
        // 1990-01-23 + 60 → 900183; check digit computed for the test.
        let d = [9, 0, 0, 1, 8, 3, 2, 3, 9];
        let check = (0..10)
            .find(|c| luhn_ok(&[&d[..], &[*c]].concat()))
            .unwrap();
        let s = format!("900183-239{check}");
        assert_eq!(personnummer(&s), Validation::ValidAs("samordningsnummer"));
    }

    #[test]
    fn leap_day_is_valid_in_some_century() {
        // 000229: 2000-02-29 exists (1900-02-29 does not).
        let d = [0, 0, 0, 2, 2, 9, 1, 2, 3];
        let check = (0..10)
            .find(|c| luhn_ok(&[&d[..], &[*c]].concat()))
            .unwrap();
        assert_eq!(
            personnummer(&format!("000229-123{check}")),
            Validation::Valid
        );
        assert_eq!(
            personnummer(&format!("19000229-123{check}")),
            Validation::Invalid
        );
    }

    #[test]
    fn cards_and_ibans() {
        assert_eq!(payment_card("4111 1111 1111 1111"), Validation::Valid);
        assert_eq!(payment_card("4111 1111 1111 1112"), Validation::Invalid);
        assert_eq!(payment_card("9111 1111 1111 1119"), Validation::Invalid);
        assert_eq!(iban("SE45 5000 0000 0583 9825 7466"), Validation::Valid);
        assert_eq!(iban("SE45 5000 0000 0583 9825 7467"), Validation::Invalid);
    }

    #[test]
    fn shared_mailboxes_are_not_personal() {
        assert_eq!(personal_email("registrator@kommun.se"), Validation::Invalid);
        assert_eq!(personal_email("anna.berg@kommun.se"), Validation::Valid);
        assert_eq!(personal_email("it-drift@sjovik.se"), Validation::Invalid);
        assert_eq!(
            personal_email("alkoholtillsyn.orebro@lansstyrelsen.se"),
            Validation::Invalid
        );
        assert_eq!(
            personal_email("alvstad.kommun@alvstad.se"),
            Validation::Invalid
        );
        assert_eq!(
            personal_email("vision.granvik@vision-example.se"),
            Validation::Invalid,
            "the domain's name"
        );
        assert_eq!(
            personal_email("statistik.bistand@sos-exempel.se"),
            Validation::Invalid
        );
        assert_eq!(personal_email("kalle_82@gmail.com"), Validation::Valid);
        assert_eq!(personal_email("t.wisniewski78@wp.pl"), Validation::Valid);
        assert_eq!(
            personal_email("t.wisniewski78@vallby.se"),
            Validation::Valid
        );
        assert_eq!(personal_email("marek1979@onet.pl"), Validation::Valid);
        // A single word at the organisation's domain is a function's
        // mailbox unless it is a name.
        assert_eq!(personal_email("sommarjobb@hallsta.se"), Validation::Invalid);
        assert_eq!(personal_email("folkhalsa@hallsta.se"), Validation::Invalid);
        assert_eq!(
            personal_email("gunnar.sjoberg@telia.com"),
            Validation::Valid
        );
        assert_eq!(personal_email("sjoberg@hallsta.se"), Validation::Valid);
        assert_eq!(personal_email("asjoberg@hallsta.se"), Validation::Valid);
        assert_eq!(personal_email("annab@hallsta.se"), Validation::Valid);
        assert_eq!(personal_email("xiaoling.wu@hallsta.se"), Validation::Valid);
        assert_eq!(personal_email("bibliotek@hallsta.se"), Validation::Invalid);
        assert_eq!(
            personal_email("barn.utbildning@lovsjo.se"),
            Validation::Invalid
        );
        assert_eq!(personal_email("vard.omsorg@lovsjo.se"), Validation::Invalid);
        assert_eq!(personal_email("pialoof86@outlook.com"), Validation::Valid);
        assert_eq!(personal_phone("0570-810 00"), Validation::Invalid);
        assert_eq!(personal_phone("0570-15 10 56"), Validation::Valid);
        assert_eq!(
            personal_phone("020-50 50 50"),
            Validation::Invalid,
            "freephone"
        );
        assert_eq!(personal_phone("0771-14 15 16"), Validation::Invalid);
        assert_eq!(personal_phone("+46 70 123 45 67"), Validation::Valid);
        assert_eq!(personal_phone("070504-1234"), Validation::Invalid);
        assert_eq!(personal_phone("0705041234"), Validation::Invalid);
    }
}
