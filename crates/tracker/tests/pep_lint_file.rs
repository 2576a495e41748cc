//! One test per file-level rule of the PEP linter (header block, order,
//! number, status for type, direct links, sections), each a table of
//! passing and failing cases; and the drafts pass them all.

use std::path::Path;
use tracker::base::date::Date;
use tracker::model::pep::headers as h;
use tracker::model::pep::lint::{self, Findings, RawHeader, Syntax};

const TODAY: Date = Date::ymd(2026, 11, 24);

/// Runs `rule` on each input and compares the messages it yields.
fn table(rule: impl Fn(&str, &mut Findings), cases: &[(&str, &[&str])]) {
    for (input, expected) in cases {
        let mut out = Findings::new();
        rule(input, &mut out);
        let got: Vec<&str> = out.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(&got, expected, "input {input:?}");
    }
}

fn raw(pairs: &[(&str, &str)]) -> Vec<RawHeader> {
    pairs
        .iter()
        .enumerate()
        .map(|(i, (name, value))| RawHeader {
            name: (*name).into(),
            line: i + 1,
            value: (*value).into(),
        })
        .collect()
}

#[test]
fn pep_header_first_with_a_valid_number() {
    table(
        h::pep_first,
        &[
            ("PEP: 9901", &[]),
            ("PEP: 0", &[]),
            ("Title: x", &["PEP must begin with the 'PEP:' header"]),
            ("PEP:9901", &["PEP must begin with the 'PEP:' header"]),
            ("PEP: ", &["'PEP:' header must not be blank: ''"]),
            (
                "PEP: 0123",
                &["'PEP:' header must not contain leading zeros: '0123'"],
            ),
            ("PEP: 12a", &["'PEP:' header must be numeric: '12a'"]),
            (
                "PEP: 10000",
                &["'PEP:' header must be between 0 and 9999: '10000'"],
            ),
        ],
    );
}

#[test]
fn header_names_known_unique_and_spaced() {
    table(
        |s, out| {
            let lines: Vec<&str> = s.lines().collect();
            lint::header_block(&lines, out);
        },
        &[
            ("PEP: 1\nTitle: x\n\nbody: text", &[]),
            (
                "PEP: 1\nContent-Type: text/x-rst",
                &["Must not have invalid header: Content-Type"],
            ),
            ("PEP: 1\npep: 2", &["Must not have invalid header: pep"]),
            (
                "PEP: 1\nTitle: a\nTitle: b",
                &["Must not have duplicate header: Title "],
            ),
            (
                "PEP: 1\nTitle:x",
                &["Headers must have a space after the colon: Title"],
            ),
        ],
    );
}

#[test]
fn required_headers_in_pep12_order() {
    let all = [
        ("PEP", ""),
        ("Title", ""),
        ("Author", ""),
        ("Status", ""),
        ("Type", ""),
        ("Created", ""),
    ];
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: &[Case] = &[
        (&all, &[]),
        (&all[..5], &["Must have required header: Created"]),
        (
            &[
                ("PEP", ""),
                ("Author", ""),
                ("Title", ""),
                ("Status", ""),
                ("Type", ""),
                ("Created", ""),
            ],
            &[
                "Headers must be in PEP 12 order. Correct order: PEP, Title, Author, Status, Type, Created",
            ],
        ),
    ];
    for (headers, expected) in cases {
        let mut out = Findings::new();
        lint::header_set(&raw(headers), &mut out);
        let got: Vec<&str> = out.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(&got, expected);
    }
}

#[test]
fn number_matches_file_name() {
    for (file, number, expected) in [
        ("pep-9901.md", "9901", vec![]),
        ("pep-9901.rst", "9901", vec![]),
        (
            "pep-9902.md",
            "9901",
            vec![
                "PEP number 9901 does not match the file name pep-9902.md (rename it to pep-9901)",
            ],
        ),
        (
            "draft.md",
            "9901",
            vec!["PEP number 9901 does not match the file name draft.md (rename it to pep-9901)"],
        ),
    ] {
        let mut out = Findings::new();
        lint::file_number(Path::new(file), &raw(&[("PEP", number)]), &mut out);
        let got: Vec<&str> = out.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(got, expected, "{file}");
    }
}

#[test]
fn status_allowed_for_type() {
    for (status, kind, expected) in [
        ("Active", "Process", vec![]),
        ("Provisional", "Standards Track", vec![]),
        (
            "Active",
            "Standards Track",
            vec!["Only Process and Informational PEPs may have an Active status"],
        ),
        (
            "Provisional",
            "Informational",
            vec!["Only Standards Track PEPs may have a Provisional status"],
        ),
    ] {
        let mut out = Findings::new();
        lint::status_for_type(&raw(&[("Status", status), ("Type", kind)]), &mut out);
        let got: Vec<&str> = out.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(got, expected, "{status}/{kind}");
    }
}

#[test]
fn no_direct_pep_or_rfc_links() {
    table(
        |s, out| lint::direct_links(1, s, Syntax::Rst, out),
        &[
            ("See :pep:`8` and :rfc:`2822`.", &[]),
            (
                "See https://peps.python.org/pep-0008/.",
                &["Use the :pep:`NNN` role to refer to PEPs"],
            ),
            (
                "https://www.python.org/dev/peps/pep-0008",
                &["Use the :pep:`NNN` role to refer to PEPs"],
            ),
            (
                "https://www.RFC-editor.org/rfc/rfc2822",
                &["Use the :rfc:`NNN` role to refer to RFCs"],
            ),
            (
                "https://datatracker.ietf.org/doc/html/rfc2822",
                &["Use the :rfc:`NNN` role to refer to RFCs"],
            ),
        ],
    );
    table(
        |s, out| lint::direct_links(1, s, Syntax::Markdown, out),
        &[
            ("[PEP 8](pep:8)", &[]),
            (
                "[PEP 8](https://peps.python.org/pep-0008/)",
                &["Use a `pep:NNN` link to refer to PEPs"],
            ),
        ],
    );
}

#[test]
fn standards_track_sections_present_and_ordered() {
    let all = "## Abstract\n\n## Motivation\n\n## Specification\n\n## Rationale\n\n## Backwards Compatibility\n\n\
               ## Security Implications\n\n## How to Teach This\n\n## Reference Implementation\n\n## Rejected Ideas\n\n\
               ## Open Issues\n\n## Copyright\n";
    let swapped = all.replace(
        "## Specification\n\n## Rationale",
        "## Rationale\n\n## Specification",
    );
    let late = all
        .replace("## Abstract\n\n", "")
        .replace("## Copyright", "## Copyright\n\n## Abstract");
    let missing = all.replace("## Security Implications\n\n", "");
    let code = format!(
        "```text\n## Abstract\n```\n\n{}",
        &all["## Abstract\n\n".len()..]
    );
    let st = raw(&[("Type", "Standards Track")]);
    let info = raw(&[("Type", "Informational")]);
    let cases: Vec<(&[RawHeader], &str, Vec<&str>)> = vec![
        (&st, all, vec![]),
        (&st, &swapped, vec![]),
        (&info, "## Intro\n", vec![]),
        (
            &st,
            &late,
            vec!["Section `Abstract` must come before `Copyright` (PEP 12 order)"],
        ),
        (
            &st,
            &missing,
            vec!["Standards Track PEPs must have a `## Security Implications` section"],
        ),
        (
            &st,
            &code,
            vec!["Standards Track PEPs must have a `## Abstract` section"],
        ),
    ];
    for (headers, body, expected) in cases {
        let mut out = Findings::new();
        lint::sections(headers, body, 0, &mut out);
        let got: Vec<&str> = out.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(got, expected, "{body}");
    }
}

#[test]
fn the_drafts_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut diags = tracker::base::diag::Diagnostics::new();
    lint::lint_dir(&root, Path::new("pep-drafts"), TODAY, &mut diags);
    let all: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert!(all.is_empty(), "{all:#?}");
}
