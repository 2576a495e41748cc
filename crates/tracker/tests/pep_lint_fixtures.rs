//! Runs the PEP part of `tracker check` (`pep::lint::lint_dir`) over
//! `tests/fixtures/peps/`: one folder per rule, each holding one broken
//! draft (`pep-9990.md`) and `expected`, the exact diagnostics it must
//! produce (paths relative to the rule's folder), each ending with its rule
//! id, which is the folder's name. `BLESS=1` rewrites the
//! `expected` files from the current output, for review in the diff.

use std::collections::BTreeMap;
use std::path::Path;
use tracker::base::date::Date;
use tracker::base::diag::Diagnostics;
use tracker::model::pep::lint;

const TODAY: Date = Date::ymd(2026, 11, 24);

#[test]
fn every_fixture_fails_with_exactly_its_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut diags = Diagnostics::new();
    lint::lint_dir(&root, Path::new("peps"), TODAY, &mut diags);
    assert!(diags.fails(false), "the fixture set must fail the check");

    // Group the output by rule folder, with paths relative to it.
    let mut got: BTreeMap<String, String> = BTreeMap::new();
    for d in diags.sorted() {
        let rel = d
            .path
            .strip_prefix("peps")
            .expect("paths are relative to the root");
        let rule = rel
            .iter()
            .next()
            .and_then(|c| c.to_str())
            .expect("a rule folder")
            .to_owned();
        let line = d.to_string();
        let line = line
            .strip_prefix(&format!("peps/{rule}/"))
            .expect("path prefix");
        got.entry(rule).or_default().push_str(&format!("{line}\n"));
    }

    let dir = root.join("peps");
    let mut rules: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    rules.sort();
    assert!(
        rules.len() >= 24,
        "one fixture per rule, found {}",
        rules.len()
    );

    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for rule in &rules {
        let actual = got.remove(rule).unwrap_or_default();
        // The folder is the rule: its draft breaks that rule, and each
        // finding names its rule id.
        assert!(
            actual.contains(&format!("[{rule}]\n")),
            "{rule}: no finding carries the rule id [{rule}]:\n{actual}"
        );
        let path = dir.join(rule).join("expected");
        if bless {
            std::fs::write(&path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            !expected.is_empty(),
            "{rule}: an expected file with at least one diagnostic"
        );
        if expected != actual {
            mismatches.push(format!(
                "--- {rule}/expected\n{expected}+++ actual\n{actual}"
            ));
        }
    }
    assert!(got.is_empty(), "diagnostics outside rule folders: {got:?}");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
