//! Each file in `fixtures/rollout/` is rollout data broken in one way; its
//! `.expected` sidecar holds exactly the diagnostics `tracker check` must
//! print for it, positions included. `UPDATE_EXPECT=1 cargo test` rewrites
//! the sidecars (review the diff before committing it).

use std::path::{Path, PathBuf};
use tracker::base::diag::Diagnostics;
use tracker::model::pep::Draft;
use tracker::model::rollout::{Rollout, evidence::Checker, validate};

const DRAFT: &str = "PEP: 9901\nTitle: A draft\nAuthor: A <a@example.org>\nStatus: Draft\n\
                     Type: Process\nCreated: 01-Nov-2026\n\nBody.\n";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollout")
}

/// The diagnostics for one fixture, with the path as written in the output.
fn check(file: &Path) -> String {
    let root = fixtures();
    let rel = Path::new(file.file_name().expect("a file"));
    let text = std::fs::read_to_string(file).expect("fixture is readable");
    let mut diags = Diagnostics::new();
    let draft = Draft::parse(Path::new("pep-drafts/pep-9901.md"), DRAFT, &mut diags)
        .expect("the draft fixture parses");
    if let Some(rollout) = Rollout::parse(rel, &text, &mut diags) {
        let drafts = [draft];
        let results = tracker::model::results::Results::load(&root, &mut diags);
        let checker = Checker::new(&root, &drafts, &rollout, &results);
        validate::validate(&rollout, &checker, &mut diags);
    }
    diags.sorted().iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn every_broken_fixture_reports_exactly_its_expected_diagnostics() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the fixture set went missing");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut mismatches = Vec::new();
    for file in files {
        let got = check(&file);
        let expected_file = file.with_extension("expected");
        if update {
            std::fs::write(&expected_file, &got).expect("write .expected");
            continue;
        }
        let want = std::fs::read_to_string(&expected_file).unwrap_or_default();
        assert!(
            !got.is_empty(),
            "{} is broken but nothing was reported",
            file.display()
        );
        if got != want {
            mismatches.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                file.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_real_rollout_data_is_valid_apart_from_measurements() {
    // The repository's own data must pass every structural rule; evidence
    // that reads measured results is covered by `tracker check` in CI.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut diags = Diagnostics::new();
    let project = tracker::pipeline::load(&root, &mut diags);
    assert!(project.rollout.is_some(), "{:?}", diags.sorted());
    let status = project.status.as_ref().expect("status computes");
    assert!(status.phases.iter().any(|p| p.id == "phase-0"));
}
