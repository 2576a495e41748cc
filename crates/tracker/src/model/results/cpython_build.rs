//! `examples/results/cpython-build.json`: what Rust costs CPython's own
//! build, from clean builds of the baseline and the shared Rust build of
//! CPython 3.13 (written by `examples/cpython/cpython.py measure`).

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct CpythonBuild {
    pub generated: String,
    pub command: String,
    pub cpython: Cpython,
    pub machine: Machine,
    /// Tool versions by name (`rustc`, `gcc`, `bindgen`, `libclang`, ...).
    pub toolchain: BTreeMap<String, String>,
    pub repeats: u32,
    pub build_time: BuildTime,
    pub sizes: Sizes,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Cpython {
    pub version: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Machine {
    pub cpus: u32,
    pub make_jobs: u32,
    pub load_avg_1min_before: f64,
    pub load_avg_1min_after: f64,
}

/// Medians over the repeats of one build.
#[derive(Debug, Clone, Deserialize)]
pub struct Times {
    pub wall_s: f64,
    pub cpu_s: f64,
    pub cargo_wall_s: f64,
    pub cargo_cpu_s: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BuildTime {
    pub baseline: Times,
    pub shared: Times,
    /// Shared over baseline, medians.
    pub ratio_wall: f64,
    pub ratio_cpu: f64,
    /// Cargo's CPU time over the whole shared build's.
    pub cargo_cpu_share: f64,
}

/// Bytes as built and after `strip`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Size {
    pub built: u64,
    pub stripped: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sizes {
    /// By build: `baseline`, `shared`, `static`.
    pub python: BTreeMap<String, Size>,
    pub libpython: BTreeMap<String, Size>,
    /// Bytes of `make install`, by build, and `difference`.
    pub installed_tree: BTreeMap<String, i64>,
    /// `_base64` and `binascii`.
    pub module: BTreeMap<String, Size>,
}

/// One figure of the file, by meaning.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub figure: Figure,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    /// Clean build CPU time, shared Rust build over baseline.
    BuildCpuRatio,
    /// Clean build wall time, shared Rust build over baseline.
    BuildWallRatio,
    /// Cargo's share of the shared build's CPU time.
    CargoCpuShare,
    /// Stripped `_base64` extension over stripped `binascii`.
    ModuleSizeRatio,
    /// Stripped static `python` over stripped baseline `python`.
    StaticPythonSizeRatio,
}

impl CpythonBuild {
    fn size(map: &BTreeMap<String, Size>, key: &str) -> Result<Size, String> {
        map.get(key)
            .copied()
            .ok_or_else(|| format!("no size for `{key}`"))
    }
}

/// `a / b` of two byte counts (both far below 2^53: exact as f64).
#[allow(clippy::cast_precision_loss)]
fn ratio(a: u64, b: u64) -> Result<f64, String> {
    if b == 0 {
        return Err("a size of 0 bytes".into());
    }
    Ok(a as f64 / b as f64)
}

impl Kind for CpythonBuild {
    const FILE: &'static str = "cpython-build.json";
    const MEASURE: &'static str = "cpython-build";
    type Query = Query;

    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    fn value(&self, q: &Query) -> Result<(String, f64), String> {
        let t = &self.build_time;
        Ok(match q.figure {
            Figure::BuildCpuRatio => (
                "clean build CPU time, shared Rust build / baseline".into(),
                t.ratio_cpu,
            ),
            Figure::BuildWallRatio => (
                "clean build wall time, shared Rust build / baseline".into(),
                t.ratio_wall,
            ),
            Figure::CargoCpuShare => (
                "Cargo's share of the shared build's CPU time".into(),
                t.cargo_cpu_share,
            ),
            Figure::ModuleSizeRatio => {
                let rust = Self::size(&self.sizes.module, "_base64")?;
                let c = Self::size(&self.sizes.module, "binascii")?;
                (
                    "stripped _base64 / stripped binascii".into(),
                    ratio(rust.stripped, c.stripped)?,
                )
            }
            Figure::StaticPythonSizeRatio => {
                let stat = Self::size(&self.sizes.python, "static")?;
                let base = Self::size(&self.sizes.python, "baseline")?;
                (
                    "stripped static python / stripped baseline python".into(),
                    ratio(stat.stripped, base.stripped)?,
                )
            }
        })
    }
}
