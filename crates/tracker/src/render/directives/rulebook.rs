//! Directives over the policy data and the policy rules
//! (pep-drafts/policy.toml, src/policies/*.md).

use super::{Ctx, Directive};
use crate::render::html;

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "rule",
        args: "ID",
        arity: (1, 1),
        help: "a policy rule's current text, linked to its definition (fails on an unknown id)",
        render: rule,
        example: &["demo.one-rule"],
    },
    Directive {
        name: "policy-table",
        args: "",
        arity: (0, 0),
        help: "every policy parameter: its value, the rule that owns it, where it comes from, when it was checked",
        render: policy_table,
        example: &[],
    },
];

fn rule(ctx: &Ctx<'_>, args: &[String]) -> Result<String, String> {
    let id = &args[0];
    let rule = ctx.project.policy.rules.get(id).ok_or_else(|| {
        format!("no policy rule `{id}` (rules are the `area.name` headings of src/policies/)")
    })?;
    Ok(render_rule(rule, ctx.to_root))
}

fn policy_table(ctx: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    let policy = &ctx.project.policy;
    if policy.params.is_empty() {
        return Err(format!(
            "no parameters in {}",
            crate::model::policy::POLICY_FILE
        ));
    }
    let rows: Vec<String> = policy
        .params
        .iter()
        .map(|p| {
            let page = policy
                .rules
                .get(&p.rule)
                .map_or_else(String::new, |r| r.page.clone());
            let cells = [
                format!("<code>{}</code>", html::escape(&p.key)),
                html::escape(&p.value.replace('`', "")),
                format!(
                    "<a href=\"{}{}#{}\"><code>{}</code></a>",
                    ctx.to_root,
                    html::escape(&page.replace(".md", ".html")),
                    html::escape(&p.rule),
                    html::escape(&p.rule)
                ),
                format!(
                    "<a href=\"{}\">{}</a>",
                    html::escape(&p.source),
                    html::escape(&p.origin)
                ),
                p.checked.to_string(),
            ];
            format!("<tr><td>{}</td></tr>", cells.join("</td><td>"))
        })
        .collect();
    Ok(html::table(
        &["parameter", "value", "rule", "origin", "checked"],
        rows,
    ))
}

/// The rule as a block for any page: its id linking to its definition, then
/// its text, with the rule's own relative links made to work from the page.
pub fn render_rule(rule: &crate::model::policy::rules::Rule, to_root: &str) -> String {
    let base = rule.page.rsplit_once('/').map_or("", |(dir, _)| dir);
    let text = relink(&rule.text, base, to_root);
    format!(
        "> **[`{id}`]({to_root}{page}#{id})** {text}\n",
        id = rule.id,
        page = rule.page,
    )
}

/// Rewrites `](target)` links relative to `base` (a folder under `src/`) so
/// that they resolve from a page `to_root` away from the book root.
fn relink(text: &str, base: &str, to_root: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = &rest[..end];
        let kept = target.contains("://")
            || target.starts_with('#')
            || target.starts_with('/')
            || target.starts_with("pep:")
            || target.starts_with("rfc:");
        if kept {
            out.push_str(target);
        } else {
            let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
            for seg in target.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    s => parts.push(s),
                }
            }
            out.push_str(to_root);
            out.push_str(&parts.join("/"));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use crate::model::policy::rules::Rules;
    use std::path::Path;

    const PAGE: &str = "# Panics\n\n## panics.one {#panics.one}\n\n**Rule.** No panic\ncrosses into C ([x](unsafe.md#unsafe.a), [y](../plan/phases.md)).\n\n\
                        **Rationale.** r\n\n## Not a rule {#not-a-rule}\n\n## panics.two {#panics.two}\n\nno label\n";

    #[test]
    fn renders_with_links_that_work_elsewhere() {
        let mut rules = Rules::default();
        rules.add_page(
            Path::new("p"),
            "policies/panics.md",
            PAGE,
            &mut Diagnostics::new(),
        );
        let out = render_rule(rules.get("panics.one").expect("parsed"), "../");
        assert!(
            out.starts_with("> **[`panics.one`](../policies/panics.md#panics.one)** No panic"),
            "{out}"
        );
        assert!(out.contains("(../policies/unsafe.md#unsafe.a)"), "{out}");
        assert!(out.contains("(../plan/phases.md)"), "{out}");
    }
}
