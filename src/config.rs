//! Arguments → a validated [`Scan`]. Everything that can fail before the
//! first file is read fails here, with one line saying what to do: a missing
//! root, invalid rules, a bad glob, an output that cannot be created.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSetBuilder};

use crate::analyze::Analyzer;
use crate::baseline::Baseline;
use crate::classify::Lang;
use crate::classify::diarium::{Columns, Diarium};
use crate::cli::ScanArgs;
use crate::crawl::{CrawlOptions, Shard};
use crate::extract::Limits;
use crate::ocr::Ocr;
use crate::report::ReportWriter;
use crate::report::csvfile::{CsvDocuments, CsvFindings};
use crate::report::html::HtmlWriter;
use crate::report::jsonl::JsonlWriter;
use crate::report::output::Output;
use crate::report::summary::{FAIL_ON_WORDS, FailOn};
use crate::rules::RuleSet;
use crate::scan::Scan;
use crate::state;

/// Load the rules: `--rules DIR` or the built-in set.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet> {
    match dir {
        Some(d) => RuleSet::from_dir(d),
        None => RuleSet::builtin(),
    }
}

/// What to walk: the roots, their labels, the crawl options and the shard.
/// Shared by a scan and by `scan --list`, which walks and reads nothing.
pub struct CrawlPlan {
    pub roots: Vec<PathBuf>,
    /// Each root as given, for report rows when there are several.
    pub root_labels: Vec<String>,
    pub options: CrawlOptions,
    pub shard: Option<Shard>,
}

/// Validate the roots, `--exclude`, `--follow` and `--shard`.
pub fn crawl_plan(args: &ScanArgs) -> Result<CrawlPlan> {
    let mut roots = Vec::new();
    for p in &args.paths {
        std::fs::metadata(p).with_context(|| {
            format!(
                "cannot read scan root '{}'; check the path and your permissions",
                p.display()
            )
        })?;
        roots.push(p.clone());
    }
    let exclude = if args.exclude.is_empty() {
        None
    } else {
        let mut b = GlobSetBuilder::new();
        for g in &args.exclude {
            b.add(Glob::new(g).with_context(|| format!("'{g}' is not a valid --exclude glob"))?);
        }
        Some(b.build()?)
    };
    let root_labels: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    let shard = match &args.shard {
        Some(s) => Some(Shard::parse(s).map_err(anyhow::Error::msg)?),
        None => None,
    };
    Ok(CrawlPlan {
        roots,
        root_labels,
        options: CrawlOptions {
            follow_links: args.follow,
            exclude,
        },
        shard,
    })
}

/// Validate arguments into a scan. Opens the outputs.
pub fn scan_from_args(args: &ScanArgs) -> Result<Scan> {
    let lang = match args.lang.as_deref().unwrap_or("sv") {
        "sv" => Lang::Sv,
        "en" => Lang::En,
        other => bail!("unknown language '{other}'; use --lang sv or --lang en"),
    };
    let CrawlPlan {
        roots,
        root_labels,
        options: crawl,
        shard,
    } = crawl_plan(args)?;
    let rules = load_rules(args.rules.as_deref())?;
    let diarium = match &args.diarium {
        Some(path) => {
            let columns = Columns {
                dnr: args.diarium_dnr_column.clone(),
                title: args.diarium_title_column.clone(),
            };
            Some(Diarium::load(path, &columns)?)
        }
        None => None,
    };
    let fail_on = match &args.fail_on {
        None => FailOn::Default,
        Some(list) => FailOn::Any(parse_fail_on(list, &rules)?),
    };
    let threads = match args.threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    let limits = Limits {
        max_file_bytes: args.max_file_size.unwrap_or(512).saturating_mul(1 << 20),
        timeout_secs: args.timeout.unwrap_or(60).max(1),
        ..Limits::default()
    };
    // Checked before any output is opened or file read: a sweep that was
    // asked to OCR must not run for hours without it.
    let ocr = if args.ocr { Some(Ocr::detect()?) } else { None };
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let writers = open_writers(args, &roots, lang)?;
    let analyzer = Analyzer {
        rules,
        limits,
        lang,
        diarium,
        ocr,
    };
    let state = match &args.state {
        Some(path) => {
            refuse_inside_roots(path, &roots)?;
            let conn = state::open(path)?;
            let made_with = analyzer.fingerprint();
            let index = state::load_index(&conn, &root_labels, &made_with)
                .with_context(|| format!("cannot read state file '{}'", path.display()))?;
            let writer = state::Writer::new(conn, path.clone(), root_labels.clone(), made_with);
            Some((writer, index))
        }
        None => None,
    };
    Ok(Scan {
        root_labels,
        roots,
        crawl,
        analyzer,
        writers,
        baseline,
        threads,
        fail_on,
        progress: !args.no_progress,
        shard,
        state,
    })
}

/// Open every requested output now: a bad path fails before the scan.
fn open_writers(
    args: &ScanArgs,
    roots: &[PathBuf],
    lang: Lang,
) -> Result<Vec<Box<dyn ReportWriter>>> {
    let open = |path: &Path| -> Result<Output> {
        refuse_inside_roots(path, roots)?;
        Output::open(path)
    };
    let stdout_users = [&args.jsonl, &args.csv, &args.csv_findings, &args.html]
        .iter()
        .filter(|p| p.as_ref().is_some_and(|p| p.as_os_str() == "-"))
        .count();
    if stdout_users > 1 {
        bail!("only one report can go to standard output ('-'); give the others file names");
    }
    let mut writers: Vec<Box<dyn ReportWriter>> = Vec::new();
    if let Some(path) = &args.jsonl {
        writers.push(Box::new(JsonlWriter::new(open(path)?)));
    }
    let header = |path: &Path, e: std::io::Error| {
        anyhow::anyhow!("cannot write output {}: {e}", path.display())
    };
    if let Some(path) = &args.csv {
        let w = CsvDocuments::new(open(path)?, lang).map_err(|e| header(path, e))?;
        writers.push(Box::new(w));
    }
    if let Some(path) = &args.csv_findings {
        let w = CsvFindings::new(open(path)?, lang).map_err(|e| header(path, e))?;
        writers.push(Box::new(w));
    }
    if let Some(path) = &args.html {
        writers.push(Box::new(HtmlWriter::new(open(path)?, lang)));
    }
    Ok(writers)
}

fn parse_fail_on(list: &str, rules: &RuleSet) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let known = FAIL_ON_WORDS.contains(&word) || rules.rules.iter().any(|r| r.kind == word);
        if !known {
            bail!(
                "'{word}' is not a --fail-on condition; use kinds such as personnummer or health, secrecy, no-disclosure, register, error"
            );
        }
        out.push(word.to_owned());
    }
    if out.is_empty() {
        bail!("--fail-on needs at least one condition");
    }
    Ok(out)
}

/// The scanner never writes into what it scans.
fn refuse_inside_roots(output: &Path, roots: &[PathBuf]) -> Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    let dir = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(dir) = dir.canonicalize() else {
        return Ok(()); // Output::open reports the real problem.
    };
    for root in roots {
        if let Ok(root) = root.canonicalize()
            && root.is_dir()
            && dir.starts_with(&root)
        {
            bail!(
                "output '{}' is inside the scanned tree '{}'; write reports elsewhere (the scanner never writes to what it scans)",
                output.display(),
                root.display()
            );
        }
    }
    Ok(())
}
