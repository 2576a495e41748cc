//! One PEP with every error python/peps' check-peps reports, in the style of
//! its own `test_with_fake_pep` (pep_sphinx_extensions/tests/pep_lint/
//! test_pep_lint.py, which lints a fake pep-9002.rst). The fixture is built
//! so that upstream's expected list applies line for line; this linter must
//! report exactly that list, each finding with its rule id. The one
//! difference is upstream's newer Discussions-To message, which names
//! `Pending` (python/peps#4361); see `tracker::model::pep::lint::UPSTREAM`.

use std::path::Path;
use tracker::base::date::Date;
use tracker::model::pep::lint;

const TODAY: Date = Date::ymd(2026, 12, 2);

/// Upstream's expected findings for its fake PEP (python/peps test suite at
/// 78cf096c6304), in upstream's order, with the rule each belongs to.
const UPSTREAM_EXPECTED: &[(usize, &str, &str)] = &[
    (1, "PEP must begin with the 'PEP:' header", "pep-first"),
    (6, "Must not have invalid header: Version", "invalid-header"),
    (
        9,
        "Must not have duplicate header: Sponsor ",
        "duplicate-header",
    ),
    (
        10,
        "Must not have invalid header: Horse-Guards",
        "invalid-header",
    ),
    (
        15,
        "Must not have invalid header: Content-Type",
        "invalid-header",
    ),
    (1, "Must have required header: PEP", "required-headers"),
    (1, "Must have required header: Type", "required-headers"),
    (
        1,
        "Headers must be in PEP 12 order. Correct order: Title, Author, Sponsor, BDFL-Delegate, \
         Discussions-To, Status, Topic, Requires, Created, Python-Version, Post-History, Resolution",
        "header-order",
    ),
    (
        4,
        "Author continuation lines must end with a comma",
        "author",
    ),
    (5, "Author line must not be over-indented", "author"),
    (
        7,
        "Python-Version major part must be 1, 2, or 3: 4.0",
        "python-version",
    ),
    (
        8,
        "Sponsor entries must begin with a valid 'Name': ''",
        "sponsor",
    ),
    (
        9,
        "Sponsor entries must begin with a valid 'Name': ''",
        "sponsor",
    ),
    (
        11,
        "Created must be a 'DD-mmm-YYYY' date: '1-Jan-1989'",
        "created",
    ),
    (
        12,
        "Delegate entries must begin with a valid 'Name': 'Barry!'",
        "delegate",
    ),
    (13, "Status must be a valid PEP status", "status"),
    (14, "Topic must not contain duplicates", "topic"),
    (
        14,
        "Topic must be properly capitalised (Title Case)",
        "topic",
    ),
    (14, "Topic must be for a valid sub-index", "topic"),
    (14, "Topic must be sorted lexicographically", "topic"),
    (
        16,
        "PEP references must be separated by comma-spaces (', ')",
        "pep-references",
    ),
    (
        17,
        "Discussions-To must be a valid thread URL, mailing list, or 'Pending'",
        "discussions-to",
    ),
    (
        18,
        "Post-History must be a 'DD-mmm-YYYY' date: '2-Feb-2000'",
        "post-history",
    ),
    (
        18,
        "Post-History must be a valid thread URL",
        "post-history",
    ),
    (
        19,
        "Post-History must be a 'DD-mmm-YYYY' date: '3-Mar-2001'",
        "post-history",
    ),
    (
        19,
        "Post-History must be a valid thread URL",
        "post-history",
    ),
    (20, "Resolution must be a valid thread URL", "resolution"),
    (
        23,
        "Use the :pep:`NNN` role to refer to PEPs",
        "direct-links",
    ),
];

#[test]
fn every_upstream_error_is_reported_with_its_rule() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pep-every-error/pep-9002.rst");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut got: Vec<(usize, String, &str)> = lint::lint_findings(&path, &text, TODAY)
        .into_iter()
        .map(|(line, message)| {
            let rule = lint::rule_of(&message);
            (line, message, rule)
        })
        .collect();
    let mut want: Vec<(usize, String, &str)> = UPSTREAM_EXPECTED
        .iter()
        .map(|&(line, message, rule)| (line, message.to_owned(), rule))
        .collect();
    // Upstream yields the header-block findings before the per-header ones;
    // compare in line order, keeping each line's findings in order.
    got.sort_by_key(|(line, _, _)| *line);
    want.sort_by_key(|(line, _, _)| *line);
    assert_eq!(got, want);
}
