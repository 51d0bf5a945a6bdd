//! arkivsvep sweeps a municipality's file shares and says, per document, what
//! personal and sensitive data it holds, whether it was made with generative
//! AI (and whether it says so), and whether it is an official record that
//! must be registered.
//!
//! The pipeline, one type per hand-off:
//!
//! ```text
//! crawl::Candidate → sniff::Format → extract::Extracted → Vec<rules::Finding>
//!     → classify::Verdict → report::DocumentReport → report writers
//! ```
//!
//! `scan` runs it: a crawler thread, a pool of workers (`analyze`), and one
//! writer thread that owns every output.

pub mod analyze;
pub mod baseline;
pub mod classify;
pub mod cli;
pub mod config;
pub mod crawl;
pub mod diff;
pub mod extract;
pub mod mask;
pub mod merge;
pub mod ocr;
pub mod report;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod sniff;
pub mod state;
