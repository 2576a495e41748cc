//! Speed targets, size comparisons and size levers from
//! `examples/results/bench.json` and `size-levers.json` (issue 15): each
//! Rust module beside its C module and its best peer.

use crate::model::results::bench::{Bench, SizeEntry};
use crate::model::results::levers::Levers;
use crate::render::html::{escape, table};
use crate::render::results::measured::{bytes, provenance};

fn ratio(x: f64) -> String {
    format!("{x:.2}×")
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "missed" }
}

/// Every speed target of `module`: the ratio of medians against the peer
/// of the same run, the range its quartiles allow, the spread of both, the
/// instruction counts and whether the target (and, for compressors, the
/// output size) is met.
pub fn targets_table(bench: &Bench, module: &str) -> Result<String, String> {
    let mut rows = Vec::new();
    for case in bench.cases(module)? {
        for t in &case.targets {
            let timing = |name: &str| case.results.iter().find(|r| r.implementation == name);
            let spread = |name: &str| {
                timing(name)
                    .and_then(|r| r.spread_pct)
                    .map_or("–".into(), |s| format!("{s:.1} %"))
            };
            let instructions = match (
                timing(&t.implementation).and_then(|r| r.instructions),
                timing(&t.peer).and_then(|r| r.instructions),
            ) {
                (Some(mine), Some(theirs)) => {
                    format!("{mine:.0} / {theirs:.0} ({})", ratio(theirs / mine))
                }
                _ => "–".into(),
            };
            let range = match (t.ratio_low, t.ratio_high) {
                (Some(lo), Some(hi)) => format!(" ({lo:.2}–{hi:.2})"),
                _ => String::new(),
            };
            rows.push(format!(
                "<tr><td>{} {}</td><td><code>{}</code></td><td><code>{}</code></td>\
                 <td>{}{range}</td><td>{} / {}</td><td>{instructions}</td><td>≥ {} {}</td><td>{}</td></tr>",
                escape(&case.operation),
                escape(&case.size_label),
                escape(&t.implementation),
                escape(&t.peer),
                ratio(t.ratio),
                spread(&t.implementation),
                spread(&t.peer),
                ratio(t.min_ratio),
                met(t.met),
                t.size_met.map_or("–", met),
            ));
        }
    }
    if rows.is_empty() {
        return Err(format!(
            "examples/results/bench.json has no targets for `{module}`"
        ));
    }
    let mut html = table(
        &[
            "Case",
            "Rust",
            "Peer",
            "Speed (peer time / Rust time; quartile range)",
            "Spread (IQR / median) Rust / peer",
            "Instructions per call, Rust / peer (callgrind)",
            "Target",
            "Output no larger",
        ],
        rows,
    );
    html.push_str(&provenance(bench));
    Ok(html)
}

fn size_cell(e: Option<&SizeEntry>) -> String {
    match e {
        None => "–".into(),
        Some(e) => format!(
            "<code>{}</code> {} ({} as built)",
            escape(&e.module),
            e.stripped_bytes.map_or("–".into(), bytes),
            bytes(e.bytes)
        ),
    }
}

/// Each Rust module's stripped size beside its C module's (with the library
/// it links) and its best peer's, and the stripped ratio against the target.
pub fn size_compare(bench: &Bench) -> Result<String, String> {
    if bench.sizes.is_empty() {
        return Err(
            "examples/results/bench.json records no size comparisons: rerun ci/bench".into(),
        );
    }
    let rows = bench.sizes.iter().map(|row| {
        let target = row.target.as_ref().map_or("–".into(), |t| {
            format!("≤ {} {}", ratio(t.max_ratio), met(t.met))
        });
        format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{target}</td></tr>",
            size_cell(Some(&row.rust)),
            size_cell(row.c_module.as_ref()),
            size_cell(row.peer.as_ref()),
            row.stripped_ratio_to_c.map_or("–".into(), ratio),
        )
    });
    let mut html = table(
        &[
            "Rust module, stripped",
            "C module it replaces (+ the library it links), stripped",
            "Best peer, stripped",
            "Rust / C, stripped",
            "Target",
        ],
        rows,
    );
    html.push_str(&provenance(bench));
    Ok(html)
}

/// Every size lever of `module`: stripped size and instructions per call of
/// its hot case, each against the committed profile.
pub fn levers_table(levers: &Levers, module: &str) -> Result<String, String> {
    let of: Vec<_> = levers
        .levers
        .iter()
        .filter(|l| l.module == module)
        .collect();
    let base = of.iter().find(|l| l.variant == "base").ok_or_else(|| {
        format!("examples/results/size-levers.json has no `base` build of `{module}`")
    })?;
    let change = |now: Option<f64>, then: Option<f64>| match (now, then) {
        (Some(n), Some(t)) if t > 0.0 => format!(" ({:+.1} %)", (n / t - 1.0) * 100.0),
        _ => String::new(),
    };
    let row = |variant: &str,
               what: &str,
               allowed: bool,
               size: Option<f64>,
               instructions: String| {
        format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}{}</td><td>{instructions}</td></tr>",
            escape(variant),
            escape(what),
            if allowed {
                "yes"
            } else {
                "no (panics must unwind)"
            },
            size.map_or("–".into(), bytes),
            change(size, base.stripped_bytes),
        )
    };
    let rows = of
        .iter()
        .map(|l| {
            let instructions = format!(
                "{}{}",
                l.instructions.map_or("–".into(), |n| format!("{n:.0}")),
                change(l.instructions, base.instructions)
            );
            row(
                &l.variant,
                &l.change,
                l.policy_allows,
                l.stripped_bytes,
                instructions,
            )
        })
        .chain(levers.floors.iter().map(|f| {
            row(
                &f.variant,
                &f.change,
                f.policy_allows,
                f.stripped_bytes,
                "–".into(),
            )
        }));
    let case = base.instructions_case.as_deref().unwrap_or("–");
    let mut html = String::new();
    html.push_str(&table(
        &[
            "Variant",
            "Change to [profile.release], or what is built",
            "Panic policy allows",
            "Stripped size",
            "Instructions per call",
        ],
        rows,
    ));
    html.push_str(&format!(
        "<p class=\"tracker-provenance\"><small>Built {} with {}; instructions: callgrind, {}.</small></p>\n",
        escape(&levers.generated),
        escape(&levers.rust),
        escape(case),
    ));
    if !base.symbols.is_empty() {
        let total: f64 = base.symbols.values().sum();
        let mut groups: Vec<_> = base.symbols.iter().collect();
        groups.sort_by(|a, b| b.1.total_cmp(a.1));
        let rows = groups.into_iter().map(|(group, size)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{:.0} %</td></tr>",
                escape(group),
                bytes(*size),
                size / total * 100.0
            )
        });
        html.push_str(&table(
            &["Code from (base build, symbol sizes)", "Bytes", "Share"],
            rows,
        ));
    }
    Ok(html)
}
