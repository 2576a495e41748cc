//! What changed between a git revision and the working tree: milestones,
//! criteria, risks, decisions, phases and PEP statuses. The old data is read
//! with `git show`, so the history of `pep-drafts/` is the record.

use crate::base::diag::Diagnostics;
use crate::derive::Project;
use crate::derive::status::{self, ReviewView, Status};
use crate::model::pep::Draft;
use crate::model::rollout::{ROLLOUT_FILE, Rollout};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `phase`, `milestone`, `criterion`, `risk`, `decision` or `pep`.
    pub kind: &'static str,
    pub id: String,
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The revision as given, and the commit it resolved to.
    pub rev: String,
    pub commit: String,
    pub changes: Vec<Change>,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Why the changes cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The revision is not in this clone, and the clone is shallow: the
    /// history is incomplete, not the data wrong.
    ShallowClone(String),
    /// Anything else: a revision that does not exist, git failing, old data
    /// that does not parse, current data with errors.
    Other(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::ShallowClone(e) => write!(
                f,
                "{e} (a shallow clone: fetch the history with `git fetch --unshallow`)"
            ),
            Error::Other(e) => f.write_str(e),
        }
    }
}

impl From<String> for Error {
    fn from(e: String) -> Self {
        Error::Other(e)
    }
}

/// Whether `path` (relative to `root`) exists at `commit`. An error of git
/// is an error, not an absent file.
fn exists_at(root: &Path, commit: &str, path: &str) -> Result<bool, String> {
    Ok(!git(root, &["ls-tree", "--name-only", commit, "--", path])?
        .trim()
        .is_empty())
}

/// The status recorded at `commit` (evidence not re-checked), or `None` if
/// the rollout file did not exist there.
fn status_at(root: &Path, commit: &str) -> Result<Option<Status>, String> {
    if !exists_at(root, commit, ROLLOUT_FILE)? {
        return Ok(None);
    }
    // `./` makes the path relative to `root`, which need not be the top of
    // the repository.
    let text = git(root, &["show", &format!("{commit}:./{ROLLOUT_FILE}")])?;
    // Older revisions wrote an older schema: read them as the current one.
    let text = crate::model::rollout::upgrade::upgrade(&text).unwrap_or(text);
    let mut diags = Diagnostics::new();
    let invalid = |diags: Diagnostics| {
        let first = diags.sorted().into_iter().next();
        format!(
            "{ROLLOUT_FILE} at {commit} does not parse: {}",
            first.map(|d| d.to_string()).unwrap_or_default()
        )
    };
    let Some(rollout) = Rollout::parse(Path::new(ROLLOUT_FILE), &text, &mut diags) else {
        return Err(invalid(diags));
    };
    let mut drafts = Vec::new();
    for name in git(
        root,
        &["ls-tree", "--name-only", commit, "--", "pep-drafts/"],
    )?
    .lines()
    {
        let file = Path::new(name);
        let is_draft = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("pep-") && n.ends_with(".md"));
        if !is_draft {
            continue;
        }
        let text = git(root, &["show", &format!("{commit}:./{name}")])?;
        if let Some(d) = Draft::parse(file, &text, &mut Diagnostics::new()) {
            drafts.push(d);
        }
    }
    status::compute(&rollout, &drafts, None)
        .map(Some)
        .map_err(|e| format!("{ROLLOUT_FILE} at {commit}: {e}"))
}

/// Changes between `rev` and the working tree.
pub fn since(project: &Project, rev: &str) -> Result<Changes, Error> {
    let now = project
        .status
        .as_ref()
        .map_err(|e| Error::Other(format!("{e}; run `tracker check`")))?;
    let verify = ["rev-parse", "--verify", &format!("{rev}^{{commit}}")];
    let commit = match git(&project.root, &verify) {
        Ok(commit) => commit.trim().to_owned(),
        Err(e) if is_shallow(&project.root)? => return Err(Error::ShallowClone(e)),
        Err(e) => return Err(Error::Other(format!("no revision `{rev}`: {e}"))),
    };
    let old = status_at(&project.root, &commit)?;
    Ok(Changes {
        rev: rev.to_owned(),
        commit,
        changes: diff(old.as_ref(), now),
    })
}

/// Whether `root` is a shallow clone, whose history may not reach a
/// revision the data names.
pub fn is_shallow(root: &Path) -> Result<bool, String> {
    Ok(git(root, &["rev-parse", "--is-shallow-repository"])?.trim() == "true")
}

/// Changes since the last Steering Council review recorded in the data,
/// with that review; with none recorded, since the first recorded state of
/// the data (`first-revision`), and no review.
pub fn since_last_review(project: &Project) -> Result<(Option<ReviewView>, Changes), Error> {
    let status = project
        .status
        .as_ref()
        .map_err(|e| Error::Other((*e).to_owned()))?;
    let review = status.last_review().cloned();
    let rev = review
        .as_ref()
        .map_or_else(|| status.first_revision.clone(), |r| r.revision.clone());
    Ok((review, since(project, &rev)?))
}

/// The sentence that says what the changes are compared with.
pub fn compared_with(review: Option<&ReviewView>, c: &Changes) -> String {
    let short = c.commit.get(..12).unwrap_or(&c.commit);
    match review {
        Some(r) => format!(
            "Compared with the data at the last review: {} on {} (revision {short}).",
            r.by, r.date
        ),
        None => format!(
            "There has been no Steering Council review of this data yet. Until the first \
             one is recorded, this compares with the first recorded state of the data \
             (revision {short})."
        ),
    }
}

/// Compares keyed items: added, removed, and changed fields.
fn compare<T>(
    kind: &'static str,
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> String,
    fields: impl Fn(&T) -> Vec<(&'static str, String)>,
    out: &mut Vec<Change>,
) {
    let old: BTreeMap<String, &T> = old.iter().map(|x| (key(x), x)).collect();
    let new_map: BTreeMap<String, &T> = new.iter().map(|x| (key(x), x)).collect();
    for (id, item) in &new_map {
        match old.get(id) {
            None => out.push(Change {
                kind,
                id: id.clone(),
                what: "added".into(),
            }),
            Some(before) => {
                for ((name, a), (_, b)) in fields(before).into_iter().zip(fields(item)) {
                    if a != b {
                        out.push(Change {
                            kind,
                            id: id.clone(),
                            what: format!("{name}: {a} → {b}"),
                        });
                    }
                }
            }
        }
    }
    for id in old.keys().filter(|id| !new_map.contains_key(*id)) {
        out.push(Change {
            kind,
            id: id.clone(),
            what: "removed".into(),
        });
    }
}

/// The changes from `old` (nothing, if the data did not exist) to `new`.
pub fn diff(old: Option<&Status>, new: &Status) -> Vec<Change> {
    let empty = status::Status {
        phases: Vec::new(),
        milestones: Vec::new(),
        criteria: Vec::new(),
        risks: Vec::new(),
        decisions: Vec::new(),
        platforms: Vec::new(),
        toolchain: Vec::new(),
        peps: Vec::new(),
        ..new.clone()
    };
    let old = old.unwrap_or(&empty);
    let mut out = Vec::new();
    compare(
        "phase",
        &old.phases,
        &new.phases,
        |p| p.id.clone(),
        |p| vec![("status", p.status.to_string())],
        &mut out,
    );
    compare(
        "milestone",
        &old.milestones,
        &new.milestones,
        |m| m.id.clone(),
        |m| {
            vec![
                ("status", m.status.to_string()),
                ("title", m.title.clone()),
                ("due", m.due.map(|d| d.to_string()).unwrap_or_default()),
            ]
        },
        &mut out,
    );
    compare(
        "criterion",
        &old.criteria,
        &new.criteria,
        |c| c.id.clone(),
        |c| vec![("status", c.status.to_string())],
        &mut out,
    );
    compare(
        "risk",
        &old.risks,
        &new.risks,
        |r| r.id.clone(),
        |r| {
            vec![
                ("severity", r.severity.to_string()),
                ("status", r.status.to_string()),
            ]
        },
        &mut out,
    );
    compare(
        "decision",
        &old.decisions,
        &new.decisions,
        // Decided ones by what was decided (stable across schema versions),
        // open ones by id.
        |d| d.answer.clone().unwrap_or_else(|| d.id.clone()),
        |d| vec![("status", d.status.to_string())],
        &mut out,
    );
    compare(
        "pep",
        &old.peps,
        &new.peps,
        |p| format!("PEP {}", p.number),
        |p| vec![("status", p.status.map_or("", |s| s.as_str()).to_owned())],
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(body: &str, drafts: &[(u32, &str)]) -> Status {
        let text = format!(
            "[meta]\nschema = 1\nas-of = 2026-11-24\nreview-baseline = \"HEAD\"\n\n\
             [[phase]]\nid = \"p\"\ntitle = \"P\"\npython = \"fork\"\nstatus = \"in-progress\"\n\
             source = \"https://example.org/p\"\n\n{body}"
        );
        // Written in schema 1, read as old revisions are.
        let text = crate::model::rollout::upgrade::upgrade(&text).expect("schema 1");
        let mut diags = Diagnostics::new();
        let r = Rollout::parse(Path::new("r.toml"), &text, &mut diags).expect("parses");
        let drafts: Vec<Draft> = drafts
            .iter()
            .map(|(n, s)| {
                let text = format!(
                    "PEP: {n}\nTitle: T\nAuthor: A\nStatus: {s}\nType: Process\nCreated: 01-Jan-2026\n\nBody\n"
                );
                Draft::parse(Path::new("pep.md"), &text, &mut diags).expect("draft")
            })
            .collect();
        status::compute(&r, &drafts, None).expect("computes")
    }

    fn milestone(id: &str, title: &str, status: &str) -> String {
        format!(
            "[[milestone]]\nid = \"{id}\"\nphase = \"p\"\ntitle = \"{title}\"\nstatus = \"{status}\"\n\n"
        )
    }

    fn whats(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{} {}: {}", c.kind, c.id, c.what))
            .collect()
    }

    #[test]
    fn added_removed_and_changed_items() {
        let old = status(
            &format!(
                "{}{}[[risk]]\nid = \"r\"\ntitle = \"R\"\nseverity = \"high\"\nstatus = \"open\"\n\
                 mitigation = \"m\"\nsource = \"https://example.org/r\"\n\n\
                 [[decision]]\nwhat = \"Undated\"\nwho = \"w\"\nlink = \"https://example.org/d\"\n",
                milestone("kept", "Kept", "planned"),
                milestone("gone", "Gone", "planned"),
            ),
            &[(9901, "Draft")],
        );
        let new = status(
            &format!(
                "{}{}[[risk]]\nid = \"r\"\ntitle = \"R\"\nseverity = \"low\"\nstatus = \"mitigated\"\n\
                 mitigation = \"m\"\nsource = \"https://example.org/r\"\n\n\
                 [[decision]]\ndate = 2026-02-01\nwhat = \"Dated\"\nwho = \"w\"\nlink = \"https://example.org/d\"\n",
                milestone("kept", "Kept, renamed", "blocked"),
                milestone("new", "New", "planned"),
            ),
            &[(9901, "Accepted"), (9902, "Draft")],
        );
        assert_eq!(
            whats(&diff(Some(&old), &new)),
            [
                "milestone kept: status: planned → blocked",
                "milestone kept: title: Kept → Kept, renamed",
                "milestone new: added",
                "milestone gone: removed",
                "risk r: severity: high → low",
                "risk r: status: open → mitigated",
                "decision Dated: added",
                "decision Undated: removed",
                "pep PEP 9901: status: Draft → Accepted",
                "pep PEP 9902: added",
            ]
        );
        assert!(diff(Some(&new), &new).is_empty(), "no change, no entry");
    }

    #[test]
    fn without_old_data_everything_is_added() {
        let new = status(&milestone("m", "M", "planned"), &[(9901, "Draft")]);
        assert_eq!(
            whats(&diff(None, &new)),
            [
                "phase p: added",
                "milestone m: added",
                "pep PEP 9901: added"
            ]
        );
    }
}
