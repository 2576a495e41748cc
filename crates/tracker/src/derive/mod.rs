//! Stage 2, what follows from the validated model: the rollout status
//! (progress, effective states, evidence, the review view) and the changes
//! since a git revision or the last review. [`Project`] is the model with its
//! status beside it, the value every renderer reads.

pub mod changes;
pub mod status;

use crate::model::Model;
use crate::model::pep::Draft;
use crate::model::policy::Policy;
use crate::model::results::Results;
use crate::model::rollout::Rollout;
use status::Status;
use std::path::PathBuf;

/// Everything loaded, validated and derived. Built once per run, by
/// [`crate::pipeline::load`].
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    /// Drafts that parsed, sorted by PEP number.
    pub drafts: Vec<Draft>,
    /// The rollout data as written (with positions), if it parsed.
    pub rollout: Option<Rollout>,
    /// The measured results files, typed.
    pub results: Results,
    /// The derived status, or why there is none (the reasons are in the
    /// diagnostics, with positions).
    pub status: Result<Status, &'static str>,
    /// The policy parameters, rules, `ci/test` steps and repository setting
    /// (pep-drafts/policy.toml, src/policies/, ci/test, book.toml).
    pub policy: Policy,
}

impl Project {
    /// The model with the status derived from it.
    pub fn new(model: Model, status: Result<Status, &'static str>) -> Project {
        let Model {
            root,
            drafts,
            rollout,
            results,
            policy,
        } = model;
        Project {
            root,
            drafts,
            rollout,
            results,
            status,
            policy,
        }
    }

    pub fn draft(&self, number: u32) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.number() == Some(number))
    }
}
