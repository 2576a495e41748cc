//! Directives that render the rollout status and the measured results:
//! everything on the status pages, and every number the guide quotes from
//! a measurement. Dispatch lives here; the HTML is built in [`dashboard`]
//! and [`results`].

use crate::project::Project;
use crate::{dashboard, results};

/// Name, arguments, and what the directive renders.
pub const DIRECTIVES: &[(&str, &str)] = &[
    (
        "status-summary",
        "the status at a glance: current phase, attention count, drafts, per-phase progress",
    ),
    (
        "phase-progress",
        "per phase: milestones done and entry/exit criteria met, as progress bars",
    ),
    (
        "attention",
        "milestones that are blocked, at risk, or whose evidence is missing, failing or stale",
    ),
    (
        "milestones [PHASE]",
        "the milestones of one phase (or all), with status badges and evidence",
    ),
    (
        "criteria PHASE",
        "the entry and exit criteria of a phase, with status and evidence",
    ),
    (
        "risk-table",
        "risks by severity, then status, with mitigations",
    ),
    (
        "decision-log",
        "decisions in date order, with who took them and the record",
    ),
    (
        "timeline",
        "a mermaid gantt chart of the phases and dated milestones",
    ),
    (
        "platform-matrix",
        "PEP 11 platforms against Rust targets and tiers, flagged where CPython promises more",
    ),
    (
        "toolchain-table",
        "Uses/Requires Rust versions per CPython version, for packagers",
    ),
    (
        "changes",
        "what changed in the data since the review baseline (meta.review-baseline)",
    ),
    (
        "bench-table MODULE",
        "benchmark medians and ratios of a module against its peers (examples/results/bench.json)",
    ),
    (
        "bench-chart MODULE",
        "a mermaid bar chart of the same ratios",
    ),
    (
        "size-table",
        "extension .so and wheel sizes and cold build times of the examples",
    ),
    ("size-chart", "a mermaid bar chart of the extension sizes"),
    (
        "cpython-suites",
        "pass/fail/skip counts of CPython's own test suites run against the Rust modules",
    ),
    (
        "code-stats FILE...",
        "lines, unsafe blocks and SAFETY comments of source files",
    ),
];

/// Renders directive `name`, or `None` if it is not one of these.
pub fn render(
    project: &Project,
    to_root: &str,
    name: &str,
    args: &[String],
) -> Option<Result<String, String>> {
    let known = DIRECTIVES
        .iter()
        .any(|(n, _)| n.split(' ').next() == Some(name));
    if !known {
        return None;
    }
    Some(render_known(project, to_root, name, args))
}

fn render_known(
    project: &Project,
    to_root: &str,
    name: &str,
    args: &[String],
) -> Result<String, String> {
    let arity = |min: usize, max: usize| {
        if (min..=max).contains(&args.len()) {
            Ok(())
        } else {
            Err(format!(
                "`{name}` takes {min} to {max} argument(s), got {}",
                args.len()
            ))
        }
    };
    match name {
        "bench-table" | "bench-chart" => {
            arity(1, 1)?;
            let bench = project.results("bench.json")?;
            if name == "bench-table" {
                results::bench_table(bench, &args[0])
            } else {
                results::bench_chart(bench, &args[0])
            }
        }
        "size-table" => {
            arity(0, 0)?;
            results::size_table(project.results("bench.json")?)
        }
        "size-chart" => {
            arity(0, 0)?;
            results::size_chart(project.results("bench.json")?)
        }
        "cpython-suites" => {
            arity(0, 0)?;
            results::cpython_suites(project.results("cpython-suites.json")?)
        }
        "code-stats" => {
            arity(1, 8)?;
            results::code_stats(&project.root, args)
        }
        _ => {
            let status = project.status().ok_or(
                "the rollout data did not load (see the errors for pep-drafts/rollout.toml)",
            )?;
            match name {
                "status-summary" => arity(0, 0).map(|()| dashboard::summary(status, to_root)),
                "phase-progress" => {
                    arity(0, 0).map(|()| dashboard::phase_progress(status, to_root))
                }
                "attention" => arity(0, 0).map(|()| dashboard::attention(status, to_root)),
                "milestones" => {
                    arity(0, 1)?;
                    let phase = args.first().map(String::as_str);
                    if let Some(p) = phase
                        && !status.phases.iter().any(|x| x.id == p)
                    {
                        return Err(format!("unknown phase `{p}`"));
                    }
                    Ok(dashboard::milestones(status, phase, to_root))
                }
                "criteria" => {
                    arity(1, 1)?;
                    if !status.phases.iter().any(|x| x.id == args[0]) {
                        return Err(format!("unknown phase `{}`", args[0]));
                    }
                    Ok(dashboard::criteria(status, &args[0], to_root))
                }
                "risk-table" => arity(0, 0).map(|()| dashboard::risks(status)),
                "decision-log" => arity(0, 0).map(|()| dashboard::decisions(status)),
                "timeline" => arity(0, 0).map(|()| dashboard::timeline(status)),
                "platform-matrix" => arity(0, 0).map(|()| dashboard::platform_matrix(status)),
                "toolchain-table" => arity(0, 0).map(|()| dashboard::toolchain(status)),
                "changes" => {
                    arity(0, 0)?;
                    match crate::changes::since_baseline(project) {
                        Ok(c) => Ok(crate::changes::render(&c)),
                        // The data is not wrong; this copy of the history is
                        // incomplete. Say so on the page instead of failing.
                        Err(_) if crate::changes::is_shallow(&project.root) => Ok(
                            "<p><em>This build comes from a shallow clone that does not reach                              the review baseline, so the changes cannot be listed here;                              <code>tracker status --since</code> in a full clone lists them.                             </em></p>\n"
                                .to_owned(),
                        ),
                        Err(e) => Err(e),
                    }
                }
                other => Err(format!("directive `{other}` has no renderer")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_listed_directive_has_a_renderer() {
        let project = Project::new(Path::new("/nonexistent"), Vec::new(), None);
        for (usage, _) in DIRECTIVES {
            let name = usage.split(' ').next().unwrap_or(usage);
            let result = render(&project, "", name, &[]).expect("listed, so dispatched");
            if let Err(e) = result {
                assert!(!e.contains("has no renderer"), "{name}: {e}");
            }
        }
        assert!(render(&project, "", "no-such-directive", &[]).is_none());
    }
}
