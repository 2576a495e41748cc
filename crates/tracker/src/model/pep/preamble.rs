//! The PEP preamble, parsed once: the RFC 2822 header block at the top of a
//! PEP, up to the first blank line. The linter reads the raw view (values as
//! python/peps' check-peps.py sees them), the draft model reads the
//! normalised view ([`RawHeader::normalised`]), and the RST exporter reads
//! where the body starts.

/// One preamble header as check-peps sees it: name, line, and value (the
/// text after `Name:` up to the next header, leading whitespace stripped,
/// continuation lines kept as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeader {
    pub name: String,
    pub line: usize,
    pub value: String,
}

impl RawHeader {
    /// The value with each line trimmed: what the model and the pages show.
    pub fn normalised(&self) -> String {
        self.value
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What a line of the header block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// `Name: value`.
    Header,
    /// More of the previous header's value.
    Continuation,
    /// A line that is not a header, before any header.
    Stray,
}

/// The parsed preamble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preamble {
    pub headers: Vec<RawHeader>,
    /// The kind of each line of the block (index 0 is line 1).
    pub kinds: Vec<LineKind>,
    /// Where the body starts: its byte offset and 1-based line, after the
    /// blank line that ends the preamble; `None` without a blank line.
    pub body: Option<(usize, usize)>,
}

impl Preamble {
    pub fn parse(text: &str) -> Preamble {
        let mut headers: Vec<RawHeader> = Vec::new();
        let mut kinds = Vec::new();
        let mut body = None;
        let mut offset = 0;
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                body = Some((offset, i + 2));
                break;
            }
            match header_name(line) {
                Some(name) => {
                    kinds.push(LineKind::Header);
                    headers.push(RawHeader {
                        name: name.to_owned(),
                        line: i + 1,
                        value: line[name.len() + 1..].trim_start().to_owned(),
                    });
                }
                None => match headers.last_mut() {
                    Some(last) => {
                        kinds.push(LineKind::Continuation);
                        last.value.push('\n');
                        last.value.push_str(line);
                    }
                    None => kinds.push(LineKind::Stray),
                },
            }
        }
        for h in &mut headers {
            h.value = h.value.trim_start().to_owned();
        }
        Preamble {
            headers,
            kinds,
            body,
        }
    }

    /// The number of lines the header block takes.
    pub fn block_lines(&self) -> usize {
        self.kinds.len()
    }

    /// The byte offset of the body (the end of the text without one).
    pub fn body_start(&self, text: &str) -> usize {
        self.body.map_or(text.len(), |(offset, _)| offset)
    }
}

/// The header name of `line` (letters and `-` before a `:`), as check-peps
/// recognises one.
pub fn header_name(line: &str) -> Option<&str> {
    let len = line
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
        .unwrap_or(line.len());
    (len > 0 && line[len..].starts_with(':')).then(|| &line[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_normalised_views() {
        let text = "PEP: 1\nAuthor: A <a@b.c>,\n        B\nTitle:x\n\nBody\n";
        let p = Preamble::parse(text);
        let names: Vec<&str> = p.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["PEP", "Author", "Title"]);
        assert_eq!(p.headers[1].value, "A <a@b.c>,\n        B");
        assert_eq!(p.headers[1].normalised(), "A <a@b.c>,\nB");
        assert_eq!(p.headers[2].value, "x");
        assert_eq!(p.body, Some((text.find("Body").unwrap_or(0), 6)));
        assert_eq!(p.block_lines(), 4);
        assert_eq!(
            p.kinds,
            [
                LineKind::Header,
                LineKind::Header,
                LineKind::Continuation,
                LineKind::Header
            ]
        );
    }

    #[test]
    fn stray_lines_and_a_missing_body() {
        let p = Preamble::parse("# Title\nPEP: 1\n");
        assert_eq!(p.kinds, [LineKind::Stray, LineKind::Header]);
        assert_eq!(p.body, None);
        assert_eq!(p.body_start("# Title\nPEP: 1\n"), 15);
    }
}
