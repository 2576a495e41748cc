//! The policy rules: every heading of `src/policies/*.md` whose anchor is a
//! rule id (`area.name`, as `## panics.no-unwind-into-c {#panics.no-unwind-into-c}`),
//! with the text of its `**Rule.**` paragraph. Other pages and the PEP
//! drafts refer to rules by id; the `rule ID` directive renders a rule's
//! current text, and `tracker check` fails on an id that names no rule.

use crate::base::diag::{Diagnostics, LineIndex};
use crate::base::markdown::code_blocks;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the rules live, relative to the project root.
pub const POLICIES_DIR: &str = "src/policies";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    /// The page, relative to `src/` (`policies/panics.md`).
    pub page: String,
    /// The `**Rule.**` paragraph without its label, lines joined.
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub by_id: BTreeMap<String, Rule>,
}

/// `area.name`: lowercase words joined by `-`, one dot.
pub fn is_rule_id(s: &str) -> bool {
    let Some((area, name)) = s.split_once('.') else {
        return false;
    };
    let area_ok = !area.is_empty() && area.chars().all(|c| c.is_ascii_lowercase());
    let name_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    area_ok && name_ok
}

impl Rules {
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Rules {
        let mut rules = Rules::default();
        let Ok(entries) = std::fs::read_dir(root.join(POLICIES_DIR)) else {
            return rules;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = Path::new(POLICIES_DIR).join(&name);
            rules.add_page(&rel, &format!("policies/{name}"), &text, diags);
        }
        rules
    }

    /// Reads the rules of one page.
    pub fn add_page(&mut self, file: &Path, page: &str, text: &str, diags: &mut Diagnostics) {
        let blocks: Vec<_> = code_blocks(text).into_iter().map(|b| b.range).collect();
        let index = LineIndex::new(text);
        let lines: Vec<(usize, &str)> = text
            .split_inclusive('\n')
            .scan(0, |off, l| {
                let start = *off;
                *off += l.len();
                Some((start, l.trim_end()))
            })
            .collect();
        for (i, &(start, line)) in lines.iter().enumerate() {
            if !line.starts_with('#') || blocks.iter().any(|b| b.contains(&start)) {
                continue;
            }
            let Some(id) = heading_rule_id(line) else {
                continue;
            };
            let pos = index.pos(start);
            let body = lines[i + 1..]
                .iter()
                .map(|(_, l)| *l)
                .skip_while(|l| l.is_empty())
                .take_while(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let Some(rule) = body.strip_prefix("**Rule.**") else {
                diags.error(
                    file,
                    pos,
                    format!("rule `{id}` has no `**Rule.**` paragraph after its heading"),
                );
                continue;
            };
            if self.by_id.contains_key(&id) {
                diags.error(file, pos, format!("rule `{id}` is defined twice"));
                continue;
            }
            self.by_id.insert(
                id.clone(),
                Rule {
                    id,
                    page: page.to_owned(),
                    text: rule.trim().to_owned(),
                },
            );
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id)
    }
}

/// `## panics.x {#panics.x}` → `panics.x`; other headings → None.
fn heading_rule_id(line: &str) -> Option<String> {
    let title = line.trim_start_matches('#').trim();
    let (name, anchor) = title.rsplit_once(" {#")?;
    let anchor = anchor.strip_suffix('}')?;
    (name.trim() == anchor && is_rule_id(anchor)).then(|| anchor.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Panics\n\n## panics.one {#panics.one}\n\n**Rule.** No panic\ncrosses into C ([x](unsafe.md#unsafe.a), [y](../plan/phases.md)).\n\n\
                        **Rationale.** r\n\n## Not a rule {#not-a-rule}\n\n## panics.two {#panics.two}\n\nno label\n";

    #[test]
    fn reads_rules_and_reports_missing_labels() {
        let mut rules = Rules::default();
        let mut diags = Diagnostics::new();
        rules.add_page(
            Path::new("src/policies/panics.md"),
            "policies/panics.md",
            PAGE,
            &mut diags,
        );
        let one = rules.get("panics.one").expect("parsed");
        assert!(
            one.text.starts_with("No panic crosses into C"),
            "{}",
            one.text
        );
        assert!(!rules.contains("not-a-rule") && !rules.contains("panics.two"));
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 12);
    }

    #[test]
    fn rule_ids() {
        assert!(is_rule_id("panics.no-unwind-into-c"));
        assert!(!is_rule_id("phase-1.exit"));
        assert!(!is_rule_id("Panics.x") && !is_rule_id("a.b.c") && !is_rule_id("x"));
    }
}
