//! Renderers from the model to what the book shows. Everything that comes
//! from data passes through [`escape`]; renderers build HTML (not Markdown
//! tables) so that a `|` or a backtick in the data cannot break the layout.

use crate::derive::status::Effective;
use crate::model::pep::Status;
use crate::model::rollout::{CriterionStatus, MilestoneStatus, PhaseStatus, RiskStatus, Severity};
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
            '~' => out.push_str("&#126;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML table; `rows` are complete `<tr>` elements built with [`escape`].
pub fn table(head: &[&str], rows: impl IntoIterator<Item = String>) -> String {
    let mut html =
        String::from("<div class=\"table-wrapper\"><table class=\"tracker-table\">\n<thead><tr>");
    for h in head {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        html.push_str(&row);
        html.push('\n');
    }
    html.push_str("</tbody>\n</table></div>\n");
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

/// How a state looks: the badge's colour on a page, the colour in a
/// terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Done,
    Blocked,
    Risk,
    Open,
    Closed,
}

impl Tone {
    /// The CSS classes of a badge in this tone (theme/tracker.css).
    pub fn class(self) -> &'static str {
        match self {
            Tone::Done => "badge badge-done",
            Tone::Blocked => "badge badge-blocked",
            Tone::Risk => "badge badge-risk",
            Tone::Open => "badge badge-open",
            Tone::Closed => "badge badge-closed",
        }
    }
}

/// A value shown as a badge: one tone and one label per enum value.
pub trait Badge {
    fn tone(&self) -> Tone;
    fn label(&self) -> &'static str;
}

/// The badge of a value, as HTML.
pub fn badge(value: &impl Badge) -> String {
    format!(
        "<span class=\"{}\">{}</span>",
        value.tone().class(),
        escape(value.label())
    )
}

impl Badge for PhaseStatus {
    fn tone(&self) -> Tone {
        match self {
            PhaseStatus::Done => Tone::Done,
            PhaseStatus::InProgress | PhaseStatus::Planned => Tone::Open,
            PhaseStatus::Postponed => Tone::Closed,
        }
    }
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl Badge for MilestoneStatus {
    fn tone(&self) -> Tone {
        match self {
            MilestoneStatus::Done => Tone::Done,
            MilestoneStatus::Blocked => Tone::Blocked,
            MilestoneStatus::AtRisk => Tone::Risk,
            MilestoneStatus::InProgress | MilestoneStatus::Planned => Tone::Open,
            MilestoneStatus::Unknown | MilestoneStatus::Dropped => Tone::Closed,
        }
    }
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl Badge for CriterionStatus {
    fn tone(&self) -> Tone {
        match self {
            CriterionStatus::Met => Tone::Done,
            CriterionStatus::Unmet => Tone::Open,
            CriterionStatus::Unknown => Tone::Closed,
        }
    }
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl Badge for Severity {
    fn tone(&self) -> Tone {
        match self {
            Severity::High => Tone::Risk,
            Severity::Medium => Tone::Open,
            Severity::Low => Tone::Closed,
        }
    }
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl Badge for RiskStatus {
    fn tone(&self) -> Tone {
        match self {
            RiskStatus::Open => Tone::Open,
            RiskStatus::Mitigated | RiskStatus::Closed => Tone::Done,
        }
    }
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl<S: Badge> Badge for Effective<S> {
    fn tone(&self) -> Tone {
        match self {
            Effective::Is(s) => s.tone(),
            Effective::EvidenceError => Tone::Risk,
        }
    }
    fn label(&self) -> &'static str {
        match self {
            Effective::Is(s) => s.label(),
            Effective::EvidenceError => "evidence error",
        }
    }
}

/// A PEP status, as on the PEP index; a missing or invalid one (which the
/// linter reports) shows as open.
impl Badge for Option<Status> {
    fn tone(&self) -> Tone {
        match self {
            Some(Status::Draft | Status::Provisional) | None => Tone::Open,
            Some(Status::Accepted | Status::Active | Status::Final) => Tone::Done,
            Some(Status::Deferred) => Tone::Blocked,
            Some(Status::Rejected | Status::Withdrawn | Status::Superseded | Status::AprilFool) => {
                Tone::Closed
            }
        }
    }
    fn label(&self) -> &'static str {
        self.map_or("", Status::as_str)
    }
}

/// The CSS class of a PEP status badge.
pub fn status_class(status: Option<Status>) -> &'static str {
    status.tone().class()
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

    proptest::proptest! {
        /// Escaped data in a page is text: the Markdown parser (mdBook's)
        /// reads back exactly the original, and no markup (emphasis, code,
        /// links, HTML, mdBook directives) comes out of it.
        #[test]
        fn escaped_text_parses_back_to_the_original(
            text in "[ -~çé€😀]{0,40}",
        ) {
            use pulldown_cmark::{Event, Parser, Tag, TagEnd};
            // Markdown trims a paragraph's outer spaces; data keeps its own.
            // The data sits after other text, as in a table cell or a
            // sentence (block syntax such as `# ` needs the line start).
            let text = text.trim();
            let mut back = String::new();
            for event in Parser::new_ext(&format!("x {}", escape(text)), crate::base::markdown::options()) {
                match event {
                    Event::Text(t) => back.push_str(&t),
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    other => proptest::prop_assert!(false, "markup from data: {other:?}"),
                }
            }
            let want = format!("x {text}");
            proptest::prop_assert_eq!(back.as_str(), want.trim_end());
        }
    }
}
