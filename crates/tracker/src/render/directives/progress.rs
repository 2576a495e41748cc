//! Directives that render the rollout status: everything on the status
//! pages. The HTML is built in [`crate::render::dashboard`].

use super::{Ctx, Directive};
use crate::derive::status::Status;
use crate::render::dashboard;

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "status-summary",
        args: "",
        arity: (0, 0),
        help: "the status at a glance: current phase, attention count, drafts, per-phase progress",
        render: |ctx, _| Ok(dashboard::summary(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "phase-progress",
        args: "",
        arity: (0, 0),
        help: "per phase: milestones done and entry/exit criteria met, as progress bars",
        render: |ctx, _| Ok(dashboard::phase_progress(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "attention",
        args: "",
        arity: (0, 0),
        help: "milestones that are blocked, at risk, or whose evidence is missing, failing or stale",
        render: |ctx, _| Ok(dashboard::attention(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "milestones",
        args: "[PHASE]",
        arity: (0, 1),
        help: "the milestones of one phase (or all), with status badges and evidence",
        render: milestones,
        example: &["phase-0"],
    },
    Directive {
        name: "criteria",
        args: "PHASE",
        arity: (1, 1),
        help: "the entry and exit criteria of a phase, with status and evidence",
        render: criteria,
        example: &["phase-0"],
    },
    Directive {
        name: "risk-table",
        args: "",
        arity: (0, 0),
        help: "risks by severity, then status, with mitigations",
        render: |ctx, _| Ok(dashboard::risks(status(ctx)?)),
        example: &[],
    },
    Directive {
        name: "decision-log",
        args: "",
        arity: (0, 0),
        help: "decisions taken, in date order, with who took them and the record",
        render: |ctx, _| Ok(crate::render::review::decision_log(status(ctx)?)),
        example: &[],
    },
    Directive {
        name: "timeline",
        args: "",
        arity: (0, 0),
        help: "an SVG timeline: done milestones at their date, open ones at their due date, upstream and project lanes",
        render: |ctx, _| crate::render::review::charts::timeline(status(ctx)?),
        example: &[],
    },
    Directive {
        name: "platform-matrix",
        args: "",
        arity: (0, 0),
        help: "PEP 11 platforms against Rust targets and tiers, flagged where CPython promises more",
        render: |ctx, _| Ok(dashboard::platform_matrix(status(ctx)?)),
        example: &[],
    },
    Directive {
        name: "toolchain-table",
        args: "",
        arity: (0, 0),
        help: "Uses/Requires Rust versions per CPython version, for packagers",
        render: |ctx, _| Ok(dashboard::toolchain(status(ctx)?)),
        example: &[],
    },
    Directive {
        name: "changes",
        args: "",
        arity: (0, 0),
        help: "what changed in the data since the last review (or the first recorded state, with none)",
        render: changes,
        example: &[],
    },
];

fn status<'a>(ctx: &Ctx<'a>) -> Result<&'a Status, String> {
    ctx.project.status.as_ref().map_err(|e| (*e).to_owned())
}

fn known_phase(s: &Status, phase: &str) -> Result<(), String> {
    match s.phase(phase) {
        Some(_) => Ok(()),
        None => Err(format!("unknown phase `{phase}`")),
    }
}

fn milestones(ctx: &Ctx<'_>, args: &[String]) -> Result<String, String> {
    let s = status(ctx)?;
    let phase = args.first().map(String::as_str);
    if let Some(p) = phase {
        known_phase(s, p)?;
    }
    Ok(dashboard::milestones(s, phase, ctx.to_root))
}

fn criteria(ctx: &Ctx<'_>, args: &[String]) -> Result<String, String> {
    let s = status(ctx)?;
    known_phase(s, &args[0])?;
    Ok(dashboard::criteria(s, &args[0], ctx.to_root))
}

fn changes(ctx: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    use crate::derive::changes::{self, Error};
    match changes::since_last_review(ctx.project) {
        Ok((review, c)) => Ok(crate::render::review::change_table(review.as_ref(), &c)),
        // The data is not wrong; this copy of the history does not reach
        // the revision. Say so on the page instead of failing.
        Err(Error::ShallowClone(_)) => Ok(super::council::SHALLOW.to_owned()),
        Err(e) => Err(e.to_string()),
    }
}
