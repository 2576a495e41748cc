//! `examples/results/fuzz.json`: the fuzzing campaign of `crates/fuzz` (written by
//! `crates/fuzz/fuzz.py campaign --output`), per target: executions, seconds, libFuzzer's
//! coverage, corpus size and findings.
//!
//! Like the unsafe inventory it records no source hashes: a campaign is a one-off
//! measurement, and the `ci/test` fuzz step runs every target again on each run.

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The schema this reader knows (`"schema"` in the file).
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Raw")]
pub struct Fuzz {
    pub date: String,
    pub toolchain: String,
    pub cargo_fuzz: String,
    pub seconds_per_target: u32,
    pub targets: BTreeMap<String, Target>,
    sources: BTreeMap<String, String>,
}

/// The file as written; [`Fuzz`] is it with a known schema.
#[derive(Deserialize)]
struct Raw {
    schema: u32,
    date: String,
    toolchain: String,
    cargo_fuzz: String,
    seconds_per_target: u32,
    targets: BTreeMap<String, Target>,
}

impl TryFrom<Raw> for Fuzz {
    type Error = String;

    fn try_from(raw: Raw) -> Result<Self, String> {
        super::check_schema(raw.schema, SCHEMA)?;
        Ok(Fuzz {
            date: raw.date,
            toolchain: raw.toolchain,
            cargo_fuzz: raw.cargo_fuzz,
            seconds_per_target: raw.seconds_per_target,
            targets: raw.targets,
            sources: BTreeMap::new(),
        })
    }
}

/// One target's run.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub runs: u64,
    pub seconds: f64,
    /// libFuzzer's `cov` and `ft` at the end (absent when the run stopped at a finding).
    pub cov: Option<u64>,
    pub ft: Option<u64>,
    pub corpus: u64,
    pub seeds: u64,
    pub findings: Vec<String>,
    pub note: Option<String>,
}

/// A figure of one target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub target: String,
    pub figure: Figure,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    Runs,
    Findings,
}

impl Kind for Fuzz {
    const FILE: &'static str = "fuzz.json";
    const MEASURE: &'static str = "fuzz";
    type Query = Query;

    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    fn value(&self, query: &Query) -> Result<(String, f64), String> {
        let t = self
            .targets
            .get(&query.target)
            .ok_or_else(|| format!("no fuzz target `{}`", query.target))?;
        Ok(match query.figure {
            Figure::Runs => (format!("runs of {}", query.target), t.runs as f64),
            Figure::Findings => (
                format!("findings of {}", query.target),
                t.findings.len() as f64,
            ),
        })
    }
}
