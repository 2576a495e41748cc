//! `tracker check`: every rule over every input. The top of the pipeline:
//! it loads the project ([`Project::load`] validates the model) and then
//! checks what only the pages hold: code blocks, directives (rendered
//! through the registry) and the criteria page. The preprocessor runs this
//! too, so a book build reports exactly what `tracker check` reports.

use crate::diag::{Diagnostics, Pos};
use crate::project::{DRAFTS, Project, markdown_files, read};
use crate::rollout::{self, Rollout};
use crate::{directives, pep, snippets};
use std::path::Path;

/// Every rule over every input: the model's validation (in
/// [`Project::load`]), the PEP linter, the code blocks and directives of
/// every Markdown file, and the criteria page.
pub fn run(root: &Path) -> (Project, Diagnostics) {
    let mut diags = Diagnostics::new();
    let project = Project::load(root, &mut diags);
    match markdown_files(root) {
        Ok(files) => {
            for rel in files {
                if let Some(text) = read(root, &rel, &mut diags) {
                    snippets::check(&rel, &text, &mut diags);
                    check_directives(&project, &rel, &text, &mut diags);
                    // Bad `{{#policy}}`/`{{#source}}` markers, restated
                    // policy values, rule ids and CI step names.
                    let _ = project.policy.expand(&rel, &text, &mut diags);
                    project.policy.check_page(&rel, &text, &mut diags);
                }
            }
        }
        Err(e) => diags.error(root, Pos::START, format!("cannot list Markdown files: {e}")),
    }
    if let Some(r) = &project.rollout {
        check_criteria_page(root, r, &mut diags);
    }
    pep::lint::lint_dir(
        root,
        Path::new(DRAFTS),
        pep::date::Date::today(),
        &mut diags,
    );
    (project, diags)
}

/// Renders every directive of one file, keeping only the errors.
fn check_directives(project: &Project, file: &Path, text: &str, diags: &mut Diagnostics) {
    let ctx = directives::Ctx {
        project,
        to_root: "",
    };
    for d in crate::markdown::directives(text) {
        if let Err(message) = directives::render(&ctx, &d.name, &d.args) {
            diags.error(file, d.pos, message);
        }
    }
}

pub use crate::project::CRITERIA_PAGE;

/// The page that defines the gate criteria, and the data, list the same ids.
fn check_criteria_page(root: &Path, r: &Rollout, diags: &mut Diagnostics) {
    let page = Path::new(CRITERIA_PAGE);
    let Some(text) = read(root, page, diags) else {
        return;
    };
    let in_page = crate::markdown::criteria_in_page(&text);
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
