//! Property tests: no input makes the PEP linter, the RST exporter, the
//! index or peps.json panic. Inputs are arbitrary text and a real draft
//! with random edits.

use proptest::prelude::*;
use std::path::Path;
use tracker::diag::Diagnostics;
use tracker::pep::Draft;
use tracker::pep::date::Date;

const DRAFT: &str = include_str!("../../../pep-drafts/pep-9903.md");

fn splice(text: &str, at: usize, len: usize, with: &str) -> String {
    let mut start = at.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{with}{}", &text[..start], &text[end..])
}

fn everything(text: &str) {
    for name in ["pep-9903.md", "pep-9903.rst", "x"] {
        let path = Path::new(name);
        let mut diags = Diagnostics::new();
        tracker::pep::lint::lint(
            path,
            text,
            Date {
                year: 2026,
                month: 11,
                day: 24,
            },
            &mut diags,
        );
        let _ = tracker::pep::rst::export(path, text, &mut diags);
        for d in diags.sorted() {
            assert!(d.line >= 1 && d.col >= 1, "{d}");
        }
    }
    let mut diags = Diagnostics::new();
    if let Some(draft) = Draft::parse(Path::new("pep-9903.md"), text, &mut diags) {
        let _ = tracker::pep::index::render_index(&[&draft], "");
        let _ = tracker::pep::index::banner(&draft, Some("x"));
        let _ = tracker::pep::api::peps_json(std::slice::from_ref(&draft));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        everything(&text);
    }

    #[test]
    fn edited_draft(at in 0usize..3000, len in 0usize..40,
                    with in prop::sample::select(vec!["", "\n", ":", "`", "*", "_", "<", "<!--", "[^x]", "- ", "1. ", "|", "Ω", "\n\n", "PEP: 0", "## "])) {
        everything(&splice(DRAFT, at, len, with));
    }
}
