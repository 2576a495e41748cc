//! One test per preamble-value rule of the PEP linter, each a table of
//! passing and failing cases, as python/peps'
//! `pep_sphinx_extensions/tests/pep_lint/test_*.py` does. The file-level
//! rules are in `pep_lint_file.rs`.

use tracker::base::date::Date;
use tracker::model::pep::headers as h;
use tracker::model::pep::lint::Findings;

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

#[test]
fn title_length() {
    let long = "x".repeat(80);
    table(
        |s, out| h::title(5, s, out),
        &[
            ("Optional Rust modules", &[]),
            (&long[..79], &[]),
            ("", &["PEP must have a title"]),
            (&long, &["PEP title must be less than 80 characters"]),
        ],
    );
}

#[test]
fn author_entries_and_continuation_lines() {
    table(
        |s, out| h::author(3, s, out),
        &[
            ("Alice Liddell <alice@example.org>", &[]),
            ("Alice, Bob <bob at example.org>", &[]),
            (
                "Łukasz Langa <lukasz@python.org>,\n        Guido van Rossum",
                &[],
            ),
            (
                "Alice\n        Bob",
                &["Author continuation lines must end with a comma"],
            ),
            (
                "Alice,\n          Bob",
                &["Author line must not be over-indented"],
            ),
            (
                "Alice 2 <a@b.org>",
                &["Author entries must begin with a valid 'Name': 'Alice 2 <a@b.org>'"],
            ),
            (
                "Alice <<a@b.org>",
                &[
                    "Author entries must not contain multiple '<': 'Alice <<a@b.org>'",
                    "Author entries must contain a valid email address: 'Alice <<a@b.org>'",
                ],
            ),
        ],
    );
}

#[test]
fn email_forms() {
    table(
        |s, out| tracker::model::pep::forms::email(1, s, "Sponsor", out),
        &[
            ("Ann <ann@mail.example.org>", &[]),
            ("Ann", &[]),
            (
                "Ann <ann@b@c.org>",
                &[
                    "Sponsor entries must not contain multiple '@': 'Ann <ann@b@c.org>'",
                    "Sponsor entries must contain a valid email address: 'Ann <ann@b@c.org>'",
                ],
            ),
            (
                "Ann  <ann@b.org",
                &[
                    "Sponsor entries must be formatted as 'Name <email@example.com>': 'Ann  <ann@b.org'",
                    "Sponsor entries must contain a valid email address: 'Ann  <ann@b.org'",
                ],
            ),
            (
                "Ann <ann.example.org>",
                &["Sponsor entries must contain a valid email address: 'Ann <ann.example.org>'"],
            ),
            (
                "Ann <a(b)@c.org>",
                &["Sponsor entries must contain a valid email address: 'Ann <a(b)@c.org>'"],
            ),
            (
                "Ann <ann@exa_mple.org>",
                &["Sponsor entries must contain a valid email address: 'Ann <ann@exa_mple.org>'"],
            ),
        ],
    );
}

#[test]
fn sponsor_and_delegate() {
    table(
        |s, out| h::sponsor(1, s, out),
        &[
            ("Ann <a@b.org>", &[]),
            ("", &["Sponsor entries must begin with a valid 'Name': ''"]),
        ],
    );
    table(
        |s, out| h::delegate(1, s, out),
        &[
            ("", &[]),
            ("Ann <a@b.org>, Bob", &[]),
            (
                "Ann <a@b.org>, B0b",
                &["Delegate entries must begin with a valid 'Name': 'B0b'"],
            ),
        ],
    );
}

#[test]
fn discussions_to_forms() {
    table(
        |s, out| h::discussions_to(1, s, out),
        &[
            // python/peps#4361 (April 2025): a draft without a thread yet.
            ("Pending", &[]),
            (
                "pending",
                &["Discussions-To must be a valid thread URL, mailing list, or 'Pending'"],
            ),
            ("https://discuss.python.org/t/22606", &[]),
            (
                "https://discuss.python.org/t/pep-703-making-the-gil-optional/22606/",
                &[],
            ),
            (
                "https://mail.python.org/archives/list/python-dev@python.org/thread/ABC123/",
                &[],
            ),
            ("python-ideas@python.org", &[]),
            ("my-group@googlegroups.com", &[]),
            (
                "https://discuss.python.org/t/pep-703/22606/12",
                &["Discussions-To must be a valid thread URL"],
            ),
            (
                "http://discuss.python.org/t/22606",
                &["Discussions-To must be a valid thread URL, mailing list, or 'Pending'"],
            ),
            (
                "bad list@python.org",
                &["Discussions-To must be a valid mailing list"],
            ),
            (
                "pending",
                &["Discussions-To must be a valid thread URL, mailing list, or 'Pending'"],
            ),
        ],
    );
}

#[test]
fn status_and_type_values() {
    table(
        |s, out| h::status(1, s, out),
        &[
            ("Draft", &[]),
            ("April Fool!", &[]),
            ("Superseded", &[]),
            ("draft", &["Status must be a valid PEP status"]),
        ],
    );
    table(
        |s, out| h::kind(1, s, out),
        &[
            ("Standards Track", &[]),
            ("Process", &[]),
            ("Standards", &["Type must be a valid PEP type"]),
        ],
    );
}

#[test]
fn topic_values_sorted_unique() {
    table(
        |s, out| h::topic(1, s, out),
        &[
            ("Packaging", &[]),
            ("Governance, Typing", &[]),
            (
                "Typing, Governance",
                &["Topic must be sorted lexicographically"],
            ),
            ("Typing, Typing", &["Topic must not contain duplicates"]),
            (
                "typing",
                &["Topic must be properly capitalised (Title Case)"],
            ),
            ("Rust", &["Topic must be for a valid sub-index"]),
        ],
    );
}

#[test]
fn pep_reference_lists() {
    table(
        |s, out| h::pep_references(1, s, out),
        &[
            ("9901", &[]),
            ("8, 9901", &[]),
            (
                "8,9901",
                &["PEP references must be separated by comma-spaces (', ')"],
            ),
            (
                "08",
                &["PEP reference must not contain leading zeros: '08'"],
            ),
            ("PEP 8", &["PEP reference must be numeric: 'PEP 8'"]),
        ],
    );
}

#[test]
fn created_dates() {
    table(
        |s, out| h::created(1, s, TODAY, out),
        &[
            ("24-Nov-2026", &[]),
            ("08-Dec-2026", &[]),
            (
                "09-Dec-2026",
                &["Created must not be in the future: '09-Dec-2026'"],
            ),
            (
                "4-Nov-2026",
                &["Created must be a 'DD-mmm-YYYY' date: '4-Nov-2026'"],
            ),
            (
                "2026-11-24",
                &["Created must be a 'DD-mmm-YYYY' date: '2026-11-24'"],
            ),
            (
                "03-Sept-2001",
                &["Created must be a 'DD-mmm-YYYY' date: '03-Sept-2001'"],
            ),
            (
                "31-Dec-1989",
                &["Created must not be before Python was invented: '31-Dec-1989'"],
            ),
        ],
    );
}

#[test]
fn python_version_forms() {
    table(
        |s, out| h::python_version(1, s, out),
        &[
            ("3.16", &[]),
            ("2.7.18", &[]),
            ("3.x", &[]),
            ("3", &["Python-Version must have two or three segments: 3"]),
            (
                "4.0",
                &["Python-Version major part must be 1, 2, or 3: 4.0"],
            ),
            (
                "3.016",
                &["Python-Version minor part must not have leading zeros: 3.016"],
            ),
            ("3.a", &["Python-Version minor part must be numeric: 3.a"]),
            (
                "3.x.1",
                &["Python-Version micro part must be empty if minor part is 'x': 3.x.1"],
            ),
            (
                "3.1.01",
                &["Python-Version micro part must not have leading zeros: 3.1.01"],
            ),
        ],
    );
}

#[test]
fn post_history_forms() {
    table(
        |s, out| h::post_history(1, s, TODAY, out),
        &[
            ("", &[]),
            // python/peps#4670 (October 2025).
            ("Pending", &[]),
            (
                "Pending, 01-Jan-2026",
                &["Post-History must be a 'DD-mmm-YYYY' date: 'Pending'"],
            ),
            ("01-Jan-2026, 02-Feb-2026", &[]),
            (
                "`01-Jan-2026 <https://discuss.python.org/t/22606>`__,\n              `02-Feb-2026 <https://discuss.python.org/t/x-y/1/2>`__",
                &[],
            ),
            (
                "`01-Jan-2026 <https://example.org/x>`__",
                &["Post-History must be a valid thread URL"],
            ),
            (
                "`01-Jan-2026 <https://discuss.python.org/t/1>`_",
                &[
                    "post line must be a date or both start with “`” and end with “>`__”, or 'Pending'",
                ],
            ),
            (
                "1-Jan-2026",
                &["Post-History must be a 'DD-mmm-YYYY' date: '1-Jan-2026'"],
            ),
        ],
    );
}

#[test]
fn resolution_forms() {
    table(
        |s, out| h::resolution(1, s, TODAY, out),
        &[
            ("https://discuss.python.org/t/22606/10", &[]),
            (
                "https://mail.python.org/archives/list/python-dev@python.org/message/ABC/",
                &[],
            ),
            (
                "https://mail.python.org/pipermail/python-dev/2020-June/123.html",
                &[],
            ),
            (
                "`24-Oct-2023 <https://discuss.python.org/t/22606/150>`__",
                &[],
            ),
            (
                "https://github.com/python/steering-council/issues/1",
                &["Resolution must be a valid thread URL"],
            ),
            (
                "`24-Oct-2023 <https://discuss.python.org/t/1>`",
                &["Resolution line must be a link or both start with “`” and end with “>`__”"],
            ),
        ],
    );
}

#[test]
fn thread_urls() {
    use tracker::model::pep::forms::{Thread, thread};
    for (url, kind, ok) in [
        ("https://discuss.python.org/t/123/4", Thread::Plain, true),
        (
            "https://discuss.python.org/t/123/4",
            Thread::DiscussionsTo,
            false,
        ),
        (
            "https://discuss.python.org/t/name/123/4/5",
            Thread::Plain,
            false,
        ),
        (
            "https://mail.python.org/archives/list/a@python.org/message/abc/#def",
            Thread::Message,
            true,
        ),
        (
            "https://mail.python.org/archives/list/a@python.org/message/abc/",
            Thread::Plain,
            false,
        ),
    ] {
        let mut out = Findings::new();
        thread(1, url, "X", kind, &mut out);
        assert_eq!(out.is_empty(), ok, "{url}");
    }
}
