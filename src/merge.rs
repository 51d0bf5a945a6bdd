//! `arkivsvep merge OUT INPUTS…`: join the outputs of `--shard I/N` runs
//! into what one run over the whole share would have produced. Shards are
//! disjoint by construction (every file, with its archive members, is in
//! exactly one), so merging is concatenation; JSONL rows are sorted by
//! (root, container, path) so the result is stable, and written like any
//! report (`OUT.partial`, mode 0600, renamed when complete). State files
//! are merged with SQL into a new state file.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::report::output::Output;

/// Merge JSONL reports into `out`, sorted by (root, container, path).
pub fn merge_jsonl(out: &Path, inputs: &[PathBuf]) -> Result<usize> {
    let mut rows: Vec<((String, String, String), String)> = Vec::new();
    for input in inputs {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot open '{}'", input.display()))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read '{}'", input.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("'{}' line {} is not JSON", input.display(), n + 1))?;
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            rows.push(((s("root"), s("container"), s("path")), line));
        }
    }
    rows.sort();
    let mut output = Output::open(out)?;
    {
        let w = output.writer();
        for (_, line) in &rows {
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
    }
    output
        .finish(true)
        .with_context(|| format!("cannot write '{}'", out.display()))?;
    Ok(rows.len())
}

/// Merge shard state files into a new state file.
pub fn merge_states(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    for input in inputs {
        if !crate::state::is_sqlite(input) {
            bail!("'{}' is not a state file", input.display());
        }
    }
    crate::state::merge(out, inputs)
}
