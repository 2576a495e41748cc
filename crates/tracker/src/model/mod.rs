//! Stage 1, read and validate: every input of the project parsed into typed
//! values, every problem reported with its position. The PEP drafts
//! ([`pep`]), the rollout data ([`rollout`], whose [`rollout::validate`] and
//! [`rollout::evidence`] check what it claims), the measured results
//! ([`results`]), the policy and repository setting ([`policy`]) and the
//! code blocks of the pages ([`snippets`]). Nothing here knows how a value
//! is shown.

pub mod pep;
pub mod policy;
pub mod results;
pub mod rollout;
pub mod snippets;

use crate::base::diag::{Diagnostics, Pos};
use pep::Draft;
use policy::Policy;
use results::Results;
use rollout::Rollout;
use std::path::{Path, PathBuf};

/// Folder names, relative to the repository root.
pub const BOOK_SRC: &str = "src";
pub const DRAFTS: &str = "pep-drafts";
/// The page that defines the gate criteria (their ids and texts).
pub const CRITERIA_PAGE: &str = "src/plan/phases.md";

/// Every input, read and parsed. The rollout data's checks that need the
/// other inputs (evidence, [`rollout::validate`]) run on it next, in
/// [`crate::pipeline::load`], with the evidence checker the status uses too.
#[derive(Debug)]
pub struct Model {
    pub root: PathBuf,
    /// Drafts that parsed, sorted by PEP number.
    pub drafts: Vec<Draft>,
    /// The rollout data as written (with positions), if it parsed.
    pub rollout: Option<Rollout>,
    /// The measured results files, typed.
    pub results: Results,
    /// The policy parameters, rules, `ci/test` steps and repository setting
    /// (pep-drafts/policy.toml, src/policies/, ci/test, book.toml).
    pub policy: Policy,
}

impl Model {
    /// Reads and parses every input; every problem goes to `diags`, and
    /// whatever could be read is still returned so that one run reports
    /// every problem.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Model {
        let mut drafts = Vec::new();
        match draft_files(&root.join(DRAFTS)) {
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
        let site = policy::site::Site::load(root, diags);
        let rollout = rollout::load(root, &site, diags);
        let results = Results::load(root, diags);
        let phases = rollout.as_ref().map_or_else(Vec::new, |r| {
            r.data
                .phase
                .iter()
                .map(|p| (p.id.as_ref().to_string(), p.python.as_ref().to_string()))
                .collect()
        });
        let policy = Policy::load(root, phases, site, diags);
        Model {
            root: root.to_path_buf(),
            drafts,
            rollout,
            results,
            policy,
        }
    }
}

/// The ids and texts of the gate criteria, from [`CRITERIA_PAGE`] (none if
/// it cannot be read: the page checks report that).
pub fn criteria_texts(root: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(root.join(CRITERIA_PAGE))
        .map(|t| crate::base::markdown::criteria_texts(&t))
        .unwrap_or_default()
}

/// The draft files of a folder: `pep-NNNN.md`, sorted by name.
pub fn draft_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("pep-") && name.ends_with(".md") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
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
