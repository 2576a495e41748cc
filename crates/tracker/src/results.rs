//! Tables and charts from the measured results in `examples/results/`
//! (written by ci/test and ci/bench; schemas in examples/README.md), and
//! source statistics computed from the files themselves.

use crate::render::{escape, table};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Component, Path};

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `1234.5` ns as `1.23 µs`.
pub fn duration(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `241092` as `235.4 KiB`.
pub fn bytes(n: f64) -> String {
    if n >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", n / 1024.0 / 1024.0)
    } else if n >= 1024.0 {
        format!("{:.1} KiB", n / 1024.0)
    } else {
        format!("{n:.0} B")
    }
}

/// Where and with what a results file was measured, shown under a table.
fn provenance(bench: &Value) -> String {
    let machine = bench.get("machine").unwrap_or(&Value::Null);
    let versions = bench.get("versions").unwrap_or(&Value::Null);
    let simd: Vec<&str> = machine
        .get("simd")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!(
        "<p class=\"tracker-provenance\"><small>Measured {} on {} ({} cores; SIMD: {}), \
         CPython {}, {}, PyO3 {}, maturin {}; {}.</small></p>\n",
        escape(str_of(bench, "generated")),
        escape(str_of(machine, "cpu")),
        machine.get("cores").and_then(Value::as_u64).unwrap_or(0),
        escape(&simd.join(", ")),
        escape(str_of(versions, "python")),
        escape(str_of(versions, "rust")),
        escape(str_of(versions, "pyo3")),
        escape(str_of(versions, "maturin")),
        escape(str_of(
            bench.get("settings").unwrap_or(&Value::Null),
            "timer"
        )),
    )
}

fn cases<'a>(bench: &'a Value, module: &str) -> Result<Vec<&'a Value>, String> {
    if bench.get("quick").and_then(Value::as_bool) == Some(true) {
        return Err("examples/results/bench.json comes from a --quick run: rerun ci/bench".into());
    }
    let all = bench
        .get("benchmarks")
        .and_then(Value::as_array)
        .ok_or("examples/results/bench.json has no `benchmarks` list")?;
    let of: Vec<&Value> = all
        .iter()
        .filter(|c| str_of(c, "module") == module)
        .collect();
    if of.is_empty() {
        return Err(format!(
            "examples/results/bench.json has no benchmarks for `{module}`"
        ));
    }
    Ok(of)
}

/// Medians and ratios against the baseline, one row per operation and size.
pub fn bench_table(bench: &Value, module: &str) -> Result<String, String> {
    let cases = cases(bench, module)?;
    let mut impls: Vec<&str> = Vec::new();
    for c in &cases {
        for r in c
            .get("results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = str_of(r, "impl");
            if !impls.contains(&name) {
                impls.push(name);
            }
        }
    }
    let rows: Vec<String> = cases
        .iter()
        .map(|c| {
            let mut row = format!(
                "<tr><td>{}</td><td>{}</td>",
                escape(str_of(c, "operation")),
                escape(str_of(c, "size_label"))
            );
            for name in &impls {
                let result = c
                    .get("results")
                    .and_then(Value::as_array)
                    .and_then(|rs| rs.iter().find(|r| str_of(r, "impl") == *name));
                let ratio = c
                    .get("ratios")
                    .and_then(|r| r.get(*name))
                    .and_then(Value::as_f64);
                match (
                    result
                        .and_then(|r| r.get("median_ns"))
                        .and_then(Value::as_f64),
                    ratio,
                ) {
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
    let baseline = str_of(cases[0], "baseline");
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

/// A mermaid bar chart of the module's own speed-up over the baseline.
pub fn bench_chart(bench: &Value, module: &str) -> Result<String, String> {
    let cases = cases(bench, module)?;
    let baseline = str_of(cases[0], "baseline");
    let mut labels = Vec::new();
    let mut values = Vec::new();
    for c in &cases {
        // The module's own implementation: the first one named `module.*`.
        let prefix = format!("{module}.");
        let ratio = c
            .get("ratios")
            .and_then(Value::as_object)
            .and_then(|r| r.iter().find(|(name, _)| name.starts_with(&prefix)))
            .and_then(|(_, v)| v.as_f64())
            .ok_or_else(|| format!("no `{module}.*` ratio in a `{module}` benchmark"))?;
        labels.push(format!(
            "\"{} {}\"",
            str_of(c, "operation").replace('"', "'"),
            str_of(c, "size_label").replace('"', "'")
        ));
        values.push(format!("{ratio:.2}"));
    }
    Ok(format!(
        "```mermaid\nxychart-beta\n    accTitle: {module} speed-up over {baseline}\n    \
         accDescr: One bar per operation and input size; the bar's height is how many times faster {module} is than {baseline}\n    \
         title \"{module}: times faster than {baseline}\"\n    x-axis [{}]\n    y-axis \"speed-up (×)\"\n    bar [{}]\n```\n",
        labels.join(", "),
        values.join(", "),
    ))
}

/// Extension and wheel sizes and cold build times.
pub fn size_table(bench: &Value) -> Result<String, String> {
    let arts = bench
        .get("artifacts")
        .and_then(Value::as_array)
        .ok_or("examples/results/bench.json has no `artifacts` list")?;
    let num = |a: &Value, k: &str| a.get(k).and_then(Value::as_f64);
    let rows: Vec<String> = arts
        .iter()
        .map(|a| {
            format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(str_of(a, "module")),
                num(a, "so_bytes").map_or("–".into(), bytes),
                num(a, "wheel_bytes").map_or("–".into(), bytes),
                num(a, "build_seconds").map_or("–".into(), |s| format!("{s:.1} s")),
            )
        })
        .collect();
    let mut html = table(
        &["Module", "Extension (.so)", "Wheel", "Cold release build"],
        rows,
    );
    html.push_str(&provenance(bench));
    Ok(html)
}

/// A mermaid bar chart of the extension sizes.
pub fn size_chart(bench: &Value) -> Result<String, String> {
    let arts = bench
        .get("artifacts")
        .and_then(Value::as_array)
        .ok_or("examples/results/bench.json has no `artifacts` list")?;
    let mut labels = Vec::new();
    let mut values = Vec::new();
    for a in arts {
        let Some(size) = a.get("so_bytes").and_then(Value::as_f64) else {
            continue;
        };
        labels.push(format!("\"{}\"", str_of(a, "module").replace('"', "'")));
        values.push(format!("{:.0}", size / 1024.0));
    }
    if values.is_empty() {
        return Err("examples/results/bench.json records no .so sizes".into());
    }
    Ok(format!(
        "```mermaid\nxychart-beta\n    accTitle: Size of each example's extension module\n    \
         accDescr: One bar per module; the height is the size of its compiled .so file in KiB\n    \
         title \"Extension module size (KiB)\"\n    x-axis [{}]\n    y-axis \"KiB\"\n    bar [{}]\n```\n",
        labels.join(", "),
        values.join(", "),
    ))
}

/// Counts from running CPython's own test suites against the Rust modules.
pub fn cpython_suites(results: &Value) -> Result<String, String> {
    let suites = results
        .get("suites")
        .and_then(Value::as_object)
        .ok_or("examples/results/cpython-suites.json has no `suites`")?;
    let count = |s: &Value, k: &str| s.get(k).and_then(Value::as_u64).unwrap_or(0);
    let rows: Vec<String> = suites
        .iter()
        .map(|(name, s)| {
            let excluded: Vec<String> = s
                .get("excluded")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|e| format!("<code>{}</code>: {}", escape(str_of(e, "test")), escape(str_of(e, "reason"))))
                .collect();
            format!(
                "<tr><td><code>test.{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                escape(str_of(s, "module")),
                count(s, "passed"),
                count(s, "failed"),
                count(s, "errors"),
                count(s, "skipped"),
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
        escape(str_of(results, "generated")),
        escape(str_of(results, "python"))
    );
    Ok(html)
}

/// Line and `unsafe` counts of source files, for the safe-versus-raw
/// comparison.
pub fn code_stats(root: &Path, files: &[String]) -> Result<String, String> {
    let mut rows = Vec::new();
    for file in files {
        let rel = Path::new(file);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(format!("`{file}`: give a path inside the repository"));
        }
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{file}: {e}"))?;
        let s = SourceStats::of(&text);
        rows.push(format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(file),
            s.lines,
            s.code,
            s.unsafe_uses,
            s.safety_comments
        ));
    }
    Ok(table(
        &[
            "File",
            "Lines",
            "Code lines",
            "unsafe blocks/fns/impls",
            "// SAFETY: comments",
        ],
        rows,
    ))
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SourceStats {
    pub lines: usize,
    pub code: usize,
    pub unsafe_uses: usize,
    pub safety_comments: usize,
}

impl SourceStats {
    pub fn of(text: &str) -> SourceStats {
        let mut s = SourceStats::default();
        for line in text.lines() {
            s.lines += 1;
            let t = line.trim();
            if t.starts_with("// SAFETY:") {
                s.safety_comments += 1;
            }
            if t.is_empty() || t.starts_with("//") {
                continue;
            }
            s.code += 1;
            s.unsafe_uses += t.matches("unsafe {").count()
                + t.matches("unsafe fn ").count()
                + t.matches("unsafe extern").count()
                + t.matches("unsafe impl").count();
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
    fn stats_count_unsafe_and_safety_comments() {
        let src = "// doc\nfn a() {\n    // SAFETY: fine\n    unsafe { x() }\n}\n\nunsafe extern \"C\" fn f() {}\n";
        assert_eq!(
            SourceStats::of(src),
            SourceStats {
                lines: 7,
                code: 4,
                unsafe_uses: 2,
                safety_comments: 1
            }
        );
    }

    #[test]
    fn bench_tables_refuse_quick_runs_and_escape_names() {
        let quick = serde_json::json!({"quick": true, "benchmarks": []});
        assert!(bench_table(&quick, "m").is_err());
        let data = serde_json::json!({
            "quick": false,
            "benchmarks": [{"module": "m", "operation": "enc<x>", "size_label": "64 B", "baseline": "b",
                "results": [{"impl": "b", "median_ns": 100.0}, {"impl": "m.f", "median_ns": 50.0}],
                "ratios": {"b": 1.0, "m.f": 2.0}}]
        });
        let html = bench_table(&data, "m").expect("renders");
        assert!(
            html.contains("enc&lt;x&gt;") && html.contains("2.00×"),
            "{html}"
        );
        assert!(
            bench_chart(&data, "m")
                .expect("chart")
                .contains("bar [2.00]")
        );
        assert!(bench_table(&data, "other").is_err());
        let sizes = serde_json::json!({"artifacts": [{"module": "m", "so_bytes": 2048}]});
        assert!(size_chart(&sizes).expect("chart").contains("bar [2]"));
    }
}
