//! What `tracker check` verifies on every page of the book and every PEP
//! draft, against the policy data:
//!
//! - no sentence states a policy value in words with a value other than the
//!   data's (each parameter's `stated` regexes);
//! - every rule id a page refers to (a link to `...#area.name`, or
//!   `` `area.name` `` for a known area) names an existing rule;
//! - every claim that CI checks something names a `ci/test` step that exists:
//!   checklist marks `*CI: "step", "step"*` and prose `ci/test step "name"`;
//!   a bare `*CI*` mark is an error.

use super::Policy;
use super::rules::is_rule_id;
use crate::base::diag::{Diagnostics, LineIndex, Pos};
use crate::base::markdown::code_blocks;
use std::path::Path;

const CI_TEST: &str = "ci/test";

/// The step names of `ci/test`: the first argument of each `step "NAME" ...`.
pub fn ci_steps(root: &Path, diags: &mut Diagnostics) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(root.join(CI_TEST)) else {
        return Vec::new(); // fixtures without CI
    };
    let steps: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("step \""))
        .filter_map(|l| l.split_once('"').map(|(name, _)| name.to_owned()))
        .collect();
    if steps.is_empty() {
        diags.error(
            Path::new(CI_TEST),
            Pos::START,
            "no `step \"NAME\" ...` lines found",
        );
    }
    steps
}

/// Whether `claimed` names `step`, where `$word` in a step name (a loop
/// variable) matches any text.
fn step_matches(step: &str, claimed: &str) -> bool {
    if !step.contains('$') {
        return step == claimed;
    }
    let mut pattern = String::from("^");
    for (i, part) in step.split('$').enumerate() {
        if i == 0 {
            pattern.push_str(&regex::escape(part));
        } else {
            let rest = part.trim_start_matches(|c: char| {
                c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}'
            });
            pattern.push_str(".+");
            pattern.push_str(&regex::escape(rest));
        }
    }
    pattern.push('$');
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(claimed))
}

/// `text` with code blocks blanked (same length, newlines kept) and then
/// every newline turned into a space, so that regexes see sentences that
/// wrap and byte offsets still map to positions.
fn prose(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for block in code_blocks(text) {
        for b in &mut bytes[block.range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    for b in &mut bytes {
        if *b == b'\n' {
            *b = b' ';
        }
    }
    // Only ASCII bytes were replaced, by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

fn number_word(s: &str) -> String {
    const WORDS: [&str; 25] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "twenty-one",
        "twenty-two",
        "twenty-three",
        "twenty-four",
    ];
    let lower = s.trim().to_lowercase();
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map_or(lower, |n| n.to_string())
}

impl Policy {
    /// Every check of one page or draft (`file` is its path for messages).
    pub fn check_page(&self, file: &Path, text: &str, diags: &mut Diagnostics) {
        let flat = prose(text);
        let index = LineIndex::new(text);
        self.check_statements(file, &flat, &index, diags);
        self.check_rule_refs(file, &flat, &index, diags);
        self.check_ci_claims(file, &flat, &index, diags);
    }

    fn check_statements(
        &self,
        file: &Path,
        flat: &str,
        index: &LineIndex<'_>,
        diags: &mut Diagnostics,
    ) {
        for (param, compiled) in self.params.iter().zip(&self.compiled) {
            for (re, expect) in compiled {
                for caps in re.captures_iter(flat) {
                    let Some(found) = caps.get(1) else { continue };
                    let agrees = expect
                        .as_deref()
                        .is_some_and(|e| number_word(e) == number_word(found.as_str()));
                    if !agrees {
                        diags.error(
                            file,
                            index.pos(found.start()),
                            format!(
                                "states the {} as `{}`, but the policy data says {} \
                                 (write `{{{{#policy {}}}}}`; {})",
                                param.key.replace('-', " "),
                                found.as_str(),
                                param.value,
                                param.key,
                                super::POLICY_FILE
                            ),
                        );
                    }
                }
            }
        }
    }

    fn check_rule_refs(
        &self,
        file: &Path,
        flat: &str,
        index: &LineIndex<'_>,
        diags: &mut Diagnostics,
    ) {
        if self.rules.by_id.is_empty() {
            return;
        }
        let areas: std::collections::BTreeSet<&str> = self
            .rules
            .by_id
            .keys()
            .filter_map(|id| id.split_once('.').map(|(a, _)| a))
            .collect();
        let missing = |id: &str| !self.rules.contains(id);
        let message = |id: &str| {
            format!("no policy rule `{id}` (rules are the `area.name` headings of src/policies/)")
        };
        // Links: `](...#area.name)`.
        let link = regex::Regex::new(r"\]\(([^)\s]*)#([a-z][a-z0-9.-]*)\)").expect("a valid regex");
        for caps in link.captures_iter(flat) {
            let (Some(target), Some(id)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            if target.as_str().contains("://") || !is_rule_id(id.as_str()) {
                continue;
            }
            if missing(id.as_str()) {
                diags.error(file, index.pos(id.start()), message(id.as_str()));
            }
            if let Some(rule) = self.rules.get(id.as_str()) {
                let page = rule.page.rsplit('/').next().unwrap_or("");
                let named = target.as_str().rsplit('/').next().unwrap_or("");
                if !named.is_empty() && named != page {
                    diags.error(
                        file,
                        index.pos(target.start()),
                        format!(
                            "rule `{}` is in policies/{page}, not {}",
                            id.as_str(),
                            target.as_str()
                        ),
                    );
                }
            }
        }
        // Code spans naming a rule of a known area: `panics.x`.
        let span = regex::Regex::new(r"`([a-z]+\.[a-z][a-z0-9-]*)`").expect("a valid regex");
        for caps in span.captures_iter(flat) {
            let Some(id) = caps.get(1) else { continue };
            let area = id.as_str().split('.').next().unwrap_or("");
            if areas.contains(area) && is_rule_id(id.as_str()) && missing(id.as_str()) {
                diags.error(file, index.pos(id.start()), message(id.as_str()));
            }
        }
    }

    fn check_ci_claims(
        &self,
        file: &Path,
        flat: &str,
        index: &LineIndex<'_>,
        diags: &mut Diagnostics,
    ) {
        let mut check = |offset: usize, name: &str| {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !self.steps.is_empty() && !self.steps.iter().any(|s| step_matches(s, &name)) {
                diags.error(
                    file,
                    index.pos(offset),
                    format!(
                        "claims CI checks this with step \"{name}\", but ci/test has no such step"
                    ),
                );
            }
        };
        let mark =
            regex::Regex::new(r#"\*CI: ((?:"[^"]+"(?:, )?)+)[^*]*\*"#).expect("a valid regex");
        let quoted = regex::Regex::new(r#""([^"]+)""#).expect("a valid regex");
        for caps in mark.captures_iter(flat) {
            let Some(list) = caps.get(1) else { continue };
            for q in quoted.captures_iter(list.as_str()) {
                if let Some(name) = q.get(1) {
                    check(list.start() + name.start(), name.as_str());
                }
            }
        }
        let prose_claim = regex::Regex::new(r#"ci/test step "([^"]+)""#).expect("a valid regex");
        for caps in prose_claim.captures_iter(flat) {
            if let Some(name) = caps.get(1) {
                check(name.start(), name.as_str());
            }
        }
        for bare in flat.match_indices("*CI*") {
            diags.error(
                file,
                index.pos(bare.0),
                "a bare *CI* mark: name the ci/test step, as *CI: \"step name\"*",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::Rules;
    use super::super::{Param, Policy, Statement};
    use super::*;

    fn policy() -> Policy {
        let param = Param {
            key: "msrv-min-age".into(),
            value: "twelve months".into(),
            rule: "toolchain.msrv-bump".into(),
            origin: String::new(),
            source: String::new(),
            checked: "2026-12-02".parse().expect("a date"),
            stated: vec![Statement {
                regex: r"(?i)\bat least (\w+)[ -]months? old".into(),
                expect: Some("twelve".into()),
            }],
        };
        let compiled = vec![vec![(
            regex::Regex::new(&param.stated[0].regex).expect("valid"),
            Some("twelve".into()),
        )]];
        let mut rules = Rules::default();
        rules.add_page(
            Path::new("p"),
            "policies/toolchain.md",
            "## toolchain.msrv-bump {#toolchain.msrv-bump}\n\n**Rule.** r\n",
            &mut Diagnostics::new(),
        );
        Policy {
            params: vec![param],
            compiled,
            rules,
            steps: vec![
                "cargo clippy".into(),
                "example $dir: maturin develop + pytest".into(),
            ],
            ..Policy::default()
        }
    }

    fn findings(text: &str) -> Vec<(usize, usize, String)> {
        let mut diags = Diagnostics::new();
        policy().check_page(Path::new("p.md"), text, &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| (d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn a_value_stated_differently_fails() {
        assert!(findings("The MSRV is at least twelve months old.\n").is_empty());
        assert!(findings("at least 12 months old\n").is_empty());
        let f = findings(
            "x\nThe MSRV is at least six\nmonths old.\n```\nat least two months old\n```\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (2, 22));
        assert!(
            f[0].2.contains("as `six`") && f[0].2.contains("twelve months"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn rule_references_must_resolve() {
        assert!(findings("[`toolchain.msrv-bump`](toolchain.md#toolchain.msrv-bump)\n").is_empty());
        let f = findings(
            "see `toolchain.msrv-bumped` and [x](../policies/toolchain.md#toolchain.nope)\n",
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|x| x.2.starts_with("no policy rule")));
        let f = findings("[x](panics.md#toolchain.msrv-bump) `phase-1.exit` `other.thing`\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].2.contains("is in policies/toolchain.md"), "{}", f[0].2);
    }

    #[test]
    fn ci_claims_must_name_existing_steps() {
        assert!(findings("- [ ] lints. *CI: \"cargo clippy\"*\n").is_empty());
        assert!(
            findings(
                "the ci/test step \"example examples/zlib: maturin\ndevelop + pytest\" runs\n"
            )
            .is_empty()
        );
        let f =
            findings("- [ ] a. *CI*\n- [ ] b. *CI: \"cargo clippy\", \"nm check\" for presence*\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, 1);
        assert!(f[0].2.contains("bare *CI*"));
        assert!(f[1].2.contains("step \"nm check\""), "{}", f[1].2);
    }
}
