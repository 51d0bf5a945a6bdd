//! Output files as report-v1 says: created with mode 0600 as `NAME.partial`,
//! streamed, renamed to `NAME` when the scan completes; `-` is standard
//! output.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// An open output: a `.partial` file or standard output.
pub struct Output {
    sink: BufWriter<Box<dyn Write + Send>>,
    /// (partial path, final path) for files.
    paths: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Open `target` (`-` for stdout) now, so a bad path fails before any
    /// file is scanned.
    pub fn open(target: &Path) -> Result<Output> {
        if target.as_os_str() == "-" {
            return Ok(Output {
                sink: BufWriter::new(Box::new(io::stdout())),
                paths: None,
            });
        }
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = create_private(&partial)
            .with_context(|| format!("cannot create output {}", partial.display()))?;
        Ok(Output {
            sink: BufWriter::with_capacity(256 * 1024, Box::new(file)),
            paths: Some((partial, target.to_path_buf())),
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.sink
    }

    /// Flush; rename the partial file into place when the scan completed.
    pub fn finish(mut self, complete: bool) -> io::Result<()> {
        self.sink.flush()?;
        if let (true, Some((partial, target))) = (complete, &self.paths) {
            std::fs::rename(partial, target)?;
        }
        Ok(())
    }
}

/// Lets format libraries (the `csv` crate) write straight into the output.
impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sink.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }
}

#[cfg(unix)]
fn create_private(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> io::Result<File> {
    File::create(path)
}
