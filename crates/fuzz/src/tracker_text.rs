//! The tracker's parsers on arbitrary bytes: no panic, and every problem
//! reported as `path:line:col: error|warning: message` with a position
//! inside the text (a line of the file, or the line after its last one; a
//! column at most one past the end of that line).

use std::path::Path;

use tracker::base::date::Date;
use tracker::base::diag::{Diagnostic, Diagnostics};
use tracker::model::pep::Draft;
use tracker::model::results::Results;
use tracker::model::rollout::{Rollout, evidence::Checker, validate};

const TODAY: Date = Date::ymd(2026, 11, 24);

/// What the tracker reads from a file: its text. A file that is not UTF-8
/// is refused before any parser sees it (`path:1:1: error: cannot read`),
/// so the bytes are made text the way a lossy reader would: every `&str` is
/// still reachable, and libFuzzer's byte mutations all reach the parser.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The position of `d` is inside `text`, and it prints as `path:line:col: `.
fn located(d: &Diagnostic, path: &Path, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(d.line >= 1 && d.col >= 1, "unlocated: {d}");
    assert!(
        d.line <= lines.len() + 1,
        "line past the end ({} lines): {d}",
        lines.len()
    );
    let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
    assert!(
        d.col <= width + 1,
        "column past the end of line {} ({width} chars): {d}",
        d.line
    );
    let printed = d.to_string();
    let prefix = format!("{}:{}:{}: ", path.display(), d.line, d.col);
    assert!(
        printed.starts_with(&prefix),
        "not `path:line:col: `: {printed}"
    );
    let rest = &printed[prefix.len()..];
    assert!(
        rest.starts_with("error: ") || rest.starts_with("warning: "),
        "no severity: {printed}"
    );
    assert!(!d.message.trim().is_empty(), "empty message: {printed}");
}

fn check_all(diags: Diagnostics, path: &Path, text: &str) {
    for d in diags.sorted() {
        located(&d, path, text);
    }
}

/// A PEP draft: the preamble parser (`Draft::parse`), the PEP linter and
/// the RST exporter. A draft that does not parse has at least one error.
pub fn pep(data: &[u8]) {
    let text = text(data);
    let path = Path::new("pep-9903.md");
    let mut diags = Diagnostics::new();
    let parsed = Draft::parse(path, &text, &mut diags);
    assert!(
        parsed.is_some() || !diags.is_empty(),
        "refused without a diagnostic"
    );
    check_all(diags, path, &text);
    let mut diags = Diagnostics::new();
    tracker::model::pep::lint::lint(path, &text, TODAY, &mut diags);
    let _ = tracker::render::pep::rst::export(path, &text, &mut diags);
    check_all(diags, path, &text);
}

/// A rollout.toml: the parser and, when it parses, its validation (against
/// an empty repository, so no evidence file exists).
pub fn rollout(data: &[u8]) {
    let text = text(data);
    let path = Path::new("pep-drafts/rollout.toml");
    let mut diags = Diagnostics::new();
    match Rollout::parse(path, &text, &mut diags) {
        Some(r) => {
            let root = Path::new("/nonexistent/fuzz-root");
            let results = Results::none();
            let checker = Checker::new(root, &[], &r, &results);
            validate::validate(&r, &checker, &mut diags);
        }
        None => assert!(!diags.is_empty(), "refused without a diagnostic"),
    }
    check_all(diags, path, &text);
}
