//! The value forms several preamble headers share (check-peps' helpers):
//! `Name <email>` entries, discussion-thread URLs, `DD-mmm-YYYY` dates and
//! `` `date <url>`__ `` links, with check-peps' exact messages.

use super::findings::Findings;
use crate::base::date::Date;
use regex::Regex;
use std::sync::LazyLock;

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("constant pattern {pattern}: {e}"))
}

static MAILMAN_2: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i-u)^[\w\-]+/\d{4}-[a-z]+/\d+\.html$"));
static MAILMAN_3_THREAD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i-u)^[\w\-]+@python\.org/thread/[a-z0-9]+/?$"));
static MAILMAN_3_MESSAGE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i-u)^[\w\-]+@python\.org/message/[a-z0-9]+/?(#[a-z0-9]+)?$"));
static EMAIL_LOCAL_PART: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i-u)^[\w!#$%&'*+\-/=?^{|}~.]+$"));
pub static MAILING_LIST: LazyLock<Regex> = LazyLock::new(|| regex(r"^[\w\-]+$"));

/// Python's `repr()` of a string, as check-peps' messages show values.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `str.isascii() and str.isdigit()`: one or more ASCII digits.
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Python's `str.isalnum()` (non-empty, every character a letter or digit).
fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphanumeric)
}

pub enum Link<'a> {
    Bare,
    Dated(&'a str, &'a str),
    Malformed,
}

/// Splits `` `date <url>`__ ``. Where check-peps would crash on a link
/// without ` <`, this reports it as malformed.
pub fn dated_link(s: &str) -> Link<'_> {
    let inner = s.strip_prefix('`').and_then(|t| t.strip_suffix(">`__"));
    match (s.starts_with('`'), s.ends_with(">`__"), inner) {
        (false, false, _) => Link::Bare,
        (true, true, Some(inner)) => match inner.split_once(" <") {
            Some((d, url)) if !url.contains(" <") => Link::Dated(d, url),
            _ => Link::Malformed,
        },
        _ => Link::Malformed,
    }
}

/// One `Name <email>` (or bare `Name`) entry.
pub fn email(line: usize, entry: &str, prefix: &str, out: &mut Findings) {
    let entry = entry.trim();
    let r = py_repr(entry);
    for c in ['<', '>', '@'] {
        if entry.matches(c).count() > 1 {
            out.push((
                line,
                format!("{prefix} entries must not contain multiple '{c}': {r}"),
            ));
        }
    }
    let name = entry.split('<').next().unwrap_or("").trim_end();
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphabetic() || " ',-.".contains(c));
    if !name_ok {
        out.push((
            line,
            format!("{prefix} entries must begin with a valid 'Name': {r}"),
        ));
        return;
    }
    let email_text = &entry[name.len()..];
    if email_text.is_empty() {
        return;
    }
    if !email_text.starts_with(" <") || !email_text.ends_with('>') {
        out.push((
            line,
            format!("{prefix} entries must be formatted as 'Name <email@example.com>': {r}"),
        ));
    }
    let address = email_text.strip_prefix(" <").unwrap_or(email_text);
    let address = address.strip_suffix('>').unwrap_or(address);
    let split = address
        .rsplit_once('@')
        .or_else(|| address.rsplit_once(" at "));
    let valid = split
        .is_some_and(|(local, domain)| EMAIL_LOCAL_PART.is_match(local) && valid_domain(domain));
    if !valid {
        out.push((
            line,
            format!("{prefix} entries must contain a valid email address: {r}"),
        ));
    }
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let (root, labels) = labels.split_last().unwrap_or((&"", &[]));
    labels.iter().all(|l| is_alnum(&l.replace('-', ""))) && is_alnum(root) && root.is_ascii()
}

/// Which thread URLs a header accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Thread {
    /// A thread, never a single post (`Discussions-To`); other forms of the
    /// header are checked by the caller.
    DiscussionsTo,
    /// A thread or a post (`Post-History`).
    Plain,
    /// A thread, a post, or a mailing-list message (`Resolution`).
    Message,
}

/// A discussion URL: discuss.python.org, Mailman 2 or Mailman 3.
pub fn thread(line: usize, url: &str, prefix: &str, kind: Thread, out: &mut Findings) {
    if !url.starts_with("https://") {
        if kind != Thread::DiscussionsTo {
            out.push((line, format!("{prefix} must be a valid thread URL")));
        }
        return;
    }
    let name = |s: &str| {
        let s = s.replace(['-', '_'], "0");
        !is_digits(&s) && is_alnum(&s)
    };
    if let Some(rest) = url.strip_prefix("https://discuss.python.org/t/") {
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let ok = if kind == Thread::DiscussionsTo {
            let (topic, id) = rest.rsplit_once('/').unwrap_or(("", rest));
            (topic.is_empty() && is_digits(id)) || (name(topic) && is_digits(id))
        } else {
            match rest.split('/').collect::<Vec<_>>()[..] {
                [topic, id, post] => name(topic) && is_digits(id) && is_digits(post),
                [left, right] => (name(left) || is_digits(left)) && is_digits(right),
                [id] => is_digits(id),
                _ => false,
            }
        };
        if ok {
            return;
        }
    }
    if let Some(rest) = url.strip_prefix("https://mail.python.org/pipermail/")
        && MAILMAN_2.is_match(rest)
    {
        return;
    }
    if let Some(rest) = url.strip_prefix("https://mail.python.org/archives/list/")
        && ((kind == Thread::Message && MAILMAN_3_MESSAGE.is_match(rest))
            || MAILMAN_3_THREAD.is_match(rest))
    {
        return;
    }
    out.push((line, format!("{prefix} must be a valid thread URL")));
}

/// A `DD-mmm-YYYY` date: zero-padded, not before 1990, not more than 14
/// days after `today`.
pub fn date(line: usize, value: &str, prefix: &str, today: Date, out: &mut Findings) {
    let r = py_repr(value);
    let Some(parsed) =
        Date::parse_strptime(value).filter(|_| value.as_bytes().get(1) != Some(&b'-'))
    else {
        out.push((line, format!("{prefix} must be a 'DD-mmm-YYYY' date: {r}")));
        return;
    };
    if parsed.year() < 1990 {
        out.push((
            line,
            format!("{prefix} must not be before Python was invented: {r}"),
        ));
    }
    if parsed > today.add_days(14) {
        out.push((line, format!("{prefix} must not be in the future: {r}")));
    }
}
