//! Any bytes, as a scan reads a file: sniff them, extract with the reader
//! the sniffer picks, run the rules and classifiers, and walk into archive
//! members and attachments. Seeded by `fuzz/seed.sh`.
#![no_main]
use arkivsvep::extract::Budget;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = common::limits();
    common::analyze(data, &limits, &Budget::new(&limits), 0);
});
