//! The diarium: a registrar's CSV export (at least diarienummer and title),
//! checked against the diarienummer found in each document. Answers the
//! registrar's question per document: is it `registered`, is its number
//! `not-in-diarium`, or is it a document to register that carries no number
//! at all (`missing-dnr`)?
//!
//! Numbers are compared by their parts, not their spelling: "KS 2024/123",
//! "KS-2024-0123" and "KS 00123-2024" are one case (board code, year, serial
//! number without leading zeros).

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The registered case numbers, normalised.
#[derive(Debug, Default)]
pub struct Diarium {
    keys: HashSet<String>,
    /// Rows read, for the summary.
    pub rows: usize,
}

/// Which columns hold what, when the header does not say it plainly.
#[derive(Debug, Default, Clone)]
pub struct Columns {
    pub dnr: Option<String>,
    pub title: Option<String>,
}

const DNR_HEADERS: &[&str] = &[
    "diarienummer",
    "dnr",
    "diarienr",
    "ärendenummer",
    "ärendenr",
    "beteckning",
    "case",
    "case number",
    "reference",
    "ärende-id",
    "ärendeid",
];
const TITLE_HEADERS: &[&str] = &[
    "titel",
    "rubrik",
    "ärendemening",
    "mening",
    "title",
    "ärende",
    "beskrivning",
    "subject",
];

impl Diarium {
    /// Read a CSV export. The delimiter (`;`, `,` or tab) is taken from the
    /// header line; columns are found by header name unless `columns` names
    /// them.
    /// A hash of the registered case numbers: a stored verdict's
    /// `record.diarium` is only good for the diarium it was checked against.
    pub fn fingerprint(&self) -> String {
        let mut keys: Vec<&String> = self.keys.iter().collect();
        keys.sort();
        let mut h = Sha256::new();
        for k in keys {
            h.update(k.as_bytes());
            h.update(b"\n");
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn load(path: &Path, columns: &Columns) -> Result<Diarium> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read diarium file {}", path.display()))?;
        let text = crate::extract::txt::decode(&bytes);
        Diarium::parse(&text, columns).with_context(|| format!("diarium file {}", path.display()))
    }

    pub fn parse(text: &str, columns: &Columns) -> Result<Diarium> {
        let text = text.trim_start_matches('\u{feff}');
        let header_line = text.lines().next().unwrap_or("");
        let delimiter = [b';', b'\t', b',']
            .into_iter()
            .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
            .unwrap_or(b';');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .context("no header row")?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let find = |wanted: &Option<String>, candidates: &[&str]| -> Option<usize> {
            match wanted {
                Some(name) => headers.iter().position(|h| h == &name.to_lowercase()),
                None => candidates
                    .iter()
                    .find_map(|c| headers.iter().position(|h| h == c)),
            }
        };
        let Some(dnr_col) = find(&columns.dnr, DNR_HEADERS) else {
            bail!(
                "no diarienummer column among {:?}; name it with --diarium-dnr-column",
                headers
            );
        };
        if columns.title.is_some() && find(&columns.title, TITLE_HEADERS).is_none() {
            bail!(
                "no column {:?} among {:?}",
                columns.title.as_deref().unwrap_or(""),
                headers
            );
        }
        let mut diarium = Diarium::default();
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("row {}", i + 2))?;
            if let Some(key) = record.get(dnr_col).and_then(normalize) {
                diarium.keys.insert(key);
            }
            diarium.rows += 1;
        }
        Ok(diarium)
    }

    /// Whether a diarienummer as written in a document is registered.
    pub fn contains(&self, dnr: &str) -> bool {
        normalize(dnr).is_some_and(|k| self.keys.contains(&k))
    }
}

/// A case number's identity: board letters, year, serial number without
/// leading zeros — `KS|2024|123`. `None` when there is no year and number.
pub fn normalize(dnr: &str) -> Option<String> {
    let upper = dnr.to_uppercase();
    let prefix: String = upper
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .filter(|c| c.is_alphabetic())
        .collect();
    let groups: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let year_at = groups
        .iter()
        .position(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")))?;
    let serial = groups
        .iter()
        .enumerate()
        .find(|&(i, _)| i != year_at)
        .map(|(_, g)| g.trim_start_matches('0'))?;
    Some(format!(
        "{prefix}|{}|{}",
        groups[year_at],
        if serial.is_empty() { "0" } else { serial }
    ))
}

/// One of the three `record.diarium` names, as a static string.
pub fn status_name(s: &str) -> Option<&'static str> {
    ["registered", "not-in-diarium", "missing-dnr"]
        .into_iter()
        .find(|k| *k == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_case_are_one_key() {
        let k = normalize("KS 2024/123");
        assert!(k.is_some());
        assert_eq!(normalize("KS-2024-0123"), k);
        assert_eq!(normalize("ks 00123-2024"), k);
        assert_ne!(normalize("SN 2024/123"), k);
        assert_eq!(normalize("Dnr saknas"), None);
    }

    #[test]
    fn reads_exports_with_any_delimiter_and_header() {
        let csv = "\u{feff}Diarienummer;Ärendemening;Datum\nKS 2024/123;Budget;2024-01-01\n\"SN 2025/118\";\"Bistånd; beslut\";2025\n";
        let d = Diarium::parse(csv, &Columns::default()).unwrap();
        assert_eq!(d.rows, 2);
        assert!(d.contains("KS 2024/0123"));
        assert!(d.contains("SN 2025-118"));
        assert!(!d.contains("KS 2024/124"));
        let comma = "case number,title\nKS 2024/1,x\n";
        assert!(
            Diarium::parse(comma, &Columns::default())
                .unwrap()
                .contains("KS 2024/1")
        );
        let named = Columns {
            dnr: Some("Beteckn".into()),
            title: None,
        };
        assert!(
            Diarium::parse("Beteckn;Titel\nKS 2024/1;x\n", &named)
                .unwrap()
                .contains("KS 2024/1")
        );
        assert!(Diarium::parse("Foo;Bar\n1;2\n", &Columns::default()).is_err());
    }
}
