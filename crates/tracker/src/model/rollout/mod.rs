//! Rollout data (`pep-drafts/rollout.toml`): phases, milestones, gate
//! criteria, risks, decisions, platforms and toolchain versions.
//!
//! The file is read with spans so that every problem points at its line and
//! column. Closed vocabularies are kept as strings while parsing and checked
//! in [`validate`], so that one run reports every bad value at once.
//!
//! A `source` is a URL or a path in this repository (`src/plan/phases.md`,
//! `examples`): [`load`] turns the paths into addresses from the one
//! repository setting ([`Site`]), so every renderer sees absolute URLs.

pub mod evidence;
pub mod review_rules;
pub mod upgrade;
pub mod validate;

use crate::base::diag::{Diagnostics, LineIndex, Pos};
use crate::model::policy::site::Site;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where the rollout data lives, relative to the repository root.
pub const ROLLOUT_FILE: &str = "pep-drafts/rollout.toml";

pub use crate::base::date::Date;

type S<T> = Spanned<T>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Meta {
    pub schema: S<u32>,
    pub as_of: S<toml::value::Datetime>,
    /// The revision "changes since the last review" compares with while no
    /// review is recorded: the first recorded state of the data.
    pub first_revision: S<String>,
}

/// A Steering Council review of this data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Review {
    pub date: S<toml::value::Datetime>,
    /// The git revision of this repository that was reviewed.
    pub revision: S<String>,
    /// Who reviewed: a body, e.g. "Python Steering Council".
    pub by: String,
    /// The minutes or the issue, when there is one.
    pub record: Option<S<String>>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Phase {
    pub id: S<String>,
    pub title: String,
    /// `X.Y`, `fork` (work outside CPython) or `none`.
    pub python: S<String>,
    pub status: S<String>,
    pub start: Option<S<toml::value::Datetime>>,
    pub end: Option<S<toml::value::Datetime>>,
    pub source: S<String>,
    /// `upstream` or `project`.
    pub scope: S<String>,
    /// When the source was last checked.
    pub checked: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Milestone {
    pub id: S<String>,
    pub phase: S<String>,
    /// `upstream` or `project`.
    pub scope: S<String>,
    /// Project items: the upstream milestones their evidence informs.
    #[serde(default)]
    pub informs: Vec<S<String>>,
    pub title: String,
    /// Who drives it: a role or a named group (required upstream).
    pub owner: Option<S<String>>,
    pub status: S<String>,
    /// When it was done (or last changed state).
    pub date: Option<S<toml::value::Datetime>>,
    /// When it is due.
    pub due: Option<S<toml::value::Datetime>>,
    #[serde(default)]
    pub depends_on: Vec<S<String>>,
    #[serde(default)]
    pub peps: Vec<S<u32>>,
    pub note: Option<String>,
    pub source: Option<S<String>>,
    /// When the source or evidence was last checked (required upstream).
    pub checked: Option<S<toml::value::Datetime>>,
    #[serde(default)]
    pub evidence: Vec<S<Evidence>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Criterion {
    pub id: S<String>,
    pub status: S<String>,
    pub scope: S<String>,
    pub checked: Option<S<toml::value::Datetime>>,
    pub note: Option<String>,
    pub source: Option<S<String>>,
    #[serde(default)]
    pub evidence: Vec<S<Evidence>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Risk {
    pub id: S<String>,
    pub scope: S<String>,
    pub title: String,
    pub owner: Option<S<String>>,
    pub severity: S<String>,
    pub status: S<String>,
    pub mitigation: String,
    #[serde(default)]
    pub milestones: Vec<S<String>>,
    pub source: S<String>,
    pub note: Option<String>,
    pub checked: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Decision {
    pub id: S<String>,
    pub scope: S<String>,
    /// `open` or `decided`.
    pub status: S<String>,
    pub question: S<String>,
    /// Open decisions: the choices on the table.
    #[serde(default)]
    pub options: Vec<S<String>>,
    /// Decided: what was decided.
    pub answer: Option<S<String>>,
    /// Who decides (open) or decided: a role or a named group.
    pub owner: S<String>,
    /// Open: by when it must be decided.
    pub due: Option<S<toml::value::Datetime>>,
    /// Decided: when.
    pub date: Option<S<toml::value::Datetime>>,
    /// Milestones and criteria that wait on it.
    #[serde(default)]
    pub blocks: Vec<S<String>>,
    /// Where the question is raised.
    pub source: Option<S<String>>,
    /// Where the decision is recorded.
    pub record: Option<S<String>>,
    pub note: Option<String>,
    pub checked: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Platform {
    pub cpython: S<String>,
    pub compiler: String,
    pub pep11_tier: S<u8>,
    pub rust: String,
    pub rust_tier: S<u8>,
    pub host_tools: bool,
    pub checked: Option<S<toml::value::Datetime>>,
    #[serde(default)]
    pub changes: Vec<S<Change>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Change {
    pub date: toml::value::Datetime,
    pub what: String,
    pub link: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Toolchain {
    pub python: S<String>,
    pub uses: S<String>,
    pub requires: S<String>,
    pub note: Option<String>,
    pub source: S<String>,
    pub checked: Option<S<toml::value::Datetime>>,
}

/// One piece of evidence; exactly one kind of field is set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Evidence {
    /// A public page (form-checked only: there is no network in CI).
    pub link: Option<String>,
    /// A draft in pep-drafts/ with this number...
    pub pep: Option<u32>,
    /// ...whose Status header is this.
    pub status: Option<String>,
    /// Another milestone that must be done.
    pub milestone: Option<String>,
    /// A results file under examples/results/, by its measure name
    /// (`bench`, `cpython-suites`; see [`crate::model::results`])...
    pub measure: Option<String>,
    /// ...the value in it, named by meaning (the file's `Query`:
    /// `{ suite = "test_zlib", count = "failed" }`)...
    pub of: Option<toml::Value>,
    /// ...a comparison such as `>= 1.0` or `== 0`...
    pub expect: Option<String>,
    /// Schema 1 before evidence named values by meaning: a dotted path into
    /// the file. Still read, so that old revisions of the data (`tracker
    /// status --since`, the changes page) load; validation rejects it.
    pub key: Option<String>,
    /// ...and the folders whose sources it measured (for staleness).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Every platform's Rust tier is at most this.
    pub platforms_rust_tier_at_most: Option<u8>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RolloutFile {
    pub meta: Meta,
    #[serde(default)]
    pub phase: Vec<Phase>,
    #[serde(default)]
    pub milestone: Vec<Milestone>,
    #[serde(default)]
    pub criterion: Vec<Criterion>,
    #[serde(default)]
    pub risk: Vec<Risk>,
    #[serde(default)]
    pub decision: Vec<Decision>,
    #[serde(default)]
    pub review: Vec<Review>,
    #[serde(default)]
    pub platform: Vec<Platform>,
    #[serde(default)]
    pub toolchain: Vec<Toolchain>,
}

/// The parsed file with what is needed to report positions in it.
#[derive(Debug, Clone)]
pub struct Rollout {
    pub path: PathBuf,
    pub text: String,
    pub data: RolloutFile,
    /// Sources written as repository paths that [`Rollout::resolve_sources`]
    /// could not resolve: the value's span and why. Validation reports them.
    pub unresolved: Vec<(std::ops::Range<usize>, String)>,
}

/// Whether a `source` is a path in this repository rather than a URL.
fn is_repository_path(source: &str) -> bool {
    !source.contains("://")
}

impl Rollout {
    /// Parses `text`; a syntax or shape error is reported with its position.
    pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Rollout> {
        match toml::from_str::<RolloutFile>(text) {
            Ok(data) => Some(Rollout {
                path: path.to_path_buf(),
                text: text.to_owned(),
                data,
                unresolved: Vec::new(),
            }),
            Err(e) => {
                let pos = e
                    .span()
                    .map_or(Pos::START, |s| LineIndex::new(text).pos(s.start));
                diags.error(path, pos, e.message().trim().to_owned());
                None
            }
        }
    }

    /// Replaces every `source` written as a repository path with its
    /// address (`<git-repository-url>/blob/main/PATH` for a file,
    /// `/tree/main/PATH` for a folder); a path that does not exist, or a book
    /// without the setting, is kept in [`Rollout::unresolved`].
    pub fn resolve_sources(&mut self, site: &Site) {
        let Rollout {
            data, unresolved, ..
        } = self;
        let sources = data
            .phase
            .iter_mut()
            .map(|p| &mut p.source)
            .chain(data.milestone.iter_mut().filter_map(|m| m.source.as_mut()))
            .chain(data.criterion.iter_mut().filter_map(|c| c.source.as_mut()))
            .chain(data.risk.iter_mut().map(|r| &mut r.source))
            .chain(data.decision.iter_mut().filter_map(|d| d.source.as_mut()))
            .chain(data.toolchain.iter_mut().map(|t| &mut t.source));
        for source in sources {
            if !is_repository_path(source.as_ref()) {
                continue;
            }
            match site.source(source.as_ref()) {
                Ok(url) => *source.get_mut() = url,
                Err(e) => unresolved.push((
                    source.span(),
                    format!("{e} (a source without `://` is a path in this repository)"),
                )),
            }
        }
    }

    /// Why the source at `span` is not resolved, if it is a repository path
    /// that did not resolve.
    pub fn unresolved_source(&self, span: &std::ops::Range<usize>) -> Option<&str> {
        self.unresolved
            .iter()
            .find(|(s, _)| s == span)
            .map(|(_, why)| why.as_str())
    }

    /// The position of a span of this file.
    pub fn pos(&self, span: std::ops::Range<usize>) -> Pos {
        LineIndex::new(&self.text).pos(span.start)
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.data.phase.iter().find(|p| p.id.as_ref() == id)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.data.milestone.iter().find(|m| m.id.as_ref() == id)
    }

    pub fn milestones_of<'a>(&'a self, phase: &'a str) -> impl Iterator<Item = &'a Milestone> {
        self.data
            .milestone
            .iter()
            .filter(move |m| m.phase.as_ref() == phase)
    }

    pub fn criteria_of<'a>(&'a self, phase: &'a str) -> impl Iterator<Item = &'a Criterion> {
        self.data
            .criterion
            .iter()
            .filter(move |c| c.phase() == phase)
    }
}

vocabulary!(
    /// A phase's state.
    PhaseStatus { Done = "done", InProgress = "in-progress", Planned = "planned", Postponed = "postponed" }
);
vocabulary!(
    /// A milestone's state as typed in the data. Blocked and at-risk items
    /// are listed first on the dashboard.
    MilestoneStatus {
        Blocked = "blocked",
        AtRisk = "at-risk",
        InProgress = "in-progress",
        Unknown = "unknown",
        Planned = "planned",
        Done = "done",
        Dropped = "dropped",
    }
);
vocabulary!(
    /// Whose item it is: CPython's (with the fork and the PEP process), or
    /// this repository's. Progress counts upstream items only.
    Scope { Upstream = "upstream", Project = "project" }
);
vocabulary!(
    /// Whether a decision is still to be taken.
    DecisionStatus { Open = "open", Decided = "decided" }
);
vocabulary!(
    /// Whether a gate criterion holds.
    CriterionStatus { Met = "met", Unmet = "unmet", Unknown = "unknown" }
);
vocabulary!(
    /// How bad a risk would be.
    Severity { High = "high", Medium = "medium", Low = "low" }
);
vocabulary!(
    /// Where a risk stands.
    RiskStatus { Open = "open", Mitigated = "mitigated", Closed = "closed" }
);

// The typed values below are `None` outside their vocabulary: validation
// reports those, and nothing falls back to a default.

impl Milestone {
    pub fn status(&self) -> Option<MilestoneStatus> {
        MilestoneStatus::parse(self.status.as_ref())
    }
}

impl Criterion {
    pub fn status(&self) -> Option<CriterionStatus> {
        CriterionStatus::parse(self.status.as_ref())
    }

    /// `phase-1` of `phase-1.exit.tests`.
    pub fn phase(&self) -> &str {
        self.id.as_ref().split('.').next().unwrap_or("")
    }

    /// `entry` or `exit`.
    pub fn gate(&self) -> &str {
        self.id.as_ref().split('.').nth(1).unwrap_or("")
    }
}

/// Reads and parses the rollout file of a repository, with its sources
/// resolved against `site`; `None` (with a diagnostic) if it is missing or
/// malformed.
pub fn load(root: &Path, site: &Site, diags: &mut Diagnostics) -> Option<Rollout> {
    let rel = Path::new(ROLLOUT_FILE);
    match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => Rollout::parse(rel, &text, diags).map(|mut r| {
            r.resolve_sources(site);
            r
        }),
        Err(e) => {
            diags.error(rel, Pos::START, format!("cannot read: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const MINIMAL: &str = r#"
[meta]
schema = 2
as-of = 2026-11-24
first-revision = "HEAD"

[[phase]]
id = "phase-0"
title = "Groundwork"
scope = "upstream"
python = "fork"
status = "in-progress"
start = 2025-11-14
source = "https://example.org/p0"
checked = 2026-11-24

[[milestone]]
id = "m1"
phase = "phase-0"
scope = "upstream"
title = "First"
owner = "The team"
status = "done"
date = 2025-11-14
checked = 2026-11-24
evidence = [{ link = "https://example.org/m1" }]
"#;

    #[test]
    fn parses_a_minimal_file() {
        let mut d = Diagnostics::new();
        let r = Rollout::parse(Path::new("r.toml"), MINIMAL, &mut d).expect("parses");
        assert!(d.is_empty());
        assert_eq!(
            r.milestone("m1").and_then(Milestone::status),
            Some(MilestoneStatus::Done)
        );
        let date = r.data.milestone[0]
            .date
            .as_ref()
            .and_then(|d| Date::from_toml(d.as_ref()));
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2025-11-14"));
    }

    #[test]
    fn syntax_and_shape_errors_have_positions() {
        let mut d = Diagnostics::new();
        let bad = MINIMAL.replace("title = \"First\"", "title = \"First\"\nassignee = \"x\"");
        assert!(Rollout::parse(Path::new("r.toml"), &bad, &mut d).is_none());
        let all = d.sorted();
        assert_eq!((all[0].line, all[0].col), (22, 1), "{}", all[0]);
        assert!(
            all[0].message.contains("unknown field `assignee`"),
            "{}",
            all[0]
        );

        let mut d = Diagnostics::new();
        assert!(Rollout::parse(Path::new("r.toml"), "[meta\nx", &mut d).is_none());
        assert_eq!(d.sorted()[0].line, 1);
    }

    #[test]
    fn vocabularies_are_closed() {
        assert_eq!(
            MilestoneStatus::parse("at-risk"),
            Some(MilestoneStatus::AtRisk)
        );
        assert_eq!(MilestoneStatus::parse("Done"), None);
        assert!(Severity::expected().contains("`medium`"));
    }
}
