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
    /// Work with the detection rules.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the JSON Lines report (report-v1) to FILE, or `-` for stdout.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,

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

    /// Language of reasons and the summary: sv or en.
    #[arg(long, value_name = "LANG", default_value = "sv")]
    pub lang: String,

    /// Exit 1 when a document has any of these (comma-separated): personal-data
    /// kinds, special categories, secrecy, no-disclosure,
    /// incomplete-disclosure, personal-data, sensitive-data, register, error.
    #[arg(long, value_name = "LIST")]
    pub fail_on: Option<String>,

    /// Files larger than this many MiB are skipped unread.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_file_size: u64,

    /// Seconds a single document may take before it becomes an error row.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,

    /// Read scanned pages and image files (PNG, JPEG, TIFF) with Tesseract
    /// OCR (needs: apt-get install tesseract-ocr tesseract-ocr-swe).
    #[arg(long)]
    pub ocr: bool,

    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
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
