//! The command line: exit codes and messages for good and bad input, and
//! the book build reporting what `tracker check` reports. Runs the built
//! binary over copies of the fixture project in temporary directories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project")
}

fn tracker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("tracker runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the fixture project with `edit` applied to its rollout data.
fn broken(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), dir.path());
    let rollout = dir.path().join("pep-drafts/rollout.toml");
    let text = std::fs::read_to_string(&rollout).expect("rollout");
    std::fs::write(&rollout, edit(&text)).expect("write rollout");
    dir
}

fn typo(text: &str) -> String {
    text.replacen("status = \"blocked\"", "status = \"blokced\"", 1)
}

const TYPO: &str = "pep-drafts/rollout.toml:76:10: error: unknown milestone status `blokced` \
                    (expected one of `blocked`, `at-risk`, `in-progress`, `unknown`, `planned`, \
                    `done`, `dropped`)";

#[test]
fn check_passes_on_good_data() {
    let root = fixture();
    let out = tracker(&[
        "check",
        "--deny-warnings",
        "--root",
        &root.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "tracker check: ok\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_reports_bad_data_with_positions_and_fails() {
    let dir = broken(typo);
    let out = tracker(&["check", "--root", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.lines().any(|l| l == TYPO), "{stderr}");
    assert!(stderr.ends_with("problem(s)\n"), "{stderr}");
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn status_refuses_data_with_errors() {
    let dir = broken(typo);
    let out = tracker(&["status", "--root", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.lines().any(|l| l == TYPO), "{stderr}");
    assert!(
        stderr.ends_with("tracker: error: the rollout data has errors\n"),
        "{stderr}"
    );
}

#[test]
fn status_json_is_the_published_file() {
    let root = fixture();
    let out = tracker(&["status", "--json", "--root", &root.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let want = std::fs::read_to_string(root.join("expected/status.json")).expect("expected");
    assert_eq!(text(&out.stdout), want);
}

#[test]
fn status_for_a_terminal_lines_up_without_colour() {
    let root = fixture();
    let out = tracker(&["status", "--root", &root.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\x1b'), "NO_COLOR and a pipe: no escapes");
    assert!(stdout.contains("Needs attention (3)"), "{stdout}");
    assert!(stdout.contains("PEP 9902  Final"), "{stdout}");
}

#[test]
fn unknown_revision_is_an_error_not_an_empty_list() {
    let root = fixture();
    let out = tracker(&[
        "status",
        "--since",
        "no-such-revision-xyz",
        "--root",
        &root.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no revision `no-such-revision-xyz`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn directives_lists_the_registry() {
    let out = tracker(&["directives"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("| directive | renders |\n| --- | --- |\n"));
    for d in tracker::render::directives::all() {
        assert!(
            stdout.contains(&format!(
                "| `{{{{#tracker {}}}}}` | {} |",
                d.usage(),
                d.help
            )),
            "{} missing",
            d.name
        );
    }
}

#[test]
fn the_preprocessor_answers_which_renderers_it_supports() {
    assert!(
        tracker(&["preprocessor", "tracker", "supports", "html"])
            .status
            .success()
    );
    assert_eq!(
        tracker(&["preprocessor", "tracker", "supports", "latex"])
            .status
            .code(),
        Some(1)
    );
    let out = tracker(&["preprocessor", "tracker", "nonsense", "x"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(
        text(&out.stderr).contains("unexpected argument 'nonsense'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn lint_pep_fails_on_a_missing_file() {
    let out = tracker(&["lint-pep", "/nonexistent/pep-1.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent/pep-1.md"));
}

fn mdbook() -> PathBuf {
    std::env::var_os("MDBOOK").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/bin/mdbook"),
        PathBuf::from,
    )
}

/// The book build (what `ci/serve` runs on each change) prints the same
/// `path:line:col` problems as `tracker check`, and fails.
#[test]
fn a_book_build_reports_what_check_reports() {
    let mdbook = mdbook();
    assert!(
        mdbook.exists(),
        "{} is missing: run ci/test once (it installs the pinned mdBook) or set MDBOOK",
        mdbook.display()
    );
    let dir = broken(typo);
    let root = dir.path();
    let bin = env!("CARGO_BIN_EXE_tracker");
    std::fs::write(
        root.join("book.toml"),
        format!(
            "[book]\ntitle = \"t\"\n[preprocessor.tracker]\ncommand = \"{bin} preprocessor tracker\"\n\n{}",
            // Keep the repository setting the rollout data's sources need.
            std::fs::read_to_string(fixture().join("book.toml")).expect("fixture book.toml")
        ),
    )
    .expect("book.toml");
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Phases](plan/phases.md)\n",
    )
    .expect("SUMMARY.md");
    let build = Command::new(&mdbook)
        .arg("build")
        .current_dir(root)
        .output()
        .expect("mdbook runs");
    assert!(
        !build.status.success(),
        "a broken rollout file must fail the build"
    );
    let check = tracker(&["check", "--root", &root.to_string_lossy()]);
    let problems = |out: &Output| -> Vec<String> {
        text(&out.stderr)
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .filter(|l| !l.starts_with("tracker"))
            .map(str::to_owned)
            .collect()
    };
    let (from_build, from_check) = (problems(&build), problems(&check));
    assert!(from_check.iter().any(|l| l == TYPO), "{from_check:?}");
    assert_eq!(from_build, from_check);
}

#[test]
fn status_as_markdown_is_the_review_packet() {
    let root = fixture();
    let out = tracker(&[
        "status",
        "--format",
        "markdown",
        "--root",
        &root.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    for want in [
        "# Rust for CPython rollout: review packet",
        "no Steering Council review of this data yet",
        "## Decisions needed",
        "### 1. Which way?",
        "- **Who decides:** The council",
        "## Overdue and at risk",
        "**overdue**, due 1 Oct 2026",
        "## Changes since the last review",
        "## Open risks by severity",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    // Markdown for an issue: no heading ids of the book.
    assert!(!md.contains("{#"), "{md}");
}
