//! Byte-for-byte outputs over the fixture project (tests/fixtures/project):
//! every CLI command, the mdBook preprocessor's book (each chapter) and the
//! `api/` files it publishes. The files in tests/golden/ were produced by the
//! code before the tracker's sources were reordered into pipeline stages;
//! a change of output shows here as a failing file, so a move stays a move.
//!
//! It drives the built binary, not the library, so the check does not
//! depend on where the library keeps its modules. To accept a deliberate
//! change of output: `UPDATE_GOLDEN=1 cargo test -p tracker --test golden`,
//! then review the diff of tests/golden/.

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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

/// Every directive of the registry with the arguments that render over the
/// fixture (the registry's `example`s), one per line, as a book page.
const ALL_DIRECTIVES: &[&str] = &[
    "pep-index",
    "directives",
    "snippet-attributes",
    "freshness",
    "decisions-needed",
    "overdue",
    "changes-summary",
    "project-evidence",
    "review-packet",
    "status-summary",
    "phase-progress",
    "attention",
    "milestones phase-0",
    "criteria phase-0",
    "risk-table",
    "decision-log",
    "timeline",
    "platform-matrix",
    "toolchain-table",
    "changes",
    "bench-table rs_demo",
    "bench-chart rs_demo",
    "size-table",
    "size-chart",
    "cpython-suites",
    "cpython-build",
    "unsafe-inventory",
    "code-stats examples/demo/src/lib.rs",
    "rule demo.one-rule",
    "policy-table",
    "bench-targets rs_demo",
    "size-compare",
    "size-levers rs_demo",
];

/// A copy of the fixture project with two more pages: the PEP index (under
/// which the preprocessor hangs the draft chapters) and one page holding
/// every directive.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&manifest().join("tests/fixtures/project"), dir.path());
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("peps")).expect("mkdir");
    std::fs::write(
        src.join("peps/index.md"),
        "# PEP drafts\n\nSee [PEP 9901](pep:9901) and [PEP 8](pep:8).\n\n{{#tracker pep-index}}\n",
    )
    .expect("index");
    let mut page = String::from("# Every directive\n");
    for d in ALL_DIRECTIVES {
        write!(page, "\n{{{{#tracker {d}}}}}\n").expect("write");
    }
    std::fs::write(src.join("all.md"), page).expect("all.md");
    // Two commits with fixed names and dates (so fixed hashes): the first
    // with one milestone in another state, so there are changes to show.
    let rollout = dir.path().join("pep-drafts/rollout.toml");
    let data = std::fs::read_to_string(&rollout).expect("rollout");
    let earlier = data.replacen("status = \"blocked\"", "status = \"in-progress\"", 1);
    assert_ne!(earlier, data, "the fixture has no blocked milestone");
    std::fs::write(&rollout, earlier).expect("rollout");
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "--all"]);
    git(dir.path(), &["commit", "--quiet", "-m", "earlier"]);
    std::fs::write(&rollout, data).expect("rollout");
    git(dir.path(), &["commit", "--quiet", "--all", "-m", "now"]);
    dir
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.org")
        .env("GIT_AUTHOR_DATE", "2026-11-24T12:00:00Z")
        .env("GIT_COMMITTER_NAME", "Fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.org")
        .env("GIT_COMMITTER_DATE", "2026-11-24T12:00:00Z")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Runs the binary; the result as one text with the exit status, stdout and
/// stderr, the temporary root spelled `<root>`.
fn run(root: &Path, args: &[&str], stdin: Option<&[u8]>) -> (String, Vec<u8>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("TRACKER_DENY_WARNINGS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracker runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or_default()).expect("stdin");
    drop(input);
    let out = child.wait_with_output().expect("tracker runs");
    let root_text = root.to_string_lossy();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(root_text.as_ref(), "<root>");
    let text = format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        clean(&out.stdout),
        clean(&out.stderr)
    );
    (text, out.stdout)
}

/// The book the preprocessor is given: one chapter per page, as mdBook
/// would pass it (the PEP index numbered, so the drafts hang under it).
fn book_input(root: &Path) -> Vec<u8> {
    let page = |name: &str, path: &str, number: Option<Vec<u32>>| {
        let content = std::fs::read_to_string(root.join("src").join(path)).expect("page");
        let mut chapter = Chapter::new(name, content, path, vec![]);
        chapter.number = number.map(mdbook_preprocessor::book::SectionNumber::new);
        BookItem::Chapter(chapter)
    };
    let book = Book::new_with_items(vec![
        page("Phases", "plan/phases.md", Some(vec![1])),
        page("Demo policy", "policies/demo.md", Some(vec![2])),
        page("PEP drafts", "peps/index.md", Some(vec![3])),
        page("Every directive", "all.md", None),
    ]);
    let config = std::fs::read_to_string(root.join("book.toml"))
        .expect("book.toml")
        .parse()
        .expect("book.toml parses");
    let ctx = PreprocessorContext::new(root.to_path_buf(), config, "html".to_owned());
    serde_json::to_vec(&(ctx, book)).expect("serialises")
}

/// The preprocessed book as files: each chapter's content under its path,
/// and `SUMMARY` listing every chapter's number, name and paths.
fn book_files(json: &[u8], out: &mut Vec<(PathBuf, String)>) {
    let Ok(book) = serde_json::from_slice::<Book>(json) else {
        out.push(("book/UNPARSED".into(), String::from_utf8_lossy(json).into()));
        return;
    };
    let mut summary = String::new();
    for chapter in book.chapters() {
        let path = chapter.path.clone().unwrap_or_default();
        writeln!(
            summary,
            "{:?} {:?} path={} source={} parents={:?}",
            chapter.number.as_ref().map(ToString::to_string),
            chapter.name,
            path.display(),
            chapter.source_path.clone().unwrap_or_default().display(),
            chapter.parent_names,
        )
        .expect("write");
        out.push((Path::new("book").join(&path), chapter.content.clone()));
    }
    out.push(("book/SUMMARY".into(), summary));
}

/// Every output, by the golden file that holds it.
fn outputs() -> Vec<(PathBuf, String)> {
    let dir = project();
    let root = dir.path();
    let mut out = Vec::new();
    let mut cli = |file: &str, args: &[&str]| {
        let (text, _) = run(root, args, None);
        out.push((Path::new("cli").join(file), text));
    };
    cli("check.txt", &["check"]);
    cli("check-deny-warnings.txt", &["check", "--deny-warnings"]);
    cli("status.txt", &["status"]);
    cli("status-json.txt", &["status", "--json"]);
    cli("status-markdown.txt", &["status", "--format", "markdown"]);
    cli("status-since.txt", &["status", "--since", "HEAD~1"]);
    cli(
        "status-since-json.txt",
        &["status", "--since", "HEAD~1", "--json"],
    );
    cli("directives.txt", &["directives"]);
    cli("snippets.txt", &["snippets", "--under", "."]);
    cli(
        "export-rst-9901.txt",
        &["export-rst", "pep-drafts/pep-9901.md"],
    );
    cli(
        "export-rst-9902.txt",
        &["export-rst", "pep-drafts/pep-9902.md"],
    );
    cli(
        "lint-pep.txt",
        &[
            "lint-pep",
            "pep-drafts/pep-9901.md",
            "pep-drafts/pep-9902.md",
        ],
    );
    cli("source-hash.txt", &["source-hash", "examples/demo"]);
    cli(
        "supports-html.txt",
        &["preprocessor", "tracker", "supports", "html"],
    );
    let (text, stdout) = run(root, &["preprocessor", "tracker"], Some(&book_input(root)));
    let diagnostics = text.split_once("--- stderr\n").map_or("", |(_, e)| e);
    out.push((
        "preprocessor-stderr.txt".into(),
        format!("{}\n{diagnostics}", text.lines().next().unwrap_or("")),
    ));
    book_files(&stdout, &mut out);
    for name in ["status.json", "peps.json"] {
        let text = std::fs::read_to_string(root.join("src/api").join(name))
            .unwrap_or_else(|e| format!("not published: {e}"));
        out.push((Path::new("api").join(name), text));
    }
    out
}

#[test]
fn outputs_are_byte_identical_to_the_golden_files() {
    let golden = manifest().join("tests/golden");
    let outputs = outputs();
    assert!(outputs.len() > 15, "outputs went missing");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        for (file, text) in &outputs {
            let path = golden.join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write golden");
        }
        return;
    }
    let mut differ = Vec::new();
    for (file, text) in &outputs {
        match std::fs::read_to_string(golden.join(file)) {
            Ok(want) if &want == text => {}
            Ok(_) => differ.push(format!("{} differs", file.display())),
            Err(_) => differ.push(format!("{} is new", file.display())),
        }
    }
    let count = walkdir::WalkDir::new(&golden)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    if count != outputs.len() {
        differ.push(format!(
            "{count} golden files, {} outputs: some output went missing",
            outputs.len()
        ));
    }
    assert!(
        differ.is_empty(),
        "outputs differ from tests/golden/ (UPDATE_GOLDEN=1 rewrites them):\n{}",
        differ.join("\n")
    );
}
