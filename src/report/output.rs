//! Output files as report-v1 says: created with mode 0600 as `NAME.partial`,
//! streamed, renamed to `NAME` when the scan completes; `-` is standard
//! output. A target that exists and is not a regular file (`/dev/null`, a
//! named pipe) is written to directly: renaming onto it would replace the
//! device with a file.

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
        if std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = OpenOptions::new()
                .write(true)
                .open(target)
                .with_context(|| format!("cannot open output {}", target.display()))?;
            return Ok(Output {
                sink: BufWriter::new(Box::new(file)),
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    /// Writing a report into a named pipe (or `/dev/null`) leaves the pipe
    /// in place and delivers the bytes; it used to be replaced by a file.
    #[test]
    fn a_pipe_or_device_is_written_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("report.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo unavailable");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut got = String::new();
                File::open(fifo).unwrap().read_to_string(&mut got).unwrap();
                got
            })
        };
        let mut out = Output::open(&fifo).unwrap();
        out.writer().write_all(b"{\"schema\":1}\n").unwrap();
        out.finish(true).unwrap();
        // Checked before joining: a replaced pipe leaves the reader waiting.
        let kind = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced");
        assert!(!dir.path().join("report.fifo.partial").exists());
        assert_eq!(reader.join().unwrap(), "{\"schema\":1}\n");
    }
}
