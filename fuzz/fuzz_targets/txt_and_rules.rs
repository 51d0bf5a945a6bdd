//! Text decoding, every rule, the classifiers and masking on any bytes:
//! nothing may panic, and no excerpt may hold a whole identity number.
#![no_main]
use std::sync::LazyLock;

use arkivsvep::extract::{Budget, Limits, txt};
use arkivsvep::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(e) = txt::extract(data, &Budget::new(&limits)) {
        for f in RULES.scan(&e.parts) {
            let masked = f.excerpt.as_str();
            assert!(!masked.contains(&f.value) || !matches!(f.kind.as_str(), "personnummer" | "samordningsnummer"));
        }
    }
});
