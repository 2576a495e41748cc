//! The one repository setting: `git-repository-url` in book.toml's
//! `[output.html]`. Edit links (`edit-url-template`, checked to agree),
//! source links in pages (`{{#source PATH}}`), the rollout data's `source`
//! fields written as repository paths, the published site's address
//! (GitHub Pages: `https://OWNER.github.io/REPO/`, used by the absolute URLs
//! of `api/peps.json`) and the page footer all come from it.

use crate::base::diag::{Diagnostics, LineIndex, Pos};
use std::path::{Path, PathBuf};

const BOOK_TOML: &str = "book.toml";
/// The branch the site is published from.
pub const BRANCH: &str = "main";

#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `https://github.com/OWNER/REPO`, without a trailing slash.
    pub repo: String,
    /// The checkout, to tell directories from files in `{{#source}}`.
    root: PathBuf,
}

impl Site {
    pub fn new(repo: &str) -> Site {
        Site {
            repo: repo.trim_end_matches('/').to_owned(),
            root: PathBuf::new(),
        }
    }

    /// Reads book.toml; reports a missing setting and an `edit-url-template`
    /// that does not follow it.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Site {
        let path = Path::new(BOOK_TOML);
        let Ok(text) = std::fs::read_to_string(root.join(path)) else {
            return Site::default(); // tests and fixtures without a book
        };
        let index = LineIndex::new(&text);
        let at = |needle: &str| text.find(needle).map_or(Pos::START, |o| index.pos(o));
        let table: toml::Table = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                diags.error(path, Pos::START, e.message().to_owned());
                return Site::default();
            }
        };
        let html = table
            .get("output")
            .and_then(|o| o.get("html"))
            .and_then(|h| h.as_table());
        let get = |k: &str| html.and_then(|h| h.get(k)).and_then(|v| v.as_str());
        // A book without the setting has no repository links; `{{#source}}`
        // then fails where it is used, with its position.
        let Some(repo) = get("git-repository-url") else {
            return Site::default();
        };
        let mut site = Site::new(repo);
        site.root = root.to_owned();
        let want = format!("{}/edit/{BRANCH}/{{path}}", site.repo);
        match get("edit-url-template") {
            Some(t) if t == want => {}
            Some(t) => diags.error(
                path,
                at("edit-url-template"),
                format!("edit-url-template is `{t}`; with git-repository-url it must be `{want}`"),
            ),
            None => diags.error(
                path,
                Pos::START,
                format!("[output.html] needs edit-url-template = \"{want}\""),
            ),
        }
        site
    }

    /// `{{#source PATH}}`: the repository address of a file or folder.
    pub fn source(&self, path: &str) -> Result<String, String> {
        if self.repo.is_empty() {
            return Err("no git-repository-url in book.toml".into());
        }
        let clean = path.trim_matches('/');
        if clean.split('/').any(|c| c == ".." || c.is_empty()) {
            return Err(format!("`{path}` is not a path inside the repository"));
        }
        let full = self.root.join(clean);
        if !self.root.as_os_str().is_empty() && !full.exists() {
            return Err(format!("`{clean}` does not exist in the repository"));
        }
        let kind = if full.is_dir() || (self.root.as_os_str().is_empty() && !clean.contains('.')) {
            "tree"
        } else {
            "blob"
        };
        Ok(format!("{}/{kind}/{BRANCH}/{clean}", self.repo))
    }

    /// The published site: GitHub Pages' address for a github.com repository.
    pub fn site_url(&self) -> Option<String> {
        let rest = self.repo.strip_prefix("https://github.com/")?;
        let (owner, name) = rest.split_once('/')?;
        Some(format!(
            "https://{}.github.io/{name}/",
            owner.to_lowercase()
        ))
    }

    /// A commit's page in the repository.
    pub fn commit_url(&self, sha: &str) -> String {
        format!("{}/commit/{sha}", self.repo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_the_repository() {
        let s = Site::new("https://github.com/Owner/guide/");
        assert_eq!(
            s.site_url().as_deref(),
            Some("https://owner.github.io/guide/")
        );
        assert_eq!(
            s.commit_url("abc"),
            "https://github.com/Owner/guide/commit/abc"
        );
        assert_eq!(
            s.source("pep-drafts").as_deref(),
            Ok("https://github.com/Owner/guide/tree/main/pep-drafts")
        );
        assert_eq!(
            s.source("src/a.md").as_deref(),
            Ok("https://github.com/Owner/guide/blob/main/src/a.md")
        );
        assert!(s.source("../x").is_err());
    }

    #[test]
    fn edit_template_must_agree() {
        let dir = std::env::temp_dir().join(format!("site-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join(BOOK_TOML),
            "[output.html]\ngit-repository-url = \"https://github.com/a/b\"\n\
             edit-url-template = \"https://github.com/c/d/edit/main/{path}\"\n",
        )
        .expect("write");
        let mut diags = Diagnostics::new();
        let site = Site::load(&dir, &mut diags);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(site.repo, "https://github.com/a/b");
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("must be `https://github.com/a/b/edit/main/{path}`")
        );
        assert_eq!(d[0].line, 3);
    }
}
