//! `examples/results/bench.json`: speed of each example against its peers,
//! and the size of what it builds (written by ci/bench).

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct Bench {
    pub schema: u32,
    pub generated: String,
    /// A `--quick` smoke run, whose numbers are not to be quoted.
    pub quick: bool,
    pub machine: Machine,
    /// Tool and library versions by name (`python`, `rust`, `pyo3`, ...).
    pub versions: BTreeMap<String, String>,
    pub settings: Settings,
    pub benchmarks: Vec<Case>,
    #[serde(default)]
    pub artifacts: Vec<Artifact>,
    /// Each Rust module beside its C module and best peer (bench_sizes.py).
    #[serde(default)]
    pub sizes: Vec<SizeRow>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: u32,
    #[serde(default)]
    pub simd: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub timer: String,
}

/// One operation on one input, timed for every implementation.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub module: String,
    pub operation: String,
    pub size: Option<u64>,
    pub size_label: String,
    /// Ratios are this implementation's time divided by another's.
    pub baseline: String,
    pub results: Vec<Timing>,
    #[serde(default)]
    pub ratios: BTreeMap<String, f64>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Timing {
    #[serde(rename = "impl")]
    pub implementation: String,
    pub median_ns: f64,
    /// Interquartile range over the median, in percent (pyperf runs).
    #[serde(default)]
    pub spread_pct: Option<f64>,
    /// callgrind instructions per call (`--instructions` runs).
    #[serde(default)]
    pub instructions: Option<f64>,
}

/// A speed target: `impl` against `peer`, measured in the same run.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    #[serde(rename = "impl")]
    pub implementation: String,
    pub peer: String,
    pub min_ratio: f64,
    /// Peer median over implementation median.
    pub ratio: f64,
    pub met: bool,
    #[serde(default)]
    pub ratio_low: Option<f64>,
    #[serde(default)]
    pub ratio_high: Option<f64>,
    /// Peer instructions over implementation instructions.
    #[serde(default)]
    pub instruction_ratio: Option<f64>,
    /// Compressors: output no larger than the peer's.
    #[serde(default)]
    pub size_met: Option<bool>,
}

/// Sizes of one Rust module, its C module and its peer.
#[derive(Debug, Clone, Deserialize)]
pub struct SizeRow {
    pub module: String,
    pub rust: SizeEntry,
    #[serde(default)]
    pub c_module: Option<SizeEntry>,
    #[serde(default)]
    pub peer: Option<SizeEntry>,
    #[serde(default)]
    pub stripped_ratio_to_c: Option<f64>,
    #[serde(default)]
    pub target: Option<SizeTarget>,
}

/// One module's files (its extension and any library it links), in bytes.
#[derive(Debug, Clone, Deserialize)]
pub struct SizeEntry {
    pub module: String,
    pub bytes: f64,
    pub stripped_bytes: Option<f64>,
    #[serde(default)]
    pub text_data_bytes: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SizeTarget {
    pub max_ratio: f64,
    pub met: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Artifact {
    pub module: String,
    pub so_bytes: Option<f64>,
    pub wheel_bytes: Option<f64>,
    pub build_seconds: Option<f64>,
}

/// A speed-up, named by what was measured: `impl` against `peer` on
/// `module`'s `operation` with an input of `size` bytes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub module: String,
    pub operation: String,
    pub size: u64,
    #[serde(rename = "impl")]
    pub implementation: String,
    pub peer: String,
}

impl Bench {
    /// The cases of one module, refusing a `--quick` run.
    pub fn cases(&self, module: &str) -> Result<Vec<&Case>, String> {
        if self.quick {
            return Err(format!(
                "{}/{} comes from a --quick run: rerun ci/bench",
                super::RESULTS_DIR,
                Self::FILE
            ));
        }
        let of: Vec<&Case> = self
            .benchmarks
            .iter()
            .filter(|c| c.module == module)
            .collect();
        if of.is_empty() {
            return Err(format!(
                "{}/{} has no benchmarks for `{module}`",
                super::RESULTS_DIR,
                Self::FILE
            ));
        }
        Ok(of)
    }
}

impl Case {
    pub fn median(&self, implementation: &str) -> Option<f64> {
        self.results
            .iter()
            .find(|t| t.implementation == implementation)
            .map(|t| t.median_ns)
    }
}

impl Kind for Bench {
    const FILE: &'static str = "bench.json";
    const MEASURE: &'static str = "bench";
    type Query = Query;

    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    /// The peer's median time over the implementation's: above 1 is faster.
    fn value(&self, q: &Query) -> Result<(String, f64), String> {
        let case = self
            .benchmarks
            .iter()
            .find(|c| c.module == q.module && c.operation == q.operation && c.size == Some(q.size))
            .ok_or_else(|| {
                format!(
                    "no `{}` benchmark `{}` with an input of {} bytes",
                    q.module, q.operation, q.size
                )
            })?;
        let time = |name: &str| {
            case.median(name).ok_or_else(|| {
                format!(
                    "`{}` {} ({}) has no timing of `{name}`",
                    q.module, q.operation, case.size_label
                )
            })
        };
        let (mine, peer) = (time(&q.implementation)?, time(&q.peer)?);
        if mine <= 0.0 {
            return Err(format!(
                "`{}` has a median time of {mine} ns",
                q.implementation
            ));
        }
        Ok((
            format!(
                "{} vs {}, {} {}: speed-up",
                q.implementation, q.peer, q.operation, case.size_label
            ),
            peer / mine,
        ))
    }
}
