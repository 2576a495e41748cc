//! The measured results of `examples/results/` (written by ci/test and
//! ci/bench; schemas in examples/README.md), read into typed structs.
//!
//! Each file is one module here: its `Deserialize` struct, a [`Kind`]
//! implementation naming the file and how evidence addresses a value in it
//! (a [`Kind::Query`] that names the value by meaning), and nothing else.
//! A file that does not parse is reported at its `path:line:col`; a file
//! that is missing is reported where it is used.

pub mod bench;
pub mod cpython_build;
pub mod fuzz;
pub mod levers;
pub mod sentences;
pub mod suites;
pub mod unsafe_inventory;

use crate::base::diag::{Diagnostics, Pos};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where results files live, relative to the repository root.
pub const RESULTS_DIR: &str = "examples/results";

/// One kind of results file.
pub trait Kind: DeserializeOwned + Sized {
    /// The file name under [`RESULTS_DIR`] (`bench.json`).
    const FILE: &'static str;
    /// The name evidence uses for it (`measure = "bench"`).
    const MEASURE: &'static str;
    /// How evidence names one number of the file, by meaning.
    type Query: DeserializeOwned + std::fmt::Debug;

    /// The folders the file measured, with their source hashes when it
    /// was measured (`tracker source-hash`), for the stale check.
    fn sources(&self) -> &BTreeMap<String, String>;

    /// The value `query` names, and a label saying what it is.
    fn value(&self, query: &Self::Query) -> Result<(String, f64), String>;
}

/// The check of a file's `"schema"` against the one its reader knows.
pub(crate) fn check_schema(found: u32, known: u32) -> Result<(), String> {
    if found == known {
        Ok(())
    } else {
        Err(format!(
            "schema {found} is not the one the tracker reads ({known})"
        ))
    }
}

/// A results file as loaded: the typed content, or why there is none.
pub type Loaded<T> = Result<T, String>;

/// Every results file of the project.
#[derive(Debug)]
pub struct Results {
    pub bench: Loaded<bench::Bench>,
    pub suites: Loaded<suites::Suites>,
    pub cpython_build: Loaded<cpython_build::CpythonBuild>,
    pub levers: Loaded<levers::Levers>,
    pub unsafe_inventory: Loaded<unsafe_inventory::UnsafeInventory>,
    pub fuzz: Loaded<fuzz::Fuzz>,
}

impl Results {
    /// Reads every known file under `root`; a file that exists but does not
    /// parse is also reported to `diags` with its position.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Results {
        Results {
            bench: load_one(root, diags),
            suites: load_one(root, diags),
            cpython_build: load_one(root, diags),
            levers: load_one(root, diags),
            unsafe_inventory: load_one(root, diags),
            fuzz: load_one(root, diags),
        }
    }

    /// Results with every file missing (tests, old revisions).
    pub fn none() -> Results {
        let missing = |f: &str| format!("{RESULTS_DIR}/{f} was not loaded");
        Results {
            bench: Err(missing(bench::Bench::FILE)),
            suites: Err(missing(suites::Suites::FILE)),
            cpython_build: Err(missing(cpython_build::CpythonBuild::FILE)),
            levers: Err(missing(levers::Levers::FILE)),
            unsafe_inventory: Err(missing(unsafe_inventory::UnsafeInventory::FILE)),
            fuzz: Err(missing(fuzz::Fuzz::FILE)),
        }
    }

    /// Evaluates a `measure` evidence: the file it names, the value its
    /// query selects, and the file's recorded source hashes.
    pub fn measure(&self, measure: &str, query: &toml::Value) -> Result<Measured<'_>, String> {
        match measure {
            bench::Bench::MEASURE => measured(&self.bench, query),
            suites::Suites::MEASURE => measured(&self.suites, query),
            cpython_build::CpythonBuild::MEASURE => measured(&self.cpython_build, query),
            levers::Levers::MEASURE => measured(&self.levers, query),
            unsafe_inventory::UnsafeInventory::MEASURE => measured(&self.unsafe_inventory, query),
            fuzz::Fuzz::MEASURE => measured(&self.fuzz, query),
            other => Err(format!(
                "unknown results file `{other}` (known: {})",
                MEASURES.join(", ")
            )),
        }
    }
}

/// The names `measure` accepts.
pub const MEASURES: &[&str] = &[
    bench::Bench::MEASURE,
    suites::Suites::MEASURE,
    cpython_build::CpythonBuild::MEASURE,
    levers::Levers::MEASURE,
    unsafe_inventory::UnsafeInventory::MEASURE,
    fuzz::Fuzz::MEASURE,
];

/// A value read from a results file.
#[derive(Debug)]
pub struct Measured<'a> {
    pub file: String,
    pub label: String,
    pub value: f64,
    pub sources: &'a BTreeMap<String, String>,
}

fn measured<'a, T: Kind>(file: &'a Loaded<T>, query: &toml::Value) -> Result<Measured<'a>, String> {
    let path = format!("{RESULTS_DIR}/{}", T::FILE);
    let query: T::Query = query.clone().try_into().map_err(|e: toml::de::Error| {
        format!("`of` for `{}`: {}", T::MEASURE, e.message().trim())
    })?;
    let data = file.as_ref().map_err(Clone::clone)?;
    let (label, value) = data.value(&query).map_err(|e| format!("{path}: {e}"))?;
    Ok(Measured {
        file: path,
        label,
        value,
        sources: data.sources(),
    })
}

fn load_one<T: Kind>(root: &Path, diags: &mut Diagnostics) -> Loaded<T> {
    let rel = PathBuf::from(RESULTS_DIR).join(T::FILE);
    let text =
        std::fs::read_to_string(root.join(&rel)).map_err(|e| format!("{}: {e}", rel.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        let pos = Pos::new(e.line().max(1), e.column().max(1));
        let message = without_position(&e);
        diags.error(&rel, pos, message.clone());
        format!("{}:{}:{}: {message}", rel.display(), pos.line, pos.col)
    })
}

/// serde_json's message without its ` at line L column C` suffix (the
/// diagnostic carries the position).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
