//! The tracker's modules form layers (model at the bottom, renderers above,
//! the directive registry, then `check`, the preprocessor and the CLI): no
//! module may reach, through any chain of `crate::`/`super::` paths, back to
//! itself. This test reads `src/` and fails on the first cycle it finds,
//! naming it.

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

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = edges(&modules());
    assert!(graph.len() >= 30, "the sources went missing: {graph:?}");
    assert!(
        graph["check"].contains("directives"),
        "the reader lost track of imports: {:?}",
        graph["check"]
    );
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
