//! The rule files as written: serde structs that mirror the TOML exactly,
//! with unknown keys refused, so a misspelt key in a municipality's own rule
//! file fails loudly with its line instead of being silently ignored.

use serde::Deserialize;

/// One TOML file of rules (one family: personal data, health, AI, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Named word lists that `context` and `exclude_context` of any rule
    /// file of the set can name as `@name`, so one list (the words of a
    /// job advert, of employment) is kept in one place.
    #[serde(default)]
    pub lists: std::collections::BTreeMap<String, Vec<String>>,
    /// Named pieces of pattern that the `pattern` of any rule file of the
    /// set can name as `(?&name)`, so one list of alternatives (the names
    /// of AI tools) is kept in one place and a municipality adds a tool
    /// once. (`(?&` is no valid `regex` syntax, so it cannot clash.)
    #[serde(default)]
    pub patterns: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Dotted, lower-case, unique: `se.personnummer`.
    pub id: String,
    /// What the finding is evidence of: a report-v1 kind such as
    /// `personnummer`, `health`, `secrecy-marking`, `ai-chat-phrase`.
    pub kind: String,
    /// `personal-data`, `special-category`, `secrecy`, `ai`, `disclosure`,
    /// `record`.
    pub category: String,
    pub severity: String,
    /// Confidence of a bare match; a nearby context word raises it one step,
    /// a validator that passes makes it `high`.
    #[serde(default = "medium")]
    pub confidence: String,
    /// A regular expression (Rust `regex` syntax; `(?x)` allows free spacing).
    /// Either `pattern` or `detector` is given.
    pub pattern: Option<String>,
    /// A detector built into the code where a regex cannot do the job
    /// (`person-name`; `account-columns`: accounts in a table under its header).
    pub detector: Option<String>,
    /// Report this capture group instead of the whole match.
    #[serde(default)]
    pub group: usize,
    /// A validator the match must pass (`personnummer`, `luhn`, `iban`,
    /// `bank-account`, `personal-email`, `personal-phone`, `not-personnummer`,
    /// `listed-name`; see `validate::VALIDATORS`).
    pub validate: Option<String>,
    /// Words (lower case, matched as word prefixes) whose presence near the
    /// match raises confidence; `@name` stands for a word list (`lists`).
    #[serde(default)]
    pub context: Vec<String>,
    /// With `require_context`, the rule fires only when a context word is near.
    #[serde(default)]
    pub require_context: bool,
    /// Words near the match that cancel it (an organisation number label);
    /// `@name` stands for a word list.
    #[serde(default)]
    pub exclude_context: Vec<String>,
    /// With `context_first`, a context word right before the match (signs
    /// between them aside) outweighs the exclusion words: "lönekonto 6198 –
    /// 413 207 881" is an account whatever amount in kronor follows.
    #[serde(default)]
    pub context_first: bool,
    /// How far (in characters) either side of the match context is sought.
    #[serde(default = "default_window")]
    pub context_window: usize,
    /// The finding counts toward a verdict only when the document identifies
    /// a person (special categories: "tied to an identifiable individual").
    #[serde(default)]
    pub needs_person: bool,
    /// Plain-Swedish reason shown to users.
    pub reason: String,
    /// The same in English (`--lang en`).
    pub reason_en: Option<String>,
    /// Legal reference, e.g. "GDPR art. 9; OSL 26 kap. 1 §".
    pub legal: Option<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

fn medium() -> String {
    "medium".into()
}

fn default_window() -> usize {
    60
}
