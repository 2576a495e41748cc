//! HTML for `{{#tracker cpython-build}}`: the build-time and size tables of
//! examples/results/cpython-build.json (what Rust costs CPython's build).

use crate::model::results::cpython_build::{CpythonBuild, Size};
use crate::render::html::{escape, table};
use std::fmt::Write as _;

fn seconds(s: f64) -> String {
    format!("{s:.0} s")
}

/// Bytes as KiB or MiB, one decimal.
#[allow(clippy::cast_precision_loss)]
fn bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", n / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", n / 1024.0)
    }
}

fn size_row(what: &str, size: Option<&Size>) -> String {
    match size {
        Some(s) => format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(what),
            bytes(s.built),
            bytes(s.stripped)
        ),
        None => format!(
            "<tr><td>{}</td><td>not measured</td><td>not measured</td></tr>",
            escape(what)
        ),
    }
}

pub fn tables(r: &CpythonBuild) -> String {
    let t = &r.build_time;
    let time_rows = [("baseline (--with-rust=no)", &t.baseline), ("shared (_base64 in Rust)", &t.shared)]
        .into_iter()
        .map(|(name, x)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                seconds(x.wall_s),
                seconds(x.cpu_s),
                seconds(x.cargo_wall_s),
                seconds(x.cargo_cpu_s)
            )
        })
        .chain([format!(
            "<tr><td>shared / baseline</td><td>{:.2}×</td><td>{:.2}×</td><td colspan=\"2\">Cargo: {:.0}% of the CPU time</td></tr>",
            t.ratio_wall,
            t.ratio_cpu,
            t.cargo_cpu_share * 100.0
        )]);
    let mut html = table(
        &[
            "Clean build (median)",
            "Wall",
            "CPU (user+sys)",
            "Cargo wall",
            "Cargo CPU",
        ],
        time_rows,
    );
    let s = &r.sizes;
    let mut size_rows = Vec::new();
    for build in ["baseline", "shared", "static"] {
        size_rows.push(size_row(&format!("python, {build}"), s.python.get(build)));
    }
    for build in ["baseline", "shared", "static"] {
        size_rows.push(size_row(
            &format!("libpython3.13.a, {build}"),
            s.libpython.get(build),
        ));
    }
    size_rows.push(size_row(
        "_base64 extension (Rust)",
        s.module.get("_base64"),
    ));
    size_rows.push(size_row("binascii extension (C)", s.module.get("binascii")));
    // The Rust zlib against the C module and the libz it links (files measured since the
    // Rust zlib replaced zlibmodule.c; older files have no such rows).
    for (key, label) in [
        ("zlib", "zlib extension (Rust)"),
        ("zlib (C)", "zlib extension (C)"),
        ("libz", "libz, which the C zlib links"),
    ] {
        if let Some(size) = s.module.get(key) {
            size_rows.push(size_row(label, Some(size)));
        }
    }
    html.push_str(&table(&["File", "As built", "Stripped"], size_rows));
    let installed: Vec<String> = ["baseline", "shared", "difference"]
        .iter()
        .filter_map(|k| s.installed_tree.get(*k).map(|v| (k, v)))
        .map(|(k, v)| format!("{k} {}", bytes(v.unsigned_abs())))
        .collect();
    let _ = writeln!(
        html,
        "<p class=\"tracker-provenance\"><small>CPython {} ({}); installed tree: {}. {} repeats, make -j{} on {} CPUs, \
         load average {:.1} before and {:.1} after; {}, {}. Measured {} by <code>{}</code>.</small></p>",
        escape(&r.cpython.version),
        escape(&r.cpython.source),
        escape(&installed.join(", ")),
        r.repeats,
        r.machine.make_jobs,
        r.machine.cpus,
        r.machine.load_avg_1min_before,
        r.machine.load_avg_1min_after,
        escape(
            r.toolchain
                .get("rustc")
                .map_or("rustc unknown", String::as_str)
        ),
        escape(r.toolchain.get("gcc").map_or("gcc unknown", String::as_str)),
        escape(&r.generated),
        escape(&r.command),
    );
    html
}
