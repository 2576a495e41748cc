//! Property tests: no input makes the parsers, the checks, the PEP linter,
//! the RST exporter, the index or peps.json panic. Inputs are arbitrary text
//! and real files with random edits, which reach much deeper than arbitrary
//! text alone.

use proptest::prelude::*;
use std::path::Path;
use tracker::base::date::Date;
use tracker::base::diag::Diagnostics;
use tracker::base::markdown::{code_blocks, directives};
use tracker::model::pep::Draft;
use tracker::model::rollout::{Rollout, evidence::Checker, validate};

const ROLLOUT: &str = include_str!("../../../pep-drafts/rollout.toml");
const DRAFT_9903: &str = include_str!("../../../pep-drafts/pep-9903.md");
const DRAFT: &str = "PEP: 9901\nTitle: T\nAuthor: A <a@b.org>\nStatus: Draft\nType: Process\n\
                     Created: 01-Nov-2026\n\n## Abstract\n\n```rust\nfn main() {}\n```\n";

/// `text` with the bytes in `range` replaced (on char boundaries).
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

fn check_rollout(text: &str) {
    let mut diags = Diagnostics::new();
    if let Some(r) = Rollout::parse(Path::new("r.toml"), text, &mut diags) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let results = tracker::model::results::Results::load(&root, &mut diags);
        let checker = Checker::new(&root, &[], &r, &results);
        validate::validate(&r, &checker, &mut diags);
        if let Ok(status) = tracker::derive::status::compute(&r, &[], Some(&checker)) {
            let _ = tracker::render::review::charts::timeline(&status);
            let _ = tracker::render::dashboard::platform_matrix(&status);
        }
    }
    for d in diags.sorted() {
        assert!(d.line >= 1 && d.col >= 1, "{d}");
    }
}

fn check_pep_toolchain(text: &str) {
    for name in ["pep-9903.md", "pep-9903.rst", "x"] {
        let path = Path::new(name);
        let mut diags = Diagnostics::new();
        tracker::model::pep::lint::lint(path, text, Date::ymd(2026, 11, 24), &mut diags);
        let _ = tracker::render::pep::rst::export(path, text, &mut diags);
        for d in diags.sorted() {
            assert!(d.line >= 1 && d.col >= 1, "{d}");
        }
    }
    let mut diags = Diagnostics::new();
    if let Some(draft) = Draft::parse(Path::new("pep-9903.md"), text, &mut diags) {
        let _ = tracker::render::pep::index::render_index(&[&draft], "");
        let _ = tracker::render::pep::index::banner(&draft, Some("x"));
        let _ = tracker::render::pep::api::peps_json(
            std::slice::from_ref(&draft),
            "https://example.org/",
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rollout_parser_survives_arbitrary_text(text in "\\PC{0,400}") {
        check_rollout(&text);
    }

    #[test]
    fn rollout_parser_survives_edits_of_the_real_file(
        at in 0usize..40_000, len in 0usize..40, with in "[\\[\\]=\"a-z0-9 .,{}\n-]{0,12}"
    ) {
        check_rollout(&splice(ROLLOUT, at % ROLLOUT.len(), len, &with));
    }

    #[test]
    fn markdown_and_draft_parsers_survive_edits(
        at in 0usize..200, len in 0usize..20, with in "[`~<>!:#{}\\-a-z \n]{0,16}"
    ) {
        let text = splice(DRAFT, at % DRAFT.len(), len, &with);
        let _ = code_blocks(&text);
        let _ = directives(&text);
        let mut diags = Diagnostics::new();
        let _ = Draft::parse(Path::new("pep-9901.md"), &text, &mut diags);
        let mut d = Diagnostics::new();
        tracker::model::snippets::check(Path::new("x.md"), &text, &mut d);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn pep_toolchain_survives_arbitrary_text(text in "\\PC{0,300}") {
        check_pep_toolchain(&text);
    }

    #[test]
    fn pep_toolchain_survives_edits_of_a_real_draft(at in 0usize..3000, len in 0usize..40,
                    with in prop::sample::select(vec!["", "\n", ":", "`", "*", "_", "<", "<!--", "[^x]", "- ", "1. ", "|", "Ω", "\n\n", "PEP: 0", "## "])) {
        check_pep_toolchain(&splice(DRAFT_9903, at, len, with));
    }
}
