//! mdBook's `{{#include PATH}}`, `{{#include PATH:ANCHOR}}` and
//! `{{#include PATH:START:END}}`, expanded the way mdBook's `links`
//! preprocessor expands them, for exports that leave the book (a draft
//! exported to reStructuredText carries the code, not the directive).

use crate::base::diag::{Diagnostics, LineIndex};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{#include\s+([^}\s]+)\s*\}\}").unwrap_or_else(|e| unreachable!("{e}"))
});

/// Expands every include of `text`; `base` is the folder paths are relative
/// to (a draft's chapter lives in `src/peps/`). A missing file or anchor is
/// reported at the directive's position in `path`.
pub fn expand(path: &Path, text: &str, base: &Path, diags: &mut Diagnostics) -> String {
    let index = LineIndex::new(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for caps in INCLUDE.captures_iter(text) {
        let (Some(all), Some(spec)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        out.push_str(&text[last..all.start()]);
        last = all.end();
        match include(base, spec.as_str()) {
            Ok(included) => out.push_str(&included),
            Err(e) => {
                diags.error(path, index.pos(all.start()), e);
                out.push_str(all.as_str());
            }
        }
    }
    out.push_str(&text[last..]);
    out
}

fn include(base: &Path, spec: &str) -> Result<String, String> {
    let mut parts = spec.splitn(3, ':');
    let file = parts.next().unwrap_or("");
    let (a, b) = (parts.next(), parts.next());
    let content = std::fs::read_to_string(base.join(file))
        .map_err(|e| format!("`{{{{#include {spec}}}}}`: {file}: {e}"))?;
    let lines: Vec<&str> = content.lines().collect();
    let kept: Vec<&str> = match (a, b) {
        (None, _) => return Ok(without_anchors(&lines).join("\n")),
        (Some(anchor), None) if !anchor.is_empty() && anchor.parse::<usize>().is_err() => {
            let start = lines
                .iter()
                .position(|l| marker(l, "ANCHOR:") == Some(anchor))
                .ok_or_else(|| {
                    format!("`{{{{#include {spec}}}}}`: no anchor `{anchor}` in {file}")
                })?;
            let end = lines[start..]
                .iter()
                .position(|l| marker(l, "ANCHOR_END:") == Some(anchor))
                .map_or(lines.len(), |i| start + i);
            without_anchors(&lines[start + 1..end])
        }
        (Some(from), to) => {
            // Line numbers from 1, both ends included; an empty end runs to
            // the end of the file, a single number is that line on.
            let number = |s: &str| {
                s.parse::<usize>()
                    .map_err(|_| format!("`{{{{#include {spec}}}}}`: `{s}` is not a line number"))
            };
            let from = if from.is_empty() { 1 } else { number(from)? };
            let to = match to {
                Some(t) if !t.is_empty() => number(t)?,
                _ => lines.len(),
            };
            let range = from.saturating_sub(1).min(lines.len())..to.min(lines.len());
            without_anchors(lines.get(range).unwrap_or(&[]))
        }
    };
    Ok(kept.join("\n"))
}

/// The anchor name of an `ANCHOR: name` / `ANCHOR_END: name` line.
fn marker<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let at = line.find(tag)?;
    line[at + tag.len()..].split_whitespace().next()
}

fn without_anchors<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .filter(|l| !(l.contains("ANCHOR:") || l.contains("ANCHOR_END:")))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_ranges_and_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = "fn a() {}\n// ANCHOR: b\nfn b() {}\n// ANCHOR: inner\nfn c() {}\n// ANCHOR_END: inner\n// ANCHOR_END: b\nfn d() {}\n";
        std::fs::write(dir.path().join("x.rs"), src).expect("write");
        let mut diags = Diagnostics::new();
        let text = "```rust\n{{#include x.rs:b}}\n```\n{{#include x.rs:1:1}}|{{#include x.rs::3}}|{{#include x.rs:nope}}\n";
        let out = expand(Path::new("pep.md"), text, dir.path(), &mut diags);
        assert_eq!(
            out,
            "```rust\nfn b() {}\nfn c() {}\n```\nfn a() {}|fn a() {}\nfn b() {}|{{#include x.rs:nope}}\n"
        );
        let all = diags.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].to_string(),
            "pep.md:4:44: error: `{{#include x.rs:nope}}`: no anchor `nope` in x.rs"
        );
    }
}
