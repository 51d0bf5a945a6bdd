//! The overview at the top of the page: totals and bar charts (CSS bars),
//! rendered here as escaped HTML so it reads even without the script.

use std::collections::BTreeMap;

use super::{escape, labels};
use crate::classify::{Lang, RecordClass};

/// Folders shown in the overview chart.
const MAX_FOLDERS: usize = 20;

/// Counts for the overview.
#[derive(Default)]
pub struct Counts {
    pub documents: u64,
    pub status: BTreeMap<&'static str, u64>,
    pub class: BTreeMap<&'static str, u64>,
    pub kinds: BTreeMap<String, u64>,
    pub categories: BTreeMap<String, u64>,
    pub folders: BTreeMap<String, u64>,
    pub violations: BTreeMap<String, u64>,
    pub personal: u64,
    pub secrecy: u64,
    pub ai_generated: u64,
}

/// The overview: totals and bar charts, rendered here so it reads without
/// the script.
pub fn overview(c: &Counts, lang: Lang) -> String {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let mut s = String::new();
    let totals = [
        (t("dokument", "documents"), c.documents),
        (t("med personuppgifter", "with personal data"), c.personal),
        (t("sekretess", "secrecy"), c.secrecy),
        (t("AI-genererade", "AI generated"), c.ai_generated),
        (
            t("fel", "errors"),
            c.status.get("error").copied().unwrap_or(0),
        ),
        (
            t("överhoppade", "skipped"),
            c.status.get("skipped").copied().unwrap_or(0),
        ),
    ];
    s.push_str("<div class=\"totals\">");
    for (label, n) in totals {
        s.push_str(&format!(
            "<div class=\"total\"><b>{n}</b><span>{}</span></div>",
            escape(label)
        ));
    }
    s.push_str("</div>\n<div class=\"charts\">");
    let classes: Vec<(String, u64)> = [
        RecordClass::Register,
        RecordClass::LittleImportance,
        RecordClass::WorkingMaterial,
        RecordClass::NotARecord,
        RecordClass::Uncertain,
    ]
    .iter()
    .filter_map(|k| {
        c.class
            .get(k.as_str())
            .map(|n| (labels::class(lang, k.as_str()).to_owned(), *n))
    })
    .collect();
    s.push_str(&chart(t("Handlingstyp", "Record class"), &classes));
    s.push_str(&chart(
        t("Personuppgifter (dokument)", "Personal data (documents)"),
        &sorted(&c.kinds),
    ));
    s.push_str(&chart(
        t("Särskilda kategorier", "Special categories"),
        &sorted(&c.categories),
    ));
    let mut folders = sorted(&c.folders);
    folders.truncate(MAX_FOLDERS);
    s.push_str(&chart(t("Mappar", "Folders"), &folders));
    s.push_str(&chart(
        t("AI-överträdelser", "AI violations"),
        &sorted(&c.violations),
    ));
    s.push_str("</div>");
    s
}

/// Largest first, then by name.
fn sorted(m: &BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// A bar chart as CSS bars.
fn chart(title: &str, bars: &[(String, u64)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let mut s = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>",
        escape(title)
    );
    if bars.is_empty() {
        s.push_str("<p class=\"none\">–</p>");
    }
    for (label, n) in bars {
        let width = (*n as f64 / max as f64 * 100.0).max(1.0);
        s.push_str(&format!(
            "<div class=\"bar\"><span class=\"l\" title=\"{l}\">{l}</span><span class=\"t\"><span class=\"b\" style=\"width:{width:.1}%\"></span></span><span class=\"n\">{n}</span></div>",
            l = escape(label)
        ));
    }
    s.push_str("</figure>");
    s
}
