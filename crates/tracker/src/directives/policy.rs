//! Directives over the policy data and the policy rules
//! (pep-drafts/policy.toml, src/policies/*.md).

use super::{Ctx, Directive};
use crate::render;

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
    Ok(crate::policy::rules::render(rule, ctx.to_root))
}

fn policy_table(ctx: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    let policy = &ctx.project.policy;
    if policy.params.is_empty() {
        return Err(format!("no parameters in {}", crate::policy::POLICY_FILE));
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
                format!("<code>{}</code>", render::escape(&p.key)),
                render::escape(&p.value.replace('`', "")),
                format!(
                    "<a href=\"{}{}#{}\"><code>{}</code></a>",
                    ctx.to_root,
                    render::escape(&page.replace(".md", ".html")),
                    render::escape(&p.rule),
                    render::escape(&p.rule)
                ),
                format!(
                    "<a href=\"{}\">{}</a>",
                    render::escape(&p.source),
                    render::escape(&p.origin)
                ),
                p.checked.to_string(),
            ];
            format!("<tr><td>{}</td></tr>", cells.join("</td><td>"))
        })
        .collect();
    Ok(render::table(
        &["parameter", "value", "rule", "origin", "checked"],
        rows,
    ))
}
