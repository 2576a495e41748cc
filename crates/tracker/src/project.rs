//! The first stages of the pipeline: load every input, parse it into the
//! typed model, validate it, derive the status. [`crate::check`] adds the
//! checks of the book's pages; `tracker check`, `tracker status`, the mdBook
//! preprocessor and the exports all start from one of the two, so they see
//! the same data and the same problems.

use crate::diag::{Diagnostics, Pos};
use crate::pep::{self, Draft};
use crate::results::Results;
use crate::rollout::{self, Rollout, evidence::Checker, validate};
use crate::status::{self, Status};
use std::path::{Path, PathBuf};

/// Folder names, relative to the repository root.
pub const BOOK_SRC: &str = "src";
pub const DRAFTS: &str = "pep-drafts";
/// The page that defines the gate criteria (their ids and texts).
pub const CRITERIA_PAGE: &str = "src/plan/phases.md";

/// Everything loaded, validated and derived. Built once per run.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    /// Drafts that parsed, sorted by PEP number.
    pub drafts: Vec<Draft>,
    /// The rollout data as written (with positions), if it parsed.
    pub rollout: Option<Rollout>,
    /// The measured results files, typed.
    pub results: Results,
    /// The derived status, or why there is none (the reasons are in the
    /// diagnostics, with positions).
    pub status: Result<Status, &'static str>,
    /// The policy parameters, rules, `ci/test` steps and repository setting
    /// (pep-drafts/policy.toml, src/policies/, ci/test, book.toml).
    pub policy: crate::policy::Policy,
}

impl Project {
    /// Loads, validates and derives; every problem goes to `diags`, and
    /// whatever could be read is still returned so that one run reports
    /// every problem.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Project {
        let mut drafts = Vec::new();
        match pep::draft_files(&root.join(DRAFTS)) {
            Ok(files) => {
                for file in files {
                    let rel = relative(root, &file);
                    if let Some(text) = read(root, &rel, diags)
                        && let Some(draft) = Draft::parse(&rel, &text, diags)
                    {
                        drafts.push(draft);
                    }
                }
            }
            Err(e) => diags.error(Path::new(DRAFTS), Pos::START, format!("cannot list: {e}")),
        }
        drafts.sort_by_key(|d| d.number());
        // The repository setting first: the rollout data's sources that are
        // repository paths resolve against it as they load.
        let site = crate::policy::site::Site::load(root, diags);
        let rollout = rollout::load(root, &site, diags);
        let results = Results::load(root, diags);
        let status = match &rollout {
            None => {
                Err("the rollout data does not load (see the errors for pep-drafts/rollout.toml)")
            }
            Some(r) => {
                let checker = Checker::new(root, &drafts, r, &results);
                validate::validate(r, &checker, diags);
                let texts = std::fs::read_to_string(root.join(CRITERIA_PAGE))
                    .map(|t| rollout::review_rules::criteria_texts(&t))
                    .unwrap_or_default();
                status::compute(r, &drafts, Some(&checker)).map(|mut s| {
                    s.attach_criteria_text(&texts);
                    s
                })
            }
        };
        let phases = rollout.as_ref().map_or_else(Vec::new, |r| {
            r.data
                .phase
                .iter()
                .map(|p| (p.id.as_ref().to_string(), p.python.as_ref().to_string()))
                .collect()
        });
        let policy = crate::policy::Policy::load(root, phases, site, diags);
        Project {
            root: root.to_path_buf(),
            drafts,
            rollout,
            results,
            status,
            policy,
        }
    }

    pub fn draft(&self, number: u32) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.number() == Some(number))
    }
}

/// Every `.md` file under `src/` and `pep-drafts/`, relative to `root`,
/// sorted.
pub fn markdown_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in [BOOK_SRC, DRAFTS] {
        walk(&root.join(dir), &mut out)?;
    }
    let mut out: Vec<PathBuf> = out.iter().map(|p| relative(root, p)).collect();
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

pub(crate) fn read(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => Some(text),
        Err(e) => {
            diags.error(rel, Pos::START, format!("cannot read: {e}"));
            None
        }
    }
}
