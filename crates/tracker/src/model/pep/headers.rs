//! One function per preamble rule of python/peps' `check-peps.py`, with the
//! same messages, at the upstream revision named in
//! [`super::lint::UPSTREAM`]; tests/pep_lint_every_error.rs checks the
//! messages against upstream's own expected list. Each takes
//! the 1-based line of the header and its value (continuation lines joined
//! with `\n`, indentation kept) and pushes `(line, message)` findings.

use super::findings::Findings;
use super::forms::{
    Link, MAILING_LIST, Thread, date, dated_link, email, is_digits, py_repr, thread,
};
use crate::base::date::Date;

/// Every header python/peps allows, in PEP 12 order (`BDFL-Delegate` is the
/// legacy spelling of `PEP-Delegate` and shares its place).
pub const ALL_HEADERS: [&str; 17] = [
    "PEP",
    "Title",
    "Author",
    "Sponsor",
    "BDFL-Delegate",
    "PEP-Delegate",
    "Discussions-To",
    "Status",
    "Type",
    "Topic",
    "Requires",
    "Created",
    "Python-Version",
    "Post-History",
    "Replaces",
    "Superseded-By",
    "Resolution",
];

pub const REQUIRED_HEADERS: [&str; 6] = ["PEP", "Title", "Author", "Status", "Type", "Created"];

pub const TOPICS: [&str; 4] = ["Governance", "Packaging", "Release", "Typing"];

/// `PEP:` must be the first line.
pub fn pep_first(first_line: &str, out: &mut Findings) {
    match first_line.strip_prefix("PEP: ") {
        Some(number) => pep_num(1, number.trim_start(), "'PEP:' header", out),
        None => out.push((1, "PEP must begin with the 'PEP:' header".into())),
    }
}

/// A PEP number: not blank, no leading zeros, numeric, 0 to 9999.
pub fn pep_num(line: usize, number: &str, prefix: &str, out: &mut Findings) {
    let r = py_repr(number);
    if number.is_empty() {
        out.push((line, format!("{prefix} must not be blank: {r}")));
        return;
    }
    if number.starts_with('0') && number != "0" {
        out.push((
            line,
            format!("{prefix} must not contain leading zeros: {r}"),
        ));
    }
    if !is_digits(number) {
        out.push((line, format!("{prefix} must be numeric: {r}")));
    } else if number.trim_start_matches('0').len() > 4 {
        out.push((line, format!("{prefix} must be between 0 and 9999: {r}")));
    }
}

/// `Title`: 1 to 79 characters.
pub fn title(line: usize, value: &str, out: &mut Findings) {
    let len = value.chars().count();
    if len == 0 {
        out.push((line, "PEP must have a title".into()));
    } else if len > 79 {
        out.push((line, "PEP title must be less than 80 characters".into()));
    }
}

/// `Author`: `Name <email>` or `Name`, comma-separated; every line but the
/// last ends with a comma; continuation lines are not over-indented.
pub fn author(line: usize, value: &str, out: &mut Findings) {
    let lines: Vec<&str> = value.split('\n').collect();
    for (offset, text) in lines.iter().enumerate() {
        let head: String = text.chars().take(9).collect();
        if offset >= 1 && !head.is_empty() && head.chars().all(char::is_whitespace) {
            out.push((
                line + offset,
                "Author line must not be over-indented".into(),
            ));
        }
        if offset + 1 < lines.len() && !text.ends_with(',') {
            out.push((
                line + offset,
                "Author continuation lines must end with a comma".into(),
            ));
        }
        for part in text.strip_suffix(',').unwrap_or(text).split(", ") {
            email(line + offset, part, "Author", out);
        }
    }
}

/// `Sponsor`: one `Name <email>`.
pub fn sponsor(line: usize, value: &str, out: &mut Findings) {
    email(line, value, "Sponsor", out);
}

/// `PEP-Delegate` / `BDFL-Delegate`: empty, or one or more `Name <email>`.
pub fn delegate(line: usize, value: &str, out: &mut Findings) {
    if value.is_empty() {
        return;
    }
    if value.contains(", ") {
        for part in value.strip_suffix(',').unwrap_or(value).split(", ") {
            email(line, part, "Delegate", out);
        }
        return;
    }
    email(line, value, "Delegate", out);
}

/// `Discussions-To`: a thread URL (a discuss.python.org *thread*, not a
/// post), a python.org / Google Groups mailing list, or `Pending` for a
/// draft whose thread does not exist yet (python/peps#4361, April 2025).
pub fn discussions_to(line: usize, value: &str, out: &mut Findings) {
    if value == "Pending" {
        return;
    }
    thread(line, value, "Discussions-To", Thread::DiscussionsTo, out);
    if value.starts_with("https://") {
        return;
    }
    for suffix in ["@python.org", "@googlegroups.com"] {
        if let Some(list) = value.strip_suffix(suffix) {
            if !MAILING_LIST.is_match(list) {
                out.push((line, "Discussions-To must be a valid mailing list".into()));
            }
            return;
        }
    }
    out.push((
        line,
        "Discussions-To must be a valid thread URL, mailing list, or 'Pending'".into(),
    ));
}

/// `Status`: one of PEP 1's statuses (or PEP 401's joke).
pub fn status(line: usize, value: &str, out: &mut Findings) {
    if crate::model::pep::Status::parse(value).is_none() {
        out.push((line, "Status must be a valid PEP status".into()));
    }
}

/// `Type`: Standards Track, Informational or Process.
pub fn kind(line: usize, value: &str, out: &mut Findings) {
    if crate::model::pep::Kind::parse(value).is_none() {
        out.push((line, "Type must be a valid PEP type".into()));
    }
}

/// `Topic`: sub-index names, Title Case, sorted, no duplicates.
pub fn topic(line: usize, value: &str, out: &mut Findings) {
    let topics: Vec<&str> = value.split(", ").collect();
    let mut unique = topics.clone();
    unique.sort_unstable();
    unique.dedup();
    if topics.len() > unique.len() {
        out.push((line, "Topic must not contain duplicates".into()));
    }
    if unique.iter().any(|t| !TOPICS.contains(t)) {
        if !unique.iter().all(|t| is_title_case(t)) {
            out.push((
                line,
                "Topic must be properly capitalised (Title Case)".into(),
            ));
        }
        if unique
            .iter()
            .any(|t| !TOPICS.iter().any(|k| k.to_lowercase() == *t))
        {
            out.push((line, "Topic must be for a valid sub-index".into()));
        }
    }
    let mut sorted = topics.clone();
    sorted.sort_unstable();
    if sorted != topics {
        out.push((line, "Topic must be sorted lexicographically".into()));
    }
}

/// Python's `str.istitle()`.
fn is_title_case(s: &str) -> bool {
    let (mut cased, mut prev_cased) = (false, false);
    for c in s.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return false;
            }
            (prev_cased, cased) = (true, true);
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            (prev_cased, cased) = (true, true);
        } else {
            prev_cased = false;
        }
    }
    cased
}

/// `Requires` / `Replaces` / `Superseded-By`: `, `-separated PEP numbers.
pub fn pep_references(line: usize, value: &str, out: &mut Findings) {
    let value = value.strip_suffix(',').unwrap_or(value).trim_end();
    if value.matches(", ").count() != value.matches(',').count() {
        out.push((
            line,
            "PEP references must be separated by comma-spaces (', ')".into(),
        ));
        return;
    }
    for reference in value.split(", ") {
        pep_num(line, reference, "PEP reference", out);
    }
}

/// `Created`: a `DD-mmm-YYYY` date.
pub fn created(line: usize, value: &str, today: Date, out: &mut Findings) {
    date(line, value, "Created", today, out);
}

/// `Python-Version`: `, `-separated `X.Y` or `X.Y.Z`.
pub fn python_version(line: usize, value: &str, out: &mut Findings) {
    for version in value.split(", ") {
        let parts: Vec<&str> = version.splitn(3, '.').collect();
        let (major, minor, micro) = match parts[..] {
            [a, b] => (a, b, ""),
            [a, b, c] if !c.contains('.') => (a, b, c),
            _ => {
                out.push((
                    line,
                    format!("Python-Version must have two or three segments: {version}"),
                ));
                continue;
            }
        };
        // Python's `major not in "123"` is a substring test.
        if !"123".contains(major) {
            out.push((
                line,
                format!("Python-Version major part must be 1, 2, or 3: {version}"),
            ));
        }
        if !is_digits(minor) && minor != "x" {
            out.push((
                line,
                format!("Python-Version minor part must be numeric: {version}"),
            ));
        } else if minor != "0" && minor.starts_with('0') {
            out.push((
                line,
                format!("Python-Version minor part must not have leading zeros: {version}"),
            ));
        }
        if micro.is_empty() {
            // check-peps stops at the first version without a micro part.
            return;
        }
        if minor == "x" {
            out.push((
                line,
                format!("Python-Version micro part must be empty if minor part is 'x': {version}"),
            ));
        } else if micro.starts_with('0') {
            out.push((
                line,
                format!("Python-Version micro part must not have leading zeros: {version}"),
            ));
        } else if !is_digits(micro) {
            out.push((
                line,
                format!("Python-Version micro part must be numeric: {version}"),
            ));
        }
    }
}

/// `Post-History`: empty, `Pending` (python/peps#4670, October 2025), or
/// `, `-separated dates or `` `date <url>`__ `` links, over one or more lines.
pub fn post_history(line: usize, value: &str, today: Date, out: &mut Findings) {
    if value.is_empty() || value == "Pending" {
        return;
    }
    let body = value.strip_suffix(',').unwrap_or(value);
    for (offset, text) in body.split('\n').enumerate() {
        let text = text.strip_suffix(',').unwrap_or(text).trim();
        for post in text.split(", ") {
            let lineno = line + offset;
            match dated_link(post) {
                Link::Bare => date(lineno, post, "Post-History", today, out),
                Link::Dated(d, url) => {
                    date(lineno, d, "Post-History", today, out);
                    thread(lineno, url, "Post-History", Thread::Plain, out);
                }
                Link::Malformed => out.push((
                    lineno,
                    "post line must be a date or both start with “`” and end with “>`__”, or 'Pending'"
                        .into(),
                )),
            }
        }
    }
}

/// `Resolution`: a thread or message URL, or `` `date <url>`__ ``.
pub fn resolution(line: usize, value: &str, today: Date, out: &mut Findings) {
    match dated_link(value) {
        Link::Bare => thread(line, value, "Resolution", Thread::Message, out),
        Link::Dated(d, url) => {
            date(line, d, "Resolution", today, out);
            thread(line, url, "Resolution", Thread::Message, out);
        }
        Link::Malformed => out.push((
            line,
            "Resolution line must be a link or both start with “`” and end with “>`__”".into(),
        )),
    }
}
