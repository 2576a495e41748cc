//! The policy values of pep-drafts/policy.toml cannot be stated twice with
//! different values: each sentence below is how a page or draft stated a
//! value before the contradictions were resolved (git c946e18), and each
//! must fail `tracker check`; the current wording of the same sentences
//! passes.

use std::path::Path;
use tracker::base::diag::Diagnostics;
use tracker::model::policy::Policy;

fn policy() -> Policy {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut diags = Diagnostics::new();
    let site = tracker::model::policy::site::Site::load(&root, &mut diags);
    let policy = Policy::load(&root, Vec::new(), site, &mut diags);
    let all: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert!(
        all.is_empty(),
        "the policy data has problems:\n{}",
        all.join("\n")
    );
    policy
}

fn errors(text: &str) -> Vec<String> {
    let mut diags = Diagnostics::new();
    policy().check_page(Path::new("page.md"), text, &mut diags);
    diags.sorted().into_iter().map(|d| d.message).collect()
}

/// (parameter, sentence as it was).
const CONTRADICTIONS: &[(&str, &str)] = &[
    (
        "msrv min age",
        "For a new feature release, the MSRV may be raised to any Rust version released at least six months before\nthat release's first beta.",
    ),
    (
        "msrv min age",
        "| The MSRV is fixed at beta 1 and lags stable Rust by at least six months. |",
    ),
    (
        "panic exception",
        "**Rule.** A caught panic is raised in Python as an exception that ordinary\n`except Exception` clauses do not catch.",
    ),
    (
        "panic exception",
        "- [ ] A panic surfaces as an exception outside the `Exception` hierarchy, and",
    ),
    (
        "no rust ci",
        "CI runs the full test suite\n   with `--with-rust=yes` and `--with-rust=no` on at least one Tier 1 platform.",
    ),
    (
        "no rust ci",
        "- `phase-1.exit.fallback-tested`: the C module is built and its tests pass in\n  at least one CI job per Tier 1 platform.",
    ),
    (
        "rust tier floor",
        "| Tier 3 | Tier 2, or Tier 3 if the platform's contact maintains the build | Best effort |",
    ),
];

#[test]
fn each_old_statement_fails() {
    for (param, sentence) in CONTRADICTIONS {
        let found = errors(sentence);
        assert_eq!(found.len(), 1, "{sentence:?} gives {found:?}");
        assert!(
            found[0].contains(&format!("states the {param} as")),
            "{}",
            found[0]
        );
    }
}

#[test]
fn the_data_values_pass() {
    for sentence in [
        "It is a Rust stable release at least twelve months old on that day.",
        "A caught panic is raised in Python as `SystemError` with a fixed message.",
        "A panic surfaces as `SystemError` (on CPython's own bindings).",
        "with `--with-rust=no` on every PEP 11 Tier 1 platform in pull-request CI",
        "only if the platform's Rust target is tier 1 or tier 2 and tested",
        "PyO3's `PanicException` derives from `BaseException`.",
    ] {
        assert_eq!(errors(sentence), Vec::<String>::new(), "{sentence}");
    }
}

#[test]
fn every_parameter_has_a_check() {
    let policy = policy();
    for key in [
        "msrv-min-age",
        "panic-exception",
        "no-rust-ci",
        "rust-tier-floor",
    ] {
        let param = policy
            .param(key)
            .unwrap_or_else(|| panic!("`{key}` is in the data"));
        assert!(!param.stated.is_empty(), "`{key}` has no `stated` regex");
    }
}
