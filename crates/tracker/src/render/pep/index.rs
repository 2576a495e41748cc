//! PEP 0 for the drafts: the categories of python/peps'
//! `pep_zero_generator/writer.py` (same names, same order, same rules for
//! sorting a PEP into one), the PEP types and status keys, and the status
//! banner at the top of each draft's chapter.

use crate::derive::Project;
use crate::model::pep::{Draft, Kind, Status};
use crate::render::html::{escape, status_class};
use std::fmt::Write as _;

/// PEP 0's categories, in PEP 0's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Meta,
    Info,
    Provisional,
    Accepted,
    Open,
    Finished,
    Historical,
    Deferred,
    Dead,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Meta,
        Category::Info,
        Category::Provisional,
        Category::Accepted,
        Category::Open,
        Category::Finished,
        Category::Historical,
        Category::Deferred,
        Category::Dead,
    ];

    /// The heading PEP 0 gives the category.
    pub fn title(self) -> &'static str {
        match self {
            Category::Meta => "Meta-PEPs (PEPs about PEPs or Processes)",
            Category::Info => "Other Informational PEPs",
            Category::Provisional => {
                "Provisional PEPs (provisionally accepted; interface may still change)"
            }
            Category::Accepted => "Accepted PEPs (accepted; may not be implemented yet)",
            Category::Open => "Open PEPs (under consideration)",
            Category::Finished => "Finished PEPs (done, with a stable interface)",
            Category::Historical => "Historical Meta-PEPs and Informational PEPs",
            Category::Deferred => "Deferred PEPs (postponed pending further research or updates)",
            Category::Dead => "Abandoned, Withdrawn, and Rejected PEPs",
        }
    }

    /// PEP 0's anchor for the category.
    pub fn anchor(self) -> &'static str {
        match self {
            Category::Meta => "by-category-meta",
            Category::Info => "by-category-other-info",
            Category::Provisional => "by-category-provisional",
            Category::Accepted => "by-category-accepted",
            Category::Open => "by-category-open",
            Category::Finished => "by-category-finished",
            Category::Historical => "by-category-historical",
            Category::Deferred => "by-category-deferred",
            Category::Dead => "by-category-abandoned",
        }
    }

    /// `writer.py::sort_peps`: status is checked before type, in this order.
    /// `None` where PEP 0 raises "unsorted" (the linter reports those
    /// drafts' status or type).
    pub fn of(status: Status, kind: Kind, title: &str) -> Option<Category> {
        let status = if status == Status::AprilFool {
            Status::Rejected
        } else {
            status
        };
        Some(match (status, kind) {
            (Status::Draft, _) => Category::Open,
            (Status::Deferred, _) => Category::Deferred,
            (Status::Active, Kind::Process) => Category::Meta,
            (Status::Withdrawn | Status::Rejected, Kind::Process) => Category::Dead,
            (_, Kind::Process) => Category::Historical,
            (Status::Rejected | Status::Withdrawn | Status::Superseded, _) => Category::Dead,
            (Status::Active, Kind::Informational) => Category::Info,
            (_, Kind::Informational) if !title.contains("Release Schedule") => Category::Info,
            (_, Kind::Informational) => Category::Historical,
            (Status::Provisional, _) => Category::Provisional,
            (Status::Accepted | Status::Active, _) => Category::Accepted,
            (Status::Final, _) => Category::Finished,
            _ => return None,
        })
    }
}

/// PEP 0's type-and-status column: the type's initial, then the status's
/// initial unless the status is Draft or Active.
pub fn shorthand(status: Status, kind: Kind) -> String {
    let mut s = kind.as_str()[..1].to_owned();
    if !matches!(status, Status::Draft | Status::Active) {
        s.push_str(&status.as_str()[..1]);
    }
    s
}

/// The index: one section per category ("None." when empty), then the
/// types key and the status key. `link_prefix` leads from the page to the
/// `peps/` folder.
pub fn render_index(drafts: &[&Draft], link_prefix: &str) -> String {
    let mut md = String::from("## Index by Category\n\n");
    for category in Category::ALL {
        let _ = write!(md, "### {}\n\n", category.title());
        let rows: Vec<&&Draft> = drafts
            .iter()
            .filter(|d| {
                d.status()
                    .zip(d.kind())
                    .and_then(|(s, k)| Category::of(s, k, d.title()))
                    == Some(category)
            })
            .collect();
        if rows.is_empty() {
            md.push_str("None.\n\n");
            continue;
        }
        md.push_str(
            "<table class=\"tracker-table pep-zero-table\">\n<thead><tr><th>\u{a0}</th><th>PEP</th>\
             <th>PEP Title</th><th>PEP Author(s)</th></tr></thead>\n<tbody>\n",
        );
        for d in rows {
            let (Some(status), Some(kind), Some(n)) = (d.status(), d.kind(), d.number()) else {
                continue;
            };
            let _ = writeln!(
                md,
                "<tr><td><abbr title=\"{kind}, {status}\">{}</abbr></td>\
                 <td><a href=\"{link_prefix}pep-{n:04}.md\">{n}</a></td><td>{}</td><td>{}</td></tr>",
                shorthand(status, kind),
                escape(d.title()),
                escape(&d.author_names().join(", ")),
            );
        }
        md.push_str("</tbody>\n</table>\n\n");
    }
    md.push_str("## PEP Types Key\n\n");
    let mut kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    kinds.sort_unstable();
    for kind in kinds {
        let _ = writeln!(md, "- **{}**: {kind} PEP", &kind[..1]);
    }
    md.push_str("\n## PEP Status Key\n\n");
    let mut statuses: Vec<&str> = Status::ALL
        .iter()
        .filter(|s| !matches!(s, Status::AprilFool | Status::Draft | Status::Active))
        .map(|s| s.as_str())
        .collect();
    statuses.sort_unstable();
    for status in statuses {
        if status == "Accepted" {
            md.push_str("- **A**: Accepted (Standards Track only) or Active proposal\n");
        } else {
            let _ = writeln!(md, "- **{}**: {status} proposal", &status[..1]);
        }
    }
    md.push_str("\nDraft PEPs have no status letter.\n");
    md
}

/// The banner at the top of a draft's chapter, after python/peps' banner
/// directives: the wording and the `sticky-banner deprecated ...` classes
/// of the rejected, superseded and withdrawn banners, and a plain note for
/// the other statuses. `superseded_href` links the superseding PEP.
pub fn banner(draft: &Draft, superseded_href: Option<&str>) -> String {
    let status = draft.status();
    let (extra, text) = match status {
        Some(Status::Draft) => (
            "",
            "This PEP is a draft under discussion; it has not been accepted.",
        ),
        Some(Status::Accepted) => (
            "",
            "This PEP has been accepted; it may not be implemented yet.",
        ),
        Some(Status::Provisional) => (
            "",
            "This PEP has been provisionally accepted; its interface may still change.",
        ),
        Some(Status::Final) => (
            "",
            "This PEP is final: implemented, with a stable interface.",
        ),
        Some(Status::Active) => (
            "",
            "This PEP is active: it describes a process or guidance in effect.",
        ),
        Some(Status::Deferred) => (
            "",
            "This PEP has been deferred, pending further research or updates.",
        ),
        Some(Status::Rejected | Status::AprilFool) => (
            " sticky-banner deprecated rejected",
            "This PEP has been rejected.",
        ),
        Some(Status::Withdrawn) => (
            " sticky-banner deprecated withdrawn",
            "This PEP has been withdrawn.",
        ),
        Some(Status::Superseded) => (" sticky-banner deprecated superseded", ""),
        None => ("", "This PEP has no valid status."),
    };
    let text = match (status, draft.value("Superseded-By"), superseded_href) {
        (Some(Status::Superseded), Some(by), Some(href)) => format!(
            "This PEP has been superseded by <a href=\"{}\">PEP {}</a>.",
            escape(href),
            escape(by)
        ),
        (Some(Status::Superseded), ..) => "This PEP has been superseded.".to_owned(),
        _ => text.to_owned(),
    };
    format!(
        "<div class=\"pep-banner{extra}\" role=\"note\"><span class=\"{}\">{}</span> {text} \
         It is kept in this project's <code>pep-drafts/</code> and is not published on \
         peps.python.org.</div>\n",
        status_class(status),
        escape(draft.value("Status").unwrap_or("")),
    )
}

/// A draft chapter's banner, linking a superseding PEP to its chapter when
/// it is one of the drafts (beside this one), else to peps.python.org.
pub fn draft_banner(project: &Project, draft: &Draft) -> String {
    let href = draft
        .value("Superseded-By")
        .and_then(|v| v.split(", ").next())
        .and_then(|n| n.parse::<u32>().ok())
        .map(|n| match project.draft(n) {
            Some(_) => format!("pep-{n:04}.md"),
            None => format!("https://peps.python.org/pep-{n:04}/"),
        });
    banner(draft, href.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use std::path::Path;

    fn draft(n: u32, status: &str, kind: &str, extra: &str) -> Draft {
        let text = format!(
            "PEP: {n}\nTitle: T{n}\nAuthor: A <a@b.org>\nStatus: {status}\nType: {kind}\n{extra}Created: 01-Jan-2026\n\nBody\n"
        );
        Draft::parse(Path::new("pep.md"), &text, &mut Diagnostics::new()).expect("parses")
    }

    #[test]
    fn classifies_like_pep_zero() {
        use Category::*;
        use Kind::*;
        use Status as S;
        for (status, kind, title, want) in [
            (S::Draft, Process, "", Some(Open)),
            (S::Deferred, StandardsTrack, "", Some(Deferred)),
            (S::Active, Process, "", Some(Meta)),
            (S::Final, Process, "", Some(Historical)),
            (S::Rejected, Process, "", Some(Dead)),
            (S::Superseded, Process, "", Some(Historical)),
            (S::Superseded, StandardsTrack, "", Some(Dead)),
            (S::AprilFool, StandardsTrack, "", Some(Dead)),
            (S::Final, Informational, "x", Some(Info)),
            (
                S::Final,
                Informational,
                "3.9 Release Schedule",
                Some(Historical),
            ),
            (S::Active, Informational, "Release Schedule", Some(Info)),
            (S::Provisional, StandardsTrack, "", Some(Provisional)),
            (S::Accepted, StandardsTrack, "", Some(Accepted)),
            (S::Active, StandardsTrack, "", Some(Accepted)),
            (S::Final, StandardsTrack, "", Some(Finished)),
        ] {
            assert_eq!(Category::of(status, kind, title), want, "{status}/{kind}");
        }
        assert_eq!(shorthand(S::Draft, StandardsTrack), "S");
        assert_eq!(shorthand(S::Accepted, Informational), "IA");
    }

    #[test]
    fn index_lists_every_category_in_order_with_none() {
        let a = draft(9901, "Draft", "Standards Track", "");
        let b = draft(9902, "Final", "Process", "");
        let md = render_index(&[&a, &b], "");
        let pos = |s: &str| {
            md.find(s)
                .unwrap_or_else(|| panic!("{s} missing from {md}"))
        };
        let mut last = 0;
        for c in Category::ALL {
            let at = pos(c.title());
            assert!(at >= last, "{} out of order", c.title());
            last = at;
        }
        assert!(md.contains("<a href=\"pep-9901.md\">9901</a>"));
        assert!(pos("Historical Meta-PEPs") < pos("PF"));
        assert_eq!(md.matches("None.").count(), 7);
        assert!(md.contains("- **A**: Accepted (Standards Track only) or Active proposal"));
        assert!(md.contains("- **S**: Standards Track PEP"));
    }

    #[test]
    fn banners_follow_python_peps() {
        let s = draft(
            9901,
            "Superseded",
            "Standards Track",
            "Superseded-By: 9904\n",
        );
        let html = banner(&s, Some("pep-9904.md"));
        assert!(
            html.contains("sticky-banner deprecated superseded"),
            "{html}"
        );
        assert!(
            html.contains("superseded by <a href=\"pep-9904.md\">PEP 9904</a>"),
            "{html}"
        );
        let r = draft(9901, "Rejected", "Standards Track", "");
        assert!(banner(&r, None).contains("This PEP has been rejected."));
        assert!(banner(&r, None).contains("badge badge-closed"));
        let d = draft(9901, "Draft", "Standards Track", "");
        assert!(banner(&d, None).contains("draft under discussion"));
    }
}
