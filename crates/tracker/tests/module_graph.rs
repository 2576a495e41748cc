//! The tracker's folders are its pipeline stages, in the order data flows
//! ([`STAGES`]). This test reads `src/` and fails when
//! - a module imports (through a `crate::` or `super::` path) a module of a
//!   later stage: the model importing a renderer, a renderer the pipeline;
//! - a module is in no stage;
//! - two modules of different stages share a name, unless they are the
//!   model and the rendering of the same file, at the same path under
//!   `model/` and `render/` (`model::results::cpython_build` and
//!   `render::results::cpython_build`);
//! - any module reaches, through any chain of imports, back to itself
//!   (naming the first cycle it finds).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`pep::lint`) -> source without comments and tests.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .expect("under src")
                .with_extension("");
            let mut name = rel.to_string_lossy().replace(['/', '\\'], "::");
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_owned();
            }
            if name == "main" || name == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(name, code);
        }
    }
    out
}

/// The longest module path that `path` starts with.
fn resolve<'a>(names: &'a BTreeSet<String>, path: &str) -> Option<&'a String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| names.get(&parts[..n].join("::")))
}

/// `a::{b, c::d}` as `a::b`, `a::c::d`.
fn expand(body: &str) -> Vec<String> {
    match body.split_once('{') {
        None => vec![body.trim_end_matches(':').to_owned()],
        Some((base, rest)) => rest
            .trim_end_matches('}')
            .split(',')
            .map(|item| format!("{base}{}", item.trim().split(' ').next().unwrap_or("")))
            .collect(),
    }
}

fn edges(mods: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = mods.keys().cloned().collect();
    let path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut out = BTreeMap::new();
    for (name, code) in mods {
        let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
        let mut deps = BTreeSet::new();
        for (prefix, base) in [("crate::", String::new()), ("super::", parent.to_owned())] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let end = if rest.starts_with('{') {
                    rest.find('}').map_or(rest.len(), |i| i + 1)
                } else {
                    let head = rest.find(|c: char| !path_char(c)).unwrap_or(rest.len());
                    if rest[head..].starts_with('{') {
                        head + rest[head..].find('}').map_or(rest.len() - head, |i| i + 1)
                    } else {
                        head
                    }
                };
                for item in expand(&rest[..end].replace(['\n', ' '], "")) {
                    let full = if base.is_empty() {
                        item
                    } else {
                        format!("{base}::{item}")
                    };
                    if let Some(target) = resolve(&names, full.trim_start_matches('{'))
                        && target != name
                    {
                        deps.insert(target.clone());
                    }
                }
            }
        }
        out.insert(name.clone(), deps);
    }
    out
}

/// The stages, in the order the data flows through them, each with the
/// top-level modules (folders or files of `src/`) that make it up. A module
/// may import its own stage and earlier ones, never a later one.
const STAGES: &[(&str, &[&str])] = &[
    // diagnostics, dates, units, page scanning: what every stage shares
    ("base", &["base"]),
    // read and validate every input into typed values
    ("model", &["model"]),
    // status and changes, from the model
    ("derive", &["derive"]),
    // HTML, SVG, Markdown, JSON, RST, terminal; the directive registry
    ("render", &["render"]),
    // the one pipeline function the entry points call
    ("pipeline", &["pipeline"]),
    // the mdBook preprocessor and the CLI's commands (and main.rs)
    ("entry", &["preprocess", "commands", "scaffold"]),
];

/// The stage of a module (its index in [`STAGES`]), by its first segment.
fn stage(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or(module);
    STAGES.iter().position(|(_, tops)| tops.contains(&top))
}

fn stage_name(module: &str) -> &'static str {
    stage(module).map_or("none", |i| STAGES[i].0)
}

/// Every import that runs from a stage to a later one, as `from -> to`.
fn imports_up_a_stage(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut up = Vec::new();
    for (from, deps) in graph {
        for to in deps {
            if stage(to) > stage(from) {
                up.push(format!(
                    "{from} ({}) imports {to} ({})",
                    stage_name(from),
                    stage_name(to)
                ));
            }
        }
    }
    up
}

#[test]
fn every_module_is_in_a_stage() {
    let graph = edges(&modules());
    let lost: Vec<&String> = graph.keys().filter(|m| stage(m).is_none()).collect();
    assert!(
        lost.is_empty(),
        "modules in no stage (put them in a stage folder, or list them in STAGES): {lost:?}"
    );
}

#[test]
fn no_import_runs_up_a_stage() {
    let graph = edges(&modules());
    assert!(
        graph["pipeline"].contains("render::directives"),
        "the reader lost track of imports: {:?}",
        graph["pipeline"]
    );
    let up = imports_up_a_stage(&graph);
    assert!(
        up.is_empty(),
        "{} import(s) run up a stage (order: {}):\n{}",
        up.len(),
        STAGES
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(" -> "),
        up.join("\n")
    );
}

#[test]
fn one_name_one_thing() {
    let graph = edges(&modules());
    let mut by_name: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for module in graph.keys() {
        let leaf = module.rsplit("::").next().unwrap_or(module);
        by_name.entry(leaf).or_default().push(module);
    }
    // `model::X` and `render::X`: the model and the rendering of one thing.
    let mirrored = |a: &str, b: &str| {
        let rest = |m: &str| m.split_once("::").map(|(_, r)| r.to_owned());
        let tops = [a, b].map(|m| m.split("::").next().unwrap_or(m));
        rest(a).is_some()
            && rest(a) == rest(b)
            && tops.contains(&"model")
            && tops.contains(&"render")
    };
    let mut clashes = Vec::new();
    for (name, modules) in &by_name {
        for (i, a) in modules.iter().enumerate() {
            for b in &modules[i + 1..] {
                if stage(a) != stage(b) && !mirrored(a, b) {
                    clashes.push(format!("`{name}`: {a} and {b}"));
                }
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "one name, two things:\n{}",
        clashes.join("\n")
    );
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = edges(&modules());
    assert!(graph.len() >= 30, "the sources went missing: {graph:?}");
    // Depth-first search with the current path on a stack.
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path: Vec<(&String, Vec<&String>)> = vec![(start, graph[start].iter().collect())];
        let mut on_path: BTreeSet<&String> = BTreeSet::from([start]);
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match next.pop() {
                Some(dep) if on_path.contains(dep) => {
                    let from = path.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..].iter().map(|(n, _)| n.as_str()).collect();
                    panic!("import cycle: {} -> {dep}", cycle.join(" -> "));
                }
                Some(dep) if !done.contains(dep) => {
                    on_path.insert(dep);
                    path.push((dep, graph[dep].iter().collect()));
                }
                Some(_) => {}
                None => {
                    done.insert(node);
                    on_path.remove(node);
                    path.pop();
                }
            }
        }
    }
}
