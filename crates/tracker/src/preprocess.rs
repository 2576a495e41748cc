//! The mdBook preprocessor: runs the same pipeline as `tracker check`
//! ([`crate::pipeline::run`]), so a build reports every problem `check` reports;
//! then expands `{{#tracker NAME}}` directives from the registry, adds one
//! chapter per PEP draft under `peps/index.md`, turns `pep:N` links into
//! links to the draft chapter or to peps.python.org, and publishes the
//! `api/` files.

use crate::base::diag::Diagnostics;
use crate::base::markdown::directives as directive_lines;
use crate::derive::Project;
use crate::model::BOOK_SRC;
use crate::render::directives::{self, Ctx};
use crate::render::html;
use crate::render::links::{self, Scheme};
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::path::{Path, PathBuf};

/// The chapter under which the drafts are listed.
pub const PEP_INDEX_CHAPTER: &str = "peps/index.md";

pub struct Tracker;

impl Tracker {
    pub const NAME: &'static str = "tracker";
}

impl Preprocessor for Tracker {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let (project, mut diags) = crate::pipeline::run(&ctx.root);
        book.for_each_chapter_mut(|chapter| {
            let Some(source) = chapter.source_path.clone() else {
                return;
            };
            let page = Page::new(Path::new(BOOK_SRC).join(&source), &source);
            chapter.content = expand(&project, &page, &chapter.content, &mut diags);
        });
        add_draft_chapters(&project, &mut book.items, &mut diags);
        let footer = crate::render::footer::render(&project);
        book.for_each_chapter_mut(|chapter| {
            chapter.content.push_str(&footer);
        });
        crate::render::pep::api::publish(&project, &mut diags);
        publish_status(&project, &mut diags);
        finish(diags).map(|()| book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// Publishes `api/status.json` (schema in src/status/api.md).
fn publish_status(project: &Project, diags: &mut Diagnostics) {
    let Ok(status) = &project.status else {
        return; // the rollout file's own errors are already reported
    };
    let result = status
        .to_json()
        .map_err(|e| e.to_string())
        .and_then(|json| {
            crate::render::publish::publish(&project.root, "status.json", &json)
                .map_err(|e| e.to_string())
        });
    if let Err(e) = result {
        diags.error(
            Path::new(crate::render::publish::API_DIR),
            crate::base::diag::Pos::START,
            format!("cannot publish status.json: {e}"),
        );
    }
}

/// Where a page lives: the file for diagnostics, and the relative path from
/// the page back to the book root for links.
struct Page {
    file: PathBuf,
    to_root: String,
}

impl Page {
    fn new(file: PathBuf, chapter_path: &Path) -> Page {
        let depth = chapter_path.components().count().saturating_sub(1);
        Page {
            file,
            to_root: "../".repeat(depth),
        }
    }
}

/// Prints every finding; errors fail the build, and warnings do too under
/// `TRACKER_DENY_WARNINGS=1` (ci/test sets it).
fn finish(diags: Diagnostics) -> Result<()> {
    let deny = std::env::var("TRACKER_DENY_WARNINGS").is_ok_and(|v| v == "1");
    let fails = diags.fails(deny);
    let all = diags.sorted();
    for d in &all {
        eprintln!("{d}");
    }
    if fails {
        anyhow::bail!(
            "the tracker preprocessor found {} problem(s), listed above",
            all.len()
        );
    }
    Ok(())
}

/// Replaces each directive of `content` with its rendering, and each
/// `{{#policy KEY}}` / `{{#source PATH}}` marker with its value.
fn expand(project: &Project, page: &Page, content: &str, diags: &mut Diagnostics) -> String {
    // `pipeline::run` has already reported bad markers, with positions.
    let content = &project
        .policy
        .expand(&page.file, content, &mut Diagnostics::new());
    let ctx = Ctx {
        project,
        to_root: &page.to_root,
    };
    let mut out = String::with_capacity(content.len());
    let mut last = 0;
    for directive in directive_lines(content) {
        out.push_str(&content[last..directive.range.start]);
        last = directive.range.end;
        match directives::render(&ctx, &directive.name, &directive.args) {
            Ok(html) => out.push_str(&html),
            Err(message) => diags.error(&page.file, directive.pos, message),
        }
    }
    out.push_str(&content[last..]);
    link_peps(project, page, &out)
}

/// Rewrites `pep:N` link targets to the draft's chapter when N is one of
/// ours, else to peps.python.org; `rfc:N` goes to the RFC editor. Only
/// links are rewritten: the same text in code stays as written.
fn link_peps(project: &Project, page: &Page, text: &str) -> String {
    links::rewrite(text, |t| {
        let n = t.number;
        let base = match t.scheme {
            Scheme::Pep if project.draft(n).is_some() => {
                format!("{}peps/pep-{n:04}.md", page.to_root)
            }
            Scheme::Pep => format!("https://peps.python.org/pep-{n:04}/"),
            Scheme::Rfc => format!("https://www.rfc-editor.org/rfc/rfc{n}.html"),
        };
        format!("{base}{}", t.rest)
    })
}

/// Adds a chapter per draft under the chapter `peps/index.md`, so a new draft
/// needs no edit of SUMMARY.md.
fn add_draft_chapters(project: &Project, items: &mut [BookItem], diags: &mut Diagnostics) {
    for item in items {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        if chapter.source_path.as_deref() != Some(Path::new(PEP_INDEX_CHAPTER)) {
            add_draft_chapters(project, &mut chapter.sub_items, diags);
            continue;
        }
        let mut parents = chapter.parent_names.clone();
        parents.push(chapter.name.clone());
        for draft in &project.drafts {
            let path = PathBuf::from(draft.book_path());
            let page = Page::new(draft.path.clone(), &path);
            let content = draft_page(project, &page, draft, diags);
            let name = format!("PEP {}: {}", draft.number().unwrap_or(0), draft.title());
            let mut sub = Chapter::new(&name, content, path, parents.clone());
            sub.source_path = Some(PathBuf::from("..").join(&draft.path));
            // Numbered under the index, as a chapter listed in SUMMARY.md is.
            sub.number = chapter.number.as_ref().map(|n| {
                let mut number = n.clone();
                number.push(u32::try_from(chapter.sub_items.len() + 1).unwrap_or(u32::MAX));
                number
            });
            chapter.sub_items.push(BookItem::Chapter(sub));
        }
        return;
    }
}

/// A draft's chapter: title, status banner, preamble table, body.
fn draft_page(
    project: &Project,
    page: &Page,
    draft: &crate::model::pep::Draft,
    diags: &mut Diagnostics,
) -> String {
    let mut html = format!(
        "# PEP {} – {}\n\n{}\n<table class=\"pep-preamble\">\n",
        draft.number().unwrap_or(0),
        html::escape(draft.title()),
        crate::render::pep::index::draft_banner(project, draft),
    );
    for h in &draft.headers {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            html::escape(&h.name),
            html::escape(&h.value).replace('\n', "<br>")
        ));
    }
    html.push_str("</table>\n\n");
    html.push_str(&expand(project, page, &draft.body, diags));
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pep::Draft;

    fn project_with(numbers: &[u32]) -> Project {
        let mut diags = Diagnostics::new();
        let drafts = numbers
            .iter()
            .map(|n| {
                let text = format!(
                    "PEP: {n}\nTitle: T{n} <b>|x|</b>\nAuthor: A <a@b.c>\nStatus: Draft\nType: Process\nCreated: 01-Jan-2026\n\nBody [PEP 11](pep:11).\n"
                );
                Draft::parse(Path::new(&format!("pep-drafts/pep-{n}.md")), &text, &mut diags)
                    .expect("fixture parses")
            })
            .collect();
        Project {
            root: PathBuf::from("."),
            drafts,
            rollout: None,
            results: crate::model::results::Results::none(),
            status: Err("no rollout data in this test"),
            policy: crate::model::policy::Policy::default(),
        }
    }

    #[test]
    fn expands_known_directives_and_reports_unknown_ones() {
        let project = project_with(&[9901]);
        let page = Page::new(
            PathBuf::from("src/peps/index.md"),
            Path::new("peps/index.md"),
        );
        let mut diags = Diagnostics::new();
        let md = "Intro\n\n{{#tracker pep-index}}\n\n{{#tracker nope}}\n";
        let out = expand(&project, &page, md, &mut diags);
        assert!(
            out.contains("<a href=\"../peps/pep-9901.md\">9901</a>"),
            "{out}"
        );
        assert!(
            out.contains("T9901 &lt;b&gt;&#124;x&#124;&lt;/b&gt;"),
            "{out}"
        );
        let all = diags.sorted();
        assert_eq!(all.len(), 1);
        assert!(
            all[0].to_string().starts_with(
                "src/peps/index.md:5:1: error: unknown tracker directive `nope` (known: "
            ),
            "{}",
            all[0]
        );
    }

    #[test]
    fn pep_links_point_at_drafts_or_upstream() {
        let project = project_with(&[9901]);
        let page = Page::new(PathBuf::from("src/a/b.md"), Path::new("a/b.md"));
        let out = link_peps(
            &project,
            &page,
            "[x](pep:9901) [y](pep:11#abstract) [z](rfc:2822) [r][]\n\n\
             [r]: pep:8\n\nkeep: this (pep: 1), `[c](pep:8)`\n\n```md\n[d](pep:8)\n```\n",
        );
        assert_eq!(
            out,
            "[x](../peps/pep-9901.md) [y](https://peps.python.org/pep-0011/#abstract) \
             [z](https://www.rfc-editor.org/rfc/rfc2822.html) [r][]\n\n\
             [r]: https://peps.python.org/pep-0008/\n\nkeep: this (pep: 1), `[c](pep:8)`\n\n\
             ```md\n[d](pep:8)\n```\n"
        );
    }

    #[test]
    fn draft_chapters_hang_under_the_index() {
        let project = project_with(&[9902, 9901]);
        let index = Chapter::new("PEP drafts", String::new(), PEP_INDEX_CHAPTER, vec![]);
        let mut items = vec![BookItem::Chapter(index)];
        add_draft_chapters(&project, &mut items, &mut Diagnostics::new());
        let BookItem::Chapter(index) = &items[0] else {
            panic!("not a chapter")
        };
        let names: Vec<_> = index
            .sub_items
            .iter()
            .filter_map(|i| match i {
                BookItem::Chapter(c) => c.path.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("peps/pep-9902.md"),
                PathBuf::from("peps/pep-9901.md")
            ]
        );
    }
}
