//! Tables and charts from the measured results in `examples/results/`
//! (written by ci/test and ci/bench; schemas in examples/README.md), and
//! line counts computed from the files themselves.

pub use crate::base::units::{bytes, duration};
use crate::model::results::bench::{Bench, Case};
use crate::model::results::suites::Suites;
use crate::model::results::unsafe_inventory::{Counts, UnsafeInventory};
use crate::model::results::{Kind, Loaded, RESULTS_DIR};
use crate::render::html::{escape, table};
use std::fmt::Write as _;
use std::path::{Component, Path};

/// Where and with what a results file was measured, shown under a table.
pub(crate) fn provenance(bench: &Bench) -> String {
    let version = |k: &str| bench.versions.get(k).map_or("", String::as_str);
    format!(
        "<p class=\"tracker-provenance\"><small>Measured {} on {} ({} cores; SIMD: {}), \
         CPython {}, {}, PyO3 {}, maturin {}; {}.</small></p>\n",
        escape(&bench.generated),
        escape(&bench.machine.cpu),
        bench.machine.cores,
        escape(&bench.machine.simd.join(", ")),
        escape(version("python")),
        escape(version("rust")),
        escape(version("pyo3")),
        escape(version("maturin")),
        escape(&bench.settings.timer),
    )
}

/// The implementations timed in any of `cases`, in order of appearance.
fn implementations<'a>(cases: &[&'a Case]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for c in cases {
        for r in &c.results {
            if !out.contains(&r.implementation.as_str()) {
                out.push(&r.implementation);
            }
        }
    }
    out
}

/// Medians and ratios against the baseline, one row per operation and size.
pub fn bench_table(bench: &Bench, module: &str) -> Result<String, String> {
    let cases = bench.cases(module)?;
    let impls = implementations(&cases);
    let rows: Vec<String> = cases
        .iter()
        .map(|c| {
            let mut row = format!(
                "<tr><td>{}</td><td>{}</td>",
                escape(&c.operation),
                escape(&c.size_label)
            );
            for name in &impls {
                match (c.median(name), c.ratios.get(*name)) {
                    (Some(ns), Some(ratio)) => {
                        let _ = write!(
                            row,
                            "<td>{}<br><strong>{ratio:.2}×</strong></td>",
                            duration(ns)
                        );
                    }
                    _ => row.push_str("<td>–</td>"),
                }
            }
            row.push_str("</tr>");
            row
        })
        .collect();
    let baseline = &cases[0].baseline;
    let mut head = vec!["Operation", "Input"];
    head.extend(impls.iter().copied());
    let mut html = table(&head, rows);
    let _ = writeln!(
        html,
        "<p><small>Median time per call; the ratio is {} time ÷ the column's time, so above 1× \
         is faster than {}.</small></p>",
        escape(baseline),
        escape(baseline)
    );
    html.push_str(&provenance(bench));
    Ok(html)
}

/// Extension and wheel sizes and cold build times.
pub fn size_table(bench: &Bench) -> String {
    let rows: Vec<String> = bench
        .artifacts
        .iter()
        .map(|a| {
            format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&a.module),
                a.so_bytes.map_or("–".into(), bytes),
                a.wheel_bytes.map_or("–".into(), bytes),
                a.build_seconds.map_or("–".into(), |s| format!("{s:.1} s")),
            )
        })
        .collect();
    let mut html = table(
        &["Module", "Extension (.so)", "Wheel", "Cold release build"],
        rows,
    );
    html.push_str(&provenance(bench));
    html
}

/// Counts from running CPython's own test suites against the Rust modules.
pub fn cpython_suites(results: &Suites) -> String {
    let rows: Vec<String> = results
        .suites
        .iter()
        .map(|(name, s)| {
            let excluded: Vec<String> = s
                .excluded
                .iter()
                .map(|e| format!("<code>{}</code>: {}", escape(&e.test), escape(&e.reason)))
                .collect();
            format!(
                "<tr><td><code>test.{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                escape(&s.module),
                s.passed,
                s.failed,
                s.errors,
                s.skipped,
                if excluded.is_empty() { "none".to_owned() } else { excluded.join("<br>") },
            )
        })
        .collect();
    let mut html = table(
        &[
            "Suite",
            "Module",
            "Passed",
            "Failed",
            "Errors",
            "Skipped",
            "Excluded (reason)",
        ],
        rows,
    );
    let _ = writeln!(
        html,
        "<p class=\"tracker-provenance\"><small>Run {} on CPython {}.</small></p>",
        escape(&results.generated),
        escape(&results.python)
    );
    html
}

/// The `unsafe` counts of every example crate, from the inventory: one row
/// per crate folder and a total.
pub fn unsafe_inventory(inv: &UnsafeInventory) -> String {
    let row = |name: String, c: &Counts| format!("<tr><td>{name}</td>{}</tr>", count_cells(c));
    let total = inv.total();
    let rows: Vec<String> = inv
        .crates
        .iter()
        .map(|(folder, c)| row(format!("<code>{}</code>", escape(folder)), &c.totals))
        .chain([row("<strong>all example crates</strong>".into(), &total)])
        .collect();
    let mut html = table(&[&["Crate folder"][..], &COUNT_HEADERS].concat(), rows);
    html.push_str(INVENTORY_NOTE);
    html
}

/// The fuzz campaign, one row per target.
pub fn fuzz_campaign(f: &crate::model::results::fuzz::Fuzz) -> String {
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let rows: Vec<String> = f
        .targets
        .iter()
        .map(|(name, t)| {
            format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                t.runs,
                t.seconds,
                opt(t.cov),
                opt(t.ft),
                t.corpus,
                t.findings.len()
            )
        })
        .collect();
    let mut html = table(
        &[
            "Target", "Runs", "Seconds", "cov", "ft", "Corpus", "Findings",
        ],
        rows,
    );
    let _ = writeln!(
        html,
        "<p class=\"tracker-provenance\"><small>From <code>examples/results/fuzz.json</code>: \
         {} s per target on {}, {}, AddressSanitizer, measured {}. A run that stops at a finding \
         has no coverage figures; the findings and their fixes are in \
         <code>crates/fuzz/findings/README.md</code>.</small></p>",
        f.seconds_per_target,
        escape(&f.toolchain),
        escape(&f.cargo_fuzz),
        escape(&f.date)
    );
    html
}

/// The columns of an inventory's counts, in [`count_cells`]' order.
const COUNT_HEADERS: [&str; 4] = [
    "unsafe blocks",
    "with a // SAFETY: comment",
    "unsafe fns",
    "unsafe impls",
];

/// One row's inventory cells, under [`COUNT_HEADERS`].
fn count_cells(c: &Counts) -> String {
    format!(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        c.blocks, c.safety_comments, c.unsafe_fns, c.unsafe_impls
    )
}

/// Where the `unsafe` counts come from, under each table that shows them.
const INVENTORY_NOTE: &str = "<p class=\"tracker-provenance\"><small>From \
    <code>examples/results/unsafe.json</code>, written by \
    <code>examples/tools/unsafe_inventory.py</code>; the <code>ci/test</code> step \
    <em>unsafe inventory</em> fails when it is out of date.</small></p>\n";

/// Lines of source files, counted from the files, beside their `unsafe`
/// counts from the inventory (the one counter of `unsafe`: the tracker
/// does not count it again), for the safe-versus-raw comparison.
pub fn code_stats(
    root: &Path,
    inventory: &Loaded<UnsafeInventory>,
    files: &[String],
) -> Result<String, String> {
    let inv = inventory.as_ref().map_err(Clone::clone)?;
    let mut rows = Vec::new();
    for file in files {
        let rel = Path::new(file);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(format!("`{file}`: give a path inside the repository"));
        }
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{file}: {e}"))?;
        let s = SourceStats::of(&text);
        let u = inv.file(file).ok_or_else(|| {
            format!(
                "`{file}` is not in {RESULTS_DIR}/{}: code-stats takes its unsafe counts from \
                 the inventory, which covers the .rs files of the example crates \
                 (run examples/tools/unsafe_inventory.py if the file is new)",
                UnsafeInventory::FILE
            )
        })?;
        rows.push(format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td>{}</tr>",
            escape(file),
            s.lines,
            s.code,
            count_cells(u)
        ));
    }
    let mut html = table(
        &[&["File", "Lines", "Code lines"][..], &COUNT_HEADERS].concat(),
        rows,
    );
    html.push_str(INVENTORY_NOTE);
    Ok(html)
}

/// Line counts of one source file. `unsafe` is not counted here: the
/// inventory (examples/results/unsafe.json) is the one count of it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SourceStats {
    pub lines: usize,
    /// Lines that are neither blank nor a `//` comment.
    pub code: usize,
}

impl SourceStats {
    pub fn of(text: &str) -> SourceStats {
        let mut s = SourceStats::default();
        for line in text.lines() {
            s.lines += 1;
            let t = line.trim();
            if !(t.is_empty() || t.starts_with("//")) {
                s.code += 1;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_readable() {
        assert_eq!(duration(512.0), "512 ns");
        assert_eq!(duration(1500.0), "1.50 µs");
        assert_eq!(bytes(241_092.0), "235.4 KiB");
    }

    #[test]
    fn stats_count_lines_and_code_lines() {
        let src = "// doc\nfn a() {\n    // SAFETY: fine\n    unsafe { x() }\n}\n\nunsafe extern \"C\" fn f() {}\n";
        assert_eq!(SourceStats::of(src), SourceStats { lines: 7, code: 4 });
    }

    #[test]
    fn fuzz_campaign_counts_findings_and_marks_missing_coverage() {
        let f: crate::model::results::fuzz::Fuzz = serde_json::from_value(serde_json::json!({
            "schema": 1, "date": "2026-12-08", "toolchain": "rustc <x>", "cargo_fuzz": "cargo-fuzz 0.13.2",
            "seconds_per_target": 75,
            "targets": {
                "a<b": {"runs": 10, "seconds": 75.04, "cov": 5, "ft": 9, "corpus": 3, "seeds": 1, "findings": []},
                "z": {"runs": 4, "seconds": 1.0, "cov": null, "ft": null, "corpus": 2, "seeds": 1, "findings": ["x", "y"]}
            }
        }))
        .expect("a campaign");
        let html = fuzz_campaign(&f);
        assert!(html.contains("<code>a&lt;b</code></td><td>10</td><td>75.0</td><td>5</td><td>9</td><td>3</td><td>0</td>"), "{html}");
        assert!(
            html.contains("<td>—</td><td>—</td><td>2</td><td>2</td>"),
            "{html}"
        );
        assert!(html.contains("rustc &lt;x&gt;"), "{html}");
    }

    #[test]
    fn unsafe_inventory_escapes_folders_and_totals_every_crate() {
        let counts = |b: u32, f: u32| serde_json::json!({"blocks": b, "safety_comments": b, "unsafe_fns": f, "unsafe_impls": 0, "unsafe_attrs": 0});
        let inv: UnsafeInventory = serde_json::from_value(serde_json::json!({
            "schema": 1,
            "crates": {
                "examples/<b>": {"totals": counts(2, 1), "files": {}},
                "examples/z": {"totals": counts(5, 0), "files": {}}
            }
        }))
        .expect("an inventory");
        let html = unsafe_inventory(&inv);
        assert!(html.contains("<code>examples/&lt;b&gt;</code>"), "{html}");
        assert!(
            html.contains(
                "all example crates</strong></td><td>7</td><td>7</td><td>1</td><td>0</td>"
            ),
            "{html}"
        );
    }

    #[test]
    fn bench_tables_refuse_quick_runs_and_escape_names() {
        let parse =
            |v: serde_json::Value| -> Bench { serde_json::from_value(v).expect("a bench file") };
        let file = |quick: bool| {
            serde_json::json!({
                "schema": 1, "generated": "g", "quick": quick,
                "machine": {"cpu": "c", "cores": 1}, "versions": {}, "settings": {"timer": "t"},
                "benchmarks": [{"module": "m", "operation": "enc<x>", "size": 64, "size_label": "64 B", "baseline": "b",
                    "results": [{"impl": "b", "median_ns": 100.0}, {"impl": "m.f", "median_ns": 50.0}],
                    "ratios": {"b": 1.0, "m.f": 2.0}}],
                "artifacts": [{"module": "m", "so_bytes": 2048}]
            })
        };
        assert!(bench_table(&parse(file(true)), "m").is_err());
        let data = parse(file(false));
        let html = bench_table(&data, "m").expect("renders");
        assert!(
            html.contains("enc&lt;x&gt;") && html.contains("2.00×"),
            "{html}"
        );
        assert!(bench_table(&data, "other").is_err());
        // The charts of the same data: SVG, the C module and the Rust one.
        let chart = crate::render::review::charts::bench_chart(&data, "m").expect("chart");
        assert!(
            chart.contains("<svg") && chart.contains("m.f") && chart.contains("2×"),
            "{chart}"
        );
        assert!(crate::render::review::charts::bench_chart(&data, "other").is_err());
        let sizes = crate::render::review::charts::size_chart(&data).expect("chart");
        assert!(sizes.contains("2 KiB"), "{sizes}");
    }
}
