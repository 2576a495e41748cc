//! Policy parameters, stated once: `pep-drafts/policy.toml` holds each value
//! the policy pages, the checklist and the PEP drafts state (the MSRV window,
//! the panic exception, Rust-free CI coverage, the Rust tier floor), and
//! pages write `{{#policy KEY}}` where the value belongs. The phase → Python
//! version map comes from the rollout data (`{{#policy phase-1.python}}`),
//! and `{{#source PATH}}` is the address of a file of this repository, from
//! the one repository setting (`git-repository-url` in book.toml).
//!
//! [`checks`] holds what `tracker check` verifies on every page: no sentence
//! restates a value differently, rule references resolve, and every "CI
//! checks this" names an existing `ci/test` step.

pub mod checks;
pub mod rules;
pub mod site;

use crate::base::diag::{Diagnostics, LineIndex, Pos};
use crate::base::markdown::code_blocks;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The data file, relative to the project root.
pub const POLICY_FILE: &str = "pep-drafts/policy.toml";

const OPEN: &str = "{{#";

/// One parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub key: String,
    /// The text pages render in place of `{{#policy KEY}}` (Markdown).
    pub value: String,
    /// The policy rule that owns the value.
    pub rule: String,
    /// Where the value comes from: the real proposal, or this project's own.
    pub origin: String,
    pub source: String,
    pub checked: toml::value::Datetime,
    /// Regexes that find the value stated in words; see [`checks`].
    #[serde(default)]
    pub stated: Vec<Statement>,
}

/// A regex whose first group is the value as a sentence states it. With
/// `expect`, the group must equal it; without, any match contradicts the
/// policy (a phrasing that only a different value would use).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub regex: String,
    pub expect: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    param: Vec<Param>,
}

/// Everything the inline markers and the page checks need.
#[derive(Debug, Default)]
pub struct Policy {
    pub params: Vec<Param>,
    /// Compiled `stated` regexes, parallel to each param's `stated`.
    pub(crate) compiled: Vec<Vec<(regex::Regex, Option<String>)>>,
    /// (phase id, Python version) from the rollout data.
    pub phases: Vec<(String, String)>,
    pub rules: rules::Rules,
    /// Step names of `ci/test`.
    pub steps: Vec<String>,
    pub site: site::Site,
}

impl Policy {
    /// Loads `pep-drafts/policy.toml`, the policy rules and the `ci/test`
    /// steps, with the repository setting (loaded first: the rollout data
    /// needs it too); problems go to `diags`.
    pub fn load(
        root: &Path,
        phases: Vec<(String, String)>,
        site: site::Site,
        diags: &mut Diagnostics,
    ) -> Policy {
        let path = PathBuf::from(POLICY_FILE);
        let mut policy = Policy {
            phases,
            rules: rules::Rules::load(root, diags),
            steps: checks::ci_steps(root, diags),
            site,
            ..Policy::default()
        };
        let text = match std::fs::read_to_string(root.join(&path)) {
            Ok(t) => t,
            // A project without policy pages (a test fixture) needs no data.
            Err(_) if policy.rules.by_id.is_empty() => return policy,
            Err(e) => {
                diags.error(&path, Pos::START, format!("cannot read: {e}"));
                return policy;
            }
        };
        let file: File = match toml::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                let pos = e
                    .span()
                    .map_or(Pos::START, |s| LineIndex::new(&text).pos(s.start));
                diags.error(&path, pos, e.message().to_owned());
                return policy;
            }
        };
        let index = LineIndex::new(&text);
        let at = |needle: &str| text.find(needle).map_or(Pos::START, |o| index.pos(o));
        let mut seen = std::collections::BTreeSet::new();
        for param in &file.param {
            let pos = at(&format!("key = \"{}\"", param.key));
            if !seen.insert(param.key.clone()) {
                diags.error(
                    &path,
                    pos,
                    format!("parameter `{}` is defined twice", param.key),
                );
            }
            if !policy.rules.contains(&param.rule) {
                diags.error(
                    &path,
                    pos,
                    format!(
                        "`{}`: no policy rule `{}` in src/policies/",
                        param.key, param.rule
                    ),
                );
            }
            let mut compiled = Vec::new();
            for s in &param.stated {
                match regex::Regex::new(&s.regex) {
                    Ok(re) if re.captures_len() >= 2 => compiled.push((re, s.expect.clone())),
                    Ok(_) => diags.error(
                        &path,
                        at(&s.regex),
                        format!(
                            "`{}`: a `stated` regex needs a group for the value",
                            param.key
                        ),
                    ),
                    Err(e) => diags.error(&path, at(&s.regex), format!("`{}`: {e}", param.key)),
                }
            }
            policy.compiled.push(compiled);
        }
        policy.params = file.param;
        policy
    }

    pub fn param(&self, key: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.key == key)
    }

    /// The value of `{{#policy KEY}}`.
    pub fn value(&self, key: &str) -> Result<String, String> {
        if let Some(phase) = key.strip_suffix(".python") {
            return self
                .phases
                .iter()
                .find(|(id, _)| id == phase)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| format!("no phase `{phase}` in the rollout data"));
        }
        self.param(key).map(|p| p.value.clone()).ok_or_else(|| {
            let known: Vec<&str> = self.params.iter().map(|p| p.key.as_str()).collect();
            format!(
                "unknown policy parameter `{key}` (known: {}, and PHASE.python)",
                known.join(", ")
            )
        })
    }

    /// Replaces every `{{#policy KEY}}` and `{{#source PATH}}` outside code
    /// blocks; each bad marker is an error at its position, left in place.
    pub fn expand(&self, file: &Path, text: &str, diags: &mut Diagnostics) -> String {
        let markers = markers(text);
        if markers.is_empty() {
            return text.to_owned();
        }
        let index = LineIndex::new(text);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in markers {
            out.push_str(&text[last..m.range.start]);
            last = m.range.end;
            let rendered = match m.kind.as_str() {
                "policy" => self.value(&m.arg),
                "source" => self.site.source(&m.arg),
                _ => unreachable!("markers() returns policy and source markers only"),
            };
            match rendered {
                Ok(v) => out.push_str(&v),
                Err(e) => {
                    diags.error(file, index.pos(m.range.start), e);
                    out.push_str(&text[m.range.clone()]);
                }
            }
        }
        out.push_str(&text[last..]);
        out
    }
}

/// A PEP draft's text with its markers expanded, for `tracker export-rst`:
/// the project is the draft's grandparent folder when that holds the policy
/// data (`pep-drafts/pep-NNNN.md`), else the current directory.
pub fn expand_draft(file: &Path, text: &str, diags: &mut Diagnostics) -> String {
    if markers(text).is_empty() {
        return text.to_owned();
    }
    let root = file
        .parent()
        .and_then(Path::parent)
        .filter(|r| r.join(POLICY_FILE).exists())
        .unwrap_or(Path::new("."));
    let site = site::Site::load(root, diags);
    let phases = crate::model::rollout::load(root, &site, diags).map_or_else(Vec::new, |r| {
        r.data
            .phase
            .iter()
            .map(|p| (p.id.as_ref().to_string(), p.python.as_ref().to_string()))
            .collect()
    });
    Policy::load(root, phases, site, diags).expand(file, text, diags)
}

/// One inline marker: `{{#policy KEY}}` or `{{#source PATH}}`.
#[derive(Debug, PartialEq, Eq)]
pub struct Marker {
    pub kind: String,
    pub arg: String,
    pub range: std::ops::Range<usize>,
}

/// The inline markers of `text`, outside fenced and indented code blocks
/// and inline code spans.
pub fn markers(text: &str) -> Vec<Marker> {
    let blocks: Vec<_> = code_blocks(text).into_iter().map(|b| b.range).collect();
    let spans = inline_code(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(OPEN) {
        let start = from + found;
        from = start + OPEN.len();
        let rest = &text[from..];
        let kind = ["policy ", "source "]
            .into_iter()
            .find(|k| rest.starts_with(k));
        let (Some(kind), Some(close)) = (kind, rest.find("}}")) else {
            continue;
        };
        let arg = rest[kind.len()..close].trim();
        let end = from + close + 2;
        let inside = |r: &std::ops::Range<usize>| r.contains(&start);
        if blocks.iter().any(inside) || spans.iter().any(inside) || arg.contains('\n') {
            continue;
        }
        out.push(Marker {
            kind: kind.trim().to_owned(),
            arg: arg.to_owned(),
            range: start..end,
        });
        from = end;
    }
    out
}

/// Byte ranges of inline code spans (single or multiple backticks).
fn inline_code(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let fence = &text[i..i + run];
        let after = i + run;
        match text[after..].find(fence) {
            Some(close) if !text[after..after + close].contains("\n\n") => {
                out.push(i..after + close + run);
                i = after + close + run;
            }
            _ => i = after,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            params: vec![Param {
                key: "msrv-min-age".into(),
                value: "twelve months".into(),
                rule: "toolchain.msrv-bump".into(),
                origin: "o".into(),
                source: "s".into(),
                checked: "2026-12-02".parse().expect("a date"),
                stated: vec![],
            }],
            phases: vec![("phase-1".into(), "3.16".into())],
            site: site::Site::new("https://github.com/o/r"),
            ..Policy::default()
        }
    }

    #[test]
    fn markers_skip_code() {
        let md = "a {{#policy x}} b `{{#policy y}}`\n\n```\n{{#policy z}}\n```\n{{#source p/q}}\n";
        let found: Vec<_> = markers(md).into_iter().map(|m| (m.kind, m.arg)).collect();
        assert_eq!(
            found,
            [
                ("policy".into(), "x".into()),
                ("source".into(), "p/q".into())
            ]
        );
    }

    #[test]
    fn expands_values_phases_and_sources() {
        let mut diags = Diagnostics::new();
        let text = "at least {{#policy msrv-min-age}} old; phase 1 is {{#policy phase-1.python}}; \
                    [x]({{#source examples}})";
        let out = policy().expand(Path::new("p.md"), text, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        assert_eq!(
            out,
            "at least twelve months old; phase 1 is 3.16; [x](https://github.com/o/r/tree/main/examples)"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let mut diags = Diagnostics::new();
        let out = policy().expand(Path::new("p.md"), "x\n  {{#policy nope}}", &mut diags);
        assert_eq!(out, "x\n  {{#policy nope}}");
        let d = diags.sorted();
        assert_eq!((d[0].line, d[0].col), (2, 3));
        assert!(
            d[0].message.contains("unknown policy parameter `nope`"),
            "{}",
            d[0].message
        );
    }
}
