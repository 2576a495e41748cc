//! The project as the tracker sees it: the book's Markdown, the PEP drafts,
//! and (as later phases add them) rollout data and measured results. One
//! loader, used by `tracker check`, the mdBook preprocessor and the reports.

use crate::diag::{Diagnostics, Pos};
use crate::pep::{self, Draft};
use crate::{preprocess, snippets};
use std::path::{Path, PathBuf};

/// Folder names, relative to the repository root.
pub const BOOK_SRC: &str = "src";
pub const DRAFTS: &str = "pep-drafts";

#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    /// Drafts that parsed, sorted by PEP number.
    pub drafts: Vec<Draft>,
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
        Project {
            root: root.to_path_buf(),
            drafts,
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
    pep::lint::lint_dir(root, Path::new(DRAFTS), pep::date::Date::today(), &mut diags);
    diags
}
