//! The `arkivsvep` binary: parse arguments, call the library, map the
//! outcome to report-v1's exit codes (0 clean, 1 flagged, 2 could not run,
//! 130 interrupted).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use arkivsvep::cli::{BaselineArgs, Cli, Command, DiffArgs, ExtractArgs, MergeArgs, RulesCommand};
use arkivsvep::{baseline, config, extract, rules, scan, settings, sniff};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(&args),
        Command::Extract(args) => run_extract(&args),
        Command::Rules(cmd) => run_rules(cmd),
        Command::Baseline(args) => run_baseline(&args),
        Command::Diff(args) => run_diff(&args),
        Command::Merge(args) => run_merge(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("arkivsvep: {}", one_line_chain(&e));
            ExitCode::from(2)
        }
    }
}

/// One line of `scan --list`.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    root: Option<&'a str>,
    path: &'a str,
    bytes: u64,
}

/// `scan --list`: walk and stat as a scan would, print each file, read none.
fn run_list(args: &arkivsvep::cli::ScanArgs) -> anyhow::Result<ExitCode> {
    let plan = config::crawl_plan(args)?;
    let stop = AtomicBool::new(false);
    let bytes = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let (tx, rx) = crossbeam_channel::bounded(1024);
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let many_roots = plan.roots.len() > 1;
    std::thread::scope(|s| -> anyhow::Result<()> {
        s.spawn(|| {
            arkivsvep::crawl::crawl(&plan.roots, &plan.options, &tx, &stop, &bytes);
            drop(tx);
        });
        for c in rx {
            let arkivsvep::crawl::EntryKind::File { size } = c.kind else {
                continue;
            };
            if plan.shard.as_ref().is_some_and(|sh| !sh.contains(&c.rel)) {
                continue;
            }
            let row = Listed {
                root: many_roots.then(|| plan.root_labels[c.root].as_str()),
                path: &c.rel,
                bytes: size,
            };
            if serde_json::to_writer(&mut out, &row).is_err() || out.write_all(b"\n").is_err() {
                // stdout closed (`| head`): stop walking.
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        Ok(())
    })?;
    let _ = out.flush();
    Ok(ExitCode::SUCCESS)
}

fn one_line_chain(e: &anyhow::Error) -> String {
    let parts: Vec<String> = e.chain().map(|c| c.to_string()).collect();
    arkivsvep::extract::one_line(&parts.join(": "))
}

fn run_scan(args: &arkivsvep::cli::ScanArgs) -> anyhow::Result<ExitCode> {
    let args = &settings::resolve(args)?;
    if args.list {
        return run_list(args);
    }
    let scan = config::scan_from_args(args)?;
    let lang = scan.analyzer.lang;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                // A second Ctrl-C: the user means it.
                std::process::exit(130);
            }
        })?;
    }
    silence_worker_panics();
    let partial = [&args.jsonl, &args.csv, &args.csv_findings, &args.html]
        .into_iter()
        .flatten()
        .find(|p| p.as_os_str() != "-")
        .map(|p| format!("{}.partial", p.display()));
    let outcome = scan::run(scan, stop)?;
    let text = outcome.summary.render(
        lang,
        outcome.elapsed,
        if outcome.interrupted {
            partial.as_deref().or(Some("-"))
        } else {
            None
        },
    );
    // The summary goes to stdout only when no report is written at all.
    let to_stdout = [&args.jsonl, &args.csv, &args.csv_findings, &args.html]
        .iter()
        .all(|p| p.is_none());
    if to_stdout {
        print!("{text}");
        let _ = std::io::stdout().flush();
    } else if std::io::stderr().is_terminal() || outcome.interrupted {
        eprint!("{text}");
    }
    if let Some(e) = outcome.write_error {
        eprintln!("arkivsvep: {e}");
        return Ok(ExitCode::from(2));
    }
    Ok(if outcome.interrupted {
        ExitCode::from(130)
    } else if outcome.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Panics inside parsers are caught and reported as error rows; the default
/// hook's message on stderr would only garble the progress bar.
fn silence_worker_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let worker = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with("arkivsvep-worker"));
        if !worker {
            default(info);
        }
    }));
}

fn run_extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read '{}'", args.file.display()))?;
    let format = sniff::sniff(&bytes);
    let limits = extract::Limits::default();
    let budget = extract::Budget::new(&limits);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let ocr = if args.ocr {
        Some(arkivsvep::ocr::Ocr::detect()?)
    } else {
        None
    };
    let image = matches!(
        format,
        sniff::Format::Png | sniff::Format::Jpeg | sniff::Format::Tiff
    );
    if let (Some(ocr), true) = (&ocr, image) {
        let parts = ocr
            .file(&bytes, &budget)
            .with_context(|| format!("cannot OCR '{}'", args.file.display()))?;
        for part in parts {
            writeln!(out, "=== ocr, page {} ===", part.page.unwrap_or(1))?;
            writeln!(out, "{}", part.text)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut extracted = std::panic::catch_unwind(|| extract::extract(format, &bytes, &budget))
        .map_err(|_| anyhow::anyhow!("internal error while reading '{}'", args.file.display()))?
        .with_context(|| {
            format!(
                "cannot extract '{}' ({})",
                args.file.display(),
                format.name()
            )
        })?;
    if let Some(ocr) = &ocr
        && format == sniff::Format::Pdf
        && !extracted.ocr_pages.is_empty()
        && let Some(note) = arkivsvep::analyze::ocr_pdf(ocr, &bytes, &budget, &mut extracted)
    {
        eprintln!("arkivsvep: {note}");
    }
    if args.plain {
        let mut first = true;
        for part in extracted.parts.iter().filter(|p| p.kind.is_plain()) {
            if !first {
                writeln!(out)?;
            }
            first = false;
            write!(out, "{}", part.text)?;
        }
        writeln!(out)?;
    } else {
        writeln!(out, "=== format: {} ===", format.name())?;
        for part in &extracted.parts {
            let mut header = part.kind.as_str().to_owned();
            if let Some(p) = part.page {
                header.push_str(&format!(", page {p}"));
            }
            if let Some(l) = &part.label {
                header.push_str(&format!(" ({l})"));
            }
            writeln!(out, "=== {header} ===")?;
            writeln!(out, "{}", part.text)?;
        }
        if !extracted.metadata.is_empty() {
            writeln!(out, "=== metadata ===")?;
            for m in &extracted.metadata {
                writeln!(out, "{}: {}", m.key, m.value)?;
            }
        }
        for a in &extracted.attachments {
            writeln!(
                out,
                "=== attachment: {} ({} bytes) ===",
                a.name,
                a.bytes.len()
            )?;
        }
        if extracted.needs_ocr {
            writeln!(
                out,
                "=== needs OCR: a page has an image and no text layer ==="
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    if !matches!(args.format.as_str(), "text" | "jsonl" | "csv") {
        anyhow::bail!(
            "'{}' is not a diff format; use --format text, jsonl or csv",
            args.format
        );
    }
    let old = arkivsvep::diff::load(&args.old)?;
    let new = arkivsvep::diff::load(&args.new)?;
    let changes = arkivsvep::diff::diff(old, new);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    arkivsvep::diff::write(&changes, &args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_merge(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let states = if args.state {
        true
    } else if args.jsonl {
        false
    } else {
        args.inputs.iter().all(|p| arkivsvep::state::is_sqlite(p))
    };
    if states {
        arkivsvep::merge::merge_states(&args.out, &args.inputs)?;
    } else {
        arkivsvep::merge::merge_jsonl(&args.out, &args.inputs)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_rules(cmd: RulesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        RulesCommand::Check { rules: dir } => {
            let set = config::load_rules(dir.as_deref())?;
            let problems = rules::check::check(&set);
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                println!("{} rules OK", set.rules.len());
                Ok(ExitCode::SUCCESS)
            } else {
                println!("{} problem(s)", problems.len());
                Ok(ExitCode::from(1))
            }
        }
        RulesCommand::List { rules: dir } => {
            let set = config::load_rules(dir.as_deref())?;
            for r in &set.rules {
                println!("{:<34} {:<20} {}", r.id, r.kind, r.reason);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `arkivsvep baseline REPORT --by NAME --reason TEXT`: every finding of the
/// report as an accepted baseline entry, one JSON line each, on stdout.
fn run_baseline(args: &BaselineArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let file = std::fs::File::open(&args.report)
        .with_context(|| format!("cannot read report '{}'", args.report.display()))?;
    let entries = baseline::from_report(std::io::BufReader::new(file), &args.by, &args.reason)
        .with_context(|| format!("in '{}'", args.report.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for e in &entries {
        serde_json::to_writer(&mut out, e)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
