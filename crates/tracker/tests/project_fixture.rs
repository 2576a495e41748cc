//! The fixture project (tests/fixtures/project) holds every kind of data the
//! tracker reads. It must pass every check; its `api/` files must be
//! byte-identical to the ones in `expected/` (the schema of
//! src/status/api.md, which renames and reorders must not break); and every
//! directive of the registry must render over it.

use std::path::{Path, PathBuf};
use tracker::derive::Project;
use tracker::render::directives::{self, Ctx};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project")
}

fn load() -> Project {
    let (project, diags) = tracker::pipeline::run(&root());
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
        tracker::render::pep::api::peps_json(&project.drafts, "https://example.org/guide/"),
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

/// Each module's lever table ends with the floors, each against that
/// module's committed build (fixture: 1500 against 2000 bytes stripped).
#[test]
fn size_levers_show_the_floors_against_each_module() {
    let project = load();
    let ctx = Ctx {
        project: &project,
        to_root: "",
    };
    let html = directives::render(&ctx, "size-levers", &["rs_demo".to_owned()]).expect("renders");
    let row = |variant: &str| {
        html.split("<tr>")
            .find(|row| row.contains(&format!("<code>{variant}</code>")))
            .unwrap_or_else(|| panic!("no {variant} row: {html}"))
    };
    let floor = row("floor-std");
    assert!(floor.contains("(-25.0 %)"), "{floor}");
    assert!(floor.contains("an empty cdylib"), "{floor}");
    let opt_z = row("opt-z");
    assert!(
        opt_z.contains("(-15.0 %)") && opt_z.contains("(+30.0 %)"),
        "{opt_z}"
    );
}

/// `unsafe` is counted once, by examples/tools/unsafe_inventory.py: the
/// per-crate table and code-stats' per-file columns both read its file.
/// The fixture's demo crate has no `unsafe` in its source but 3 blocks in
/// the fixture's unsafe.json, so a recount would show.
#[test]
fn unsafe_counts_come_from_the_inventory_only() {
    let mut project = load();
    let render = |project: &Project, name: &str, args: &[&str]| {
        let ctx = Ctx {
            project,
            to_root: "",
        };
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        directives::render(&ctx, name, &args)
    };
    let table = render(&project, "unsafe-inventory", &[]).expect("renders");
    assert!(
        table.contains(
            "<tr><td><code>examples/demo</code></td><td>3</td><td>3</td><td>1</td><td>0</td></tr>"
        ),
        "{table}"
    );
    assert!(table.contains("all example crates"), "{table}");
    assert!(table.contains("unsafe_inventory.py"), "{table}");

    let stats = render(&project, "code-stats", &["examples/demo/src/lib.rs"]).expect("renders");
    assert!(
        stats.contains("<td>2</td><td>1</td><td>3</td><td>3</td><td>1</td><td>0</td>"),
        "lines from the file, unsafe from the inventory: {stats}"
    );
    let err = render(&project, "code-stats", &["book.toml"]).expect_err("not inventoried");
    assert!(
        err.contains("`book.toml` is not in examples/results/unsafe.json"),
        "{err}"
    );

    // A missing file: the directives say which file, nothing panics.
    project.results.unsafe_inventory = Err("examples/results/unsafe.json: not found".into());
    for (name, args) in [
        ("unsafe-inventory", &[][..]),
        ("code-stats", &["examples/demo/src/lib.rs"][..]),
    ] {
        let err = render(&project, name, args).expect_err("no inventory");
        assert!(
            err.contains("examples/results/unsafe.json"),
            "{name}: {err}"
        );
    }

    // A malformed file: an error at its position, and the same for the page.
    let dir = tempfile::tempdir().expect("temp dir");
    let results = dir.path().join("examples/results");
    std::fs::create_dir_all(&results).expect("mkdir");
    std::fs::write(
        results.join("unsafe.json"),
        "{\"schema\": 1,\n \"crates\": {\"examples/x\": {\"totals\": {}}}}\n",
    )
    .expect("write");
    let mut diags = tracker::base::diag::Diagnostics::new();
    let loaded = tracker::model::results::Results::load(dir.path(), &mut diags);
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        shown.len() == 1
            && shown[0].starts_with("examples/results/unsafe.json:2:")
            && shown[0].contains("missing field `blocks`"),
        "{shown:?}"
    );
    project.results.unsafe_inventory = loaded.unsafe_inventory;
    let err = render(&project, "unsafe-inventory", &[]).expect_err("malformed");
    assert!(
        err.starts_with("examples/results/unsafe.json:2:") && err.contains("blocks"),
        "{err}"
    );
}
