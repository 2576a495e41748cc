//! The line at the end of every page: the commit the book was built from
//! (a link into the repository of the one repository setting) and the
//! as-of date of the rollout data.

use crate::derive::Project;
use crate::render::html::escape;

/// The commit: `GITHUB_SHA` in GitHub Actions, else `git rev-parse HEAD`.
pub fn commit(root: &std::path::Path) -> Option<String> {
    if let Ok(sha) = std::env::var("GITHUB_SHA")
        && sha.len() >= 7
        && sha.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Some(sha);
    }
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && sha.len() >= 7 && sha.chars().all(|c| c.is_ascii_hexdigit()))
        .then_some(sha)
}

/// The footer as HTML, appended to every chapter.
pub fn render(project: &Project) -> String {
    let site = &project.policy.site;
    let built = match commit(&project.root) {
        Some(sha) if !site.repo.is_empty() => format!(
            "Built from commit <a href=\"{}\"><code>{}</code></a>",
            escape(&site.commit_url(&sha)),
            escape(&sha[..12.min(sha.len())])
        ),
        Some(sha) => format!(
            "Built from commit <code>{}</code>",
            escape(&sha[..12.min(sha.len())])
        ),
        None => "Built outside a git checkout".to_owned(),
    };
    let as_of = project.rollout.as_ref().map_or_else(
        || "no rollout data".to_owned(),
        |r| format!("rollout data as of {}", r.data.meta.as_of.as_ref()),
    );
    format!("\n\n<p class=\"page-provenance\"><small>{built} · {as_of}</small></p>\n")
}
