//! HTML (and mermaid) renderings of the derived [`Status`] for the book's
//! directives. Every string from data goes through [`escape`].

use crate::derive::status::{Effective, EvidenceView, MilestoneView, Progress, Status};
use crate::model::rollout::{MilestoneStatus, PhaseStatus, RiskStatus, Scope, Severity};
use crate::render::html::{badge, escape, table};
use std::fmt::Write as _;

/// A progress bar whose value the browser tests read back.
pub fn progress(p: &Progress, what: &str) -> String {
    format!(
        "<progress class=\"tracker-progress\" max=\"{total}\" value=\"{done}\" \
         data-done=\"{done}\" data-total=\"{total}\" aria-label=\"{label}: {done} of {total}\">\
         </progress> {done}&nbsp;/&nbsp;{total}",
        total = p.total.max(1),
        done = p.done,
        label = escape(what),
    )
}

fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
}

/// The per-phase table: milestones done and gate criteria met.
pub fn phase_progress(s: &Status, to_root: &str) -> String {
    let rows = s.phases.iter().map(|p| {
        format!(
            "<tr><td><a href=\"{to_root}plan/phases.html#{id}\"><code>{id}</code></a> {title}</td>\
             <td>{python}</td><td>{status}</td><td>{m}</td><td>{entry}</td><td>{exit}</td></tr>",
            id = escape(&p.id),
            title = escape(&p.title),
            python = escape(&p.python),
            status = badge(&p.status),
            m = progress(&p.milestones, &format!("{} milestones done", p.id)),
            entry = progress(&p.entry, &format!("{} entry criteria met", p.id)),
            exit = progress(&p.exit, &format!("{} exit criteria met", p.id)),
        )
    });
    table(
        &[
            "Phase",
            "Python",
            "Status",
            "Milestones done",
            "Entry criteria met",
            "Exit criteria met",
        ],
        rows,
    )
}

/// The status at a glance, for the introduction.
pub fn summary(s: &Status, to_root: &str) -> String {
    let current = s
        .phases
        .iter()
        .find(|p| p.status == PhaseStatus::InProgress)
        .map_or_else(|| "none".to_owned(), |p| format!("{} ({})", p.id, p.title));
    let open_high = s
        .risks
        .iter()
        .filter(|r| r.severity == Severity::High && r.status == RiskStatus::Open)
        .count();
    let drafts: Vec<String> = s
        .peps
        .iter()
        .map(|p| format!("PEP {} {}", p.number, badge(&p.status)))
        .collect();
    let mut html = format!(
        "<div class=\"tracker-summary\">\n<p>Data as of <strong>{as_of}</strong>. \
         Current phase: <strong>{current}</strong>. Milestones needing attention: \
         <strong>{attention}</strong>. Open high-severity risks: <strong>{open_high}</strong>. \
         Drafts: {drafts}. Details on the <a href=\"{to_root}status/index.html\">rollout \
         dashboard</a>.</p>\n",
        as_of = s.as_of,
        current = escape(&current),
        attention = s.attention().len(),
        drafts = if drafts.is_empty() {
            "none".to_owned()
        } else {
            drafts.join(", ")
        },
    );
    html.push_str(&phase_progress(s, to_root));
    html.push_str("</div>\n");
    html
}

pub fn evidence_cell(evidence: &[EvidenceView], source: Option<&str>, to_root: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in evidence {
        // Several checks of one run (passed, failed, errors) read as one
        // sentence: show it once.
        let shown = e.sentence.as_deref().unwrap_or(&e.label);
        let text = match &e.href {
            Some(h) if h.starts_with("https://") => link(h, shown),
            Some(h) => link(&format!("{to_root}{h}"), shown),
            None if e.sentence.is_some() => link(&format!("{to_root}status/results.html"), shown),
            None => escape(shown),
        };
        let part = {
            match &e.detail {
                Some(d) => format!(
                    "{text} {} <em>{}</em>",
                    badge(&Effective::<MilestoneStatus>::EvidenceError),
                    escape(d)
                ),
                None => text,
            }
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    if let Some(src) = source {
        parts.push(format!("source: {}", link(src, src)));
    }
    parts.join("<br>")
}

fn milestone_row(m: &MilestoneView, to_root: &str) -> String {
    let when = match (&m.date, &m.due) {
        (_, Some(due)) if m.overdue => {
            format!("<span class=\"overdue\">due {due}, overdue</span>")
        }
        (Some(d), _) => d.to_string(),
        (None, Some(due)) => format!("due {due}"),
        (None, None) => String::new(),
    };
    let mut title = escape(&m.title);
    if let Some(note) = &m.note {
        let _ = write!(title, "<br><small>{}</small>", escape(note));
    }
    if !m.depends_on.is_empty() {
        let deps: Vec<String> = m
            .depends_on
            .iter()
            .map(|d| format!("<code>{}</code>", escape(d)))
            .collect();
        let _ = write!(title, "<br><small>after {}</small>", deps.join(", "));
    }
    format!(
        "<tr id=\"m-{id}\"><td><code>{id}</code></td><td>{title}</td><td>{owner}</td><td>{badge}</td><td class=\"nowrap\">{when}</td><td>{ev}</td></tr>",
        id = escape(&m.id),
        owner = escape(m.owner.as_deref().unwrap_or("this project")),
        badge = badge(&m.effective),
        ev = evidence_cell(&m.evidence, m.source.as_deref(), to_root),
    )
}

const MILESTONE_HEAD: [&str; 6] = ["Milestone", "Title", "Owner", "Status", "Date", "Evidence"];

/// Blocked, at-risk and evidence-error milestones, worst first.
pub fn attention(s: &Status, to_root: &str) -> String {
    let items = s.attention();
    if items.is_empty() {
        return "<p>No milestone is blocked, at risk, or missing its evidence.</p>\n".to_owned();
    }
    table(
        &MILESTONE_HEAD,
        items.into_iter().map(|m| milestone_row(m, to_root)),
    )
}

/// CPython's milestones of one phase (or of all phases); this project's
/// own are listed under "Evidence this project provides".
pub fn milestones(s: &Status, phase: Option<&str>, to_root: &str) -> String {
    let rows = s
        .milestones
        .iter()
        .filter(|m| m.scope == Scope::Upstream && phase.is_none_or(|p| m.phase == p))
        .map(|m| milestone_row(m, to_root));
    table(&MILESTONE_HEAD, rows)
}

/// Gate criteria of one phase with their status and evidence.
pub fn criteria(s: &Status, phase: &str, to_root: &str) -> String {
    let rows = s.criteria.iter().filter(|c| c.phase == phase).map(|c| {
        let mut what = match &c.text {
            Some(text) => format!(
                "{}<br><small><a href=\"#c-{id}\"><code>{id}</code></a></small>",
                escape(text),
                id = escape(&c.id)
            ),
            None => format!("<code>{}</code>", escape(&c.id)),
        };
        if let Some(note) = &c.note {
            let _ = write!(what, "<br><small>{}</small>", escape(note));
        }
        format!(
            "<tr id=\"c-{}\"><td>{what}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.id),
            badge(&c.effective),
            evidence_cell(&c.evidence, c.source.as_deref(), to_root)
        )
    });
    table(&["Criterion", "Status", "Evidence"], rows)
}

/// Risks, most severe first, open before mitigated before closed.
pub fn risks(s: &Status) -> String {
    // The vocabularies are declared in this order: high before low, open
    // before closed.
    let mut sorted: Vec<_> = s.risks.iter().collect();
    sorted.sort_by_key(|r| (r.severity, r.status));
    let rows = sorted.into_iter().map(|r| {
        let ms: Vec<String> = r
            .milestones
            .iter()
            .map(|m| format!("<a href=\"#m-{0}\"><code>{0}</code></a>", escape(m)))
            .collect();
        format!(
            "<tr id=\"r-{}\"><td>{}<br><small>owner: {}</small></td><td>{}</td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td></tr>",
            escape(&r.id),
            escape(&r.title),
            escape(r.owner.as_deref().unwrap_or("this project")),
            badge(&r.severity),
            badge(&r.status),
            escape(&r.mitigation),
            ms.join(", "),
            link(&r.source, "source"),
        )
    });
    table(
        &["Risk", "Severity", "Status", "Mitigation", "Source"],
        rows,
    )
}

/// PEP 11 platforms against Rust targets, flagged where CPython promises
/// more than Rust guarantees.
pub fn platform_matrix(s: &Status) -> String {
    let rows = s.platforms.iter().map(|p| {
        let mut notes: Vec<String> = p
            .flags
            .iter()
            .map(|f| format!("<span class=\"badge badge-blocked\">flag</span> {}", escape(f)))
            .collect();
        notes.extend(
            p.changes
                .iter()
                .map(|c| format!("{}: {}", c.date, link(&c.link, &c.what))),
        );
        format!(
            "<tr{cls}><td><code>{}</code><br><small>{}</small></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&p.cpython),
            escape(&p.compiler),
            p.pep11_tier,
            escape(&p.rust),
            p.rust_tier,
            if p.host_tools { "yes" } else { "no" },
            notes.join("<br>"),
            cls = if p.flags.is_empty() { "" } else { " class=\"flagged\"" },
        )
    });
    table(
        &[
            "CPython platform",
            "PEP 11 tier",
            "Rust target",
            "Rust tier",
            "Host tools",
            "Notes",
        ],
        rows,
    )
}

/// Uses/Requires Rust versions per CPython version, for packagers.
pub fn toolchain(s: &Status) -> String {
    let rows = s.toolchain.iter().map(|t| {
        format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
            escape(&t.python),
            escape(&t.uses),
            escape(&t.requires),
            t.note.as_deref().map(escape).unwrap_or_default(),
            link(&t.source, "source"),
        )
    });
    table(
        &["CPython", "Uses (Rust)", "Requires (Rust)", "Notes"],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_cover_every_state() {
        assert!(badge(&MilestoneStatus::Done).contains("badge-done"));
        assert!(badge(&Effective::<MilestoneStatus>::EvidenceError).contains(">evidence error<"));
        // PEP statuses badge as on the PEP index: Final is done, not open.
        assert!(badge(&Some(crate::model::pep::Status::Final)).contains("badge-done"));
    }

    #[test]
    fn progress_bars_carry_their_values() {
        let html = progress(&Progress { done: 2, total: 5 }, "p");
        assert!(html.contains("value=\"2\"") && html.contains("max=\"5\""));
        assert!(progress(&Progress { done: 0, total: 0 }, "p").contains("max=\"1\""));
    }
}
