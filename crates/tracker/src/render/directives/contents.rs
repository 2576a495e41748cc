//! Directives about the book itself and the PEP drafts.

use super::{Ctx, Directive};
use crate::model::snippets;
use crate::render::html;

pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "pep-index",
        args: "",
        arity: (0, 0),
        help: "PEP 0 for the drafts: PEP 0's categories in PEP 0's order, the types key and the status key",
        render: pep_index,
        example: &[],
    },
    Directive {
        name: "directives",
        args: "",
        arity: (0, 0),
        help: "this table: every directive and what it renders",
        render: super::table,
        example: &[],
    },
    Directive {
        name: "snippet-attributes",
        args: "",
        arity: (0, 0),
        help: "the attributes a rust, python or pycon block may carry, and what CI does with each",
        render: snippet_attributes,
        example: &[],
    },
];

fn pep_index(ctx: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    let drafts: Vec<_> = ctx.project.drafts.iter().collect();
    let prefix = format!("{}peps/", ctx.to_root);
    Ok(crate::render::pep::index::render_index(&drafts, &prefix))
}

fn snippet_attributes(_: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    let rows: Vec<[String; 2]> = [
        ("rust", snippets::RUST_ATTRS),
        ("python, pycon", snippets::PYTHON_ATTRS),
    ]
    .into_iter()
    .flat_map(|(lang, attrs)| {
        attrs
            .iter()
            .map(move |(a, what)| [format!("{lang}: {a}"), (*what).to_owned()])
    })
    .collect();
    Ok(html::code_table(["block attribute", "what CI does"], &rows))
}
