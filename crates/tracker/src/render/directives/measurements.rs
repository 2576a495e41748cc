//! Directives that quote measured results (examples/results/) and source
//! statistics.

use super::{Ctx, Directive};
use crate::render::results::measured;

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "bench-table",
        args: "MODULE",
        arity: (1, 1),
        help: "benchmark medians and ratios of a module against its peers (examples/results/bench.json)",
        render: |ctx, args| measured::bench_table(bench(ctx)?, &args[0]),
        example: &["rs_demo"],
    },
    Directive {
        name: "bench-chart",
        args: "MODULE",
        arity: (1, 1),
        help: "an SVG bar chart: each Rust implementation, the best peer and the C module, as multiples of the C module's speed",
        render: |ctx, args| crate::render::review::charts::bench_chart(bench(ctx)?, &args[0]),
        example: &["rs_demo"],
    },
    Directive {
        name: "size-table",
        args: "",
        arity: (0, 0),
        help: "extension .so and wheel sizes and cold build times of the examples",
        render: |ctx, _| Ok(measured::size_table(bench(ctx)?)),
        example: &[],
    },
    Directive {
        name: "size-chart",
        args: "",
        arity: (0, 0),
        help: "an SVG bar chart of the extension and wheel sizes, from zero",
        render: |ctx, _| crate::render::review::charts::size_chart(bench(ctx)?),
        example: &[],
    },
    Directive {
        name: "cpython-suites",
        args: "",
        arity: (0, 0),
        help: "pass/fail/skip counts of CPython's own test suites run against the Rust modules",
        render: |ctx, _| {
            let suites = ctx.project.results.suites.as_ref().map_err(Clone::clone)?;
            Ok(measured::cpython_suites(suites))
        },
        example: &[],
    },
    Directive {
        name: "cpython-build",
        args: "",
        arity: (0, 0),
        help: "clean build times and sizes of CPython 3.13 with and without the Rust _base64 module \
               (examples/results/cpython-build.json)",
        render: |ctx, _| {
            let r = ctx
                .project
                .results
                .cpython_build
                .as_ref()
                .map_err(Clone::clone)?;
            Ok(crate::render::results::cpython_build::tables(r))
        },
        example: &[],
    },
    Directive {
        name: "unsafe-inventory",
        args: "",
        arity: (0, 0),
        help: "unsafe blocks, SAFETY comments, unsafe fns and impls per example crate \
               (examples/results/unsafe.json, kept by the ci/test step unsafe inventory)",
        render: |ctx, _| {
            let inv = ctx
                .project
                .results
                .unsafe_inventory
                .as_ref()
                .map_err(Clone::clone)?;
            Ok(measured::unsafe_inventory(inv))
        },
        example: &[],
    },
    Directive {
        name: "fuzz-campaign",
        args: "",
        arity: (0, 0),
        help: "runs, coverage, corpus and findings per fuzz target of the last campaign \
               (examples/results/fuzz.json, written by crates/fuzz/fuzz.py campaign)",
        render: |ctx, _| {
            let fuzz = ctx.project.results.fuzz.as_ref().map_err(Clone::clone)?;
            Ok(measured::fuzz_campaign(fuzz))
        },
        example: &[],
    },
    Directive {
        name: "code-stats",
        args: "FILE...",
        arity: (1, 8),
        help: "lines of source files, with their unsafe counts from examples/results/unsafe.json",
        render: |ctx, args| {
            measured::code_stats(
                &ctx.project.root,
                &ctx.project.results.unsafe_inventory,
                args,
            )
        },
        example: &["examples/demo/src/lib.rs"],
    },
];

fn bench<'a>(ctx: &Ctx<'a>) -> Result<&'a crate::model::results::bench::Bench, String> {
    ctx.project.results.bench.as_ref().map_err(Clone::clone)
}
