//! Tables whose header names their columns, read row by row: where a row's
//! values stand in cells with no words around them, the header tells what
//! they are.
//!
//! - Bank accounts in a payment list or a case system's export
//!   ("Namn;Personnummer;Clearing;Kontonr", or columns aligned with blanks
//!   under "Clearing  Kontonummer"): the clearing number and the account
//!   number stand in two cells, often beside an amount in kronor, so no
//!   pattern over the row can tell an account from the other numbers.
//! - People in a register ("Kundnr;Namn;Gatuadress", "Elev  Klass
//!   Vårdnadshavare"): names in either order, their homes, children, and
//!   the union of each member ("Namn;Förbund;Avdrag kr").

use super::names::NameLexicon;
use super::validate::{Validation, bank_account};

/// A detector reading tables: the byte spans of the cells it finds.
pub type Cells = fn(&str, &NameLexicon) -> Vec<(usize, usize)>;

/// The table detectors a rule may name (`detector = "…"`).
pub const DETECTORS: [(&str, Cells); 5] = [
    ("account-columns", |text, _| account_cells(text)),
    ("name-columns", name_cells),
    ("address-columns", address_cells),
    ("child-columns", child_cells),
    ("union-columns", union_cells),
];

/// The account cells (byte spans) of every row, under every header naming
/// a clearing column and an account column, whose clearing and account
/// numbers together make a bank account.
pub fn account_cells(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !names_clearing(text) {
        return out;
    }
    for (register, rows) in tables_of(text, account_header) {
        let (Some(clearing), Some(account)) = (
            register.column(Role::Clearing),
            register.column(Role::Account),
        ) else {
            continue;
        };
        for (start, end) in rows {
            let row = &text[start..end];
            let clearing = register.cell(row, clearing).map_or("", |(a, b)| &row[a..b]);
            if let Some((a, b)) = register.cell(row, account)
                && is_account(clearing, &row[a..b])
            {
                out.push((start + a, start + b));
            }
        }
    }
    out
}

/// A header row naming a clearing column and an account column.
fn account_header(row: &str) -> Option<Register> {
    if !names_clearing(row) {
        return None;
    }
    let role = |label: &str| {
        let label = label.trim().to_lowercase();
        if label.starts_with("clearing") {
            Some(Role::Clearing)
        } else if label.starts_with("konto") || label.starts_with("bankkonto") {
            Some(Role::Account)
        } else {
            None
        }
    };
    let both = |columns: &[(usize, Role)]| {
        [Role::Clearing, Role::Account]
            .iter()
            .all(|r| columns.iter().any(|c| c.1 == *r))
    };
    for sep in [';', '\t', '|', ','] {
        if !row.contains(sep) {
            continue;
        }
        let columns = roles(row.split(sep), role);
        if both(&columns) {
            return Some(Register {
                layout: Layout::Split(sep, row.split(sep).count()),
                columns,
            });
        }
    }
    let aligned = aligned_columns(row);
    let columns = roles(aligned.iter().map(|c| c.1.as_str()), role);
    both(&columns).then(|| Register {
        layout: Layout::Aligned(aligned.iter().map(|c| c.0).collect()),
        columns,
    })
}

/// The columns whose labels `role` reads: (index, role).
fn roles<'a>(
    labels: impl Iterator<Item = &'a str>,
    role: impl Fn(&str) -> Option<Role>,
) -> Vec<(usize, Role)> {
    labels
        .enumerate()
        .filter_map(|(i, label)| role(label).map(|r| (i, r)))
        .collect()
}

/// "Clearing" in any case, without lower-casing the text.
fn names_clearing(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"learing").is_some()
        || memchr::memmem::find(bytes, b"LEARING").is_some()
}

/// The header's words cut at runs of two or more blanks: (character
/// column where each begins, the words in lower case).
fn aligned_columns(row: &str) -> Vec<(usize, String)> {
    let mut columns: Vec<(usize, String)> = Vec::new();
    let mut blanks = 2;
    for (col, c) in row.chars().enumerate() {
        if c == ' ' || c == '\t' {
            blanks += 1;
            continue;
        }
        if blanks >= 2 {
            columns.push((col, String::new()));
        } else if blanks == 1
            && let Some(last) = columns.last_mut()
        {
            last.1.push(' ');
        }
        blanks = 0;
        if let Some(last) = columns.last_mut() {
            last.1.extend(c.to_lowercase());
        }
    }
    columns
}

/// The span `(a, b)` of `row` without the blanks at its ends.
fn trimmed(row: &str, (a, b): (usize, usize)) -> (usize, usize) {
    let cell = &row[a..b];
    let lead = cell.len() - cell.trim_start().len();
    (a + lead, (a + cell.trim_end().len()).max(a + lead))
}

/// Whether a clearing cell and an account cell make a bank account: the
/// clearing number alone in its cell, the account of digits and blanks
/// and at most one dash.
fn is_account(clearing: &str, account: &str) -> bool {
    let clearing_ok = (4..=6).contains(&clearing.len())
        && clearing.chars().all(|c| c.is_ascii_digit() || c == '-');
    // At most one dash, before a check digit ("914 553 247-1"): not a date.
    let account_ok = account.chars().any(|c| c.is_ascii_digit())
        && account.matches('-').count() <= 1
        && account
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    clearing_ok
        && account_ok
        && bank_account(&format!("{clearing} {account}")) != Validation::Invalid
}

/// What a table's column holds.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    /// A full name ("Namn", "Kund", "Elevens namn").
    Name,
    /// A given name ("Förnamn") ...
    Given,
    /// ... and its surname ("Efternamn"), in their own cells.
    Surname,
    /// A street and house number ("Adress", "Gatuadress").
    Street,
    /// A full name under a label that says the person is a child ("Elev",
    /// "Barnets namn").
    Child,
    /// What only a child's row has: a guardian ("Vårdnadshavare / mobil"),
    /// a class or year ("Klass", "Åk").
    ChildsOwn,
    /// An age ("Ålder").
    Age,
    /// A trade union ("Förbund", "Facklig tillhörighet").
    Union,
    /// A bank account's clearing number ("Clearingnr") ...
    Clearing,
    /// ... and its account number ("Kontonr").
    Account,
}

/// How a register's rows are cut into cells.
enum Layout {
    /// Cells between separators, and how many the header has.
    Split(char, usize),
    /// The character column where each header word begins.
    Aligned(Vec<usize>),
}

/// A register: how its rows are cut and what its columns hold.
struct Register {
    layout: Layout,
    columns: Vec<(usize, Role)>,
}

/// Full names in the cells of a register whose header names a name column
/// (or a given-name and a surname column): a customer or pupil export,
/// "Kundnr;Namn;Gatuadress", where names often stand surname first
/// ("Holmberg Lars-Erik") and with no words around them to tell a name.
pub fn name_cells(text: &str, names: &NameLexicon) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_row(text, |register, row, start| {
        if let Some(span) = person_in(register, row, names) {
            out.push((start + span.0, start + span.1));
        }
    });
    out
}

/// Street addresses in the cells of a register's address column, on rows
/// that hold a person's name: the row is someone's home. A company's row
/// ("Bergsviks Bilvård AB;Industrivägen 14") is not.
pub fn address_cells(text: &str, names: &NameLexicon) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Every address label ends in "adress"/"address" or is "street".
    let labelled = ["dress", "DRESS", "treet", "TREET"]
        .iter()
        .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some());
    if !labelled {
        return out;
    }
    for_each_row(text, |register, row, start| {
        if person_in(register, row, names).is_none() {
            return;
        }
        for &(i, role) in &register.columns {
            if role == Role::Street
                && let Some((a, b)) = register.cell(row, i)
                && is_street_cell(&row[a..b])
            {
                out.push((start + a, start + b));
            }
        }
    });
    out
}

/// The names of children in a register: under a child's label ("Elev"),
/// or on rows that name a guardian or a class ("Vårdnadshavare / mobil",
/// "Klass"), unless the row's age says an adult.
pub fn child_cells(text: &str, names: &NameLexicon) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_row(text, |register, row, start| {
        let of_children =
            (register.columns.iter()).any(|c| matches!(c.1, Role::Child | Role::ChildsOwn));
        if !of_children {
            return;
        }
        let adult = (register.column(Role::Age))
            .and_then(|i| register.cell(row, i))
            .and_then(|(a, b)| row[a..b].trim().parse::<u32>().ok())
            .is_some_and(|age| age >= 18);
        // Under "Elev" beside "Vårdnadshavare" the child is the pupil, not
        // the first person column.
        let child = match register.column(Role::Child) {
            Some(i) => register
                .cell(row, i)
                .filter(|&(a, b)| names.is_name_cell(&row[a..b])),
            None => person_in(register, row, names),
        };
        if let Some((a, b)) = child
            && !adult
        {
            out.push((start + a, start + b));
        }
    });
    out
}

/// The union cells of a register's rows that name a person: a list of
/// union fees deducted from pay ("Namn;Förbund;Avdrag kr"), a roster of
/// representatives. A cell saying "no union" ("Ej ansluten", "–") is not
/// membership.
pub fn union_cells(text: &str, names: &NameLexicon) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_row(text, |register, row, start| {
        let Some(i) = register.column(Role::Union) else {
            return;
        };
        if person_in(register, row, names).is_none() {
            return;
        }
        if let Some((a, b)) = register.cell(row, i)
            && names_a_union(&row[a..b])
        {
            out.push((start + a, start + b));
        }
    });
    out
}

/// A union cell's value that names a union, not its absence.
fn names_a_union(cell: &str) -> bool {
    const NONE: [&str; 10] = [
        "nej",
        "ej",
        "ingen",
        "inget",
        "saknas",
        "ej medlem",
        "ej ansluten",
        "ej ansl.",
        "none",
        "no",
    ];
    let cell = cell.trim().to_lowercase();
    cell.chars().next().is_some_and(char::is_alphabetic) && !NONE.contains(&cell.as_str())
}

/// Calls `row(register, line, offset)` for every row under a register's
/// header, up to the next blank line.
///
/// Three rules read the same registers (names, their homes, children), so
/// the registers of the last text read on this thread are kept: the text
/// is compared whole (a memcmp, far cheaper than finding the headers
/// again), never by its address, which a later text may reuse.
fn for_each_row(text: &str, mut row: impl FnMut(&Register, &str, usize)) {
    thread_local! {
        static LAST: std::cell::RefCell<(String, std::rc::Rc<Registers>)> =
            std::cell::RefCell::new((String::new(), std::rc::Rc::new(Vec::new())));
    }
    let registers = LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != text {
            *last = (
                text.to_owned(),
                std::rc::Rc::new(tables_of(text, register_header)),
            );
        }
        std::rc::Rc::clone(&last.1)
    });
    for (register, rows) in registers.iter() {
        for &(start, end) in rows {
            row(register, &text[start..end], start);
        }
    }
}

/// A text's registers, each with its rows' byte spans.
type Registers = Vec<(Register, Vec<(usize, usize)>)>;

/// The tables of `text`: each header line `header` reads, with the byte
/// spans of the lines under it (without their line ends) up to the next
/// blank line or header.
fn tables_of<H>(text: &str, header: impl Fn(&str) -> Option<H>) -> Vec<(H, Vec<(usize, usize)>)> {
    let mut out: Vec<(H, Vec<(usize, usize)>)> = Vec::new();
    let mut open = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        if let Some(found) = header(line) {
            out.push((found, Vec::new()));
            open = true;
            continue;
        }
        if open && let Some((_, rows)) = out.last_mut() {
            rows.push((start, start + line.len()));
        }
    }
    out
}

/// The byte span of the person's name on a register's row: the name cell,
/// or the given-name and surname cells together.
fn person_in(register: &Register, row: &str, names: &NameLexicon) -> Option<(usize, usize)> {
    let cell = |role: Role| register.cell(row, register.column(role)?);
    if let Some((a, b)) = cell(Role::Name).or_else(|| cell(Role::Child)) {
        return names.is_name_cell(&row[a..b]).then_some((a, b));
    }
    let (g0, g1) = cell(Role::Given)?;
    let (s0, s1) = cell(Role::Surname)?;
    let full = format!("{} {}", &row[g0..g1], &row[s0..s1]);
    names
        .is_name_cell(&full)
        .then_some((g0.min(s0), g1.max(s1)))
}

/// A header row that names at least one person column, its cells short
/// labels ("Kundnr;Namn;Gatuadress;Postnr"), not sentences with commas.
/// Every line of every text is asked, so the cheap tests come first and
/// nothing is allocated for a line of prose.
fn register_header(line: &str) -> Option<Register> {
    let bytes = line.as_bytes();
    // Labels hold no digits; a budget's or a table's rows of figures do.
    if line.len() > 400 || bytes.iter().any(u8::is_ascii_digit) {
        return None;
    }
    // The first of `;`, tab and `|` names the separator; a comma only
    // when none of them is there.
    let sep = memchr::memchr3(b';', b'\t', b'|', bytes)
        .map(|i| bytes[i])
        .or_else(|| memchr::memchr(b',', bytes).map(|_| b','));
    let usable = |columns: &[(usize, Role)]| {
        columns
            .iter()
            .any(|c| matches!(c.1, Role::Name | Role::Given | Role::Child))
    };
    if let Some(sep) = sep {
        let sep = sep as char;
        let cells = line.split(sep).count();
        // A comma is a separator only between three labels or more: two
        // are a heading ("Barn, jämställdhet och tillgänglighet").
        if sep == ',' && cells < 3 || !line.split(sep).all(is_label) {
            return None;
        }
        let columns = roles(line.split(sep), role_of);
        return usable(&columns).then_some(Register {
            layout: Layout::Split(sep, cells),
            columns,
        });
    }
    // Aligned columns need runs of two blanks between at least three labels.
    bytes.windows(2).filter(|w| w == b"  ").nth(1)?;
    let aligned = aligned_columns(line);
    if aligned.len() < 3 || !aligned.iter().all(|c| is_label(&c.1)) {
        return None;
    }
    let columns = roles(aligned.iter().map(|c| c.1.as_str()), role_of);
    usable(&columns).then(|| Register {
        layout: Layout::Aligned(aligned.iter().map(|c| c.0).collect()),
        columns,
    })
}

/// A header cell's shape: a label of a few words, not a clause.
fn is_label(cell: &str) -> bool {
    cell.len() <= 40 && cell.split_whitespace().nth(4).is_none()
}

/// The role of a header cell, from its label.
fn role_of(label: &str) -> Option<Role> {
    let label = label
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == ':' || c == '*')
        .trim()
        .to_lowercase();
    let label = label.as_str();
    const NAME: [&str; 25] = [
        "namn",
        "kundnamn",
        "kundens namn",
        "fullständigt namn",
        "för- och efternamn",
        "sökande",
        "sökandes namn",
        "vårdnadshavare",
        "kontaktperson",
        "abonnent",
        "kund",
        "deltagare",
        "hyresgäst",
        "brukare",
        "patient",
        "medlem",
        "anställd",
        "medarbetare",
        "personnamn",
        "person",
        "mottagare",
        "name",
        "full name",
        "customer",
        "applicant",
    ];
    const GIVEN: [&str; 4] = ["förnamn", "tilltalsnamn", "first name", "given name"];
    const SURNAME: [&str; 4] = ["efternamn", "last name", "surname", "family name"];
    const STREET: [&str; 11] = [
        "adress",
        "gatuadress",
        "postadress",
        "bostadsadress",
        "hemadress",
        "folkbokföringsadress",
        "utdelningsadress",
        "boendeadress",
        "address",
        "street",
        "street address",
    ];
    const CHILD: [&str; 6] = [
        "elev",
        "elevens namn",
        "barn",
        "barnets namn",
        "pupil",
        "child",
    ];
    const CHILDS_OWN: [&str; 8] = [
        "klass",
        "årskurs",
        "åk",
        "förälder",
        "föräldrar",
        "målsman",
        "guardian",
        "parent",
    ];
    const UNION: [&str; 9] = [
        "förbund",
        "fackförbund",
        "fack",
        "fackförening",
        "facklig tillhörighet",
        "fackföreningstillhörighet",
        "facklig organisation",
        "union",
        "trade union",
    ];
    if CHILD.contains(&label) {
        Some(Role::Child)
    } else if NAME.contains(&label) || label.starts_with("namn (") {
        Some(Role::Name)
    } else if CHILDS_OWN.contains(&label) || label.contains("vårdnadshavare") {
        Some(Role::ChildsOwn)
    } else if UNION.contains(&label) {
        Some(Role::Union)
    } else if label == "ålder" || label == "age" {
        Some(Role::Age)
    } else if GIVEN.contains(&label) {
        Some(Role::Given)
    } else if SURNAME.contains(&label) {
        Some(Role::Surname)
    } else if STREET.contains(&label) {
        Some(Role::Street)
    } else {
        None
    }
}

/// A street and house number, with a flat or a postal address after it
/// ("Sjövägen 41", "Storgatan 14 B, lgh 1102", "Sjövägen 41, 671 32 Bergsvik").
fn is_street_cell(cell: &str) -> bool {
    static STREET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\p{Lu}[\p{L}.\- ]{1,40}? \d{1,4}(?: ?[A-Za-z])?(?:,? (?:lgh|lägenhet|nb|tr|vån)\.? ?\w{1,6})?(?:, ?\d{3} ?\d{2} \p{L}[\p{L} -]{1,30})?$").unwrap()
    });
    STREET.is_match(cell.trim())
}

impl Register {
    /// The index of the (first) column that holds `role`.
    fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().find(|c| c.1 == role).map(|c| c.0)
    }

    /// The trimmed byte span of cell `i` of `row`.
    fn cell(&self, row: &str, i: usize) -> Option<(usize, usize)> {
        let (a, b) = match &self.layout {
            Layout::Split(sep, cells) => {
                // A row of another shape is no row of this register.
                if row.split(*sep).count() != *cells {
                    return None;
                }
                let mut from = 0;
                let mut k = 0;
                let mut span = None;
                for (at, c) in row.char_indices().chain([(row.len(), *sep)]) {
                    if c == *sep {
                        if k == i {
                            span = Some((from, at));
                            break;
                        }
                        k += 1;
                        from = at + c.len_utf8();
                    }
                }
                span?
            }
            Layout::Aligned(starts) => {
                let byte = |col: usize| row.char_indices().nth(col).map_or(row.len(), |(b, _)| b);
                let a = byte(*starts.get(i)?);
                let b = starts.get(i + 1).map_or(row.len(), |&c| byte(c));
                (a, b.max(a))
            }
        };
        let (a, b) = trimmed(row, (a, b));
        let quote = |c: char| c == '"';
        let lead = row[a..b].len() - row[a..b].trim_start_matches(quote).len();
        let tail = row[a..b].len() - row[a..b].trim_end_matches(quote).len();
        (a + lead < b - tail).then_some((a + lead, b - tail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts(text: &str) -> Vec<&str> {
        account_cells(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn a_separated_export_names_its_columns() {
        let csv = "Namn;Personnummer;Clearingnr;Kontonr;Arvode\n\
            Håkan Eriksson;19470823-1198;8214-9;934 771 205-6;8400\n\
            Annika Strömberg;19660130-0822;6152;803 224 917;31250\n\
            SUMMA;;;;39650\n";
        assert_eq!(accounts(csv), ["934 771 205-6", "803 224 917"]);
    }

    #[test]
    fn aligned_columns_are_read_under_their_header() {
        let table = "Abonnent            Adress                  Clearing  Kontonummer       Belopp\n\
            ----------------------------------------------------------------------------\n\
            Emil Johansson      Hultavägen 3            8327-9    914 553 247-1     1 284 kr\n\
            Petra Nyberg        Hultabacken 2           5204      10 442 81         1 509 kr\n\
            Summa                                                             8 018 kr\n\
            \n\
            Summa                                                                   2 793 kr\n";
        assert_eq!(accounts(table), ["914 553 247-1", "10 442 81"]);
    }

    fn cells_of(spans: Vec<(usize, usize)>, text: &str) -> Vec<String> {
        spans
            .into_iter()
            .map(|(a, b)| text[a..b].to_owned())
            .collect()
    }

    /// A customer export: names surname first, a company among the
    /// people, streets under "Gatuadress".
    #[test]
    fn a_register_names_its_people_and_their_homes() {
        let names = NameLexicon::shipped();
        let csv = "Kundnr;Namn;Gatuadress;Postnr;Ort;Telefon\n\
            100214;Holmberg Lars-Erik;Sjövägen 41;671 32;Bergsvik;070-412 88 15\n\
            100270;Bergsviks Bilvård AB;Industrivägen 14;671 33;Bergsvik;0570-210 90\n\
            100291;\"KARLSSON, Therese\";Granvägen 6 B;671 34;Bergsvik;\n";
        assert_eq!(
            cells_of(name_cells(csv, names), csv),
            ["Holmberg Lars-Erik", "KARLSSON, Therese"]
        );
        assert_eq!(
            cells_of(address_cells(csv, names), csv),
            ["Sjövägen 41", "Granvägen 6 B"]
        );
        let split = "Förnamn\tEfternamn\tAdress\nAnna\tBerg\tEkvägen 3, 671 30 Bergsvik\n";
        assert_eq!(cells_of(name_cells(split, names), split), ["Anna\tBerg"]);
        assert_eq!(
            cells_of(address_cells(split, names), split),
            ["Ekvägen 3, 671 30 Bergsvik"]
        );
        let aligned = "Nr   Elev               Adress             Hållplats\n\
            1    Wilma Andersson    Björkvägen 12      Kyrkskolan\n\
            2    Kyrkskolan         Storgatan 1        Centrum\n";
        assert_eq!(
            cells_of(name_cells(aligned, names), aligned),
            ["Wilma Andersson"]
        );
        assert_eq!(
            cells_of(address_cells(aligned, names), aligned),
            ["Björkvägen 12"]
        );
    }

    /// A queue or a route list names children: by the column's label, or
    /// by a guardian's or a class's column beside the names.
    #[test]
    fn a_register_of_children_says_so_in_its_header() {
        let names = NameLexicon::shipped();
        let queue = "Plats  Namn                   Ålder  Vårdnadshavare / mobil\n\
            1      Alva Lindgren          9      Jessica Lindgren 070-412 88 31\n\
            2      Maria Berg             34     -\n";
        assert_eq!(
            cells_of(child_cells(queue, names), queue),
            ["Alva Lindgren"]
        );
        let guarded = "Vårdnadshavare;Elev\nJessica Lindgren;Alva Lindgren\n";
        assert_eq!(
            cells_of(child_cells(guarded, names), guarded),
            ["Alva Lindgren"]
        );
        let route = "Hållplats;Elev;Tid\nKyrkbacken;Wilma Andersson;07.12\n";
        assert_eq!(
            cells_of(child_cells(route, names), route),
            ["Wilma Andersson"]
        );
        let customers = "Kundnr;Namn;Gatuadress\n100214;Holmberg Lars-Erik;Sjövägen 41\n";
        assert!(child_cells(customers, names).is_empty());
        // A heading with a comma is no header; a line of another shape no row.
        let heading = "Barn, jämställdhet och tillgänglighet\nMaria Holmberg, strateg\n";
        assert!(child_cells(heading, names).is_empty());
        let other = "Elev;Klass;Tid\nWilma Andersson;3B\n";
        assert!(child_cells(other, names).is_empty());
    }

    #[test]
    fn a_register_with_a_union_column_shows_each_members_union() {
        let names = NameLexicon::shipped();
        let fees = "Anst.nr;Personnummer;Namn;Förbund;Avdrag kr\n\
            100417;19640312-2481;Agneta Karlsson;Kommunal;392,00\n\
            102218;19880211-0356;Daniel Forsman;Ej ansluten;0,00\n\
            102219;19880211-0356;Norrby Bygg AB;Byggnads;0,00\n";
        assert_eq!(cells_of(union_cells(fees, names), fees), ["Kommunal"]);
        let aligned = "Namn              Facklig tillhörighet   Befattning\n\
            Sanna Holmqvist   Vision                 Handläggare\n";
        assert_eq!(cells_of(union_cells(aligned, names), aligned), ["Vision"]);
        let staff = "Namn;Befattning;Enhet\nSanna Holmqvist;Handläggare;Vision 2030\n";
        assert!(union_cells(staff, names).is_empty());
    }

    /// Without a person's name on the row, or under a header that names
    /// no person, a street is a place: a route's stops, a company.
    #[test]
    fn streets_without_a_person_and_prose_with_commas_are_no_register() {
        let names = NameLexicon::shipped();
        let route = "Nr   Adress              Kärl\n001  Granvägen 2         370 l\n";
        assert!(address_cells(route, names).is_empty());
        assert!(name_cells(route, names).is_empty());
        let prose = "Namn, adress och telefon ska anges i ansökan, som skickas till oss.\n\
            Anna Berg, Ekvägen 3, ringde i går.\n";
        assert!(name_cells(prose, names).is_empty());
        let places = "Namn;Antal\nCentrala Stan;12\nNorra Skogen;4\n";
        assert!(name_cells(places, names).is_empty());
    }

    #[test]
    fn numbers_outside_an_account_table_are_left_alone() {
        assert!(
            accounts("Konto;Belopp\n3511;1284\n").is_empty(),
            "no clearing column"
        );
        assert!(
            accounts("Clearing;Kontonr\n2024;2025-03-01\n").is_empty(),
            "a year and a date"
        );
    }
}
