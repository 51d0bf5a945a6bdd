//! ZIP containers and the Office readers: the archive member walk and the
//! DOCX/XLSX/PPTX/ODF readers on any bytes.
#![no_main]
use arkivsvep::extract::{self, Budget, archive};
use arkivsvep::sniff::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = common::limits();
    let budget = Budget::new(&limits);
    let _ = archive::for_each_member(data, &limits, &budget, |_| {});
    for format in [Format::Docx, Format::Xlsx, Format::Pptx, Format::Odt] {
        let _ = extract::extract(format, data, &budget);
    }
});
