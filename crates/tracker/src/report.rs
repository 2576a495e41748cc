//! `tracker status`: the status for a terminal, with colour only when
//! stdout is a terminal.

use crate::changes::Changes;
use crate::render::{Badge, Tone};
use crate::rollout::{RiskStatus, Severity};
use crate::status::{Progress, Status};
use std::fmt::Write as _;

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// A state, padded to `width` columns before it is coloured, so that
    /// escape codes never count as width.
    fn status(self, s: &impl Badge, width: usize) -> String {
        let code = match s.tone() {
            Tone::Done => "32",
            Tone::Blocked | Tone::Risk => "31;1",
            Tone::Open => "36",
            Tone::Closed => "2",
        };
        self.paint(code, &format!("{:<width$}", s.label()))
    }

    fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }
}

fn bar(p: &Progress) -> String {
    const WIDTH: usize = 20;
    let filled = (p.done * WIDTH).checked_div(p.total).unwrap_or(0);
    format!(
        "[{}{}] {:>2}/{:<2}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.done,
        p.total
    )
}

/// The summary a reviewer reads first.
pub fn status(s: &Status, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (data as of {})",
        style.bold("Rust for CPython: rollout status"),
        s.as_of
    );
    let _ = writeln!(
        out,
        "\n{}",
        style.bold("Phases (milestones done; exit criteria met)")
    );
    for p in &s.phases {
        let _ = writeln!(
            out,
            "  {:<8} {:<48} {:<6} {} {}  exit {}/{}",
            p.id,
            p.title,
            p.python,
            style.status(&p.status, 11),
            bar(&p.milestones),
            p.exit.done,
            p.exit.total
        );
    }
    let attention = s.attention();
    let _ = writeln!(
        out,
        "\n{} ({})",
        style.bold("Needs attention"),
        attention.len()
    );
    for m in &attention {
        if m.overdue {
            let due = m.due.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<24} {} {} (due {due}; owner: {})",
                m.id,
                style.bold(&format!("{:<14}", "overdue")),
                m.title,
                m.owner.as_deref().unwrap_or("this project")
            );
            continue;
        }
        let detail = m
            .evidence
            .iter()
            .filter_map(|e| e.detail.as_deref())
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "  {:<24} {} {} {}",
            m.id,
            style.status(&m.effective, 14),
            m.title,
            detail
        );
    }
    let open: Vec<_> = s
        .risks
        .iter()
        .filter(|r| r.status == RiskStatus::Open)
        .collect();
    let _ = writeln!(out, "\n{} ({})", style.bold("Open risks"), open.len());
    for sev in Severity::ALL {
        for r in open.iter().filter(|r| r.severity == *sev) {
            let _ = writeln!(out, "  {} {:<24} {}", style.status(sev, 8), r.id, r.title);
        }
    }
    let _ = writeln!(out, "\n{}", style.bold("PEP drafts"));
    for p in &s.peps {
        let _ = writeln!(
            out,
            "  PEP {:<5} {} {}",
            p.number,
            style.status(&p.status, 12),
            p.title
        );
    }
    let open = crate::review::open_decisions(s);
    let _ = writeln!(out, "\n{} ({})", style.bold("Decisions needed"), open.len());
    for d in open {
        let due = d.due.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(out, "  {:<24} by {due}: {} ({})", d.id, d.question, d.owner);
    }
    out
}

/// `tracker status --since REV`.
pub fn changes(c: &Changes, style: Style) -> String {
    let short = c.commit.get(..12).unwrap_or(&c.commit);
    let mut out = format!("{} {} ({short})\n", style.bold("Changes since"), c.rev);
    if c.changes.is_empty() {
        out.push_str("  nothing changed\n");
    }
    for ch in &c.changes {
        let _ = writeln!(out, "  {:<10} {:<32} {}", ch.kind, ch.id, ch.what);
    }
    out
}
