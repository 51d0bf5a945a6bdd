//! Throughput of the whole rule set over Swedish text (issue: "at least
//! 200 MB/s per core"). The text is every plain-text document of the
//! development corpora (`../shared/corpus/*/docs`, long budgets and minutes
//! full of look-alike numbers included), concatenated; without the corpora
//! the example share under `fixtures/` is used.
//!
//! Run: `cargo bench --bench rules`. Criterion reports MiB/s on one thread.

use std::path::Path;

use arkivsvep::extract::{PartKind, TextPart, txt};
use arkivsvep::rules::RuleSet;
use arkivsvep::sniff::{Format, sniff};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("../shared/corpus/long-dev/docs"),
        root.join("../shared/corpus/labeled-dev/docs"),
    ];
    if !dirs.iter().any(|d| d.exists()) {
        dirs = vec![root.join("fixtures")];
    }
    let mut text = String::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            if entry.file_type().is_file() && sniff(&bytes) == Format::Txt {
                text.push_str(&txt::normalize_newlines(&txt::decode(&bytes)));
                text.push('\n');
            }
        }
    }
    text
}

fn bench_rules(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let text = corpus_text();
    // One part per document-sized chunk, as the scanner sees them.
    let parts: Vec<TextPart> = text
        .as_bytes()
        .chunks(256 * 1024)
        .map(|c| TextPart::new(PartKind::Body, String::from_utf8_lossy(c).into_owned()))
        .collect();
    let mut group = c.benchmark_group("rules");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("scan-all-rules", |b| {
        b.iter(|| rules.scan(std::hint::black_box(&parts)).len())
    });
    group.finish();
}

criterion_group!(benches, bench_rules);
criterion_main!(benches);
