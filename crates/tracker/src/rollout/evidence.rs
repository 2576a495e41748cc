//! Checking evidence: a done milestone or a met criterion points at
//! something the tracker can verify offline. Evidence that is missing,
//! failing, or older than the code it measures is an error state, shown on
//! the dashboard and fatal in `tracker check`.

use super::{Evidence, MilestoneStatus, Rollout};
use crate::pep::Draft;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The outcome of checking one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Verified.
    Ok,
    /// A link: its form is checked, its content cannot be (no network).
    Linked,
    /// The thing it points at does not exist.
    Missing(String),
    /// It exists and says something else.
    Failing(String),
    /// It measured other sources than the ones in the tree now.
    Stale(String),
}

impl State {
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            State::Missing(_) | State::Failing(_) | State::Stale(_)
        )
    }

    pub fn name(&self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Linked => "linked",
            State::Missing(_) => "missing",
            State::Failing(_) => "failing",
            State::Stale(_) => "stale",
        }
    }

    pub fn detail(&self) -> Option<&str> {
        match self {
            State::Missing(s) | State::Failing(s) | State::Stale(s) => Some(s),
            State::Ok | State::Linked => None,
        }
    }
}

/// A piece of evidence with what it was checked to be.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Short human description (`rs_base64 test_binascii failed == 0`).
    pub label: String,
    /// A URL or book path to show the evidence, if there is one.
    pub href: Option<String>,
    pub state: State,
}

/// What evidence is checked against; results files are read once.
pub struct Checker<'a> {
    pub root: &'a Path,
    pub drafts: &'a [Draft],
    pub rollout: &'a Rollout,
    results: RefCell<HashMap<PathBuf, Result<serde_json::Value, String>>>,
    hashes: RefCell<HashMap<PathBuf, Result<String, String>>>,
}

impl<'a> Checker<'a> {
    pub fn new(root: &'a Path, drafts: &'a [Draft], rollout: &'a Rollout) -> Self {
        Checker {
            root,
            drafts,
            rollout,
            results: RefCell::default(),
            hashes: RefCell::default(),
        }
    }

    pub fn check(&self, ev: &Evidence) -> Checked {
        if let Some(url) = &ev.link {
            return Checked {
                label: url.clone(),
                href: Some(url.clone()),
                state: if is_https_url(url) {
                    State::Linked
                } else {
                    State::Failing(format!("not an https URL: {url}"))
                },
            };
        }
        if let Some(number) = ev.pep {
            return self.check_pep(number, ev.status.as_deref());
        }
        if let Some(id) = &ev.milestone {
            let state = match self.rollout.milestone(id) {
                None => State::Missing(format!("no milestone `{id}`")),
                Some(m) if m.status() == MilestoneStatus::Done => State::Ok,
                Some(m) => State::Failing(format!("milestone `{id}` is {}", m.status())),
            };
            return Checked {
                label: format!("milestone {id} done"),
                href: None,
                state,
            };
        }
        if let Some(file) = &ev.measure {
            return self.check_measure(file, ev);
        }
        if let Some(max) = ev.platforms_rust_tier_at_most {
            let worst = self
                .rollout
                .data
                .platform
                .iter()
                .filter(|p| *p.rust_tier.as_ref() > max)
                .map(|p| p.cpython.as_ref().clone())
                .collect::<Vec<_>>();
            return Checked {
                label: format!("every PEP 11 platform has a Rust target at tier {max} or higher"),
                href: None,
                state: if worst.is_empty() {
                    State::Ok
                } else {
                    State::Failing(format!("below tier {max}: {}", worst.join(", ")))
                },
            };
        }
        Checked {
            label: "(empty evidence)".into(),
            href: None,
            state: State::Missing("evidence names nothing to check".into()),
        }
    }

    fn check_pep(&self, number: u32, want: Option<&str>) -> Checked {
        let draft = self.drafts.iter().find(|d| d.number() == Some(number));
        let state = match (draft, want) {
            (None, _) => State::Missing(format!("no draft pep-{number}.md in pep-drafts/")),
            (Some(d), Some(want)) if d.value("Status") != Some(want) => State::Failing(format!(
                "PEP {number} is {}, not {want}",
                d.value("Status").unwrap_or("without a status")
            )),
            (Some(_), _) => State::Ok,
        };
        Checked {
            label: match want {
                Some(s) => format!("PEP {number} is {s}"),
                None => format!("PEP {number} exists"),
            },
            href: draft.map(|d| d.book_path()),
            state,
        }
    }

    fn check_measure(&self, file: &str, ev: &Evidence) -> Checked {
        let key = ev.key.as_deref().unwrap_or("");
        let expect = ev.expect.as_deref().unwrap_or("");
        let label = format!("{key} {expect} in {file}");
        let state = self.measure_state(file, key, expect, &ev.sources);
        Checked {
            label,
            href: None,
            state,
        }
    }

    fn measure_state(&self, file: &str, key: &str, expect: &str, sources: &[String]) -> State {
        let path = self.root.join(file);
        let mut cache = self.results.borrow_mut();
        let json = cache.entry(path.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))
        });
        let json = match json {
            Ok(j) => j,
            Err(e) => return State::Missing(e.clone()),
        };
        for dir in sources {
            let recorded = json
                .get("sources")
                .and_then(|s| s.get(dir))
                .and_then(|h| h.as_str());
            let current = self.source_hash(dir);
            match (recorded, current) {
                (_, Err(e)) => return State::Missing(e),
                (None, _) => {
                    return State::Stale(format!("{file} records no source hash for {dir}"));
                }
                (Some(r), Ok(c)) if r != c => {
                    return State::Stale(format!(
                        "{dir} changed since {file} was measured: rerun the measurement"
                    ));
                }
                _ => {}
            }
        }
        // Dotted path; a numeric segment indexes a list.
        let Some(value) = key
            .split('.')
            .try_fold(&*json, |v, k| match v {
                serde_json::Value::Array(items) => {
                    k.parse::<usize>().ok().and_then(|i| items.get(i))
                }
                _ => v.get(k),
            })
            .and_then(serde_json::Value::as_f64)
        else {
            return State::Missing(format!("no number at `{key}` in {file}"));
        };
        match compare(value, expect) {
            Ok(true) => State::Ok,
            Ok(false) => State::Failing(format!("{key} is {value}, expected {expect}")),
            Err(e) => State::Failing(e),
        }
    }

    fn source_hash(&self, dir: &str) -> Result<String, String> {
        let path = self.root.join(dir);
        self.hashes
            .borrow_mut()
            .entry(path.clone())
            .or_insert_with(|| source_hash(&path).map_err(|e| format!("{dir}: {e}")))
            .clone()
    }
}

fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| rest.contains('.') && !rest.contains(char::is_whitespace))
}

/// `value` against `>= 1.0`, `== 0`, ...
pub fn compare(value: f64, expect: &str) -> Result<bool, String> {
    let expect = expect.trim();
    type Op = fn(f64, f64) -> bool;
    let ops: [(&str, Op); 5] = [
        (">=", |a, b| a >= b),
        ("<=", |a, b| a <= b),
        ("==", |a, b| a == b),
        (">", |a, b| a > b),
        ("<", |a, b| a < b),
    ];
    for (op, f) in ops {
        if let Some(rest) = expect.strip_prefix(op) {
            let want: f64 = rest
                .trim()
                .parse()
                .map_err(|_| format!("`{expect}`: expected a number after `{op}`"))?;
            return Ok(f(value, want));
        }
    }
    Err(format!(
        "`{expect}`: expected `>=`, `<=`, `==`, `>` or `<` and a number"
    ))
}

/// Folders and files that are not the code a measurement measured.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "tests" | "target" | "__pycache__" | ".pytest_cache" | ".hypothesis" | "README.md"
    ) || name.ends_with(".so")
        || name.ends_with(".pyc")
}

/// SHA-256 over the sources of a folder: each file's relative path and
/// contents, in path order, skipping tests, caches, build output and
/// READMEs. Measurement files record it; a different hash now means the
/// measurement is stale. `tracker source-hash DIR` prints it.
pub fn source_hash(dir: &Path) -> std::io::Result<String> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for rel in files {
        let contents = std::fs::read(dir.join(&rel))?;
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if skipped(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(base, &path, out)?;
        } else {
            out.push(path.strip_prefix(base).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons() {
        assert_eq!(compare(1.2, ">= 1.0"), Ok(true));
        assert_eq!(compare(0.0, "== 0"), Ok(true));
        assert_eq!(compare(3.0, "< 2"), Ok(false));
        assert!(compare(1.0, "about 1").is_err());
        assert!(compare(1.0, ">= x").is_err());
    }

    #[test]
    fn source_hash_ignores_tests_and_caches_but_not_code() {
        let dir = std::env::temp_dir().join(format!("tracker-hash-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::create_dir_all(dir.join("tests")).expect("mkdir");
        std::fs::write(dir.join("src/lib.rs"), "fn a() {}").expect("write");
        let first = source_hash(&dir).expect("hash");
        std::fs::write(dir.join("tests/test_x.py"), "x").expect("write");
        std::fs::write(dir.join("README.md"), "x").expect("write");
        assert_eq!(source_hash(&dir).expect("hash"), first);
        std::fs::write(dir.join("src/lib.rs"), "fn b() {}").expect("write");
        assert_ne!(source_hash(&dir).expect("hash"), first);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
