//! `examples/results/size-levers.json`: each Rust module built under each
//! variant of the release profile, its size beside the instruction count of
//! one hot case (written by examples/tools/size_levers.py).

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct Levers {
    pub generated: String,
    pub rust: String,
    pub levers: Vec<Lever>,
    /// What any module pays before its own code (empty cdylibs).
    #[serde(default)]
    pub floors: Vec<Floor>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

/// One module under one variant.
#[derive(Debug, Clone, Deserialize)]
pub struct Lever {
    pub variant: String,
    /// What the variant changes, in Cargo.toml's words.
    pub change: String,
    /// Whether the panic policy allows the variant.
    pub policy_allows: bool,
    pub module: String,
    pub bytes: f64,
    pub stripped_bytes: Option<f64>,
    #[serde(default)]
    pub instructions: Option<f64>,
    #[serde(default)]
    pub instructions_case: Option<String>,
    /// Symbol sizes by the crate they come from (`nm -S`; base build only).
    #[serde(default)]
    pub symbols: BTreeMap<String, f64>,
}

/// An empty cdylib built with the committed profile: the size no module of
/// that kind can go below.
#[derive(Debug, Clone, Deserialize)]
pub struct Floor {
    pub variant: String,
    pub change: String,
    pub policy_allows: bool,
    pub bytes: f64,
    pub stripped_bytes: Option<f64>,
}

/// A size, by meaning: `module` built under `variant`, in stripped bytes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub module: String,
    pub variant: String,
}

impl Kind for Levers {
    const FILE: &'static str = "size-levers.json";
    const MEASURE: &'static str = "size-levers";
    type Query = Query;

    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    fn value(&self, q: &Query) -> Result<(String, f64), String> {
        let lever = self
            .levers
            .iter()
            .find(|l| l.module == q.module && l.variant == q.variant)
            .ok_or_else(|| format!("no `{}` built as `{}`", q.module, q.variant))?;
        let size = lever
            .stripped_bytes
            .ok_or_else(|| format!("`{}` as `{}` has no stripped size", q.module, q.variant))?;
        Ok((
            format!("{} as {}, stripped bytes", q.module, q.variant),
            size,
        ))
    }
}
