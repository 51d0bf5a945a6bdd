//! The PDF reader on any bytes (prefixed with a header so every input
//! reaches it).
#![no_main]
use arkivsvep::extract::{Budget, Limits, pdf};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { timeout_secs: 5, ..Limits::default() };
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = pdf::extract(&bytes, &Budget::new(&limits));
});
