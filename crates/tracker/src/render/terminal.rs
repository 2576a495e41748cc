//! `tracker status`: the status for a terminal.

use crate::derive::changes::Changes;
use crate::derive::status::{Progress, Status};
use crate::model::rollout::{RiskStatus, Severity};
use crate::render::html::{Badge, Tone};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

/// Text in a style. The report always carries its styles; the CLI writes
/// it through `anstream`, which drops them when stdout is not a terminal or
/// `NO_COLOR` is set.
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn bold(text: &str) -> String {
    paint(Style::new().bold(), text)
}

/// A state, padded to `width` columns before it is styled, so that escape
/// codes never count as width.
fn state(s: &impl Badge, width: usize) -> String {
    let style = match s.tone() {
        Tone::Done => AnsiColor::Green.on_default(),
        Tone::Blocked | Tone::Risk => AnsiColor::Red.on_default().bold(),
        Tone::Open => AnsiColor::Cyan.on_default(),
        Tone::Closed => Style::new().dimmed(),
    };
    paint(style, &format!("{:<width$}", s.label()))
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
pub fn status(s: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (data as of {})",
        bold("Rust for CPython: rollout status"),
        s.as_of
    );
    let _ = writeln!(
        out,
        "\n{}",
        bold("Phases (milestones done; exit criteria met)")
    );
    for p in &s.phases {
        let _ = writeln!(
            out,
            "  {:<8} {:<48} {:<6} {} {}  exit {}/{}",
            p.id,
            p.title,
            p.python,
            state(&p.status, 11),
            bar(&p.milestones),
            p.exit.done,
            p.exit.total
        );
    }
    let attention = s.attention();
    let _ = writeln!(out, "\n{} ({})", bold("Needs attention"), attention.len());
    for m in &attention {
        if m.overdue {
            let due = m.due.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<24} {} {} (due {due}; owner: {})",
                m.id,
                bold(&format!("{:<14}", "overdue")),
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
            state(&m.effective, 14),
            m.title,
            detail
        );
    }
    let open: Vec<_> = s
        .risks
        .iter()
        .filter(|r| r.status == RiskStatus::Open)
        .collect();
    let _ = writeln!(out, "\n{} ({})", bold("Open risks"), open.len());
    for sev in Severity::ALL {
        for r in open.iter().filter(|r| r.severity == *sev) {
            let _ = writeln!(out, "  {} {:<24} {}", state(sev, 8), r.id, r.title);
        }
    }
    let _ = writeln!(out, "\n{}", bold("PEP drafts"));
    for p in &s.peps {
        let _ = writeln!(
            out,
            "  PEP {:<5} {} {}",
            p.number,
            state(&p.status, 12),
            p.title
        );
    }
    let open = crate::render::review::open_decisions(s);
    let _ = writeln!(out, "\n{} ({})", bold("Decisions needed"), open.len());
    for d in open {
        let due = d.due.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(out, "  {:<24} by {due}: {} ({})", d.id, d.question, d.owner);
    }
    out
}

/// `tracker status --since REV`.
pub fn changes(c: &Changes) -> String {
    let short = c.commit.get(..12).unwrap_or(&c.commit);
    let mut out = format!("{} {} ({short})\n", bold("Changes since"), c.rev);
    if c.changes.is_empty() {
        out.push_str("  nothing changed\n");
    }
    for ch in &c.changes {
        let _ = writeln!(out, "  {:<10} {:<32} {}", ch.kind, ch.id, ch.what);
    }
    out
}
