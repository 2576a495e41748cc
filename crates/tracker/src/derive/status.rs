//! The derived status: what the dashboard, `tracker status` and
//! `api/status.json` all show. Computed from the validated rollout data, the
//! drafts and the checked evidence; nothing here is typed by hand, and
//! every closed vocabulary stays an enum up to the renderers.
//!
//! The JSON field names and spellings are the schema of src/status/api.md:
//! enums serialise as their spelling in the data.

use crate::base::date::Date;
use crate::model::pep::{self, Draft};
pub use crate::model::rollout::evidence::State as EvidenceState;
use crate::model::rollout::evidence::{Checked, Checker};
use crate::model::rollout::{
    CriterionStatus, DecisionStatus, Evidence, MilestoneStatus, PhaseStatus, RiskStatus, Rollout,
    Scope, Severity,
};
use serde::{Serialize, Serializer};

/// The version of the `api/status.json` schema (src/status/api.md).
pub const SCHEMA: &str = "rust-for-cpython-status/2";

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub schema: &'static str,
    pub as_of: Date,
    /// What "changes since the last review" compares with while no review
    /// is recorded.
    pub first_revision: String,
    /// Steering Council reviews of this data, oldest first.
    pub reviews: Vec<ReviewView>,
    /// The oldest `checked` date of an upstream fact (milestones, criteria,
    /// risks, decisions, phases and platform rows).
    pub oldest_check: Option<Date>,
    pub phases: Vec<PhaseView>,
    pub milestones: Vec<MilestoneView>,
    pub criteria: Vec<CriterionView>,
    pub risks: Vec<RiskView>,
    pub decisions: Vec<DecisionView>,
    pub platforms: Vec<PlatformView>,
    pub toolchain: Vec<ToolchainView>,
    pub peps: Vec<PepView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(&self) -> u32 {
        // Rounded down: a phase is never shown as 100 % before it is.
        (self.done * 100)
            .checked_div(self.total)
            .map_or(0, |p| u32::try_from(p).unwrap_or(100))
    }
}

/// What the dashboard shows for a milestone or criterion: the status typed
/// in the data, or an evidence error when what it claims is not backed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effective<S> {
    Is(S),
    /// Claimed done or met, but some evidence is missing, failing or stale.
    EvidenceError,
}

/// The spelling of [`Effective::EvidenceError`] in api/status.json.
pub const EVIDENCE_ERROR: &str = "evidence-error";

impl<S: Serialize> Serialize for Effective<S> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        match self {
            Effective::Is(v) => v.serialize(s),
            Effective::EvidenceError => s.serialize_str(EVIDENCE_ERROR),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: String,
    pub scope: Scope,
    pub checked: Option<Date>,
    pub python: String,
    pub status: PhaseStatus,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Done upstream milestones over upstream milestones that are not
    /// dropped: this project's own milestones never count.
    pub milestones: Progress,
    /// Met upstream criteria over all upstream criteria, per gate.
    pub entry: Progress,
    pub exit: Progress,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// The machine form: what is compared with what, in which file.
    pub label: String,
    /// The same as a sentence with its numbers, where there is one.
    pub sentence: Option<String>,
    pub href: Option<String>,
    pub state: EvidenceState,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub id: String,
    pub phase: String,
    pub scope: Scope,
    pub title: String,
    pub owner: Option<String>,
    /// Past its due date (before the as-of date) and neither done nor
    /// dropped.
    pub overdue: bool,
    /// Project milestones: the upstream milestones they inform.
    pub informs: Vec<String>,
    pub checked: Option<Date>,
    /// The status as typed in the data.
    pub status: MilestoneStatus,
    pub effective: Effective<MilestoneStatus>,
    pub date: Option<Date>,
    pub due: Option<Date>,
    pub depends_on: Vec<String>,
    pub peps: Vec<u32>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    /// The criterion as written in the phases page, when it could be read.
    pub text: Option<String>,
    pub phase: String,
    pub scope: Scope,
    pub checked: Option<Date>,
    pub gate: Gate,
    pub status: CriterionStatus,
    pub effective: Effective<CriterionStatus>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

/// Which gate of a phase a criterion belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    Entry,
    Exit,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub id: String,
    pub scope: Scope,
    pub owner: Option<String>,
    pub checked: Option<Date>,
    pub note: Option<String>,
    pub title: String,
    pub severity: Severity,
    pub status: RiskStatus,
    pub mitigation: String,
    pub milestones: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub scope: Scope,
    pub status: DecisionStatus,
    pub question: String,
    pub options: Vec<String>,
    pub answer: Option<String>,
    /// Who decides (open) or decided.
    pub owner: String,
    pub due: Option<Date>,
    /// Open and past its due date.
    pub overdue: bool,
    /// When it was decided.
    pub date: Option<Date>,
    pub blocks: Vec<String>,
    pub source: Option<String>,
    pub record: Option<String>,
    pub note: Option<String>,
    pub checked: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub date: Date,
    pub revision: String,
    pub by: String,
    pub record: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub date: Date,
    pub what: String,
    pub link: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlatformView {
    pub cpython: String,
    pub compiler: String,
    pub pep11_tier: u8,
    pub rust: String,
    pub rust_tier: u8,
    pub host_tools: bool,
    pub checked: Option<Date>,
    /// Where CPython promises more than Rust guarantees.
    pub flags: Vec<String>,
    pub changes: Vec<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolchainView {
    pub checked: Option<Date>,
    pub python: String,
    pub uses: String,
    pub requires: String,
    pub note: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PepView {
    pub number: u32,
    pub title: String,
    /// `""` when the draft's Status is not a PEP status (the linter says so).
    #[serde(serialize_with = "or_empty")]
    pub status: Option<pep::Status>,
    #[serde(rename = "type", serialize_with = "or_empty")]
    pub kind: Option<pep::Kind>,
}

fn or_empty<T: Serialize, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => v.serialize(s),
        None => s.serialize_str(""),
    }
}

fn evidence_views(checked: Vec<Checked>) -> Vec<EvidenceView> {
    checked
        .into_iter()
        .map(|c| EvidenceView {
            label: c.label,
            sentence: c.sentence,
            href: c.href,
            state: c.state,
            detail: c.detail,
        })
        .collect()
}

/// Why a platform's CPython tier is not backed by an equal Rust guarantee.
pub fn platform_flags(pep11: u8, rust: u8, host_tools: bool) -> Vec<String> {
    let mut flags = Vec::new();
    if pep11 < rust {
        flags.push(format!(
            "CPython Tier {pep11} rests on a Rust Tier {rust} target: {}",
            if rust == 2 {
                "Rust guarantees that it builds, not that its tests pass"
            } else {
                "Rust gives no guarantee"
            }
        ));
    }
    if !host_tools {
        flags.push("no Rust host tools: the Rust code is cross-compiled".to_owned());
    }
    flags
}

/// Why the status cannot be computed: the data has errors that validation
/// reports with their positions.
pub const INVALID: &str = "the rollout data has errors (listed for pep-drafts/rollout.toml)";

fn valid<T>(v: Option<T>) -> Result<T, &'static str> {
    v.ok_or(INVALID)
}

fn date(d: Option<&toml::Spanned<toml::value::Datetime>>) -> Result<Option<Date>, &'static str> {
    d.map(|d| valid(Date::from_toml(d.as_ref()))).transpose()
}

/// The effective state: a claimed status with any evidence error becomes
/// [`Effective::EvidenceError`].
fn effective<S>(status: S, claimed: bool, evidence: &[EvidenceView]) -> Effective<S> {
    if claimed && evidence.iter().any(|e| e.state.is_error()) {
        Effective::EvidenceError
    } else {
        Effective::Is(status)
    }
}

/// Computes the status. With `checker`, evidence is verified; without it
/// (old revisions read from git) evidence is listed unchecked. Fails when a
/// value is outside its vocabulary or a date is not a date: validation
/// reports those with their positions, and nothing is shown as a default.
pub fn compute(
    r: &Rollout,
    drafts: &[Draft],
    checker: Option<&Checker<'_>>,
) -> Result<Status, &'static str> {
    let check_all = |evidence: &[toml::Spanned<Evidence>]| -> Vec<EvidenceView> {
        match checker {
            Some(c) => evidence_views(evidence.iter().map(|e| c.check(e.as_ref())).collect()),
            None => Vec::new(),
        }
    };
    let as_of = valid(Date::from_toml(r.data.meta.as_of.as_ref()))?;
    let scope = |s: &toml::Spanned<String>| valid(Scope::parse(s.as_ref()));
    let text = |s: &Option<toml::Spanned<String>>| s.as_ref().map(|v| v.as_ref().clone());
    let mut milestones = Vec::new();
    for m in &r.data.milestone {
        let status = valid(MilestoneStatus::parse(m.status.as_ref()))?;
        let evidence = check_all(&m.evidence);
        let due = date(m.due.as_ref())?;
        milestones.push(MilestoneView {
            id: m.id.as_ref().clone(),
            phase: m.phase.as_ref().clone(),
            scope: scope(&m.scope)?,
            owner: text(&m.owner),
            overdue: is_overdue(status, due, as_of),
            informs: m.informs.iter().map(|i| i.as_ref().clone()).collect(),
            checked: date(m.checked.as_ref())?,
            title: m.title.clone(),
            status,
            effective: effective(status, status == MilestoneStatus::Done, &evidence),
            date: date(m.date.as_ref())?,
            due,
            depends_on: m.depends_on.iter().map(|d| d.as_ref().clone()).collect(),
            peps: m.peps.iter().map(|p| *p.as_ref()).collect(),
            note: m.note.clone(),
            source: m.source.as_ref().map(|s| s.as_ref().clone()),
            evidence,
        });
    }
    let mut criteria = Vec::new();
    for c in &r.data.criterion {
        let status = valid(CriterionStatus::parse(c.status.as_ref()))?;
        let gate = match c.gate() {
            "entry" => Gate::Entry,
            "exit" => Gate::Exit,
            _ => return Err(INVALID),
        };
        let evidence = check_all(&c.evidence);
        criteria.push(CriterionView {
            id: c.id.as_ref().clone(),
            text: None,
            phase: c.phase().to_owned(),
            scope: scope(&c.scope)?,
            checked: date(c.checked.as_ref())?,
            gate,
            status,
            effective: effective(status, status == CriterionStatus::Met, &evidence),
            note: c.note.clone(),
            source: c.source.as_ref().map(|s| s.as_ref().clone()),
            evidence,
        });
    }
    let mut phases = Vec::new();
    for p in &r.data.phase {
        let id = p.id.as_ref();
        let counted: Vec<&MilestoneView> = milestones
            .iter()
            .filter(|m| {
                &m.phase == id && m.scope == Scope::Upstream && m.status != MilestoneStatus::Dropped
            })
            .collect();
        let gate = |g: Gate| {
            let of: Vec<&CriterionView> = criteria
                .iter()
                .filter(|c| &c.phase == id && c.gate == g && c.scope == Scope::Upstream)
                .collect();
            Progress {
                done: of
                    .iter()
                    .filter(|c| c.effective == Effective::Is(CriterionStatus::Met))
                    .count(),
                total: of.len(),
            }
        };
        phases.push(PhaseView {
            id: id.clone(),
            title: p.title.clone(),
            scope: scope(&p.scope)?,
            checked: date(p.checked.as_ref())?,
            python: p.python.as_ref().clone(),
            status: valid(PhaseStatus::parse(p.status.as_ref()))?,
            start: date(p.start.as_ref())?,
            end: date(p.end.as_ref())?,
            milestones: Progress {
                done: counted
                    .iter()
                    .filter(|m| m.effective == Effective::Is(MilestoneStatus::Done))
                    .count(),
                total: counted.len(),
            },
            entry: gate(Gate::Entry),
            exit: gate(Gate::Exit),
            source: p.source.as_ref().clone(),
        });
    }
    let mut risks = Vec::new();
    for x in &r.data.risk {
        risks.push(RiskView {
            id: x.id.as_ref().clone(),
            scope: scope(&x.scope)?,
            owner: text(&x.owner),
            checked: date(x.checked.as_ref())?,
            note: x.note.clone(),
            title: x.title.clone(),
            severity: valid(Severity::parse(x.severity.as_ref()))?,
            status: valid(RiskStatus::parse(x.status.as_ref()))?,
            mitigation: x.mitigation.clone(),
            milestones: x.milestones.iter().map(|m| m.as_ref().clone()).collect(),
            source: x.source.as_ref().clone(),
        });
    }
    let mut decisions = Vec::new();
    for d in &r.data.decision {
        let status = valid(DecisionStatus::parse(d.status.as_ref()))?;
        let due = date(d.due.as_ref())?;
        decisions.push(DecisionView {
            id: d.id.as_ref().clone(),
            scope: scope(&d.scope)?,
            status,
            question: d.question.as_ref().clone(),
            options: d.options.iter().map(|o| o.as_ref().clone()).collect(),
            answer: text(&d.answer),
            owner: d.owner.as_ref().clone(),
            due,
            overdue: status == DecisionStatus::Open && due.is_some_and(|d| d < as_of),
            date: date(d.date.as_ref())?,
            blocks: d.blocks.iter().map(|b| b.as_ref().clone()).collect(),
            source: text(&d.source),
            record: text(&d.record),
            note: d.note.clone(),
            checked: date(d.checked.as_ref())?,
        });
    }
    let mut platforms = Vec::new();
    for p in &r.data.platform {
        let mut changes = Vec::new();
        for c in &p.changes {
            changes.push(ChangeView {
                date: valid(Date::from_toml(&c.as_ref().date))?,
                what: c.as_ref().what.clone(),
                link: c.as_ref().link.clone(),
            });
        }
        platforms.push(PlatformView {
            cpython: p.cpython.as_ref().clone(),
            compiler: p.compiler.clone(),
            pep11_tier: *p.pep11_tier.as_ref(),
            rust: p.rust.clone(),
            rust_tier: *p.rust_tier.as_ref(),
            host_tools: p.host_tools,
            checked: date(p.checked.as_ref())?,
            flags: platform_flags(*p.pep11_tier.as_ref(), *p.rust_tier.as_ref(), p.host_tools),
            changes,
        });
    }
    let mut reviews = Vec::new();
    for review in &r.data.review {
        reviews.push(ReviewView {
            date: valid(Date::from_toml(review.date.as_ref()))?,
            revision: review.revision.as_ref().clone(),
            by: review.by.clone(),
            record: text(&review.record),
            note: review.note.clone(),
        });
    }
    let upstream_checks = milestones
        .iter()
        .filter(|m| m.scope == Scope::Upstream)
        .map(|m| m.checked)
        .chain(
            criteria
                .iter()
                .filter(|c| c.scope == Scope::Upstream)
                .map(|c| c.checked),
        )
        .chain(
            risks
                .iter()
                .filter(|x| x.scope == Scope::Upstream)
                .map(|x| x.checked),
        )
        .chain(
            decisions
                .iter()
                .filter(|d| d.scope == Scope::Upstream)
                .map(|d| d.checked),
        )
        .chain(
            phases
                .iter()
                .filter(|p| p.scope == Scope::Upstream)
                .map(|p| p.checked),
        )
        .chain(platforms.iter().map(|p| p.checked));
    let oldest_check = upstream_checks.flatten().min();
    Ok(Status {
        schema: SCHEMA,
        as_of,
        first_revision: r.data.meta.first_revision.as_ref().clone(),
        reviews,
        oldest_check,
        phases,
        milestones,
        criteria,
        risks,
        decisions,
        platforms,
        toolchain: r
            .data
            .toolchain
            .iter()
            .map(|t| ToolchainView {
                checked: t.checked.as_ref().and_then(|c| Date::from_toml(c.as_ref())),
                python: t.python.as_ref().clone(),
                uses: t.uses.as_ref().clone(),
                requires: t.requires.as_ref().clone(),
                note: t.note.clone(),
                source: t.source.as_ref().clone(),
            })
            .collect(),
        peps: drafts
            .iter()
            .map(|d| PepView {
                number: d.number().unwrap_or(0),
                title: d.title().to_owned(),
                status: d.status(),
                kind: d.kind(),
            })
            .collect(),
    })
}

/// A milestone is overdue when its due date is before the as-of date and it
/// is neither done nor dropped.
pub fn is_overdue(status: MilestoneStatus, due: Option<Date>, as_of: Date) -> bool {
    due.is_some_and(|d| d < as_of)
        && !matches!(status, MilestoneStatus::Done | MilestoneStatus::Dropped)
}

impl Status {
    /// The review that "changes since the last review" compares with.
    pub fn last_review(&self) -> Option<&ReviewView> {
        self.reviews.last()
    }

    /// Fills in each criterion's text from the phases page (`id` to text).
    pub fn attach_criteria_text(&mut self, texts: &[(String, String)]) {
        for c in &mut self.criteria {
            c.text = texts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, t)| t.clone());
        }
    }
}

/// Why a milestone needs attention, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    /// Past its due date and not done.
    Overdue,
    EvidenceError,
    Blocked,
    AtRisk,
}

impl MilestoneView {
    pub fn attention(&self) -> Option<Attention> {
        if self.overdue {
            return Some(Attention::Overdue);
        }
        match self.effective {
            Effective::EvidenceError => Some(Attention::EvidenceError),
            Effective::Is(MilestoneStatus::Blocked) => Some(Attention::Blocked),
            Effective::Is(MilestoneStatus::AtRisk) => Some(Attention::AtRisk),
            Effective::Is(_) => None,
        }
    }
}

impl Status {
    /// Milestones that need a reviewer's attention, worst first: overdue,
    /// evidence errors, blocked, at risk; within each, soonest due first.
    pub fn attention(&self) -> Vec<&MilestoneView> {
        let mut out: Vec<(Attention, &MilestoneView)> = self
            .milestones
            .iter()
            .filter_map(|m| m.attention().map(|a| (a, m)))
            .collect();
        out.sort_by_key(|(a, m)| (*a, m.due, m.scope));
        out.into_iter().map(|(_, m)| m).collect()
    }

    pub fn evidence_errors(&self) -> usize {
        self.milestones
            .iter()
            .filter(|m| m.effective == Effective::EvidenceError)
            .count()
            + self
                .criteria
                .iter()
                .filter(|c| c.effective == Effective::EvidenceError)
                .count()
    }

    pub fn phase(&self, id: &str) -> Option<&PhaseView> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// The status as api/status.json holds it: pretty JSON and a newline.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self).map(|json| json + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use crate::model::results::Results;
    use std::path::Path;

    const HEAD: &str = "[meta]\nschema = 2\nas-of = 2026-11-24\nfirst-revision = \"HEAD\"\n\n\
        [[phase]]\nid = \"p\"\nscope = \"upstream\"\ntitle = \"P\"\npython = \"fork\"\nstatus = \"in-progress\"\n\
        source = \"https://example.org/p\"\n\n";

    fn milestone(id: &str, status: &str, extra: &str) -> String {
        format!(
            "[[milestone]]\nid = \"{id}\"\nphase = \"p\"\nscope = \"upstream\"\ntitle = \"{id}\"\nstatus = \"{status}\"\n{extra}\n"
        )
    }

    fn criterion(id: &str, status: &str, extra: &str) -> String {
        format!(
            "[[criterion]]\nid = \"p.{id}\"\nscope = \"upstream\"\nstatus = \"{status}\"\n{extra}\n"
        )
    }

    fn compute_text(text: &str) -> Result<Status, &'static str> {
        let mut diags = Diagnostics::new();
        let r = Rollout::parse(Path::new("r.toml"), text, &mut diags).expect("parses");
        let results = Results::none();
        let checker = Checker::new(Path::new("."), &[], &r, &results);
        compute(&r, &[], Some(&checker))
    }

    #[test]
    fn done_with_failing_evidence_is_an_evidence_error() {
        let text = format!(
            "{HEAD}{}{}{}",
            milestone(
                "a",
                "done",
                "date = 2026-01-01\nevidence = [{ milestone = \"b\" }]"
            ),
            milestone("b", "planned", ""),
            // Not claimed done: failing evidence only shows progress.
            milestone("c", "in-progress", "evidence = [{ milestone = \"b\" }]"),
        );
        let s = compute_text(&text).expect("computes");
        assert_eq!(s.milestones[0].status, MilestoneStatus::Done);
        assert_eq!(s.milestones[0].effective, Effective::EvidenceError);
        assert_eq!(s.milestones[0].evidence[0].state, EvidenceState::Failing);
        assert_eq!(
            s.milestones[2].effective,
            Effective::Is(MilestoneStatus::InProgress)
        );
        assert_eq!(s.evidence_errors(), 1);
        // An evidence error does not count as done.
        assert_eq!(s.phases[0].milestones, Progress { done: 0, total: 3 });
    }

    #[test]
    fn phase_progress_skips_dropped_milestones_and_counts_gates() {
        let text = format!(
            "{HEAD}{}{}{}{}{}{}",
            milestone(
                "a",
                "done",
                "date = 2026-01-01\nevidence = [{ link = \"https://example.org/a\" }]"
            ),
            milestone("b", "dropped", ""),
            milestone("c", "planned", ""),
            criterion("entry.x", "met", "evidence = [{ milestone = \"a\" }]"),
            criterion("exit.y", "unmet", "source = \"https://example.org/y\""),
            criterion("exit.z", "met", "evidence = [{ milestone = \"c\" }]"),
        );
        let s = compute_text(&text).expect("computes");
        let p = &s.phases[0];
        assert_eq!(p.milestones, Progress { done: 1, total: 2 });
        assert_eq!(p.milestones.percent(), 50);
        assert_eq!(p.entry, Progress { done: 1, total: 1 });
        // exit.z claims met on a planned milestone: an evidence error.
        assert_eq!(p.exit, Progress { done: 0, total: 2 });
        assert_eq!(s.criteria[2].effective, Effective::EvidenceError);
        assert_eq!(s.criteria[1].gate, Gate::Exit);
    }

    #[test]
    fn attention_is_worst_first() {
        let text = format!(
            "{HEAD}{}{}{}{}",
            milestone("risky", "at-risk", ""),
            milestone("stuck", "blocked", ""),
            milestone("fine", "planned", ""),
            milestone(
                "broken",
                "done",
                "date = 2026-01-01\nevidence = [{ pep = 1 }]"
            ),
        );
        let s = compute_text(&text).expect("computes");
        let ids: Vec<&str> = s.attention().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["broken", "stuck", "risky"]);
    }

    #[test]
    fn values_outside_a_vocabulary_give_no_status_instead_of_a_default() {
        let text = format!("{HEAD}{}", milestone("a", "finished", ""));
        assert_eq!(compute_text(&text).err(), Some(INVALID));
        let text = HEAD.replace("in-progress", "started");
        assert_eq!(compute_text(&text).err(), Some(INVALID));
    }

    #[test]
    fn json_spells_enums_as_the_data_does() {
        let text = format!("{HEAD}{}", milestone("a", "at-risk", "due = 2027-01-02"));
        let json = compute_text(&text)
            .expect("computes")
            .to_json()
            .expect("json");
        for want in [
            "\"status\": \"at-risk\"",
            "\"effective\": \"at-risk\"",
            "\"due\": \"2027-01-02\"",
            "\"as_of\": \"2026-11-24\"",
        ] {
            assert!(json.contains(want), "{want} not in {json}");
        }
    }
}
