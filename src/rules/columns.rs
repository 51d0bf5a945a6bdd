//! Bank accounts in a table whose header names the columns: a payment
//! list or a case system's export ("Namn;Personnummer;Clearing;Kontonr",
//! or columns aligned with blanks under "Clearing  Kontonummer"). A row's
//! clearing number and account number stand in two cells, often with an
//! amount in kronor beside them, so no pattern over the row can tell an
//! account from the other numbers; the header can.

use super::validate::{Validation, bank_account};

/// How a table's rows are cut into cells.
enum Cells {
    /// Cells between separators (`;`, tab, `|`, `,`): the clearing and
    /// account cells' indices.
    Split {
        sep: char,
        clearing: usize,
        account: usize,
    },
    /// Cells aligned under the header's words: the character columns each
    /// cell spans (end exclusive, `usize::MAX` for the line's end).
    Aligned {
        clearing: (usize, usize),
        account: (usize, usize),
    },
}

/// The account cells (byte spans) of every row, under every header naming
/// a clearing column and an account column, whose clearing and account
/// numbers together make a bank account.
pub fn account_cells(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !names_clearing(text) {
        return out;
    }
    let mut table: Option<Cells> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let row = line.trim_end_matches(['\n', '\r']);
        if row.trim().is_empty() {
            table = None;
            continue;
        }
        if let Some(cells) = header(row) {
            table = Some(cells);
            continue;
        }
        if let Some(cells) = &table
            && let Some((clearing, (a, b))) = cells.of(row)
            && is_account(clearing, &row[a..b])
        {
            out.push((start + a, start + b));
        }
    }
    out
}

/// A header row naming a clearing column and an account column.
fn header(row: &str) -> Option<Cells> {
    if !names_clearing(row) {
        return None;
    }
    for sep in [';', '\t', '|', ','] {
        if !row.contains(sep) {
            continue;
        }
        let names: Vec<String> = row.split(sep).map(|c| c.trim().to_lowercase()).collect();
        let clearing = names.iter().position(|c| is_clearing(c));
        let account = names.iter().position(|c| is_account_name(c));
        if let (Some(clearing), Some(account)) = (clearing, account) {
            return Some(Cells::Split {
                sep,
                clearing,
                account,
            });
        }
    }
    let columns = aligned_columns(row);
    let span = |i: usize| {
        let end = columns.get(i + 1).map_or(usize::MAX, |c| c.0);
        (columns[i].0, end)
    };
    let clearing = columns.iter().position(|c| is_clearing(&c.1))?;
    let account = columns.iter().position(|c| is_account_name(&c.1))?;
    Some(Cells::Aligned {
        clearing: span(clearing),
        account: span(account),
    })
}

/// "Clearing" in any case, without lower-casing the text.
fn names_clearing(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"learing").is_some()
        || memchr::memmem::find(bytes, b"LEARING").is_some()
}

fn is_clearing(cell: &str) -> bool {
    cell.starts_with("clearing")
}

fn is_account_name(cell: &str) -> bool {
    cell.starts_with("konto") || cell.starts_with("bankkonto")
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

impl Cells {
    /// A row's clearing cell and its account cell's byte span, trimmed.
    fn of<'r>(&self, row: &'r str) -> Option<(&'r str, (usize, usize))> {
        match *self {
            Cells::Split {
                sep,
                clearing,
                account,
            } => {
                let mut spans = Vec::new();
                let mut from = 0;
                for (i, c) in row.char_indices() {
                    if c == sep {
                        spans.push((from, i));
                        from = i + c.len_utf8();
                    }
                }
                spans.push((from, row.len()));
                let (c0, c1) = trimmed(row, *spans.get(clearing)?);
                Some((&row[c0..c1], trimmed(row, *spans.get(account)?)))
            }
            Cells::Aligned { clearing, account } => {
                let byte = |col: usize| row.char_indices().nth(col).map_or(row.len(), |(i, _)| i);
                let cut = |(a, b): (usize, usize)| trimmed(row, (byte(a), byte(b)));
                let (c0, c1) = cut(clearing);
                let (a0, a1) = cut(account);
                (a0 < a1).then(|| (&row[c0..c1], (a0, a1)))
            }
        }
    }
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
