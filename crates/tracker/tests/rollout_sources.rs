//! A `source` in the rollout data is a URL or a path in this repository.
//! Paths resolve against the one repository setting (`git-repository-url`
//! in book.toml) when the data loads, so the status every renderer reads
//! holds absolute URLs; a path that does not exist fails `tracker check`
//! at its line and column.

use std::path::Path;
use tracker::base::diag::Diagnostics;
use tracker::derive::Project;

const BOOK: &str = "[output.html]\n\
                    git-repository-url = \"https://github.com/owner/guide\"\n\
                    edit-url-template = \"https://github.com/owner/guide/edit/main/{path}\"\n";

/// A rollout file whose phase, risk and toolchain sources are `sources`.
fn rollout(sources: [&str; 3]) -> String {
    let [phase, risk, toolchain] = sources;
    format!(
        r#"[meta]
schema = 2
as-of = 2026-11-24
first-revision = "HEAD"

[[phase]]
id = "phase-0"
title = "Groundwork"
scope = "upstream"
python = "fork"
status = "in-progress"
start = 2025-11-14
source = "{phase}"
checked = 2026-11-24

[[risk]]
id = "r1"
scope = "project"
title = "A risk"
severity = "low"
status = "open"
mitigation = "m"
source = "{risk}"
checked = 2026-11-24

[[toolchain]]
python = "3.16"
uses = "1.95"
requires = "none"
source = "{toolchain}"
checked = 2026-11-24
"#
    )
}

/// Loads a project made of book.toml, a page, a folder and `rollout`; the
/// diagnostics about the rollout file, as printed.
fn load(rollout: &str) -> (Project, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("src/plan")).expect("src/plan");
    std::fs::create_dir_all(root.join("examples/demo")).expect("examples/demo");
    std::fs::create_dir_all(root.join("pep-drafts")).expect("pep-drafts");
    std::fs::write(root.join("book.toml"), BOOK).expect("book.toml");
    std::fs::write(root.join("src/plan/phases.md"), "# Phases\n").expect("page");
    std::fs::write(root.join("pep-drafts/rollout.toml"), rollout).expect("rollout");
    let mut diags = Diagnostics::new();
    let project = tracker::pipeline::load(root, &mut diags);
    let about_rollout = diags
        .sorted()
        .iter()
        .filter(|d| d.path == Path::new("pep-drafts/rollout.toml"))
        .map(ToString::to_string)
        .collect();
    (project, about_rollout)
}

#[test]
fn repository_paths_resolve_to_addresses_from_the_setting() {
    let (project, diags) = load(&rollout([
        "src/plan/phases.md",
        "examples/demo",
        "https://example.org/toolchain",
    ]));
    assert_eq!(diags, Vec::<String>::new());
    let status = project.status.as_ref().expect("status computes");
    // A file is a blob, a folder a tree, on the branch the site is
    // published from; a URL is kept as written.
    assert_eq!(
        status.phases[0].source,
        "https://github.com/owner/guide/blob/main/src/plan/phases.md"
    );
    assert_eq!(
        status.risks[0].source,
        "https://github.com/owner/guide/tree/main/examples/demo"
    );
    assert_eq!(status.toolchain[0].source, "https://example.org/toolchain");
    let json = status.to_json().expect("serialises");
    assert!(
        json.contains("\"https://github.com/owner/guide/blob/main/src/plan/phases.md\""),
        "{json}"
    );
    assert!(!json.contains("\"src/plan/phases.md\""), "{json}");
}

#[test]
fn a_repository_path_that_does_not_exist_is_a_located_error() {
    let (_, diags) = load(&rollout([
        "src/plan/phases.md",
        "examples/nope",
        "../outside",
    ]));
    assert_eq!(
        diags,
        vec![
            "pep-drafts/rollout.toml:23:10: error: `examples/nope` does not exist in the \
             repository (a source without `://` is a path in this repository)"
                .to_owned(),
            "pep-drafts/rollout.toml:30:10: error: `../outside` is not a path inside the \
             repository (a source without `://` is a path in this repository)"
                .to_owned(),
        ]
    );
}

#[test]
fn without_the_setting_a_repository_path_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("pep-drafts")).expect("pep-drafts");
    std::fs::create_dir_all(root.join("examples")).expect("examples");
    let text = rollout(["examples", "https://example.org/r", "https://example.org/t"]);
    std::fs::write(root.join("pep-drafts/rollout.toml"), text).expect("rollout");
    let mut diags = Diagnostics::new();
    tracker::pipeline::load(root, &mut diags);
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .filter(|d| d.path == Path::new("pep-drafts/rollout.toml"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("pep-drafts/rollout.toml:13:10: error: no git-repository-url"),
        "{found:?}"
    );
}
