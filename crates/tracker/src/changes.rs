//! What changed between a git revision and the working tree: milestones,
//! criteria, risks, decisions, phases and PEP statuses. The old data is read
//! with `git show`, so the history of `pep-drafts/` is the record.

use crate::diag::Diagnostics;
use crate::pep::Draft;
use crate::project::Project;
use crate::render::escape;
use crate::rollout::{ROLLOUT_FILE, Rollout};
use crate::status::{self, Status};
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

/// The status recorded at `rev` (evidence not re-checked), or `None` if the
/// rollout file did not exist there.
fn status_at(root: &Path, commit: &str) -> Result<Option<Status>, String> {
    let Ok(text) = git(root, &["show", &format!("{commit}:{ROLLOUT_FILE}")]) else {
        return Ok(None);
    };
    let mut diags = Diagnostics::new();
    let rollout = Rollout::parse(Path::new(ROLLOUT_FILE), &text, &mut diags).ok_or_else(|| {
        let first = diags.sorted().into_iter().next();
        format!(
            "{ROLLOUT_FILE} at {commit} does not parse: {}",
            first.map(|d| d.to_string()).unwrap_or_default()
        )
    })?;
    let mut drafts = Vec::new();
    for name in git(root, &["ls-tree", "--name-only", commit, "pep-drafts/"])?.lines() {
        let file = Path::new(name);
        let is_draft = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("pep-") && n.ends_with(".md"));
        if is_draft
            && let Ok(text) = git(root, &["show", &format!("{commit}:{name}")])
            && let Some(d) = Draft::parse(file, &text, &mut Diagnostics::new())
        {
            drafts.push(d);
        }
    }
    Ok(Some(status::compute(&rollout, &drafts, None)))
}

/// Changes between `rev` and the working tree.
pub fn since(project: &Project, rev: &str) -> Result<Changes, String> {
    let now = project
        .status()
        .ok_or("the rollout data does not load; run `tracker check`")?;
    let verify = ["rev-parse", "--verify", &format!("{rev}^{{commit}}")];
    let commit = git(&project.root, &verify)
        .map_err(|e| {
            if is_shallow(&project.root) {
                format!("{e} (a shallow clone: fetch the history with `git fetch --unshallow`)")
            } else {
                e
            }
        })?
        .trim()
        .to_owned();
    let old = status_at(&project.root, &commit)?;
    Ok(Changes {
        rev: rev.to_owned(),
        commit,
        changes: diff(old.as_ref(), now),
    })
}

/// Whether `root` is a shallow clone, whose history may not reach a
/// revision the data names.
pub fn is_shallow(root: &Path) -> bool {
    git(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|s| s.trim() == "true")
}

/// Changes since the review baseline recorded in the data.
pub fn since_baseline(project: &Project) -> Result<Changes, String> {
    let rev = project
        .status()
        .map(|s| s.review_baseline.clone())
        .ok_or("the rollout data does not load")?;
    since(project, &rev)
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
        |p| vec![("status", p.status.clone())],
        &mut out,
    );
    compare(
        "milestone",
        &old.milestones,
        &new.milestones,
        |m| m.id.clone(),
        |m| vec![("status", m.status.clone()), ("title", m.title.clone())],
        &mut out,
    );
    compare(
        "criterion",
        &old.criteria,
        &new.criteria,
        |c| c.id.clone(),
        |c| vec![("status", c.status.clone())],
        &mut out,
    );
    compare(
        "risk",
        &old.risks,
        &new.risks,
        |r| r.id.clone(),
        |r| {
            vec![
                ("severity", r.severity.clone()),
                ("status", r.status.clone()),
            ]
        },
        &mut out,
    );
    compare(
        "decision",
        &old.decisions,
        &new.decisions,
        |d| format!("{} {}", d.date.as_deref().unwrap_or("undated"), d.what),
        |_| Vec::new(),
        &mut out,
    );
    compare(
        "pep",
        &old.peps,
        &new.peps,
        |p| format!("PEP {}", p.number),
        |p| vec![("status", p.status.clone())],
        &mut out,
    );
    out
}

/// The "changes since the last review" table.
pub fn render(c: &Changes) -> String {
    let short = c.commit.get(..12).unwrap_or(&c.commit);
    let mut html = format!(
        "<p>Compared with the review baseline <code>{}</code> (commit <code>{}</code>).</p>\n",
        escape(&c.rev),
        escape(short)
    );
    if c.changes.is_empty() {
        html.push_str("<p>Nothing has changed since the baseline.</p>\n");
        return html;
    }
    html.push_str("<table class=\"tracker-table\">\n<thead><tr><th>Kind</th><th>Item</th><th>Change</th></tr></thead>\n<tbody>\n");
    for ch in &c.changes {
        html.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
            ch.kind,
            escape(&ch.id),
            escape(&ch.what)
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}
