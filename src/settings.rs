//! `arkivsvep.toml`: the settings a scheduled scan should not repeat on its
//! command line. Read from `--config FILE`, else from `./arkivsvep.toml` in
//! the current directory — never from inside the scanned tree, whose files
//! are data, not instructions. Flags override the file; the merged result is
//! an ordinary [`ScanArgs`], so `config` validates both the same way.
//!
//! Unknown keys are errors (`deny_unknown_fields`), reported on one line with
//! the file, the line and the expected keys: a misspelt `fail_on` must not
//! silently turn alerting off. Relative paths in the file are relative to
//! the file's own directory, so a scheduled job works from any directory.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::cli::ScanArgs;

/// The name looked for in the current directory.
pub const DEFAULT_NAME: &str = "arkivsvep.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub roots: Option<Vec<PathBuf>>,
    pub exclude: Option<Vec<String>>,
    pub rules: Option<PathBuf>,
    pub lang: Option<String>,
    pub fail_on: Option<Vec<String>>,
    pub threads: Option<usize>,
    pub follow: Option<bool>,
    pub max_file_size: Option<u64>,
    pub timeout: Option<u64>,
    pub diarium: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub outputs: Option<Outputs>,
}

/// `[outputs]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    pub jsonl: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub csv_findings: Option<PathBuf>,
    pub html: Option<PathBuf>,
}

impl Settings {
    /// Parse `text`, read from `path` (for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Settings> {
        toml::from_str(text).map_err(|e| {
            let line = crate::baseline::line_of(text, e.span().map_or(0, |s| s.start));
            anyhow::anyhow!(
                "{}:{line}: {}",
                path.display(),
                crate::extract::one_line(e.message().trim())
            )
        })
    }

    /// Read the file `path`.
    pub fn load(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read configuration '{}'", path.display()))?;
        let mut s = Settings::parse(&text, path)?;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        s.resolve_paths(&base);
        Ok(s)
    }

    fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() && p.as_os_str() != "-" {
                *p = base.join(&*p);
            }
        };
        self.roots.iter_mut().flatten().for_each(fix);
        self.rules.iter_mut().for_each(fix);
        self.diarium.iter_mut().for_each(fix);
        self.baseline.iter_mut().for_each(fix);
        if let Some(o) = &mut self.outputs {
            for p in [&mut o.jsonl, &mut o.csv, &mut o.csv_findings, &mut o.html] {
                p.iter_mut().for_each(fix);
            }
        }
    }
}

/// The settings file for this run: `--config`, else `./arkivsvep.toml` when
/// it exists and is not inside a root given on the command line.
pub fn find(args: &ScanArgs) -> Result<Option<Settings>> {
    if let Some(path) = &args.config {
        return Settings::load(path).map(Some);
    }
    let local = Path::new(DEFAULT_NAME);
    if !local.is_file() || inside_roots(local, &args.paths) {
        return Ok(None);
    }
    Settings::load(local).map(Some)
}

fn inside_roots(file: &Path, roots: &[PathBuf]) -> bool {
    let Ok(file) = file.canonicalize() else {
        return false;
    };
    roots
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .any(|r| r.is_dir() && file.starts_with(r))
}

/// `args` with every flag not given taken from `settings`.
pub fn merge(mut args: ScanArgs, s: Settings) -> ScanArgs {
    fn or<T>(flag: &mut Option<T>, file: Option<T>) {
        if flag.is_none() {
            *flag = file;
        }
    }
    if args.paths.is_empty() {
        args.paths = s.roots.unwrap_or_default();
    }
    if args.exclude.is_empty() {
        args.exclude = s.exclude.unwrap_or_default();
    }
    args.follow |= s.follow.unwrap_or(false);
    or(&mut args.rules, s.rules);
    or(&mut args.lang, s.lang);
    or(&mut args.fail_on, s.fail_on.map(|l| l.join(",")));
    or(&mut args.threads, s.threads);
    or(&mut args.max_file_size, s.max_file_size);
    or(&mut args.timeout, s.timeout);
    or(&mut args.diarium, s.diarium);
    or(&mut args.baseline, s.baseline);
    let o = s.outputs.unwrap_or_default();
    or(&mut args.jsonl, o.jsonl);
    or(&mut args.csv, o.csv);
    or(&mut args.csv_findings, o.csv_findings);
    or(&mut args.html, o.html);
    args
}

/// The scan arguments after the settings file; fails when no root is left.
pub fn resolve(args: &ScanArgs) -> Result<ScanArgs> {
    let merged = match find(args)? {
        Some(s) => merge(args.clone(), s),
        None => args.clone(),
    };
    if merged.paths.is_empty() {
        bail!(
            "nothing to scan: give a PATH, or set roots = [\"…\"] in {DEFAULT_NAME} or the --config file"
        );
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_line_and_expected_keys() {
        let e = Settings::parse(
            "lang = \"sv\"\n\nfail_onn = [\"secrecy\"]\n",
            Path::new("a.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("a.toml:3: unknown field `fail_onn`"), "{e}");
        assert!(e.contains("fail_on"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn unknown_output_is_an_error_too() {
        let e = Settings::parse("[outputs]\npdf = \"x\"\n", Path::new("a.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("a.toml:2: unknown field `pdf`"), "{e}");
    }
}
