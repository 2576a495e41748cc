//! `examples/results/unsafe.json`: the `unsafe` code of every example crate,
//! per crate folder and per source file (written by
//! `examples/tools/unsafe_inventory.py`, the `ci/test` step *unsafe
//! inventory*). It is the one count of `unsafe` the book shows: the
//! `unsafe-inventory` and `code-stats` directives both read it.
//!
//! The file records no source hashes: the `ci/test` step recounts the
//! sources and fails when the committed file differs (`--check`), so it
//! cannot go stale on main; [`Kind::sources`] is empty, and evidence that
//! names source folders for it is reported as recording none.

use super::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The schema this reader knows (`"schema"` in the file).
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Raw")]
pub struct UnsafeInventory {
    /// By crate folder, relative to the repository root (`examples/base64`).
    pub crates: BTreeMap<String, Crate>,
    sources: BTreeMap<String, String>,
}

/// The file as written; [`UnsafeInventory`] is it with a known schema.
#[derive(Deserialize)]
struct Raw {
    schema: u32,
    crates: BTreeMap<String, Crate>,
}

impl TryFrom<Raw> for UnsafeInventory {
    type Error = String;

    fn try_from(raw: Raw) -> Result<Self, String> {
        super::check_schema(raw.schema, SCHEMA)?;
        Ok(UnsafeInventory {
            crates: raw.crates,
            sources: BTreeMap::new(),
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Crate {
    pub totals: Counts,
    /// By source file, relative to the repository root.
    pub files: BTreeMap<String, Counts>,
}

/// The counts of one file or crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Counts {
    /// `unsafe { ... }` blocks.
    pub blocks: u32,
    /// Blocks whose `// SAFETY:` comment names an invariant.
    pub safety_comments: u32,
    /// `unsafe fn` declarations (including `unsafe extern "C" fn`).
    pub unsafe_fns: u32,
    pub unsafe_impls: u32,
    /// `#[unsafe(...)]` attributes.
    pub unsafe_attrs: u32,
}

impl UnsafeInventory {
    /// The counts of one source file (a path relative to the repository
    /// root), from whichever crate holds it.
    pub fn file(&self, path: &str) -> Option<&Counts> {
        self.crates.values().find_map(|c| c.files.get(path))
    }

    /// The sum over every crate.
    pub fn total(&self) -> Counts {
        self.crates.values().fold(Counts::default(), |a, c| Counts {
            blocks: a.blocks + c.totals.blocks,
            safety_comments: a.safety_comments + c.totals.safety_comments,
            unsafe_fns: a.unsafe_fns + c.totals.unsafe_fns,
            unsafe_impls: a.unsafe_impls + c.totals.unsafe_impls,
            unsafe_attrs: a.unsafe_attrs + c.totals.unsafe_attrs,
        })
    }
}

/// One count of one crate, by meaning:
/// `of = { crate = "examples/base64-ffi", count = "blocks" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    #[serde(rename = "crate")]
    pub krate: String,
    pub count: Count,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Count {
    Blocks,
    SafetyComments,
    UnsafeFns,
    UnsafeImpls,
    UnsafeAttrs,
}

impl Kind for UnsafeInventory {
    const FILE: &'static str = "unsafe.json";
    const MEASURE: &'static str = "unsafe";
    type Query = Query;

    /// Always empty: the `ci/test` step keeps the file fresh (module doc).
    fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    fn value(&self, q: &Query) -> Result<(String, f64), String> {
        let c = self
            .crates
            .get(&q.krate)
            .ok_or_else(|| format!("no crate folder `{}`", q.krate))?
            .totals;
        let (what, n) = match q.count {
            Count::Blocks => ("unsafe blocks", c.blocks),
            Count::SafetyComments => ("unsafe blocks with a SAFETY comment", c.safety_comments),
            Count::UnsafeFns => ("unsafe fns", c.unsafe_fns),
            Count::UnsafeImpls => ("unsafe impls", c.unsafe_impls),
            Count::UnsafeAttrs => ("unsafe attributes", c.unsafe_attrs),
        };
        Ok((format!("{what} in {}", q.krate), f64::from(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"schema": 1, "crates": {
        "examples/a": {"totals": {"blocks": 2, "safety_comments": 2, "unsafe_fns": 1, "unsafe_impls": 0, "unsafe_attrs": 0},
            "files": {"examples/a/src/lib.rs": {"blocks": 2, "safety_comments": 2, "unsafe_fns": 1, "unsafe_impls": 0, "unsafe_attrs": 0}}},
        "examples/b": {"totals": {"blocks": 0, "safety_comments": 0, "unsafe_fns": 0, "unsafe_impls": 1, "unsafe_attrs": 1},
            "files": {}}}}"#;

    #[test]
    fn reads_counts_per_crate_and_file() {
        let inv: UnsafeInventory = serde_json::from_str(FILE).expect("parses");
        assert_eq!(inv.file("examples/a/src/lib.rs").map(|c| c.blocks), Some(2));
        assert!(inv.file("examples/a/src/other.rs").is_none());
        let total = inv.total();
        assert_eq!(
            (total.blocks, total.unsafe_fns, total.unsafe_impls),
            (2, 1, 1)
        );
        assert!(inv.sources().is_empty());
        let q = |c: &str, n: Count| Query {
            krate: c.into(),
            count: n,
        };
        assert_eq!(
            inv.value(&q("examples/b", Count::UnsafeImpls))
                .expect("a value")
                .1,
            1.0
        );
        let err = inv
            .value(&q("examples/c", Count::Blocks))
            .expect_err("no crate");
        assert!(err.contains("examples/c"), "{err}");
    }

    #[test]
    fn refuses_other_schemas_and_missing_counts() {
        let other = FILE.replacen("\"schema\": 1", "\"schema\": 2", 1);
        let err = serde_json::from_str::<UnsafeInventory>(&other).expect_err("schema 2");
        assert!(err.to_string().contains("schema 2"), "{err}");
        let short = FILE.replacen("\"blocks\": 2, ", "", 1);
        let err = serde_json::from_str::<UnsafeInventory>(&short).expect_err("no blocks");
        assert!(err.to_string().contains("blocks"), "{err}");
    }
}
