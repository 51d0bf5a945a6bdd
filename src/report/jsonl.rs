//! JSON Lines, report-v1: one object per document, streamed as documents
//! finish.

use super::output::Output;
use super::{DocumentReport, ReportWriter};

pub struct JsonlWriter {
    out: Output,
}

impl JsonlWriter {
    pub fn new(out: Output) -> Self {
        JsonlWriter { out }
    }
}

impl ReportWriter for JsonlWriter {
    fn write(&mut self, report: &DocumentReport) -> std::io::Result<()> {
        let w = self.out.writer();
        serde_json::to_writer(&mut *w, report)?;
        w.write_all(b"\n")
    }

    fn write_stored(
        &mut self,
        report: &DocumentReport,
        stored: Option<&str>,
    ) -> std::io::Result<()> {
        match stored {
            Some(line) => {
                let w = self.out.writer();
                w.write_all(line.as_bytes())?;
                w.write_all(b"\n")
            }
            None => self.write(report),
        }
    }

    fn finish(self: Box<Self>, complete: bool) -> std::io::Result<()> {
        self.out.finish(complete)
    }
}
