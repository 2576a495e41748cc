//! The one pipeline every entry point runs: load and validate the model,
//! derive the status ([`load`]), then check what only the book's pages hold:
//! code blocks, directives (rendered through the registry, keeping the
//! errors), policy markers and the criteria page ([`run`]). `tracker check`
//! and the mdBook preprocessor both call [`run`], so a book build reports
//! exactly what `tracker check` reports; `tracker status` and the exports
//! need only [`load`].

use crate::base::diag::{Diagnostics, Pos};
use crate::base::markdown;
use crate::derive::{Project, status};
use crate::model::rollout::{self, Rollout, evidence::Checker, validate};
use crate::model::{CRITERIA_PAGE, DRAFTS, Model, markdown_files, pep, read, snippets};
use crate::render::directives;
use std::path::Path;

/// Loads, validates and derives; every problem goes to `diags`, and
/// whatever could be read is still returned so that one run reports every
/// problem.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Project {
    let model = Model::load(root, diags);
    let status = match &model.rollout {
        None => Err("the rollout data does not load (see the errors for pep-drafts/rollout.toml)"),
        Some(r) => {
            // One evidence checker for the validation and the status, so
            // each piece of evidence is checked once.
            let checker = Checker::new(root, &model.drafts, r, &model.results);
            validate::validate(r, &checker, diags);
            let texts = crate::model::criteria_texts(root);
            status::compute(r, &model.drafts, Some(&checker)).map(|mut s| {
                s.attach_criteria_text(&texts);
                s
            })
        }
    };
    Project::new(model, status)
}

/// Every rule over every input: the model's validation and the status
/// ([`load`]), the PEP linter, the code blocks and directives of every
/// Markdown file, and the criteria page.
pub fn run(root: &Path) -> (Project, Diagnostics) {
    let mut diags = Diagnostics::new();
    let project = load(root, &mut diags);
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
        crate::base::date::Date::today(),
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
    for d in markdown::directives(text) {
        if let Err(message) = directives::render(&ctx, &d.name, &d.args) {
            diags.error(file, d.pos, message);
        }
    }
}

/// The page that defines the gate criteria, and the data, list the same ids.
fn check_criteria_page(root: &Path, r: &Rollout, diags: &mut Diagnostics) {
    let page = Path::new(CRITERIA_PAGE);
    let Some(text) = read(root, page, diags) else {
        return;
    };
    let in_page = markdown::criteria_in_page(&text);
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
