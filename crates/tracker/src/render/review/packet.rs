//! The review packet: one Markdown document a Steering Council member can
//! print or paste into an issue of the Council's repository. The book's
//! packet page and `tracker status --format markdown` both render it here.

use super::{day, open_decisions, overdue_and_at_risk};
use crate::derive::changes::{self, Changes};
use crate::derive::status::{ReviewView, Status};
use crate::model::rollout::{RiskStatus, Scope, Severity};
use std::fmt::Write as _;

/// Where the packet goes: the book (heading ids, links relative to the
/// page) or a terminal/issue (no ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Book,
    Issue,
}

/// Escapes text for Markdown: no emphasis, links, HTML or table cells can
/// come out of data.
pub fn md(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '{' | '}' => true,
            // Inside a word (RUST_API) an underscore cannot start emphasis.
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            // Only a heading at the start of a line.
            '#' => i == 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn url(href: &str) -> String {
    format!("<{}>", href.replace(['<', '>', ' '], ""))
}

fn heading(out: &mut String, level: usize, text: &str, id: &str, target: Target) {
    let hashes = "#".repeat(level);
    match target {
        Target::Book => {
            let _ = writeln!(out, "{hashes} {text} {{#{id}}}\n");
        }
        Target::Issue => {
            let _ = writeln!(out, "{hashes} {text}\n");
        }
    }
}

/// The packet. `changes` is what changed since the last review (or why it
/// cannot be listed).
pub fn render(
    s: &Status,
    changes: Result<(Option<ReviewView>, Changes), String>,
    target: Target,
) -> String {
    let mut out = String::new();
    if target == Target::Issue {
        let _ = writeln!(out, "# Rust for CPython rollout: review packet\n");
    }
    let review = match s.last_review() {
        Some(r) => format!(
            "last Steering Council review: {} ({})",
            day(r.date),
            md(&r.by)
        ),
        None => "no Steering Council review of this data yet".to_owned(),
    };
    let oldest = s.oldest_check.map_or_else(|| "unknown".to_owned(), day);
    let _ = writeln!(
        out,
        "Data as of **{}**; the oldest upstream fact was checked on {oldest}; {review}.\n",
        day(s.as_of)
    );

    heading(&mut out, 2, "Decisions needed", "decisions-needed", target);
    let open = open_decisions(s);
    if open.is_empty() {
        out.push_str("No decision is waiting.\n\n");
    }
    for (i, d) in open.iter().enumerate() {
        heading(
            &mut out,
            3,
            &format!("{}. {}", i + 1, md(&d.question)),
            &format!("decision-{}", d.id),
            target,
        );
        let due = d.due.map_or_else(|| "not set".to_owned(), day);
        let overdue = if d.overdue { " (overdue)" } else { "" };
        let blocks: Vec<String> = d.blocks.iter().map(|b| format!("`{b}`")).collect();
        let _ = writeln!(
            out,
            "- **Who decides:** {}\n- **By:** {due}{overdue}\n- **Blocks:** {}",
            md(&d.owner),
            if blocks.is_empty() {
                "nothing recorded".to_owned()
            } else {
                blocks.join(", ")
            }
        );
        out.push_str("- **Options:**\n");
        for o in &d.options {
            let _ = writeln!(out, "  - {}", md(o));
        }
        if let Some(src) = &d.source {
            let checked = d
                .checked
                .map(|c| format!(" (checked {})", day(c)))
                .unwrap_or_default();
            let _ = writeln!(out, "- **Source:** {}{checked}", url(src));
        }
        if let Some(note) = &d.note {
            let _ = writeln!(out, "- **Note:** {}", md(note));
        }
        out.push('\n');
    }

    heading(&mut out, 2, "Overdue and at risk", "overdue", target);
    let items = overdue_and_at_risk(s);
    if items.is_empty() {
        out.push_str("Nothing is overdue, blocked or at risk, and all evidence checks out.\n\n");
    } else {
        out.push_str("| Milestone | State | Owner | Source |\n| --- | --- | --- | --- |\n");
        for m in items {
            let state = if m.overdue {
                format!("**overdue**, due {}", m.due.map(day).unwrap_or_default())
            } else {
                match m.effective {
                    crate::derive::status::Effective::EvidenceError => "evidence error".to_owned(),
                    crate::derive::status::Effective::Is(st) => st.to_string(),
                }
            };
            let owner = match m.scope {
                Scope::Project => "this project".to_owned(),
                Scope::Upstream => md(m.owner.as_deref().unwrap_or("")),
            };
            let _ = writeln!(
                out,
                "| {} (`{}`) | {state} | {owner} | {} |",
                md(&m.title),
                m.id,
                m.source.as_deref().map(url).unwrap_or_default()
            );
        }
        out.push('\n');
    }

    heading(
        &mut out,
        2,
        "Changes since the last review",
        "changes",
        target,
    );
    match changes {
        Err(e) => {
            let _ = writeln!(out, "The changes cannot be listed here: {}\n", md(&e));
        }
        Ok((review, c)) => {
            let _ = writeln!(
                out,
                "{}\n",
                md(&changes::compared_with(review.as_ref(), &c))
            );
            if c.changes.is_empty() {
                out.push_str("Nothing has changed since then.\n\n");
            } else {
                out.push_str("| Kind | Item | Change |\n| --- | --- | --- |\n");
                for ch in &c.changes {
                    let _ = writeln!(out, "| {} | `{}` | {} |", ch.kind, ch.id, md(&ch.what));
                }
                out.push('\n');
            }
        }
    }

    heading(&mut out, 2, "Open risks by severity", "risks", target);
    for severity in Severity::ALL {
        let risks: Vec<_> = s
            .risks
            .iter()
            .filter(|r| r.severity == *severity && r.status == RiskStatus::Open)
            .collect();
        if risks.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", capitalised(severity.as_str()));
        for r in risks {
            let owner = r
                .owner
                .as_deref()
                .map(|o| format!(" Owner: {}.", md(o)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {}.{owner} Mitigation: {} Source: {}",
                md(&r.title),
                md(&r.mitigation),
                url(&r.source)
            );
        }
        out.push('\n');
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_from_data_cannot_format() {
        assert_eq!(md("a|b *c* [d](e) <f>"), "a\\|b \\*c\\* \\[d\\](e) \\<f\\>");
        assert_eq!(md("# RUST_API.md _x_ #4"), "\\# RUST_API.md \\_x\\_ #4");
    }
}
