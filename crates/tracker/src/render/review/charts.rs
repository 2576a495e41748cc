//! The book's charts as static SVG (crates/svg-charts): speed against the
//! C module and the best peer, sizes from zero, and the timeline of
//! upstream and project milestones.

use super::day;
use crate::derive::status::{MilestoneView, Status};
use crate::model::results::bench::{Bench, Case};
use crate::model::rollout::{MilestoneStatus, Scope};
use crate::render::html::escape;
use svg_charts::{
    Bar, BarChart, BarGroup, Day, Lane, Mark, Reference, Role, Timeline, TimelineItem,
};

/// The top-level module of an implementation: `zlib_ng` of `zlib_ng.crc32`.
fn package(implementation: &str) -> &str {
    implementation.split('.').next().unwrap_or(implementation)
}

/// The implementations under test: the module's own (`rs_base64.*`) and the
/// project's other Rust ones (`rs_base64_ffi.*`).
fn is_rust(implementation: &str, module: &str) -> bool {
    let p = package(implementation);
    p == module || p.starts_with("rs_")
}

/// The best peer of a case: the fastest implementation from a third-party
/// package (one whose version the results record, as pybase64 and zlib-ng),
/// other than the C module and the Rust modules.
fn best_peer<'a>(bench: &Bench, case: &'a Case, module: &str) -> Option<(&'a str, f64)> {
    let c_package = package(&case.baseline);
    case.results
        .iter()
        .filter(|t| {
            let p = package(&t.implementation);
            !is_rust(&t.implementation, module) && p != c_package && bench.versions.contains_key(p)
        })
        .map(|t| (t.implementation.as_str(), t.median_ns))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Speed of every Rust implementation of `module`, of its best peer and of
/// the C module, per case, as multiples of the C module's speed.
pub fn bench_chart(bench: &Bench, module: &str) -> Result<String, String> {
    let cases = bench.cases(module)?;
    let mut groups = Vec::new();
    let mut c_names = Vec::new();
    for case in cases {
        let Some(c_time) = case.median(&case.baseline) else {
            return Err(format!(
                "{module} {}: no timing of {}",
                case.operation, case.baseline
            ));
        };
        let speed = |t: f64| if t > 0.0 { c_time / t } else { 0.0 };
        let mut bars: Vec<Bar> = case
            .results
            .iter()
            .filter(|t| is_rust(&t.implementation, module))
            .map(|t| Bar {
                label: t.implementation.clone(),
                value: speed(t.median_ns),
                role: Role::Rust,
            })
            .collect();
        if let Some((peer, t)) = best_peer(bench, case, module) {
            bars.push(Bar {
                label: format!("{peer} (best peer)"),
                value: speed(t),
                role: Role::Peer,
            });
        }
        bars.push(Bar {
            label: format!("{} (C module)", case.baseline),
            value: 1.0,
            role: Role::C,
        });
        if !c_names.contains(&package(&case.baseline)) {
            c_names.push(package(&case.baseline));
        }
        groups.push(BarGroup {
            label: format!("{} {}", case.operation, case.size_label),
            bars,
        });
    }
    let chart = BarChart {
        id: format!("bench-{module}"),
        title: format!("Speed of {module} against the C module and the best peer"),
        description: format!(
            "For each benchmark case, the speed of each implementation as a multiple of the C \
             module's ({}): above 1 is faster than the C module.",
            c_names.join(", ")
        ),
        axis_label: format!(
            "times as fast as the C module ({}); higher is faster",
            c_names.join(", ")
        ),
        unit_suffix: "×".into(),
        decimals: 2,
        reference: Some(Reference {
            value: 1.0,
            label: "C module".into(),
        }),
        groups,
    };
    let svg = chart.render().map_err(|e| e.to_string())?;
    Ok(format!("{svg}\n{}", legend()))
}

fn legend() -> String {
    "<p class=\"chart-legend\"><span class=\"swatch swatch-rust\"></span>Rust module\
     <span class=\"swatch swatch-peer\"></span>best peer\
     <span class=\"swatch swatch-c\"></span>C module</p>\n"
        .to_owned()
}

/// Extension sizes (the `.so` and the wheel) of every example, from zero.
pub fn size_chart(bench: &Bench) -> Result<String, String> {
    let kib = |b: f64| b / 1024.0;
    let role = |m: &str| {
        if m.starts_with("rs_") {
            Role::Rust
        } else {
            Role::C
        }
    };
    let so: Vec<Bar> = bench
        .artifacts
        .iter()
        .filter_map(|a| {
            a.so_bytes.map(|b| Bar {
                label: a.module.clone(),
                value: kib(b),
                role: role(&a.module),
            })
        })
        .collect();
    let wheels: Vec<Bar> = bench
        .artifacts
        .iter()
        .filter_map(|a| {
            a.wheel_bytes.map(|b| Bar {
                label: a.module.clone(),
                value: kib(b),
                role: role(&a.module),
            })
        })
        .collect();
    let mut groups = vec![BarGroup {
        label: "extension module file".into(),
        bars: so,
    }];
    if !wheels.is_empty() {
        groups.push(BarGroup {
            label: "wheel (compressed)".into(),
            bars: wheels,
        });
    }
    let chart = BarChart {
        id: "sizes".into(),
        title: "Size of each example's extension module and wheel".into(),
        description: "The size in KiB of each example's built extension module and of its wheel, \
                      on an axis from zero."
            .into(),
        axis_label: "KiB".into(),
        unit_suffix: " KiB".into(),
        decimals: 0,
        reference: None,
        groups,
    };
    chart.render().map_err(|e| e.to_string())
}

fn chart_day(d: crate::base::date::Date) -> Day {
    Day::new(d.year(), d.month(), d.day())
}

/// Where a milestone goes on the timeline, if it has a date to go at.
fn placed(m: &MilestoneView) -> Option<TimelineItem> {
    let done = m.status == MilestoneStatus::Done;
    let (date, mark) = match (done, m.date, m.due) {
        (true, Some(d), _) => (d, Mark::Done),
        (false, _, Some(due)) if m.overdue => (due, Mark::Overdue),
        (false, _, Some(due)) => (due, Mark::Due),
        _ => return None,
    };
    Some(TimelineItem {
        label: m.title.clone(),
        date: chart_day(date),
        mark,
    })
}

/// Done milestones at their date, open ones at their due date, upstream
/// and project in separate lanes; milestones with no date to place are
/// listed beside the chart.
pub fn timeline(s: &Status) -> Result<String, String> {
    let lane = |scope: Scope, label: &str| {
        let mut items: Vec<TimelineItem> = s
            .milestones
            .iter()
            .filter(|m| m.scope == scope && m.status != MilestoneStatus::Dropped)
            .filter_map(placed)
            .collect();
        items.sort_by_key(|i| i.date);
        Lane {
            label: label.into(),
            items,
        }
    };
    let chart = Timeline {
        id: "timeline".into(),
        title: "Rollout timeline".into(),
        description: "Each milestone at the date it was done (filled circle) or, if not done, at \
                      its due date (hollow diamond; overdue in the warning colour); CPython's \
                      milestones and this project's in separate lanes."
            .into(),
        today: chart_day(s.as_of),
        lanes: vec![
            lane(Scope::Upstream, "CPython, the fork and the PEP process"),
            lane(Scope::Project, "This project"),
        ],
    };
    let svg = chart.render().map_err(|e| e.to_string())?;
    let undated: Vec<String> = s
        .milestones
        .iter()
        .filter(|m| m.status != MilestoneStatus::Dropped && placed(m).is_none())
        .map(|m| {
            let whose = if m.scope == Scope::Project {
                " (this project)"
            } else {
                ""
            };
            format!(
                "<li><a href=\"index.html#m-{id}\">{title}</a>{whose}: {status}</li>",
                id = escape(&m.id),
                title = escape(&m.title),
                status = escape(m.status.as_str()),
            )
        })
        .collect();
    let mut html = format!("<div class=\"tracker-wide\">\n{svg}\n</div>\n");
    if !undated.is_empty() {
        html.push_str(&format!(
            "<p>Not on the chart, because neither a done date nor a due date is known \
             (as of {}):</p>\n<ul class=\"undated\">\n{}\n</ul>\n",
            day(s.as_of),
            undated.join("\n")
        ));
    }
    Ok(html)
}
