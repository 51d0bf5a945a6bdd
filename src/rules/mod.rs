//! Rules: text parts → [`Finding`]s. Detection is data: each family of rules
//! is a TOML file under `rules/` (compiled into the binary as the default
//! set; `--rules DIR` replaces it), each rule with examples that must fire and
//! negative examples that must not. Code supplies only what data cannot:
//! validators (check digits, dates) and detectors (person names).

pub mod anchors;
pub mod check;
pub mod columns;
pub mod context;
pub mod finding;
pub mod matcher;
pub mod names;
pub mod syntax;
pub mod triggers;
pub mod validate;
pub mod wordpass;
pub mod words;

use std::path::Path;

use anyhow::{Context, Result, bail};

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::extract::{PartKind, TextPart};
use crate::mask::Excerpt;
pub use finding::{Category, Finding, Level, Where};
use syntax::{RuleFile, RuleSpec};
use validate::Validation;

/// The default rule files, compiled in so one command works on a fresh
/// machine.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "personal-data.toml",
        include_str!("../../rules/personal-data.toml"),
    ),
    (
        "special-categories.toml",
        include_str!("../../rules/special-categories.toml"),
    ),
    ("secrecy.toml", include_str!("../../rules/secrecy.toml")),
    ("ai.toml", include_str!("../../rules/ai.toml")),
    (
        "ai-disclosure.toml",
        include_str!("../../rules/ai-disclosure.toml"),
    ),
    ("records.toml", include_str!("../../rules/records.toml")),
];

/// How a rule finds its matches.
enum Matcher {
    Regex(Box<matcher::PatternMatcher>),
    Names,
    /// Cells of tables whose header names their columns (`columns.rs`).
    Columns(columns::Cells),
}

/// A rule ready to run.
pub struct Rule {
    pub id: String,
    pub kind: String,
    pub category: Category,
    pub severity: Level,
    pub confidence: Level,
    matcher: Matcher,
    validator: Option<fn(&str) -> Validation>,
    context: context::ContextWords,
    require_context: bool,
    exclude_context: context::ContextWords,
    context_first: bool,
    window: usize,
    pub needs_person: bool,
    pub reason: String,
    pub reason_en: Option<String>,
    pub legal: Option<String>,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
    /// The file the rule came from, for messages.
    pub source: String,
}

/// All rules of a run, compiled once and shared by every worker.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    names: &'static names::NameLexicon,
    /// One pass finds where each lexicon rule's words occur.
    anchors: anchors::Anchors,
    /// One pass finds where each other pattern rule can match at all.
    triggers: triggers::Triggers,
    /// The automaton over the anchors' and the triggers' words.
    words: wordpass::WordPass,
    /// SHA-256 over the rule sources: a changed rule set forces re-analysis.
    pub hash: String,
    /// The AI tools the rules name (their `ai-tool` pattern), so a tool a
    /// municipality adds there also counts as the tool of a disclosure note.
    pub ai_tools: Option<Regex>,
}

/// Where a rule looks for matches in a text part.
enum Search<'a> {
    /// Everywhere.
    Whole,
    /// Only starting at these offsets (its anchors).
    At(&'a [usize]),
    /// Only starting inside these windows (its triggers).
    In(&'a triggers::Windows),
}

/// At most this many findings per rule and document, so a 10 000-row list of
/// names stays a readable report.
const MAX_PER_RULE: usize = 50;

impl RuleSet {
    /// The compiled-in default rules.
    pub fn builtin() -> Result<RuleSet> {
        let sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (format!("rules/{n}"), s.to_string()))
            .collect();
        RuleSet::from_sources(&sources)
    }

    /// Every `*.toml` in `dir`, in name order, replacing the defaults.
    pub fn from_dir(dir: &Path) -> Result<RuleSet> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read rule directory {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("no *.toml rule files in {}", dir.display());
        }
        let mut sources = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f)
                .with_context(|| format!("cannot read rule file {}", f.display()))?;
            sources.push((f.display().to_string(), text));
        }
        RuleSet::from_sources(&sources)
    }

    /// Parse and compile rule files given as (name, text).
    pub fn from_sources(sources: &[(String, String)]) -> Result<RuleSet> {
        let Parsed {
            specs,
            hash,
            ai_tools,
        } = parse_sources(sources)?;
        // The search engine needs only the patterns as written, so it is
        // built while the patterns compile: both are most of a scan's
        // start-up.
        let patterns: Vec<(usize, &str)> = specs
            .iter()
            .enumerate()
            .filter_map(|(i, (spec, _))| match (&spec.pattern, &spec.detector) {
                (Some(p), None) => Some((i, p.as_str())),
                _ => None,
            })
            .collect();
        let (rules, (anchors, triggers, words, names)) = rayon::join(
            || compile_all(&specs),
            || build_search(&patterns, specs.len()),
        );
        let rules = rules?;
        let mut seen = std::collections::HashSet::new();
        for r in &rules {
            if !seen.insert(r.id.as_str()) {
                bail!("duplicate rule id {} (in {})", r.id, r.source);
            }
        }
        Ok(RuleSet {
            anchors,
            triggers,
            words,
            rules,
            names,
            hash,
            ai_tools,
        })
    }

    /// Run every rule over every part.
    pub fn scan(&self, parts: &[TextPart]) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut per_rule = vec![0usize; self.rules.len()];
        // One finding per rule, line and value: overlapping alternatives of
        // one pattern must not list the same evidence twice.
        let mut seen: std::collections::HashSet<_, foldhash::fast::FixedState> = Default::default();
        for (part_index, part) in parts.iter().enumerate() {
            // Values written into a form's fill-in line ("___20150923-2383___")
            // stand between blanks for the rules (same length, so every
            // offset holds).
            let text = fill_lines_as_blanks(&part.text);
            let lines = LineIndex::new(&text);
            let (hits, windows) = self.locate(&text);
            // The word automaton does not know these spellings (see
            // `words::FOLD_ONLY`): rules relying on words search all of it.
            let words_blind = words::has_fold_only(&text);
            for (index, rule) in self.rules.iter().enumerate() {
                if per_rule[index] >= MAX_PER_RULE {
                    continue;
                }
                let slot = self.triggers.slot(index);
                let search = if words_blind
                    && (self.anchors.anchored[index]
                        || slot.is_some_and(|s| self.triggers.is_worded(s)))
                {
                    Search::Whole
                } else if self.anchors.anchored[index] {
                    Search::At(&hits[index])
                } else if let Some(slot) = slot
                    && windows[slot].pay(&text)
                {
                    Search::In(&windows[slot])
                } else {
                    Search::Whole
                };
                if matches!(search, Search::At([])) {
                    continue;
                }
                for (start, end, kind, confidence) in self.matches_in(rule, &text, search) {
                    if per_rule[index] >= MAX_PER_RULE {
                        break;
                    }
                    // OCR misreads letters: a match in OCR text is at most
                    // `medium` unless a validator (check digit, date) passed.
                    let confidence = if part.kind == PartKind::Ocr && rule.validator.is_none() {
                        confidence.min(Level::Medium)
                    } else {
                        confidence
                    };
                    // Deduplicate before the finding (its masked excerpt is
                    // most of its cost) is built.
                    let (line, _, _) = lines.locate(start, &text);
                    let value = text[start..end].to_lowercase();
                    if !seen.insert((index, part_index, line, value)) {
                        continue;
                    }
                    let mut f =
                        self.finding(index, part, &text, &lines, start, end, kind, confidence);
                    per_rule[index] += 1;
                    f.part_index = part_index;
                    out.push(f);
                }
            }
        }
        out
    }

    /// One pass over `text` for all rules: where each anchored rule's
    /// words occur, and where each triggered rule can match.
    fn locate(&self, text: &str) -> (Vec<Vec<usize>>, Vec<triggers::Windows>) {
        let mut hits = vec![Vec::new(); self.rules.len()];
        let mut pending = self.triggers.start(text);
        self.words.run(
            text,
            |w, at| self.anchors.hit(w, at, &mut hits),
            |w, at| pending.word(w, at),
        );
        anchors::Anchors::finish(&mut hits);
        (hits, pending.finish())
    }

    /// The one pass alone (benchmarks: what it costs of a scan). Returns
    /// the number of places found, so that the work is not optimised away.
    #[doc(hidden)]
    pub fn locate_only(&self, text: &str) -> usize {
        let (hits, windows) = self.locate(text);
        hits.iter().map(Vec::len).sum::<usize>()
            + windows.iter().map(|w| w.starts.len()).sum::<usize>()
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        index: usize,
        part: &TextPart,
        text: &str,
        lines: &LineIndex,
        start: usize,
        end: usize,
        kind: &str,
        confidence: Level,
    ) -> Finding {
        let rule = &self.rules[index];
        let (line_no, line_start, line_end) = lines.locate(start, text);
        let line = &text[line_start..line_end];
        let hide = matches!(kind, "bank-account" | "payment-card" | "iban");
        let excerpt = Excerpt::around_masking(
            line,
            start - line_start,
            end.min(line_end) - line_start,
            hide,
        );
        Finding {
            rule: rule.id.clone(),
            kind: kind.to_owned(),
            severity: rule.severity,
            confidence,
            location: Where {
                part: part.kind,
                page: part.page,
                line: Some(line_no),
            },
            excerpt,
            accepted: None,
            category: rule.category,
            value: text[start..end].to_owned(),
            rule_index: index,
            part_index: 0,
            span: (start, end),
        }
    }

    /// Matches of one rule in `text` that pass its validator and context
    /// conditions: (start, end, kind, confidence).
    fn matches<'r>(&self, rule: &'r Rule, text: &str) -> Vec<(usize, usize, &'r str, Level)> {
        self.matches_in(rule, text, Search::Whole)
    }

    /// Like `matches`, searching only where `search` says matches can start.
    fn matches_in<'r>(
        &self,
        rule: &'r Rule,
        text: &str,
        search: Search,
    ) -> Vec<(usize, usize, &'r str, Level)> {
        let spans: Vec<(usize, usize)> = match (&rule.matcher, search) {
            (Matcher::Regex(m), Search::At(at)) => m.spans_at(text, at),
            (Matcher::Regex(m), Search::In(w)) => m.spans_in(text, w),
            (Matcher::Regex(m), Search::Whole) => m.spans(text),
            (Matcher::Names, _) => self.names.find(text),
            (Matcher::Columns(cells), _) => cells(text, self.names),
        };
        let mut out = Vec::new();
        for (start, end) in spans {
            let mut kind: &str = &rule.kind;
            if let Some(validator) = rule.validator {
                match validator(&text[start..end]) {
                    Validation::Invalid => continue,
                    Validation::Valid => {}
                    Validation::ValidAs(k) => kind = k,
                }
            }
            // Exclusion words have their own, narrower window (below).
            let window = if rule.context.is_empty() {
                String::new()
            } else {
                context_window(text, start, end, rule.window)
            };
            let overruled = rule.context_first && led_by_context(rule, text, start);
            if !rule.exclude_context.is_empty()
                && !overruled
                && rule
                    .exclude_context
                    .any_in(&exclusion_window(text, start, end, rule.window))
            {
                continue;
            }
            let near = rule.context.any_in(&window);
            if rule.require_context && !near {
                continue;
            }
            let confidence = if near && !rule.require_context {
                rule.confidence.raised()
            } else {
                rule.confidence
            };
            out.push((start, end, kind, confidence));
        }
        out
    }

    /// Whether `word` is a given name in the name lists (capitalised).
    pub fn is_given_name(&self, word: &str) -> bool {
        self.names.is_given(word)
    }

    /// Look up a rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Run one rule alone over `text` (rule checks and tests).
    pub fn fires(&self, rule: &Rule, text: &str) -> bool {
        !self.matches(rule, text).is_empty()
    }
}

/// Whether the word right before a match (signs between them aside) is
/// one of the rule's context words.
fn led_by_context(rule: &Rule, text: &str, start: usize) -> bool {
    let line_start = line_start(text, start);
    let lead = text[line_start..start].trim_end_matches(|c: char| !c.is_alphanumeric());
    let word = lead
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    !word.is_empty() && rule.context.any_in(&word.to_lowercase())
}

/// `text` with every run of two or more underscores (a form's fill-in
/// line) turned into spaces: `_` is a word character, so a value written
/// on the line would have no word boundary for a rule to start at.
fn fill_lines_as_blanks(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut pairs = memchr::memmem::find_iter(bytes, b"__").peekable();
    if pairs.peek().is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut filled = bytes.to_vec();
    let mut done = 0;
    for at in pairs {
        if at < done {
            continue;
        }
        done = at + bytes[at..].iter().take_while(|&&b| b == b'_').count();
        filled[at..done].fill(b' ');
    }
    // Only ASCII underscores became ASCII spaces: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(filled).expect("ASCII for ASCII"))
}

/// Parse the rule files, each error naming its file and line, and hash
/// their text (the state database's fingerprint of the rules).
fn parse_sources(sources: &[(String, String)]) -> Result<Parsed<'_>> {
    let mut specs = Vec::new();
    let mut lists = WordLists::default();
    let mut fragments = Fragments::default();
    let mut hasher = Sha256::new();
    for (name, text) in sources {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
        let file: RuleFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            });
            let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
            anyhow::anyhow!("invalid rule file {name}{at}: {}", e.message().trim())
        })?;
        for (list, words) in file.lists {
            define_once(&mut lists, format!("word list {list}"), list, words, name)?;
        }
        for (fragment, pattern) in file.patterns {
            define_once(
                &mut fragments,
                format!("pattern (?&{fragment})"),
                fragment,
                pattern,
                name,
            )?;
        }
        specs.extend(file.rule.into_iter().map(|spec| (spec, name.as_str())));
    }
    for (spec, name) in &mut specs {
        for words in [&mut spec.context, &mut spec.exclude_context] {
            *words =
                with_lists(words, &lists).with_context(|| format!("rule {} in {name}", spec.id))?;
        }
        if let Some(pattern) = &spec.pattern {
            let expanded = with_fragments(pattern, &fragments)
                .with_context(|| format!("rule {} in {name}", spec.id))?;
            spec.pattern = Some(expanded);
        }
    }
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ai_tools = ai_tools_of(&fragments)?;
    Ok(Parsed {
        specs,
        hash,
        ai_tools,
    })
}

/// The rule files read: each rule with its file's name, the hash of their
/// text, and what the classifier takes from them.
struct Parsed<'a> {
    specs: Vec<(RuleSpec, &'a str)>,
    hash: String,
    ai_tools: Option<Regex>,
}

/// What a rule set defines by name (its word lists, its pattern
/// fragments), each with the file defining it.
type Definitions<'a, T> = std::collections::BTreeMap<String, (T, &'a str)>;

/// The word lists of a rule set by name.
type WordLists<'a> = Definitions<'a, Vec<String>>;

/// Record `key`'s definition from `file`; a second definition is an error
/// naming both files.
fn define_once<'a, T>(
    defined: &mut Definitions<'a, T>,
    what: String,
    key: String,
    value: T,
    file: &'a str,
) -> Result<()> {
    if let Some((_, first)) = defined.get(&key) {
        bail!("{what} is defined twice, in {first} and {file}");
    }
    defined.insert(key, (value, file));
    Ok(())
}

/// The pattern fragments of a rule set by name.
type Fragments<'a> = Definitions<'a, String>;

/// `pattern` with each `(?&name)` replaced by that fragment as a group.
fn with_fragments(pattern: &str, fragments: &Fragments) -> Result<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find("(?&") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let Some(end) = after.find(')') else {
            bail!("unclosed (?& in pattern");
        };
        let name = &after[..end];
        let Some((fragment, _)) = fragments.get(name) else {
            bail!("unknown pattern (?&{name}) (define it under [patterns])");
        };
        out.push_str("(?:");
        out.push_str(fragment);
        out.push(')');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The rule set's `ai-tool` fragment as a case-insensitive search, for the
/// classifier that asks whether a disclosure note names its tool.
fn ai_tools_of(fragments: &Fragments) -> Result<Option<Regex>> {
    let Some((fragment, file)) = fragments.get(AI_TOOL_FRAGMENT) else {
        return Ok(None);
    };
    let search = Regex::new(&format!(r"(?i)\b(?:{fragment})"))
        .with_context(|| format!("pattern (?&{AI_TOOL_FRAGMENT}) in {file}"))?;
    Ok(Some(search))
}

/// The fragment naming the AI tools (`[patterns] ai-tool = …`).
const AI_TOOL_FRAGMENT: &str = "ai-tool";

/// Context words with each `@name` replaced by the words of that list.
fn with_lists(words: &[String], lists: &WordLists) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        match word.strip_prefix('@') {
            Some(list) => match lists.get(list) {
                Some((listed, _)) => out.extend(listed.iter().cloned()),
                None => bail!("unknown word list @{list} (define it under [lists])"),
            },
            None => out.push(word.clone()),
        }
    }
    Ok(out)
}

/// Compile every rule, in parallel (Unicode classes make large automata),
/// in order; the first error wins.
fn compile_all(specs: &[(RuleSpec, &str)]) -> Result<Vec<Rule>> {
    use rayon::prelude::*;
    specs
        .par_iter()
        .map(|(spec, name)| {
            compile(spec.clone(), name).with_context(|| format!("rule {} in {name}", spec.id))
        })
        .collect()
}

/// The one-pass search over all rules: anchors, triggers, their words'
/// automaton and the name lexicon. `patterns` are (rule index, pattern).
fn build_search(
    patterns: &[(usize, &str)],
    rule_count: usize,
) -> (
    anchors::Anchors,
    triggers::Triggers,
    wordpass::WordPass,
    &'static names::NameLexicon,
) {
    let ((mut anchors, mut triggers, words), names) = rayon::join(
        || {
            let anchors = anchors::Anchors::build(patterns, rule_count);
            let unanchored: Vec<(usize, &str)> = patterns
                .iter()
                .copied()
                .filter(|&(i, _)| !anchors.anchored[i])
                .collect();
            let triggers = triggers::Triggers::build(&unanchored, rule_count);
            let words = wordpass::WordPass::build(&anchors.words, &triggers.words);
            (anchors, triggers, words)
        },
        names::NameLexicon::shipped,
    );
    if !words.is_built() {
        anchors.disable();
        triggers.disable_words();
    }
    (anchors, triggers, words, names)
}

fn compile(spec: RuleSpec, source: &str) -> Result<Rule> {
    let id_ok = !spec.id.is_empty()
        && spec
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !id_ok {
        bail!("id must be lower-case letters, digits, '.', '-' or '_'");
    }
    let category = Category::parse(&spec.category).with_context(|| {
        format!(
            "unknown category {:?}; expected personal-data, special-category, secrecy, ai, disclosure or record",
            spec.category
        )
    })?;
    let severity = Level::parse(&spec.severity).with_context(|| {
        format!(
            "unknown severity {:?}; expected high, medium or low",
            spec.severity
        )
    })?;
    let confidence = Level::parse(&spec.confidence).with_context(|| {
        format!(
            "unknown confidence {:?}; expected high, medium or low",
            spec.confidence
        )
    })?;
    let matcher = match (&spec.pattern, spec.detector.as_deref()) {
        (Some(p), None) => Matcher::Regex(Box::new(
            matcher::PatternMatcher::new(p, spec.group).map_err(|e| {
                anyhow::anyhow!("bad pattern: {}", crate::extract::one_line(&e.to_string()))
            })?,
        )),
        (None, Some("person-name")) => Matcher::Names,
        (None, Some(d)) => match columns::DETECTORS.iter().find(|(name, _)| *name == d) {
            Some((_, cells)) => Matcher::Columns(*cells),
            None => {
                let known: Vec<&str> = columns::DETECTORS.iter().map(|(n, _)| *n).collect();
                bail!(
                    "unknown detector {d:?}; expected person-name, {}",
                    known.join(", ")
                )
            }
        },
        _ => bail!("give exactly one of `pattern` and `detector`"),
    };
    let validator = match &spec.validate {
        Some(v) => Some(validate::by_name(v).with_context(|| {
            let known: Vec<&str> = validate::VALIDATORS.iter().map(|(n, _)| *n).collect();
            format!(
                "unknown validator {v:?}; expected one of {}",
                known.join(", ")
            )
        })?),
        None => None,
    };
    if spec.require_context && spec.context.is_empty() {
        bail!("require_context needs a context list");
    }
    let lower = |v: Vec<String>| {
        context::ContextWords::new(&v.into_iter().map(|w| w.to_lowercase()).collect::<Vec<_>>())
    };
    Ok(Rule {
        id: spec.id,
        kind: spec.kind,
        category,
        severity,
        confidence,
        matcher,
        validator,
        context: lower(spec.context),
        require_context: spec.require_context,
        context_first: spec.context_first,
        exclude_context: lower(spec.exclude_context),
        window: spec.context_window,
        needs_person: spec.needs_person,
        reason: spec.reason,
        reason_en: spec.reason_en,
        legal: spec.legal,
        examples: spec.examples,
        negative_examples: spec.negative_examples,
        source: source.to_owned(),
    })
}

/// The lower-cased text up to `window` characters either side of a match.
fn context_window(text: &str, start: usize, end: usize, window: usize) -> String {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(window.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(window)
        .map_or(text.len(), |(i, _)| end + i);
    text[from..to].to_lowercase()
}

/// The part of the context window whose words can exclude a match: its own
/// line, and the line above only when the match begins its line (a label
/// above a value). "Växel" on the next line labels the next number, not
/// this one; nor does it after a comma that starts the next value's clause
/// ("Tfn 0380-51 83 40 (direkt), växel 0380-51 80 00").
fn exclusion_window(text: &str, start: usize, end: usize, window: usize) -> String {
    let line_start = line_start(text, start);
    let begins_line = text[line_start..start].trim().is_empty();
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let to = next_value_clause(&text[end..line_end]).map_or(line_end, |i| end + i);
    let from = if begins_line {
        text[..line_start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1)
    } else {
        line_start
    };
    // Some labels join their value however far apart they stand, and count
    // whole: a table cell wrapped over lines, or a list's dot leader ("Fax
    // (används inte längre) ........ 0512-48 60 01").
    let head = &text[from..start];
    // The match may also stand later in the cell's line, after words that
    // carry on the cell's running text ("(hänvisning till 21 kap. 7 § OSL)"
    // under "Avslag på begäran om utlämnande …"); a capital or a digit
    // there begins another value ("Dejan Marković, 070-…" under the
    // supplier's name).
    let cell_start = start - text[line_start..start].trim_start_matches(' ').len();
    let carries_on = |cell: &str| {
        let first = cell.trim_start_matches(['(', '"', '”']).chars().next();
        first.is_some_and(|c| c.is_lowercase())
    };
    let in_cell = cell_start == start
        || !text[cell_start..start].contains("  ") && carries_on(&text[cell_start..start]);
    let label = if in_cell && let Some(cell) = wrapped_cell(text, line_start, cell_start) {
        Some(format!("{cell} {}", &text[cell_start..start]))
    } else {
        head.find("...")
            .map(|label_end| head[..label_end].to_owned())
    };
    match label {
        Some(label) => {
            let after = context_window(&text[start..to], 0, end - start, window);
            format!("{} {after}", label.to_lowercase())
        }
        None => context_window(&text[from..to], start - from, end - from, window),
    }
}

/// When `start` opens a deeply indented line that continues a table cell
/// wrapped over lines (a plain-text table's later column), the cell's text
/// on the lines above, at most three: the match's column up to the next
/// column gap. The whole cell is one value: "Beslut att inte lämna ut
/// handling (begäran om / anbudsunderlag …, / 19 kap. 3 § OSL)".
fn wrapped_cell(text: &str, line_start: usize, start: usize) -> Option<String> {
    let column = start - line_start;
    if column < 8 || !text[line_start..start].bytes().all(|b| b == b' ') {
        return None;
    }
    let mut pieces = Vec::new();
    let mut at = line_start;
    for _ in 0..3 {
        if at == 0 {
            break;
        }
        at = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[at..text[at..].find('\n').map_or(text.len(), |i| at + i)];
        // The same column counted in characters: "Ängsvägen" is wider in
        // bytes than on the page.
        let Some((split, _)) = line.char_indices().nth(column) else {
            break;
        };
        let (lead, cell) = line.split_at(split);
        if !lead.ends_with(' ') || cell.starts_with(' ') {
            break;
        }
        pieces.push(cell.split("  ").next().unwrap_or(""));
        // The row's first line has other columns before the cell.
        if !lead.trim().is_empty() {
            break;
        }
    }
    (!pieces.is_empty()).then(|| pieces.into_iter().rev().collect::<Vec<_>>().join(" "))
}

/// Where, in `rest` (a line after a match), a clause with another value
/// begins: the first comma, semicolon, bar, bullet or opening parenthesis
/// with a digit after it ("073-909 45 12 (jobb: 08-123 456 78 vx)",
/// "Direkt: 0980-319 214 | Växel: 0980-319 200"), or the next sentence.
fn next_value_clause(rest: &str) -> Option<usize> {
    let clause = rest
        .match_indices([',', ';', '(', '|', '•', '·'])
        .map(|(i, _)| i)
        .find(|&i| rest[i..].bytes().any(|b| b.is_ascii_digit()));
    // A new sentence speaks of something else ("mobil 072-384 19 55.
    // Annars servicedesk@…").
    let sentence = rest
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 2..].chars().next().is_some_and(char::is_uppercase));
    clause.into_iter().chain(sentence).min()
}

/// Where the line holding byte `at` of `text` begins.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offsets of line starts, to turn a match offset into a line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// (1-based line number, line start, line end) of the byte at `offset`.
    fn locate(&self, offset: usize, text: &str) -> (u32, usize, usize) {
        let i = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(text.len(), |&next| next - 1);
        (i as u32 + 1, start, end.max(start))
    }
}

/// The offset after each newline (SIMD: every part's every byte is read).
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<TextPart> {
        vec![TextPart::new(PartKind::Body, text)]
    }

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.get("se.personnummer").is_some());
        assert_eq!(set.hash.len(), 64);
    }

    /// A table cell wrapped over lines is one value: the words that set a
    /// match aside may stand two lines above it, in the same column.
    #[test]
    fn a_wrapped_table_cell_is_one_exclusion_window() {
        let set = RuleSet::builtin().unwrap();
        let row = |decision: &str| {
            format!(
                "Nr  Datum       Beslut                                   Delegat\n\
                 3   2025-03-07  {decision:<40} Lena Ahlgren,\n\
                 \x20               anbudsunderlag under upphandling,        kommunsekreterare\n\
                 \x20               19 kap. 3 § OSL)\n"
            )
        };
        let statements = |text: &str| {
            (set.scan(&body(text)).iter())
                .filter(|f| f.rule == "se.secrecy.statement")
                .count()
        };
        assert_eq!(statements(&row("Beslut att inte lämna ut handling (om")), 0);
        assert_eq!(statements(&row("Beslut om sekretessprövning (gäller")), 1);
        // The reference later in the cell's continuation line, after words
        // that carry on its text.
        let later = |decision: &str| {
            format!(
                "5   KS 2025/065    {decision:<40} Kanslichef   2025-03-14\n\
                 \x20                  (hänvisning till 21 kap. 7 § OSL), begäran från\n\
                 \x20                  Jan Moberg\n"
            )
        };
        assert_eq!(statements(&later("Avslag på begäran om utlämnande")), 0);
        assert_eq!(statements(&later("Beslut om sekretessprövning")), 1);
        // A capital there begins another value: the phone under a
        // supplier's organisation number is the contact person's.
        let contact = "Leverantör: Städbolaget i Norrby AB (org.nr 556871-2290)\n\
            \x20           Dejan Marković, områdesansvarig, 070-552 18 04\n";
        assert_eq!(phones(&set, contact), ["070-552 18 04"]);
    }

    /// Every built-in pattern rule reads only around its words or its
    /// triggers, never the whole text: a pattern edited into a shape the
    /// locating pass cannot narrow (a branch starting with two unbounded
    /// runs) would make every scan read every byte once more for it.
    #[test]
    fn every_builtin_pattern_rule_is_narrowed() {
        let set = RuleSet::builtin().unwrap();
        let whole: Vec<&str> = (set.rules.iter().enumerate())
            .filter(|(i, r)| {
                matches!(r.matcher, Matcher::Regex(_))
                    && !set.anchors.anchored[*i]
                    && set.triggers.slot(*i).is_none()
            })
            .map(|(_, r)| r.id.as_str())
            .collect();
        assert!(whole.is_empty(), "rules searching whole texts: {whole:?}");
    }

    /// The built-in rules' words stay one full DFA of a size a scan can
    /// afford to build at start-up and walk from cache: a rule whose words
    /// spell out every case of every letter, or a lexicon gone wild, fails
    /// here rather than quietly slowing every scan (14 MB in session 11;
    /// the start-up cost itself is `cargo bench --bench rules -- rules-start-up`).
    #[test]
    fn the_word_automaton_stays_a_dfa_of_bounded_size() {
        let set = RuleSet::builtin().unwrap();
        let (dfa, bytes) = set.words.shape();
        assert!(dfa, "the words no longer fit a full DFA");
        assert!(bytes < 24 << 20, "word automaton of {} MB", bytes >> 20);
    }

    fn source(name: &str, text: &str) -> (String, String) {
        (name.to_owned(), text.to_owned())
    }

    const JOB_RULE: &str = r#"
[[rule]]
id = "x.care"
kind = "social-care"
category = "special-category"
severity = "high"
pattern = '(?i)\bhemtjänst\w*'
exclude_context = ["@job", "vikari*"]
reason = "r"
"#;

    /// The phone numbers the rules find in `text`.
    fn phones(set: &RuleSet, text: &str) -> Vec<String> {
        set.scan(&body(text))
            .into_iter()
            .filter(|f| f.kind == "phone")
            .map(|f| f.value)
            .collect()
    }

    #[test]
    fn a_dot_leader_joins_a_label_to_its_number() {
        let set = RuleSet::builtin().unwrap();
        let phones = |text: &str| phones(&set, text).len();
        assert_eq!(
            phones("Fax (används inte längre) .................. 0512-48 60 01\n"),
            0
        );
        assert_eq!(phones("Mobil ................ 070-644 12 80\n"), 1);
    }

    #[test]
    fn values_written_on_a_forms_fill_in_line_are_found() {
        let set = RuleSet::builtin().unwrap();
        let form = "Personnummer: ___20150923-2383___\nE-post: __camila.rojas@hotmail.com__\n";
        let found = set.scan(&body(form));
        let kinds: Vec<&str> = found.iter().map(|f| f.kind.as_str()).collect();
        assert!(kinds.contains(&"personnummer"), "{kinds:?}");
        let mail = found
            .iter()
            .find(|f| f.kind == "email")
            .expect("the e-mail");
        assert_eq!(mail.value, "camila.rojas@hotmail.com");
        assert_eq!(&form[mail.span.0..mail.span.1], mail.value, "offsets hold");
        // A single underscore is part of what it joins.
        assert_eq!(fill_lines_as_blanks("anna_berg __x"), "anna_berg   x");
        assert_eq!(fill_lines_as_blanks("a_____b___"), "a     b   ", "odd runs");
        assert_eq!(fill_lines_as_blanks("_a_ _"), "_a_ _");
    }

    #[test]
    fn a_word_list_is_shared_between_rule_files() {
        let lists = source("a.toml", "[lists]\njob = [\"*anställd\", \"rekryter*\"]\n");
        let set = RuleSet::from_sources(&[lists, source("b.toml", JOB_RULE)]).unwrap();
        let rule = set.get("x.care").unwrap();
        assert!(set.fires(rule, "Hon får hemtjänst varje dag."));
        assert!(
            !set.fires(rule, "Hon är anställd i hemtjänsten."),
            "from the list"
        );
        assert!(
            !set.fires(rule, "Vi rekryterar till hemtjänsten."),
            "from the list"
        );
        assert!(
            !set.fires(rule, "Vikarie i hemtjänsten"),
            "the rule's own word"
        );
    }

    #[test]
    fn an_unknown_or_twice_defined_word_list_is_an_error() {
        let err = RuleSet::from_sources(&[source("b.toml", JOB_RULE)])
            .err()
            .unwrap();
        let message = format!("{err:#}");
        assert!(
            message.contains("@job") && message.contains("x.care"),
            "{message}"
        );
        let list = "[lists]\njob = [\"a\"]\n";
        let err = RuleSet::from_sources(&[source("a.toml", list), source("c.toml", list)])
            .err()
            .unwrap();
        assert!(format!("{err:#}").contains("a.toml and c.toml"), "{err:#}");
    }

    /// A rule naming `(?&tool)` matches what the fragment of another rule
    /// file matches, and the `ai-tool` fragment becomes the classifier's
    /// list of tools.
    #[test]
    fn a_pattern_fragment_is_shared_between_rule_files() {
        let tools = source("a.toml", "[patterns]\nai-tool = 'Lexa|Skrivo'\n");
        let rule = "[[rule]]\nid = \"x.note\"\nkind = \"ai-disclosure\"\ncategory = \"disclosure\"\n\
                    severity = \"low\"\npattern = '(?i)skriven med (?&ai-tool)'\nreason = \"r\"\n";
        let set = RuleSet::from_sources(&[tools, source("b.toml", rule)]).unwrap();
        let note = set.get("x.note").unwrap();
        assert!(set.fires(note, "Texten är skriven med Skrivo."));
        assert!(!set.fires(note, "Texten är skriven med penna."));
        let listed = set.ai_tools.as_ref().expect("the ai-tool fragment");
        assert!(listed.is_match("granskad efter LEXA"));
        assert!(!listed.is_match("Alexandra"), "a whole word");
        let err = RuleSet::from_sources(&[source("b.toml", rule)])
            .err()
            .unwrap();
        assert!(format!("{err:#}").contains("(?&ai-tool)"), "{err:#}");
        let builtin = RuleSet::builtin().unwrap();
        let tools = builtin.ai_tools.as_ref().expect("built-in tools");
        assert!(tools.is_match("Microsoft 365 Copilot") && tools.is_match("gpt-4o"));
    }

    /// Anchors and triggers only narrow where a rule searches: over every
    /// rule's examples and negative examples, run together with varying
    /// separators, each rule finds exactly what a whole-text search finds.
    #[test]
    fn narrowed_searches_find_what_whole_text_searches_find() {
        let set = RuleSet::builtin().unwrap();
        let separators = ["\n", " ", "å", "\n  ", ", ", "x", "\r\n", "-", ""];
        let mut text = String::new();
        let examples = set
            .rules
            .iter()
            .flat_map(|r| r.examples.iter().chain(&r.negative_examples));
        for (i, example) in examples.enumerate() {
            text.push_str(example);
            text.push_str(separators[i % separators.len()]);
        }
        let (hits, windows) = set.locate(&text);
        for (index, rule) in set.rules.iter().enumerate() {
            let Matcher::Regex(m) = &rule.matcher else {
                continue;
            };
            let whole = m.spans(&text);
            if set.anchors.anchored[index] {
                assert_eq!(m.spans_at(&text, &hits[index]), whole, "{}", rule.id);
            }
            if let Some(slot) = set.triggers.slot(index) {
                let w = &windows[slot];
                assert_eq!(m.spans_in(&text, w), whole, "{}", rule.id);
            }
        }
    }

    /// The word automaton knows no long s (ſ): a text spelt with one is
    /// searched whole by the rules relying on words, and each rule's
    /// examples so spelt are found wherever a whole-text search finds them.
    #[test]
    fn fold_only_spellings_are_found_as_a_whole_search_finds_them() {
        let set = RuleSet::builtin().unwrap();
        let mut anchored_checked = 0;
        for (index, rule) in set.rules.iter().enumerate() {
            for example in &rule.examples {
                let odd = example.replace('s', "ſ");
                if odd == *example || set.matches(rule, &odd).is_empty() {
                    continue;
                }
                let found = set.scan(&body(&odd));
                assert!(
                    found.iter().any(|f| f.rule == rule.id),
                    "{}: {odd}",
                    rule.id
                );
                anchored_checked += usize::from(set.anchors.anchored[index]);
            }
        }
        assert!(anchored_checked > 20, "{anchored_checked}");
    }

    #[test]
    fn a_label_on_the_next_line_does_not_exclude_a_number() {
        let set = RuleSet::builtin().unwrap();
        let phones = |text: &str| phones(&set, text);
        assert_eq!(
            phones("Jonas Berg, pressansvarig, 070-412 33 87\nVäxel: 0278-250 00"),
            ["070-412 33 87"]
        );
        assert!(phones("Växel:\n0278-250 00").is_empty(), "label above");
        assert!(phones("Ring växeln 0278-250 00").is_empty(), "same line");
        // The next value's label, after a comma, is not this one's.
        assert_eq!(
            phones("Tfn 0380-51 83 40 (direkt), växel 0380-51 83 00"),
            ["0380-51 83 40"]
        );
        assert!(phones("Kommunens växel, 0380-51 83 00").is_empty());
        assert_eq!(
            phones("073-909 45 12 (jobb: 08-123 456 78 vx, be dem söka mig)"),
            ["073-909 45 12"]
        );
        // Nor is the next sentence's.
        assert_eq!(
            phones("Kontakt: Mattias Lind, mobil 072-384 19 55. Annars servicedesk@norrvik.se."),
            ["072-384 19 55"]
        );
        assert!(phones("Servicedesk: 072-384 19 00. Öppet vardagar.").is_empty());
    }

    #[test]
    fn personnummer_found_with_line_and_masked() {
        let set = RuleSet::builtin().unwrap();
        let f = set.scan(&body("Rubrik\n\nSökande: 19121212-1212, Storgatan 4"));
        let p: Vec<_> = f.iter().filter(|f| f.kind == "personnummer").collect();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].location.line, Some(3));
        assert!(p[0].excerpt.as_str().contains("19121212-****"));
        assert!(!p[0].excerpt.as_str().contains("1212-1212"));
    }

    #[test]
    fn unknown_key_fails_with_its_line() {
        let src = "[[rule]]\nid = \"x\"\nkind = \"k\"\ncategory = \"ai\"\nseverity = \"low\"\npatern = \"a\"\nreason = \"r\"\n";
        let err = RuleSet::from_sources(&[("x.toml".into(), src.into())])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("line 6"), "{err}");
        assert!(err.contains("patern"), "{err}");
    }

    #[test]
    fn duplicate_ids_fail() {
        let r = "[[rule]]\nid = \"x\"\nkind = \"k\"\ncategory = \"ai\"\nseverity = \"low\"\npattern = \"a\"\nreason = \"r\"\n";
        let src = format!("{r}{r}");
        assert!(RuleSet::from_sources(&[("x.toml".into(), src)]).is_err());
    }

    /// With `context_first`, "lönekonto" right before the account outweighs
    /// the amount in kronor after it; without the word before, the amount
    /// still cancels the number.
    #[test]
    fn a_context_word_right_before_an_account_outweighs_an_amount_after_it() {
        let set = RuleSet::builtin().unwrap();
        let accounts = |text: &str| {
            set.scan(&body(text))
                .into_iter()
                .filter(|f| f.kind == "bank-account")
                .count()
        };
        assert_eq!(
            accounts("Handelsbanken, lönekonto 6198 – 413 207 881 23 806 kr\n"),
            1
        );
        assert_eq!(
            accounts("Insatt på kontot i mars: 6198 413 207 881 kr\n"),
            0
        );
    }
}
