//! Throughput of the whole rule set over Swedish text (issue: "at least
//! 200 MB/s per core"). The text is every plain-text document of the
//! development corpora (`../shared/corpus/*/docs`, long budgets and minutes
//! full of look-alike numbers included), concatenated; without the corpora
//! the example share under `fixtures/` is used. Each corpus is also
//! measured alone.
//!
//! Run: `cargo bench --bench rules`. Criterion reports MiB/s on one thread.

use std::path::Path;

use arkivsvep::extract::{PartKind, TextPart, txt};
use arkivsvep::rules::RuleSet;
use arkivsvep::sniff::{Format, sniff};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The plain-text documents under `dirs`, concatenated, in name order.
fn text_of(dirs: &[std::path::PathBuf]) -> String {
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

/// One part per document-sized chunk, as the scanner sees them.
fn parts_of(text: &str) -> Vec<TextPart> {
    text.as_bytes()
        .chunks(256 * 1024)
        .map(|c| TextPart::new(PartKind::Body, String::from_utf8_lossy(c).into_owned()))
        .collect()
}

fn bench_rules(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let long = root.join("../shared/corpus/long-dev/docs");
    let labeled = root.join("../shared/corpus/labeled-dev/docs");
    // Both corpora (the figure); then each alone: the long budgets,
    // plans and minutes read like a share's everyday text, the labelled
    // documents are each built around personal data and so are as dense
    // with findings as text gets.
    let mut inputs = vec![
        ("scan-all-rules", vec![long.clone(), labeled.clone()]),
        ("long-dev", vec![long]),
        ("labeled-dev", vec![labeled]),
    ];
    if !inputs[0].1.iter().any(|d| d.exists()) {
        inputs = vec![("scan-all-rules", vec![root.join("fixtures")])];
    }
    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    for (name, dirs) in inputs {
        let text = text_of(&dirs);
        let parts = parts_of(&text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| rules.scan(std::hint::black_box(&parts)).len())
        });
        // The one pass that finds where rules can match, alone: the part of
        // a scan that reads every byte.
        group.bench_function(format!("{name}/locate"), |b| {
            b.iter(|| {
                (parts.iter())
                    .map(|p| rules.locate_only(std::hint::black_box(&p.text)))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
    // What every scan pays before it reads a file: compiling the built-in
    // rules (patterns, word automaton, name lists). A group of its own: a
    // throughput in bytes of text would mean nothing here.
    let mut start = c.benchmark_group("rules-start-up");
    start.sample_size(10);
    start.bench_function("builtin", |b| {
        b.iter(|| RuleSet::builtin().expect("built-in rules load"))
    });
    start.finish();
}

criterion_group!(benches, bench_rules);
criterion_main!(benches);
