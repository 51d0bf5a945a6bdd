//! The PDF reader on any bytes (given a header when they lack one, so every
//! input reaches it), and the page-image reader OCR uses on the pages the
//! reader says need it.
#![no_main]
use arkivsvep::extract::{Budget, pdf};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = common::limits();
    let budget = Budget::new(&limits);
    let bytes = if data.starts_with(b"%PDF-") {
        data.to_vec()
    } else {
        [b"%PDF-1.7\n".as_slice(), data].concat()
    };
    if let Ok(e) = pdf::extract(&bytes, &budget)
        && !e.ocr_pages.is_empty()
    {
        let _ = pdf::page_images(&bytes, &budget, &e.ocr_pages);
    }
});
