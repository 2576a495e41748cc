//! `examples/results/cpython-suites.json`: CPython's own test suites run
//! against the Rust modules (written by examples/tools/cpython_suites.py).

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct Suites {
    pub generated: String,
    pub python: String,
    /// By suite name: `test_binascii`, or `test_binascii:rs_base64_ffi`.
    pub suites: BTreeMap<String, Suite>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Suite {
    pub module: String,
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
    pub errors: u64,
    #[serde(default)]
    pub excluded: Vec<Excluded>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Excluded {
    pub test: String,
    pub reason: String,
}

/// A count of one suite's run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub suite: String,
    pub count: Count,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Count {
    Passed,
    Failed,
    Skipped,
    Errors,
}

impl Kind for Suites {
    const FILE: &'static str = "cpython-suites.json";
    const MEASURE: &'static str = "cpython-suites";
    type Query = Query;

    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    fn value(&self, q: &Query) -> Result<(String, f64), String> {
        let s = self
            .suites
            .get(&q.suite)
            .ok_or_else(|| format!("no suite `{}`", q.suite))?;
        let (name, n) = match q.count {
            Count::Passed => ("passed", s.passed),
            Count::Failed => ("failed", s.failed),
            Count::Skipped => ("skipped", s.skipped),
            Count::Errors => ("errors", s.errors),
        };
        // Counts of tests are far below 2^53: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        Ok((format!("{} ({}) {name}", q.suite, s.module), n as f64))
    }
}
