//! The one registry of `{{#tracker NAME ARGS}}` directives: each entry is
//! its name, its arguments, what it renders (the help text) and the function
//! that renders it. Dispatch, `tracker directives`, the book's directive
//! table and the test that renders every directive all read [`all`].
//!
//! To add a directive: write its function in the module of its area (or a
//! new module listed in [`all`]) and add a [`Directive`] to that module's
//! `DIRECTIVES`.

mod contents;
mod council;
mod measurements;
mod progress;
mod rulebook;
mod targets;

use crate::derive::Project;
use crate::render::html;

/// What a directive renders from: the loaded project, and the relative path
/// from the page back to the book root (for links).
pub struct Ctx<'a> {
    pub project: &'a Project,
    pub to_root: &'a str,
}

/// A directive's renderer: HTML or Markdown, or an error for the page.
pub type Render = fn(&Ctx<'_>, &[String]) -> Result<String, String>;

pub struct Directive {
    pub name: &'static str,
    /// The arguments as the help shows them: `MODULE`, `[PHASE]`, `FILE...`.
    pub args: &'static str,
    /// How many arguments it takes, at least and at most.
    pub arity: (usize, usize),
    pub help: &'static str,
    pub render: Render,
    /// Arguments that render over the fixture project
    /// (tests/fixtures/project); the registry test uses them.
    pub example: &'static [&'static str],
}

impl Directive {
    /// `name ARGS`, as the table shows it.
    pub fn usage(&self) -> String {
        if self.args.is_empty() {
            self.name.to_owned()
        } else {
            format!("{} {}", self.name, self.args)
        }
    }
}

/// Every directive, area by area.
pub fn all() -> impl Iterator<Item = &'static Directive> {
    [
        contents::DIRECTIVES,
        council::DIRECTIVES,
        progress::DIRECTIVES,
        measurements::DIRECTIVES,
        rulebook::DIRECTIVES,
        targets::DIRECTIVES,
    ]
    .into_iter()
    .flatten()
}

pub fn find(name: &str) -> Option<&'static Directive> {
    all().find(|d| d.name == name)
}

/// Renders directive `name` with `args`.
pub fn render(ctx: &Ctx<'_>, name: &str, args: &[String]) -> Result<String, String> {
    if name.is_empty() {
        return Err("malformed directive: write `{{#tracker NAME}}` on its own line".into());
    }
    let Some(d) = find(name) else {
        return Err(format!(
            "unknown tracker directive `{name}` (known: {})",
            all().map(|d| d.name).collect::<Vec<_>>().join(", ")
        ));
    };
    let (min, max) = d.arity;
    if !(min..=max).contains(&args.len()) {
        return Err(match (min, max) {
            (0, 0) => format!("`{name}` takes no arguments"),
            (a, b) if a == b => format!("`{name}` takes {a} argument(s): {}", d.args),
            _ => format!(
                "`{name}` takes {min} to {max} argument(s), got {}: {}",
                args.len(),
                d.usage()
            ),
        });
    }
    (d.render)(ctx, args)
}

/// The registry as rows of (directive, what it renders).
pub fn rows() -> Vec<[String; 2]> {
    all()
        .map(|d| [format!("{{{{#tracker {}}}}}", d.usage()), d.help.to_owned()])
        .collect()
}

/// The registry as a Markdown table, for `tracker directives`.
pub fn markdown_table() -> String {
    let mut text = String::from("| directive | renders |\n| --- | --- |\n");
    for [usage, help] in rows() {
        text.push_str(&format!("| `{usage}` | {help} |\n"));
    }
    text
}

/// The `directives` directive: the registry as an HTML table.
fn table(_: &Ctx<'_>, _: &[String]) -> Result<String, String> {
    Ok(html::code_table(["directive", "renders"], &rows()))
}
