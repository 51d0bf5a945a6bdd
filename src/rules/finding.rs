//! What the rules hand to the classifiers: [`Finding`]s with their
//! [`Level`]s, [`Category`] and [`Where`]. A finding serializes exactly as a
//! report-v1 finding; the unmasked matched value travels with it for the
//! classifiers but is never serialized.

use serde::{Deserialize, Serialize};

use crate::extract::PartKind;
use crate::mask::Excerpt;

/// High, medium or low — for both severity and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub(crate) fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "low" => Level::Low,
            "medium" => Level::Medium,
            "high" => Level::High,
            _ => return None,
        })
    }

    pub(crate) fn raised(self) -> Level {
        match self {
            Level::Low => Level::Medium,
            _ => Level::High,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

/// What a finding is evidence of, for the classifiers. The default only
/// fills findings read back from a report or state (they are never
/// classified again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Category {
    #[default]
    PersonalData,
    SpecialCategory,
    Secrecy,
    Ai,
    Disclosure,
    Record,
}

impl Category {
    pub(crate) fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "personal-data" => Category::PersonalData,
            "special-category" => Category::SpecialCategory,
            "secrecy" => Category::Secrecy,
            "ai" => Category::Ai,
            "disclosure" => Category::Disclosure,
            "record" => Category::Record,
            _ => return None,
        })
    }
}

/// Where a finding is: report-v1 `where`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Where {
    pub part: PartKind,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

/// One piece of evidence. Serializes as a report-v1 finding; the matched
/// value itself is kept for the classifiers but never serialized, so a
/// finding read back (from a state file or report) has the internal fields
/// at their defaults: empty value, index 0.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub kind: String,
    pub severity: Level,
    pub confidence: Level,
    #[serde(rename = "where")]
    pub location: Where,
    pub excerpt: Excerpt,
    /// With `--baseline`: who accepted this finding and why (report-v1
    /// optional `findings[].accepted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<crate::baseline::Accepted>,
    #[serde(skip)]
    pub category: Category,
    /// The matched text, unmasked: for classification only.
    #[serde(skip)]
    pub value: String,
    /// Index of the rule in its set, to reach its reason and legal text.
    #[serde(skip)]
    pub rule_index: usize,
    /// Index of the part in `Extracted::parts` and the byte span in it.
    #[serde(skip)]
    pub part_index: usize,
    #[serde(skip)]
    pub span: (usize, usize),
}
