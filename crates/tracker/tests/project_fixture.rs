//! The fixture project (tests/fixtures/project) holds every kind of data the
//! tracker reads. It must pass every check; its `api/` files must be
//! byte-identical to the ones in `expected/` (the schema of
//! src/status/api.md, which renames and reorders must not break); and every
//! directive of the registry must render over it.

use std::path::{Path, PathBuf};
use tracker::directives::{self, Ctx};
use tracker::project::Project;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project")
}

fn load() -> Project {
    let (project, diags) = tracker::check::run(&root());
    let all: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert!(
        all.is_empty(),
        "the fixture project has problems:\n{}",
        all.join("\n")
    );
    project
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(root().join("expected").join(name)).expect("expected file")
}

#[test]
fn status_json_is_unchanged() {
    let project = load();
    let status = project.status.as_ref().expect("status computes");
    assert_eq!(
        status.to_json().expect("serialises"),
        expected("status.json")
    );
}

#[test]
fn peps_json_is_unchanged() {
    let project = load();
    assert_eq!(
        tracker::pep::api::peps_json(&project.drafts, "https://example.org/guide/"),
        expected("peps.json")
    );
}

#[test]
fn every_directive_renders() {
    let project = load();
    let ctx = Ctx {
        project: &project,
        to_root: "../",
    };
    let mut names = Vec::new();
    for d in directives::all() {
        assert!(!names.contains(&d.name), "`{}` is registered twice", d.name);
        names.push(d.name);
        let args: Vec<String> = d.example.iter().map(|a| (*a).to_owned()).collect();
        let html = directives::render(&ctx, d.name, &args)
            .unwrap_or_else(|e| panic!("`{}` fails over the fixture project: {e}", d.usage()));
        assert!(!html.trim().is_empty(), "`{}` renders nothing", d.usage());
        if d.arity.0 > 0 {
            let err = directives::render(&ctx, d.name, &[]).expect_err("arguments are required");
            assert!(err.contains(d.name), "{err}");
        }
    }
    assert!(names.len() >= 20, "directives went missing: {names:?}");
    let table = directives::markdown_table();
    for name in names {
        assert!(
            table.contains(&format!("{{{{#tracker {name}")),
            "{name} not in the table"
        );
    }
}

#[test]
fn bad_directives_say_what_is_wrong() {
    let project = load();
    let ctx = Ctx {
        project: &project,
        to_root: "",
    };
    let err = |name: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        directives::render(&ctx, name, &args).expect_err("an error")
    };
    assert!(err("nope", &[]).starts_with("unknown tracker directive `nope` (known: pep-index, "));
    assert_eq!(err("risk-table", &["x"]), "`risk-table` takes no arguments");
    assert_eq!(err("milestones", &["phase-9"]), "unknown phase `phase-9`");
    assert!(err("bench-table", &["rs_none"]).contains("no benchmarks for `rs_none`"));
    assert!(err("code-stats", &["../x"]).contains("inside the repository"));
}
