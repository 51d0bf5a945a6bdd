//! Command-line arguments as given: raw flags only, validated into a
//! [`crate::scan::Scan`] by `config`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sweep file shares for personal data, AI-made documents and public records.
#[derive(Debug, Parser)]
#[command(name = "arkivsvep", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and folders and report on every document.
    Scan(Box<ScanArgs>),
    /// Print the text the scanner sees in one file, part by part.
    Extract(ExtractArgs),
    /// Compare two scans (state files or JSONL reports): new, changed,
    /// resolved and removed documents and findings.
    Diff(DiffArgs),
    /// Join the outputs of `--shard` runs into what one run would give.
    Merge(MergeArgs),
    /// Work with the detection rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Accept every finding of a JSON Lines report: print a baseline (JSON
    /// Lines) to use with `scan --baseline`.
    Baseline(BaselineArgs),
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The report-v1 JSON Lines report whose findings to accept.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// Who accepts the findings (a name or role).
    #[arg(long, value_name = "NAME")]
    pub by: String,

    /// Why they are accepted.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (default: `roots` in the configuration).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read settings from this TOML file (default: ./arkivsvep.toml when it
    /// exists). Flags override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Write the JSON Lines report (report-v1) to FILE, or `-` for stdout.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,

    /// Write one CSV row per document to FILE (for Excel: UTF-8 with BOM,
    /// `;`-separated).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write one CSV row per finding to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv_findings: Option<PathBuf>,

    /// Write a self-contained HTML report (overview, filterable table) to
    /// FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// Findings accepted earlier (TOML or JSON Lines, see `arkivsvep
    /// baseline`): marked `accepted` and left out of the exit code.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Check found diarienummer against this diarium export (CSV with a
    /// header row; `;`, `,` or tab separated).
    #[arg(long, value_name = "FILE")]
    pub diarium: Option<PathBuf>,

    /// The diarium column holding the diarienummer (default: found by name).
    #[arg(long, value_name = "NAME", requires = "diarium")]
    pub diarium_dnr_column: Option<String>,

    /// The diarium column holding the title (default: found by name).
    #[arg(long, value_name = "NAME", requires = "diarium")]
    pub diarium_title_column: Option<String>,

    /// Use the rule files (*.toml) in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Skip paths matching GLOB (may be repeated), e.g. `--exclude '*.iso'`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,

    /// Worker threads (default: number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Language of reasons, reports and the summary: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Exit 1 when a document has any of these (comma-separated): personal-data
    /// kinds, special categories, secrecy, no-disclosure,
    /// incomplete-disclosure, personal-data, sensitive-data, register, error.
    #[arg(long, value_name = "LIST")]
    pub fail_on: Option<String>,

    /// Files larger than this many MiB are skipped unread (default 512).
    #[arg(long, value_name = "MIB")]
    pub max_file_size: Option<u64>,

    /// Seconds a single document may take before it becomes an error row
    /// (default 60).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,

    /// Read scanned pages and image files (PNG, JPEG, TIFF) with Tesseract
    /// OCR (needs: apt-get install tesseract-ocr tesseract-ocr-swe).
    #[arg(long)]
    pub ocr: bool,

    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,

    /// Keep what was found in this SQLite file and, on the next run, report
    /// unchanged files from it without reading them (created if missing).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Scan only shard I of N (I in 0..N): files whose path hashes to I.
    /// Join the shards' outputs with `arkivsvep merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,

    /// Read nothing: list the files a scan would read (after --exclude and
    /// --shard) as JSON Lines with path and bytes, to check a plan before a
    /// long sweep.
    #[arg(long, conflicts_with_all = ["jsonl", "csv", "csv_findings", "html", "state", "ocr"])]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier scan: a state file or a JSONL report.
    pub old: PathBuf,
    /// The later scan: a state file or a JSONL report.
    pub new: PathBuf,
    /// Output format: text, jsonl or csv.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merged file to write (JSONL report or state file).
    pub out: PathBuf,
    /// The shards' files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The inputs are JSONL reports (default: sniffed).
    #[arg(long, conflicts_with = "state")]
    pub jsonl: bool,
    /// The inputs are state files (default: sniffed).
    #[arg(long)]
    pub state: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file to extract.
    pub file: PathBuf,

    /// Only the main text in reading order (body, tables, notes), with
    /// nothing added: for comparing with pdftotext or pandoc.
    #[arg(long)]
    pub plain: bool,

    /// Also read scanned pages and image files with Tesseract OCR.
    #[arg(long)]
    pub ocr: bool,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check that every rule's examples fire and negative examples do not.
    Check {
        /// Rule directory to check (default: the built-in rules).
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// List the rules with their kind and reason.
    List {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
