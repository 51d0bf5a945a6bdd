//! The page's words in Swedish and English. The script reads them from a
//! JSON block, so the page has one script for both languages.

use std::collections::BTreeMap;

use crate::classify::Lang;

/// Swedish and English for each label the script uses.
const LABELS: &[(&str, &str, &str)] = &[
    ("path", "Sökväg", "Path"),
    ("format", "Format", "Format"),
    ("status", "Status", "Status"),
    ("kinds", "Personuppgifter", "Personal data"),
    ("categories", "Särskilda kategorier", "Special categories"),
    ("secrecy", "Sekretess", "Secrecy"),
    ("ai", "AI", "AI"),
    ("class", "Handlingstyp", "Record class"),
    ("findings", "Fynd", "Findings"),
    ("kind", "Uppgift", "Data"),
    ("violation", "AI-överträdelse", "AI violation"),
    ("folder", "Mapp", "Folder"),
    ("search", "Sök", "Search"),
    ("all", "alla", "all"),
    ("any", "någon", "any"),
    ("yes", "ja", "yes"),
    ("generated", "AI-genererad", "AI generated"),
    ("prev", "Föregående", "Previous"),
    ("next", "Nästa", "Next"),
    ("showing", "Visar", "Showing"),
    ("of", "av", "of"),
    ("none", "Inga dokument matchar.", "No documents match."),
    ("reasons", "Skäl", "Reasons"),
    ("rule", "Regel", "Rule"),
    ("severity", "Allvar", "Severity"),
    ("part", "Del", "Part"),
    ("where", "Sida/rad", "Page/line"),
    ("excerpt", "Utdrag (maskerat)", "Excerpt (masked)"),
    ("accepted", "Godkänt", "Accepted"),
    (
        "more",
        "fler fynd i JSONL-rapporten",
        "more findings in the JSONL report",
    ),
    ("error", "Fel", "Error"),
    ("dnr", "Diarienummer", "Diarienummer"),
    ("diarium", "Diarium", "Diarium"),
    ("reset", "Rensa filter", "Clear filters"),
    ("details", "Visa alla detaljer", "Show all details"),
    ("register", "Ska registreras", "Register"),
    ("little-importance", "Ringa betydelse", "Little importance"),
    ("working-material", "Arbetsmaterial", "Working material"),
    ("not-a-record", "Inte allmän handling", "Not a record"),
    ("uncertain", "Osäker", "Uncertain"),
];

/// Every label in `lang`, by key.
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, sv, en)| (*k, lang.pick(sv, en)))
        .collect()
}

/// A record class in words.
pub fn class(lang: Lang, class: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == class)
        .map_or("?", |(_, sv, en)| lang.pick(sv, en))
}
