//! Directives of the speed and size comparisons (issue 15): targets against
//! the best peer, sizes against the C modules, and the size levers.

use super::{Ctx, Directive};
use crate::render::results::speed_size;

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "bench-targets",
        args: "MODULE",
        arity: (1, 1),
        help: "a module's speed targets against its best peer: ratio with quartile range, spread, callgrind instructions",
        render: |ctx, args| speed_size::targets_table(bench(ctx)?, &args[0]),
        example: &["rs_demo"],
    },
    Directive {
        name: "size-compare",
        args: "",
        arity: (0, 0),
        help: "each Rust module's stripped size beside its C module (+ linked library) and its best peer",
        render: |ctx, _| speed_size::size_compare(bench(ctx)?),
        example: &[],
    },
    Directive {
        name: "size-levers",
        args: "MODULE",
        arity: (1, 1),
        help: "a module's size and instructions per call under each release-profile lever (examples/results/size-levers.json)",
        render: |ctx, args| {
            let levers = ctx.project.results.levers.as_ref().map_err(Clone::clone)?;
            speed_size::levers_table(levers, &args[0])
        },
        example: &["rs_demo"],
    },
];

fn bench<'a>(ctx: &Ctx<'a>) -> Result<&'a crate::model::results::bench::Bench, String> {
    ctx.project.results.bench.as_ref().map_err(Clone::clone)
}
