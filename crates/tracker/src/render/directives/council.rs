//! Directives of the Steering Council's view: the dashboard's first
//! sections and the review packet. The HTML and Markdown are built in
//! [`crate::render::review`].

use super::{Ctx, Directive};
use crate::derive::changes::{self, Error};
use crate::derive::status::Status;
use crate::render::review::{self, packet};

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "freshness",
        args: "",
        arity: (0, 0),
        help: "as-of date, the oldest upstream fact's check date and the last review",
        render: |ctx, _| Ok(review::freshness(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "decisions-needed",
        args: "",
        arity: (0, 0),
        help: "open decisions, soonest due first: question, who decides, by when, what they block",
        render: |ctx, _| Ok(review::decisions_needed(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "overdue",
        args: "",
        arity: (0, 0),
        help: "milestones past their due date, then blocked, at risk or with failing evidence",
        render: |ctx, _| Ok(review::overdue(status(ctx)?)),
        example: &[],
    },
    Directive {
        name: "changes-summary",
        args: "",
        arity: (0, 0),
        help: "what changed since the last review, counted by kind, with the review compared with",
        render: |ctx, _| match changes::since_last_review(ctx.project) {
            Ok((review, c)) => Ok(review::changes_summary(review.as_ref(), &c, ctx.to_root)),
            Err(Error::ShallowClone(_)) => Ok(SHALLOW.to_owned()),
            Err(e) => Err(e.to_string()),
        },
        example: &[],
    },
    Directive {
        name: "project-evidence",
        args: "",
        arity: (0, 0),
        help: "this project's milestones, their evidence and the upstream milestones they inform",
        render: |ctx, _| Ok(review::project_evidence(status(ctx)?, ctx.to_root)),
        example: &[],
    },
    Directive {
        name: "review-packet",
        args: "",
        arity: (0, 0),
        help: "the review packet: decisions, overdue, changes since the last review, open risks",
        render: |ctx, _| {
            let changes = changes::since_last_review(ctx.project).map_err(|e| e.to_string());
            Ok(packet::render(status(ctx)?, changes, packet::Target::Book))
        },
        example: &[],
    },
];

/// What a page says when the clone's history does not reach the revision
/// compared with.
pub const SHALLOW: &str = "<p><em>This build comes from a shallow clone that does not reach \
     the revision compared with, so the changes cannot be listed here; <code>tracker status \
     --since REV</code> in a full clone lists them.</em></p>\n";

fn status<'a>(ctx: &Ctx<'a>) -> Result<&'a Status, String> {
    ctx.project.status.as_ref().map_err(|e| (*e).to_owned())
}
