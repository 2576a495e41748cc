//! `tracker new-module NAME`: a new extension module copied from
//! `examples/template`, with its names changed.
//!
//! Inside the workspace the copy keeps inheriting the workspace's versions
//! and lints; anywhere else it becomes a standalone crate, with every
//! inherited value written out. The copy is assembled in a temporary folder
//! next to the destination and renamed into place, so a failure leaves
//! nothing half-written.

use std::path::{Path, PathBuf};

pub const TEMPLATE_DIR: &str = "examples/template";

/// Validates NAME: the short module name, e.g. `zlib` for `rs_zlib`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok && name != "template" {
        Ok(())
    } else {
        Err(format!(
            "`{name}`: a module name is lowercase ASCII letters, digits and `_`, starting with a letter"
        ))
    }
}

/// The replacements applied to file names and contents.
pub fn replacements(name: &str) -> [(String, String); 3] {
    [
        ("rs_template".to_owned(), format!("rs_{name}")),
        (
            "rs-template".to_owned(),
            format!("rs-{}", name.replace('_', "-")),
        ),
        ("examples/template".to_owned(), format!("examples/{name}")),
    ]
}

fn apply(text: &str, reps: &[(String, String)]) -> String {
    reps.iter()
        .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

fn skipped(name: &str) -> bool {
    matches!(
        name,
        "target" | "__pycache__" | ".pytest_cache" | ".hypothesis"
    ) || name.ends_with(".so")
        || name.ends_with(".pyc")
}

/// Copies the template of `root` to `dest` as module `name`; returns the
/// destination.
pub fn new_module(root: &Path, name: &str, dest: Option<&Path>) -> Result<PathBuf, String> {
    check_name(name)?;
    let dest = dest.map_or_else(|| root.join("examples").join(name), Path::to_path_buf);
    if dest.exists() {
        return Err(format!("{} already exists", dest.display()));
    }
    let parent = dest
        .parent()
        .filter(|p| p.is_dir())
        .ok_or_else(|| format!("the parent folder of {} does not exist", dest.display()))?;
    let in_workspace = parent
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .is_some_and(|(p, r)| p.starts_with(r));
    let reps = replacements(name);
    // A temporary folder beside the destination (so the final rename stays
    // on one file system), removed on every path out of here.
    let staging_dir = tempfile::Builder::new()
        .prefix(&format!(".new-module-{name}-"))
        .tempdir_in(parent)
        .map_err(|e| format!("creating a staging folder in {}: {e}", parent.display()))?;
    let staging = staging_dir.path().join(name);
    let result = copy_tree(&root.join(TEMPLATE_DIR), &staging, &reps)
        .map_err(|e| format!("copying the template: {e}"))
        .and_then(|()| {
            if in_workspace {
                Ok(())
            } else {
                standalone(root, &staging.join("Cargo.toml"))
            }
        })
        .and_then(|()| {
            std::fs::rename(&staging, &dest).map_err(|e| format!("moving into place: {e}"))
        });
    result.map(|()| dest)
}

fn copy_tree(from: &Path, to: &Path, reps: &[(String, String)]) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if skipped(&name) {
            continue;
        }
        let target = to.join(apply(&name, reps));
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target, reps)?;
        } else {
            let bytes = std::fs::read(entry.path())?;
            match String::from_utf8(bytes) {
                Ok(text) => std::fs::write(&target, apply(&text, reps))?,
                Err(e) => std::fs::write(&target, e.into_bytes())?,
            }
        }
    }
    Ok(())
}

/// Replaces `x.workspace = true` in a crate manifest by the workspace's
/// values and makes the crate its own workspace.
fn standalone(root: &Path, manifest: &Path) -> Result<(), String> {
    let read = |p: &Path| -> Result<toml::Table, String> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        text.parse::<toml::Table>()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let ws_file = read(&root.join("Cargo.toml"))?;
    let ws = ws_file
        .get("workspace")
        .and_then(toml::Value::as_table)
        .ok_or("the root Cargo.toml has no [workspace]")?;
    let mut krate = read(manifest)?;
    let empty = toml::Table::new();
    let ws_package = ws
        .get("package")
        .and_then(toml::Value::as_table)
        .unwrap_or(&empty);
    let ws_deps = ws
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .unwrap_or(&empty);
    if let Some(package) = krate.get_mut("package").and_then(toml::Value::as_table_mut) {
        for (key, value) in package.iter_mut() {
            if inherits(value) {
                *value = ws_package
                    .get(key)
                    .cloned()
                    .ok_or_else(|| format!("workspace.package has no `{key}`"))?;
            }
        }
    }
    for section in ["dependencies", "build-dependencies", "dev-dependencies"] {
        let Some(deps) = krate.get_mut(section).and_then(toml::Value::as_table_mut) else {
            continue;
        };
        for (dep, value) in deps.iter_mut() {
            if !inherits(value) {
                continue;
            }
            let base = ws_deps
                .get(dep)
                .ok_or_else(|| format!("workspace.dependencies has no `{dep}`"))?;
            let mut merged = match base {
                toml::Value::String(v) => {
                    let mut t = toml::Table::new();
                    t.insert("version".into(), toml::Value::String(v.clone()));
                    t
                }
                toml::Value::Table(t) => t.clone(),
                _ => {
                    return Err(format!(
                        "workspace dependency `{dep}` has an unexpected form"
                    ));
                }
            };
            if let Some(own) = value.as_table() {
                for (k, v) in own {
                    if k != "workspace" {
                        merged.insert(k.clone(), v.clone());
                    }
                }
            }
            *value = toml::Value::Table(merged);
        }
    }
    if krate.get("lints").is_some_and(inherits) {
        match ws.get("lints") {
            Some(lints) => krate.insert("lints".into(), lints.clone()),
            None => krate.remove("lints"),
        };
    }
    krate.insert("workspace".into(), toml::Value::Table(toml::Table::new()));
    let text = toml::to_string(&krate).map_err(|e| e.to_string())?;
    std::fs::write(manifest, text).map_err(|e| format!("{}: {e}", manifest.display()))
}

fn inherits(value: &toml::Value) -> bool {
    value
        .as_table()
        .and_then(|t| t.get("workspace"))
        .and_then(toml::Value::as_bool)
        == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_replaced_consistently() {
        assert!(check_name("zlib").is_ok());
        assert!(check_name("bz2_x").is_ok());
        for bad in ["", "Zlib", "1x", "a-b", "template", "../x"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        let reps = replacements("my_mod");
        assert_eq!(
            apply("rs_template rs-template examples/template template", &reps),
            "rs_my_mod rs-my-mod examples/my_mod template"
        );
    }

    #[test]
    fn scaffolds_a_standalone_crate_outside_the_workspace() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let tmp = tempfile::tempdir().expect("temp dir");
        let tmp = tmp.path();
        let dest = new_module(&root, "demo", Some(&tmp.join("demo"))).expect("scaffolds");
        let manifest = std::fs::read_to_string(dest.join("Cargo.toml")).expect("manifest");
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        assert!(manifest.contains("name = \"rs-demo\""), "{manifest}");
        assert!(manifest.contains("[workspace]"), "{manifest}");
        assert!(dest.join("rs_demo.pyi").exists());
        let lib = std::fs::read_to_string(dest.join("src/lib.rs")).expect("lib.rs");
        assert!(lib.contains("rs_demo") && !lib.contains("rs_template"));
        assert!(
            new_module(&root, "demo", Some(&dest)).is_err(),
            "refuses to overwrite"
        );
        let left: Vec<_> = std::fs::read_dir(tmp).expect("list").collect();
        assert_eq!(left.len(), 1, "no staging folder is left behind: {left:?}");
    }
}
