//! What a Steering Council member reads first: the decisions waiting, what
//! is overdue or at risk, what changed since the last review, how fresh the
//! upstream facts are, and what this project's own work shows. HTML for the
//! dashboard; the review packet (Markdown, also `tracker status --format
//! markdown`) is in [`packet`].

pub mod charts;
pub mod packet;

use crate::base::date::Date;
use crate::derive::changes::{self, Changes};
use crate::derive::status::{DecisionView, MilestoneView, ReviewView, Status};
use crate::model::rollout::review_rules::STALE_AFTER_DAYS;
use crate::model::rollout::{DecisionStatus, Scope};
use crate::render::html::{badge, escape, table};
use std::fmt::Write as _;

fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
}

/// Open decisions, the soonest due first.
pub fn open_decisions(s: &Status) -> Vec<&DecisionView> {
    let mut open: Vec<&DecisionView> = s
        .decisions
        .iter()
        .filter(|d| d.status == DecisionStatus::Open)
        .collect();
    open.sort_by_key(|d| (d.due, d.id.clone()));
    open
}

/// Decisions taken, oldest first; undated last.
pub fn decided(s: &Status) -> Vec<&DecisionView> {
    let mut done: Vec<&DecisionView> = s
        .decisions
        .iter()
        .filter(|d| d.status == DecisionStatus::Decided)
        .collect();
    done.sort_by_key(|d| (d.date.is_none(), d.date));
    done
}

/// CPython's milestones past their due date, then those blocked, at risk
/// or whose evidence fails. This project's own milestones are shown, with
/// their state, under "Evidence this project provides".
pub fn overdue_and_at_risk(s: &Status) -> Vec<&MilestoneView> {
    s.attention()
        .into_iter()
        .filter(|m| m.scope == Scope::Upstream)
        .collect()
}

/// A date as the pages write it: `31 Jul 2026`.
pub fn day(d: Date) -> String {
    d.long()
}

/// The line under the dashboard's title: as-of, the oldest upstream check,
/// the last review. The `tracker-wide` class gives the page its width.
pub fn freshness(s: &Status, to_root: &str) -> String {
    let oldest = match s.oldest_check {
        Some(d) => {
            let age = s.as_of.days() - d.days();
            let warn = if age > STALE_AFTER_DAYS {
                format!(" <span class=\"overdue\">({age} days before as-of)</span>")
            } else {
                String::new()
            };
            format!(
                "the oldest upstream fact was checked on <strong>{}</strong>{warn}",
                day(d)
            )
        }
        None => "no upstream fact records when it was checked".to_owned(),
    };
    let review = match s.last_review() {
        Some(r) => format!(
            "last Steering Council review: <strong>{}</strong> ({}){}",
            day(r.date),
            escape(&r.by),
            r.record
                .as_deref()
                .map(|h| format!(", {}", link(h, "record")))
                .unwrap_or_default()
        ),
        None => format!(
            "<strong>no Steering Council review of this data yet</strong> (how one is \
             recorded: <a href=\"{to_root}governance.html#reviews\">Governance</a>)"
        ),
    };
    format!(
        "<p class=\"tracker-freshness tracker-wide tracker-dashboard\">Data as of <strong>{}</strong>; {oldest}; \
         {review}. <a href=\"{to_root}status/packet.html\">Review packet</a> to print.</p>\n",
        day(s.as_of)
    )
}

/// The first table of the dashboard: one line per open decision.
pub fn decisions_needed(s: &Status, to_root: &str) -> String {
    let open = open_decisions(s);
    if open.is_empty() {
        return "<p>No decision is waiting.</p>\n".to_owned();
    }
    let rows = open.into_iter().map(|d| {
        let due = match d.due {
            Some(due) if d.overdue => {
                format!("<span class=\"overdue\">{} (overdue)</span>", day(due))
            }
            Some(due) => day(due),
            None => "not set".to_owned(),
        };
        format!(
            "<tr id=\"d-{id}\"><td><a href=\"{to_root}status/packet.html#decision-{id}\">{q}</a></td>\
             <td class=\"nowrap\">{owner}</td><td class=\"nowrap\">{due}</td></tr>",
            id = escape(&d.id),
            q = escape(&d.question),
            owner = escape(&d.owner),
        )
    });
    // What each decision blocks, its options and sources are in the packet.
    table(&["Question", "Who decides", "By"], rows).replacen(
        "class=\"tracker-table\"",
        "class=\"tracker-table decisions-needed\"",
        1,
    )
}

/// Overdue milestones first, then blocked, at risk and evidence errors.
pub fn overdue(s: &Status) -> String {
    let items = overdue_and_at_risk(s);
    if items.is_empty() {
        return "<p>Nothing is overdue, blocked or at risk, and all evidence checks out.</p>\n"
            .to_owned();
    }
    let rows = items.into_iter().map(|m| {
        let state = if m.overdue {
            let due = m.due.map(day).unwrap_or_default();
            format!("<span class=\"badge badge-risk\">overdue</span> due {due}")
        } else {
            badge(&m.effective)
        };
        format!(
            "<tr><td><a href=\"#m-{id}\">{title}</a></td><td class=\"nowrap\">{state}</td><td>{owner}</td></tr>",
            id = escape(&m.id),
            title = escape(&m.title),
            owner = escape(m.owner.as_deref().unwrap_or("")),
        )
    });
    table(&["Milestone", "State", "Owner"], rows).replacen(
        "class=\"tracker-table\"",
        "class=\"tracker-table overdue-table\"",
        1,
    )
}

/// The dashboard's summary of what changed: counts by kind and the review
/// compared with; the full list is on the changes page.
pub fn changes_summary(review: Option<&ReviewView>, c: &Changes, to_root: &str) -> String {
    let mut html = format!("<p>{}", escape(&changes::compared_with(review, c)));
    if c.changes.is_empty() {
        html.push_str(" Nothing has changed since then.</p>\n");
        return html;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for ch in &c.changes {
        match counts.iter_mut().find(|(k, _)| *k == ch.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((ch.kind, 1)),
        }
    }
    let list: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        html,
        " Changes by kind: {}. <a href=\"{to_root}status/changes.html\">Every change</a>.</p>",
        list.join(", ")
    );
    html
}

/// This project's milestones with what they show and what they inform.
pub fn project_evidence(s: &Status, to_root: &str) -> String {
    let rows = s
        .milestones
        .iter()
        .filter(|m| m.scope == Scope::Project)
        .map(|m| {
            let informs: Vec<String> = m
                .informs
                .iter()
                .map(|i| {
                    let title = s
                        .milestones
                        .iter()
                        .find(|u| &u.id == i)
                        .map_or(i.as_str(), |u| u.title.as_str());
                    format!("<a href=\"#m-{}\">{}</a>", escape(i), escape(title))
                })
                .collect();
            format!(
                "<tr id=\"m-{id}\"><td>{title}</td><td>{badge}</td><td>{ev}</td><td>{informs}</td></tr>",
                id = escape(&m.id),
                title = escape(&m.title),
                badge = badge(&m.effective),
                ev = crate::render::dashboard::evidence_cell(&m.evidence, m.source.as_deref(), to_root),
                informs = informs.join("<br>"),
            )
        });
    table(
        &["What this project did", "Status", "Evidence", "Informs"],
        rows,
    )
}

/// The log of decisions taken.
pub fn decision_log(s: &Status) -> String {
    let rows = decided(s).into_iter().map(|d| {
        let mut what = escape(d.answer.as_deref().unwrap_or(&d.question));
        if let Some(note) = &d.note {
            let _ = write!(what, "<br><small>{}</small>", escape(note));
        }
        format!(
            "<tr id=\"d-{id}\"><td class=\"nowrap\">{date}</td><td>{what}</td><td>{who}</td><td>{record}</td></tr>",
            id = escape(&d.id),
            date = d.date.map_or_else(|| "date unknown".to_owned(), day),
            who = escape(&d.owner),
            record = d.record.as_deref().map(|r| link(r, "record")).unwrap_or_default(),
        )
    });
    table(&["Date", "Decision", "Who", "Record"], rows)
}

/// The "changes since the last review" table.
pub fn change_table(review: Option<&ReviewView>, c: &Changes) -> String {
    let mut html = format!("<p>{}</p>\n", escape(&changes::compared_with(review, c)));
    if let Some(record) = review.and_then(|r| r.record.as_ref()) {
        html.push_str(&format!(
            "<p><a href=\"{}\">The review's record</a>.</p>\n",
            escape(record)
        ));
    }
    if c.changes.is_empty() {
        html.push_str("<p>Nothing has changed since then.</p>\n");
        return html;
    }
    html.push_str("<div class=\"table-wrapper\"><table class=\"tracker-table\">\n<thead><tr><th>Kind</th><th>Item</th><th>Change</th></tr></thead>\n<tbody>\n");
    for ch in &c.changes {
        html.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
            ch.kind,
            escape(&ch.id),
            escape(&ch.what)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}
