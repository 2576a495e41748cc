//! The project as the tracker sees it: the book's Markdown, the PEP drafts,
//! and (as later phases add them) rollout data and measured results. One
//! loader, used by `tracker check`, the mdBook preprocessor and the reports.

use crate::diag::{Diagnostics, Pos};
use crate::pep::{self, Draft};
use crate::rollout::{self, Rollout, evidence::Checker, validate};
use crate::status::{self, Status};
use crate::{preprocess, snippets};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folder names, relative to the repository root.
pub const BOOK_SRC: &str = "src";
pub const DRAFTS: &str = "pep-drafts";
/// Measured results written by ci/test and ci/bench.
pub const RESULTS_DIR: &str = "examples/results";
pub const RESULT_FILES: &[&str] = &["bench.json", "cpython-suites.json"];

#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    /// Drafts that parsed, sorted by PEP number.
    pub drafts: Vec<Draft>,
    /// The rollout data, if it parsed.
    pub rollout: Option<Rollout>,
    status: OnceCell<Option<Status>>,
    results: OnceCell<HashMap<String, Result<serde_json::Value, String>>>,
}

impl Project {
    /// Loads everything; problems go to `diags`, and whatever could be read
    /// is still returned so that one run reports every problem.
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
        let rollout = rollout::load(root, diags);
        Project::new(root, drafts, rollout)
    }

    pub fn new(root: &Path, drafts: Vec<Draft>, rollout: Option<Rollout>) -> Project {
        Project {
            root: root.to_path_buf(),
            drafts,
            rollout,
            status: OnceCell::new(),
            results: OnceCell::new(),
        }
    }

    /// The derived status (computed once), if the rollout data parsed.
    pub fn status(&self) -> Option<&Status> {
        self.status
            .get_or_init(|| {
                let checker = self.checker()?;
                Some(status::compute(
                    checker.rollout,
                    &self.drafts,
                    Some(&checker),
                ))
            })
            .as_ref()
    }

    /// A measured-results file of `examples/results/` (read once).
    pub fn results(&self, name: &str) -> Result<&serde_json::Value, String> {
        let all = self.results.get_or_init(|| {
            RESULT_FILES
                .iter()
                .map(|f| {
                    let path = self.root.join(RESULTS_DIR).join(f);
                    let value = std::fs::read_to_string(&path)
                        .map_err(|e| format!("{RESULTS_DIR}/{f}: {e}"))
                        .and_then(|t| {
                            serde_json::from_str(&t).map_err(|e| format!("{RESULTS_DIR}/{f}: {e}"))
                        });
                    ((*f).to_owned(), value)
                })
                .collect()
        });
        match all.get(name) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("{RESULTS_DIR}/{name} is not a known results file")),
        }
    }

    /// An evidence checker over this project, if the rollout data parsed.
    pub fn checker(&self) -> Option<Checker<'_>> {
        let rollout = self.rollout.as_ref()?;
        Some(Checker::new(&self.root, &self.drafts, rollout))
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
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => Some(text),
        Err(e) => {
            diags.error(rel, Pos::START, format!("cannot read: {e}"));
            None
        }
    }
}

/// `tracker check`: every rule over every input.
pub fn check(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let project = Project::load(root, &mut diags);
    match markdown_files(root) {
        Ok(files) => {
            for rel in files {
                if let Some(text) = read(root, &rel, &mut diags) {
                    snippets::check(&rel, &text, &mut diags);
                    preprocess::check_directives(&project, &rel, &text, &mut diags);
                }
            }
        }
        Err(e) => diags.error(root, Pos::START, format!("cannot list Markdown files: {e}")),
    }
    if let (Some(r), Some(checker)) = (&project.rollout, project.checker()) {
        validate::validate(r, &checker, &mut diags);
        check_criteria_page(root, r, &mut diags);
    }
    pep::lint::lint_dir(
        root,
        Path::new(DRAFTS),
        pep::date::Date::today(),
        &mut diags,
    );
    diags
}

/// The page that defines the gate criteria, and the data, list the same ids.
pub const CRITERIA_PAGE: &str = "src/plan/phases.md";

fn check_criteria_page(root: &Path, r: &Rollout, diags: &mut Diagnostics) {
    let page = Path::new(CRITERIA_PAGE);
    let Some(text) = read(root, page, diags) else {
        return;
    };
    let in_page = validate::criteria_in_page(&text);
    for (line, id) in &in_page {
        if !r.data.criterion.iter().any(|c| c.id.as_ref() == id) {
            diags.error(
                page,
                Pos::new(*line, 3),
                format!("criterion `{id}` is not in {}", rollout::ROLLOUT_FILE),
            );
        }
    }
    for c in &r.data.criterion {
        if !in_page.iter().any(|(_, id)| id == c.id.as_ref()) {
            diags.error(
                &r.path,
                r.pos(c.id.span()),
                format!(
                    "criterion `{}` is not defined in {CRITERIA_PAGE}",
                    c.id.as_ref()
                ),
            );
        }
    }
}
