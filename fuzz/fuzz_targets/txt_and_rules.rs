//! Text decoding, every rule, the classifiers and masking on any bytes:
//! nothing may panic, and no excerpt may hold a whole identity number.
#![no_main]
use arkivsvep::extract::{Budget, txt};
use arkivsvep::sniff::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = common::limits();
    if let Ok(e) = txt::extract(data, &Budget::new(&limits)) {
        for f in common::RULES.scan(&e.parts) {
            let identity = matches!(f.kind.as_str(), "personnummer" | "samordningsnummer");
            assert!(
                !identity || !f.excerpt.as_str().contains(&f.value),
                "unmasked {} in an excerpt",
                f.kind
            );
        }
        common::verdict(Format::Txt, &e);
    }
});
