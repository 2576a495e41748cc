//! Renderers from the model to what the book shows. Everything that comes
//! from data passes through [`escape`]; renderers build HTML (not Markdown
//! tables) so that a `|` or a backtick in the data cannot break the layout.

use crate::pep::Status;
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // mdBook's own directives and Markdown emphasis must not fire
            // inside data either.
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '`' => out.push_str("&#96;"),
            '*' => out.push_str("&#42;"),
            '_' => out.push_str("&#95;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '\\' => out.push_str("&#92;"),
            '|' => out.push_str("&#124;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML table; `rows` are complete `<tr>` elements built with [`escape`].
pub fn table(head: &[&str], rows: impl IntoIterator<Item = String>) -> String {
    let mut html = String::from("<table class=\"tracker-table\">\n<thead><tr>");
    for h in head {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        html.push_str(&row);
        html.push('\n');
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// A two-column table whose first column is code (names, directives).
pub fn code_table(head: [&str; 2], rows: &[[String; 2]]) -> String {
    table(
        &head,
        rows.iter().map(|[code, text]| {
            format!(
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(code),
                escape(text)
            )
        }),
    )
}

/// The CSS class of a status badge.
pub fn status_class(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Draft) | Some(Status::Provisional) | None => "badge badge-open",
        Some(Status::Accepted) | Some(Status::Active) | Some(Status::Final) => "badge badge-done",
        Some(Status::Deferred) => "badge badge-blocked",
        Some(Status::Rejected | Status::Withdrawn | Status::Superseded | Status::AprilFool) => {
            "badge badge-closed"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_from_data() {
        let hostile = "<script>alert('x')</script> | `code` {{#include /etc/passwd}} **b**";
        let out = escape(hostile);
        for bad in ["<script", "|", "`", "{{", "**", "'"] {
            assert!(!out.contains(bad), "{bad} survived in {out}");
        }
        assert_eq!(escape("a & b"), "a &amp; b");
    }
}
