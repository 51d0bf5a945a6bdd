//! Any bytes: sniff them and run the extractor the sniffer picks, as the
//! scanner does. Seed with `fixtures/` and `../shared/corpus/real-world/`.
#![no_main]
use arkivsvep::extract::{self, Budget, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { timeout_secs: 5, ..Limits::default() };
    let format = arkivsvep::sniff::sniff(data);
    let _ = extract::extract(format, data, &Budget::new(&limits));
});
