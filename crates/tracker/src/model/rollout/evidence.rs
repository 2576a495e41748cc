//! Checking evidence: a done milestone or a met criterion points at
//! something the tracker can verify offline. Evidence that is missing,
//! failing, or older than the code it measures is an error state, shown on
//! the dashboard and fatal in `tracker check`.

use super::{Evidence, MilestoneStatus, Rollout};
use crate::model::pep::Draft;
use crate::model::results::Results;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The outcome of checking one piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Verified.
    Ok,
    /// A link: its form is checked, its content cannot be (no network).
    Linked,
    /// The thing it points at does not exist.
    Missing,
    /// It exists and says something else.
    Failing,
    /// It measured other sources than the ones in the tree now.
    Stale,
}

impl State {
    pub fn is_error(self) -> bool {
        matches!(self, State::Missing | State::Failing | State::Stale)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Linked => "linked",
            State::Missing => "missing",
            State::Failing => "failing",
            State::Stale => "stale",
        }
    }
}

/// A piece of evidence with what it was checked to be.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Short human description (`test_binascii (rs_base64) failed == 0`).
    pub label: String,
    /// A URL or book path to show the evidence, if there is one.
    pub href: Option<String>,
    pub state: State,
    /// What is wrong, for the error states.
    pub detail: Option<String>,
    /// The evidence as a sentence with its numbers, for readers.
    pub sentence: Option<String>,
}

impl Checked {
    fn new(label: String, href: Option<String>, outcome: Result<State, (State, String)>) -> Self {
        let (state, detail) = match outcome {
            Ok(state) => (state, None),
            Err((state, detail)) => (state, Some(detail)),
        };
        Checked {
            label,
            href,
            state,
            detail,
            sentence: None,
        }
    }
}

fn missing(detail: impl Into<String>) -> (State, String) {
    (State::Missing, detail.into())
}

fn failing(detail: impl Into<String>) -> (State, String) {
    (State::Failing, detail.into())
}

/// What evidence is checked against; source hashes are computed once.
pub struct Checker<'a> {
    pub root: &'a Path,
    pub drafts: &'a [Draft],
    pub rollout: &'a Rollout,
    pub results: &'a Results,
    hashes: RefCell<HashMap<PathBuf, Result<String, String>>>,
}

impl<'a> Checker<'a> {
    pub fn new(
        root: &'a Path,
        drafts: &'a [Draft],
        rollout: &'a Rollout,
        results: &'a Results,
    ) -> Self {
        Checker {
            root,
            drafts,
            rollout,
            results,
            hashes: RefCell::default(),
        }
    }

    pub fn check(&self, ev: &Evidence) -> Checked {
        if let Some(url) = &ev.link {
            let outcome = if is_https_url(url) {
                Ok(State::Linked)
            } else {
                Err(failing(format!("not an https URL: {url}")))
            };
            return Checked::new(url.clone(), Some(url.clone()), outcome);
        }
        if let Some(number) = ev.pep {
            return self.check_pep(number, ev.status.as_deref());
        }
        if let Some(id) = &ev.milestone {
            let outcome = match self.rollout.milestone(id) {
                None => Err(missing(format!("no milestone `{id}`"))),
                Some(m) if m.status() == Some(MilestoneStatus::Done) => Ok(State::Ok),
                Some(m) => Err(failing(format!(
                    "milestone `{id}` is {}",
                    m.status.as_ref()
                ))),
            };
            return Checked::new(format!("milestone {id} done"), None, outcome);
        }
        if let Some(measure) = &ev.measure {
            return self.check_measure(measure, ev);
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
            let outcome = if worst.is_empty() {
                Ok(State::Ok)
            } else {
                Err(failing(format!("below tier {max}: {}", worst.join(", "))))
            };
            return Checked::new(
                format!("every PEP 11 platform has a Rust target at tier {max} or higher"),
                None,
                outcome,
            );
        }
        Checked::new(
            "(empty evidence)".into(),
            None,
            Err(missing("evidence names nothing to check")),
        )
    }

    fn check_pep(&self, number: u32, want: Option<&str>) -> Checked {
        let draft = self.drafts.iter().find(|d| d.number() == Some(number));
        let outcome = match (draft, want) {
            (None, _) => Err(missing(format!("no draft pep-{number}.md in pep-drafts/"))),
            (Some(d), Some(want)) if d.value("Status") != Some(want) => Err(failing(format!(
                "PEP {number} is {}, not {want}",
                d.value("Status").unwrap_or("without a status")
            ))),
            (Some(_), _) => Ok(State::Ok),
        };
        Checked::new(
            match want {
                Some(s) => format!("PEP {number} is {s}"),
                None => format!("PEP {number} exists"),
            },
            draft.map(|d| d.book_path()),
            outcome,
        )
    }

    fn check_measure(&self, measure: &str, ev: &Evidence) -> Checked {
        let expect = ev.expect.as_deref().unwrap_or("");
        let empty = toml::Value::Table(toml::Table::new());
        let query = ev.of.as_ref().unwrap_or(&empty);
        match self.results.measure(measure, query) {
            Err(e) => Checked::new(format!("{measure} {expect}"), None, Err(missing(e))),
            Ok(m) => {
                let label = format!("{} {expect} in {}", m.label, m.file);
                let outcome = self.stale(&m.file, m.sources, &ev.sources).and_then(|()| {
                    match compare(m.value, expect) {
                        Ok(true) => Ok(State::Ok),
                        Ok(false) => Err(failing(format!(
                            "{} is {}, expected {expect}",
                            m.label, m.value
                        ))),
                        Err(e) => Err(failing(e)),
                    }
                });
                let mut checked = Checked::new(label, None, outcome);
                checked.sentence = crate::model::results::sentences::measured(
                    self.results,
                    measure,
                    query,
                    m.value,
                );
                checked
            }
        }
    }

    /// Whether the results file measured the sources that are in the tree
    /// now: each folder the evidence names must have the hash the file
    /// recorded.
    fn stale(
        &self,
        file: &str,
        recorded: &std::collections::BTreeMap<String, String>,
        dirs: &[String],
    ) -> Result<(), (State, String)> {
        for dir in dirs {
            let current = self.source_hash(dir).map_err(missing)?;
            match recorded.get(dir) {
                None => {
                    return Err((
                        State::Stale,
                        format!("{file} records no source hash for {dir}"),
                    ));
                }
                Some(r) if *r != current => {
                    return Err((
                        State::Stale,
                        format!("{dir} changed since {file} was measured: rerun the measurement"),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
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

/// The one URL rule of the data: `https://`, a dotted host, no spaces (CI
/// has no network, so the form is what can be checked).
pub(crate) fn is_https_url(url: &str) -> bool {
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
/// READMEs, following symlinks. Measurement files record it; a different hash now means the
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
    // A symlinked folder (examples/cpython/Modules/rs-base64-codec) is code
    // the measured build compiles: hash what it points to.
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !skipped(&e.file_name().to_string_lossy()));
    for entry in walk {
        let entry = entry?;
        if !entry.file_type().is_dir() {
            let path = entry.path();
            out.push(path.strip_prefix(base).unwrap_or(path).to_path_buf());
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
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::create_dir_all(dir.join("tests")).expect("mkdir");
        std::fs::write(dir.join("src/lib.rs"), "fn a() {}").expect("write");
        let first = source_hash(dir).expect("hash");
        std::fs::write(dir.join("tests/test_x.py"), "x").expect("write");
        std::fs::write(dir.join("README.md"), "x").expect("write");
        assert_eq!(source_hash(dir).expect("hash"), first);
        std::fs::write(dir.join("src/lib.rs"), "fn b() {}").expect("write");
        assert_ne!(source_hash(dir).expect("hash"), first);
    }

    #[cfg(unix)]
    #[test]
    fn source_hash_follows_a_symlinked_folder() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (shared, user) = (tmp.path().join("codec"), tmp.path().join("module"));
        std::fs::create_dir_all(shared.join("src")).expect("mkdir");
        std::fs::create_dir_all(&user).expect("mkdir");
        std::fs::write(shared.join("src/lib.rs"), "fn a() {}").expect("write");
        std::os::unix::fs::symlink(&shared, user.join("codec")).expect("symlink");
        let first = source_hash(&user).expect("a symlinked folder is hashed, not read as a file");
        std::fs::write(shared.join("src/lib.rs"), "fn b() {}").expect("write");
        assert_ne!(source_hash(&user).expect("hash"), first);
    }
}
