//! The derived status: what the dashboard, `tracker status` and
//! `api/status.json` all show. Computed from the rollout data, the drafts and
//! the evidence; nothing here is typed by hand.

use crate::pep::Draft;
use crate::rollout::evidence::{Checked, Checker};
use crate::rollout::{CriterionStatus, Date, MilestoneStatus, Rollout};
use serde::Serialize;

/// The version of the `api/status.json` schema (src/status/api.md).
pub const SCHEMA: &str = "rust-for-cpython-status/1";

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub schema: &'static str,
    pub as_of: String,
    pub review_baseline: String,
    pub phases: Vec<PhaseView>,
    pub milestones: Vec<MilestoneView>,
    pub criteria: Vec<CriterionView>,
    pub risks: Vec<RiskView>,
    pub decisions: Vec<DecisionView>,
    pub platforms: Vec<PlatformView>,
    pub toolchain: Vec<ToolchainView>,
    pub peps: Vec<PepView>,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: String,
    pub python: String,
    pub status: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Done milestones over milestones that are not dropped.
    pub milestones: Progress,
    /// Met criteria over all criteria, per gate.
    pub entry: Progress,
    pub exit: Progress,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub label: String,
    pub href: Option<String>,
    /// `ok`, `linked`, `missing`, `failing` or `stale`.
    pub state: &'static str,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub id: String,
    pub phase: String,
    pub title: String,
    /// The status as typed in the data.
    pub status: String,
    /// What the dashboard shows: the typed status, or `evidence-error` when
    /// any piece of its evidence is missing, failing or stale.
    pub effective: String,
    pub date: Option<String>,
    pub due: Option<String>,
    pub depends_on: Vec<String>,
    pub peps: Vec<u32>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub phase: String,
    pub gate: String,
    pub status: String,
    pub effective: String,
    pub note: Option<String>,
    pub source: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub mitigation: String,
    pub milestones: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub date: Option<String>,
    pub what: String,
    pub who: String,
    pub link: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub date: String,
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
    /// Where CPython promises more than Rust guarantees.
    pub flags: Vec<String>,
    pub changes: Vec<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolchainView {
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
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
}

pub const EVIDENCE_ERROR: &str = "evidence-error";

fn date_of(d: &Option<toml::Spanned<toml::value::Datetime>>) -> Option<String> {
    d.as_ref()
        .and_then(|d| Date::from_toml(d.as_ref()))
        .map(|d| d.to_string())
}

fn evidence_views(checked: Vec<Checked>) -> Vec<EvidenceView> {
    checked
        .into_iter()
        .map(|c| EvidenceView {
            label: c.label,
            href: c.href,
            state: c.state.name(),
            detail: c.state.detail().map(str::to_owned),
        })
        .collect()
}

/// Whether any piece of evidence is missing, failing or stale.
fn any_error(evidence: &[EvidenceView]) -> bool {
    evidence
        .iter()
        .any(|e| matches!(e.state, "missing" | "failing" | "stale"))
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

/// Computes the status. With `checker`, evidence is verified; without it
/// (old revisions read from git) evidence is listed unchecked.
pub fn compute(r: &Rollout, drafts: &[Draft], checker: Option<&Checker<'_>>) -> Status {
    let check_all = |evidence: &[toml::Spanned<crate::rollout::Evidence>]| -> Vec<EvidenceView> {
        match checker {
            Some(c) => evidence_views(evidence.iter().map(|e| c.check(e.as_ref())).collect()),
            None => Vec::new(),
        }
    };
    let milestones: Vec<MilestoneView> = r
        .data
        .milestone
        .iter()
        .map(|m| {
            let evidence = check_all(&m.evidence);
            let broken = m.status() == MilestoneStatus::Done && any_error(&evidence);
            MilestoneView {
                id: m.id.as_ref().clone(),
                phase: m.phase.as_ref().clone(),
                title: m.title.clone(),
                status: m.status.as_ref().clone(),
                effective: if broken {
                    EVIDENCE_ERROR.to_owned()
                } else {
                    m.status().as_str().to_owned()
                },
                date: date_of(&m.date),
                due: date_of(&m.due),
                depends_on: m.depends_on.iter().map(|d| d.as_ref().clone()).collect(),
                peps: m.peps.iter().map(|p| *p.as_ref()).collect(),
                note: m.note.clone(),
                source: m.source.as_ref().map(|s| s.as_ref().clone()),
                evidence,
            }
        })
        .collect();
    let criteria: Vec<CriterionView> = r
        .data
        .criterion
        .iter()
        .map(|c| {
            let evidence = check_all(&c.evidence);
            let broken = c.status() == CriterionStatus::Met && any_error(&evidence);
            CriterionView {
                id: c.id.as_ref().clone(),
                phase: c.phase().to_owned(),
                gate: c.gate().to_owned(),
                status: c.status.as_ref().clone(),
                effective: if broken {
                    EVIDENCE_ERROR.to_owned()
                } else {
                    c.status().as_str().to_owned()
                },
                note: c.note.clone(),
                source: c.source.as_ref().map(|s| s.as_ref().clone()),
                evidence,
            }
        })
        .collect();
    let phases = r
        .data
        .phase
        .iter()
        .map(|p| {
            let id = p.id.as_ref();
            let counted: Vec<&MilestoneView> = milestones
                .iter()
                .filter(|m| &m.phase == id && m.status != MilestoneStatus::Dropped.as_str())
                .collect();
            let gate = |g: &str| {
                let of: Vec<&CriterionView> = criteria
                    .iter()
                    .filter(|c| &c.phase == id && c.gate == g)
                    .collect();
                Progress {
                    done: of
                        .iter()
                        .filter(|c| c.effective == CriterionStatus::Met.as_str())
                        .count(),
                    total: of.len(),
                }
            };
            PhaseView {
                id: id.clone(),
                title: p.title.clone(),
                python: p.python.as_ref().clone(),
                status: p.status.as_ref().clone(),
                start: date_of(&p.start),
                end: date_of(&p.end),
                milestones: Progress {
                    done: counted
                        .iter()
                        .filter(|m| m.effective == MilestoneStatus::Done.as_str())
                        .count(),
                    total: counted.len(),
                },
                entry: gate("entry"),
                exit: gate("exit"),
                source: p.source.as_ref().clone(),
            }
        })
        .collect();
    Status {
        schema: SCHEMA,
        as_of: Date::from_toml(r.data.meta.as_of.as_ref())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        review_baseline: r.data.meta.review_baseline.as_ref().clone(),
        phases,
        milestones,
        criteria,
        risks: r
            .data
            .risk
            .iter()
            .map(|x| RiskView {
                id: x.id.as_ref().clone(),
                title: x.title.clone(),
                severity: x.severity.as_ref().clone(),
                status: x.status.as_ref().clone(),
                mitigation: x.mitigation.clone(),
                milestones: x.milestones.iter().map(|m| m.as_ref().clone()).collect(),
                source: x.source.as_ref().clone(),
            })
            .collect(),
        decisions: r
            .data
            .decision
            .iter()
            .map(|d| DecisionView {
                date: date_of(&d.date),
                what: d.what.as_ref().clone(),
                who: d.who.clone(),
                link: d.link.as_ref().clone(),
                note: d.note.clone(),
            })
            .collect(),
        platforms: r
            .data
            .platform
            .iter()
            .map(|p| PlatformView {
                cpython: p.cpython.as_ref().clone(),
                compiler: p.compiler.clone(),
                pep11_tier: *p.pep11_tier.as_ref(),
                rust: p.rust.clone(),
                rust_tier: *p.rust_tier.as_ref(),
                host_tools: p.host_tools,
                flags: platform_flags(*p.pep11_tier.as_ref(), *p.rust_tier.as_ref(), p.host_tools),
                changes: p
                    .changes
                    .iter()
                    .map(|c| ChangeView {
                        date: Date::from_toml(&c.as_ref().date)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        what: c.as_ref().what.clone(),
                        link: c.as_ref().link.clone(),
                    })
                    .collect(),
            })
            .collect(),
        toolchain: r
            .data
            .toolchain
            .iter()
            .map(|t| ToolchainView {
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
                status: d.value("Status").unwrap_or("").to_owned(),
                kind: d.value("Type").unwrap_or("").to_owned(),
            })
            .collect(),
    }
}

impl Status {
    /// Milestones that need a reviewer's attention, worst first: evidence
    /// errors, blocked, at risk.
    pub fn attention(&self) -> Vec<&MilestoneView> {
        let rank = |m: &MilestoneView| match m.effective.as_str() {
            EVIDENCE_ERROR => Some(0),
            "blocked" => Some(1),
            "at-risk" => Some(2),
            _ => None,
        };
        let mut out: Vec<(u8, &MilestoneView)> = self
            .milestones
            .iter()
            .filter_map(|m| rank(m).map(|r| (r, m)))
            .collect();
        out.sort_by_key(|(r, _)| *r);
        out.into_iter().map(|(_, m)| m).collect()
    }

    pub fn evidence_errors(&self) -> usize {
        self.milestones
            .iter()
            .filter(|m| m.effective == EVIDENCE_ERROR)
            .count()
            + self
                .criteria
                .iter()
                .filter(|c| c.effective == EVIDENCE_ERROR)
                .count()
    }
}
