//! Time each rule alone over a text file: `cargo run --release --example
//! rule_timing FILE`. For finding the slow rule when the bench regresses.
use arkivsvep::extract::{PartKind, TextPart, txt};
use arkivsvep::rules::RuleSet;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: rule_timing FILE");
    let bytes = std::fs::read(path).expect("readable file");
    let text = txt::normalize_newlines(&txt::decode(&bytes));
    let set = RuleSet::builtin().expect("rules");
    let parts = vec![TextPart::new(PartKind::Body, text.clone())];
    for rule in &set.rules {
        let t = Instant::now();
        let n = set.fires(rule, &text);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{:>9.1} MB/s  {:<34} fired={n}",
            text.len() as f64 / secs / 1e6,
            rule.id
        );
    }
    let t = Instant::now();
    let n = set.scan(&parts).len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{:>9.1} MB/s  all rules, {n} findings",
        text.len() as f64 / secs / 1e6
    );
}
