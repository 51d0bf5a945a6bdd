//! `rules check`: every rule's examples must fire and its negative examples
//! must not. Runs in `cargo test` for the built-in rules and on demand for a
//! municipality's own rule directory.

use super::RuleSet;

/// Problems found, one line each; empty when the rule set is sound.
pub fn check(set: &RuleSet) -> Vec<String> {
    let mut problems = Vec::new();
    for rule in &set.rules {
        if rule.examples.is_empty() {
            problems.push(format!("{} ({}): has no examples", rule.id, rule.source));
        }
        for ex in &rule.examples {
            if !set.fires(rule, ex) {
                problems.push(format!(
                    "{} ({}): example does not fire: {ex:?}",
                    rule.id, rule.source
                ));
            }
        }
        for ex in &rule.negative_examples {
            if set.fires(rule, ex) {
                problems.push(format!(
                    "{} ({}): negative example fires: {ex:?}",
                    rule.id, rule.source
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_pass_their_own_examples() {
        let set = RuleSet::builtin().unwrap();
        let problems = check(&set);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_failing_example_is_reported() {
        let src = "[[rule]]\nid = \"t.x\"\nkind = \"k\"\ncategory = \"ai\"\nseverity = \"low\"\npattern = \"abc\"\nreason = \"r\"\nexamples = [\"xyz\"]\nnegative_examples = [\"abc\"]\n";
        let set = RuleSet::from_sources(&[("t.toml".into(), src.into())]).unwrap();
        assert_eq!(check(&set).len(), 2);
    }
}
