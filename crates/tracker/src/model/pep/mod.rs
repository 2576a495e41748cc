//! PEP drafts: a Markdown file whose first lines are a PEP preamble exactly as
//! python/peps writes it (RFC 2822 headers), then a blank line, then the body.

mod findings;
pub mod forms;
pub mod headers;
pub mod lint;
pub(crate) mod preamble;

use crate::base::diag::{Diagnostics, Pos};
use std::path::{Path, PathBuf};

/// One `Name: value` header; continuation lines are joined with `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
    /// 1-based line of the header name.
    pub line: usize,
}

/// A parsed draft.
#[derive(Debug, Clone)]
pub struct Draft {
    pub path: PathBuf,
    pub headers: Vec<Header>,
    /// The Markdown after the blank line that ends the preamble.
    pub body: String,
    /// 1-based line on which the body starts.
    pub body_line: usize,
}

vocabulary!(
    /// PEP statuses (PEP 1), with the exact spellings the preamble uses.
    Status {
        Draft = "Draft",
        Active = "Active",
        Accepted = "Accepted",
        Provisional = "Provisional",
        Deferred = "Deferred",
        Rejected = "Rejected",
        Withdrawn = "Withdrawn",
        Final = "Final",
        Superseded = "Superseded",
        AprilFool = "April Fool!",
    }
);
vocabulary!(
    /// PEP types (PEP 1).
    Kind { StandardsTrack = "Standards Track", Informational = "Informational", Process = "Process" }
);

impl Draft {
    /// Splits `text` into preamble and body with [`preamble::Preamble`].
    /// Structural problems (no preamble, a line that is neither a header
    /// nor an indented continuation, no blank line before the body) are
    /// reported and yield `None`; the rules about header values live in
    /// the linter.
    pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Draft> {
        let parsed = preamble::Preamble::parse(text);
        let mut ok = true;
        for ((i, kind), line) in parsed.kinds.iter().enumerate().zip(text.lines()) {
            let lineno = i + 1;
            let indented = line.starts_with([' ', '\t']);
            let message = match kind {
                preamble::LineKind::Header => continue,
                preamble::LineKind::Continuation if indented => continue,
                preamble::LineKind::Stray if indented => {
                    "continuation line before any header".to_owned()
                }
                _ if lineno == 1 => "a PEP draft starts with its preamble (`PEP: NNNN`)".to_owned(),
                _ => format!("preamble line is not `Header: value`: {line:?}"),
            };
            diags.error(path, Pos::new(lineno, 1), message);
            ok = false;
        }
        let Some((body_start, body_line)) = parsed.body else {
            diags.error(
                path,
                Pos::new(text.lines().count().max(1), 1),
                "the preamble must be followed by a blank line and the body",
            );
            return None;
        };
        ok.then(|| Draft {
            path: path.to_path_buf(),
            headers: parsed
                .headers
                .iter()
                .map(|h| Header {
                    name: h.name.clone(),
                    value: h.normalised(),
                    line: h.line,
                })
                .collect(),
            body: text[body_start..].to_owned(),
            body_line,
        })
    }

    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.header(name).map(|h| h.value.as_str())
    }

    pub fn number(&self) -> Option<u32> {
        self.value("PEP")?.parse().ok()
    }

    pub fn title(&self) -> &str {
        self.value("Title").unwrap_or("(untitled)")
    }

    pub fn status(&self) -> Option<Status> {
        Status::parse(self.value("Status")?)
    }

    pub fn kind(&self) -> Option<Kind> {
        Kind::parse(self.value("Type")?)
    }

    /// Author names without their e-mail addresses.
    pub fn author_names(&self) -> Vec<String> {
        self.value("Author")
            .unwrap_or("")
            .split(',')
            .map(|a| a.split('<').next().unwrap_or("").trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect()
    }

    /// The chapter path of this draft inside the book.
    pub fn book_path(&self) -> String {
        format!("peps/pep-{:04}.md", self.number().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "PEP: 9901\nTitle: Optional Rust modules\nAuthor: A. Person <a@example.org>,\n        B. Person\nStatus: Draft\nType: Standards Track\nCreated: 23-Nov-2026\n\n## Abstract\n\nText.\n";

    #[test]
    fn parses_headers_continuations_and_body() {
        let mut d = Diagnostics::new();
        let draft = Draft::parse(Path::new("pep-9901.md"), GOOD, &mut d).expect("parses");
        assert!(d.is_empty());
        assert_eq!(draft.number(), Some(9901));
        assert_eq!(draft.status(), Some(Status::Draft));
        assert_eq!(draft.kind(), Some(Kind::StandardsTrack));
        assert_eq!(draft.author_names(), ["A. Person", "B. Person"]);
        assert_eq!(draft.body_line, 9);
        assert!(draft.body.starts_with("## Abstract"));
        assert_eq!(draft.header("Status").map(|h| h.line), Some(5));
    }

    #[test]
    fn reports_structural_problems_with_positions() {
        let mut d = Diagnostics::new();
        assert!(Draft::parse(Path::new("p.md"), "# Title\n\nbody\n", &mut d).is_none());
        let all = d.sorted();
        assert_eq!(all[0].line, 1);
        assert!(all[0].message.contains("starts with its preamble"));

        let mut d = Diagnostics::new();
        assert!(Draft::parse(Path::new("p.md"), "PEP: 1\nTitle: x\n", &mut d).is_none());
        assert!(d.sorted()[0].message.contains("blank line"));
    }

    #[test]
    fn enums_round_trip_their_spellings() {
        for &s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for &k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Status::parse("draft"), None);
    }
}
