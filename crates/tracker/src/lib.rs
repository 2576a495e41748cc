//! The tracker: one pipeline from the project's PEP drafts, rollout data,
//! policy and measured results to the book's pages, the `api/` files, PEP
//! reStructuredText and the terminal report. Its folders are its stages, in
//! the order the data flows; a module may use its own stage and the stages
//! before it, never a later one (tests/module_graph.rs checks this):
//!
//! ```text
//! base/      the vocabulary every stage shares: diagnostics, dates, units, page scanning
//! model/     read and validate every input into typed values (drafts, rollout, policy, results)
//! derive/    what follows from the model: the status, the changes since a revision
//! render/    HTML, SVG charts, Markdown, JSON, RST and terminal text from model and status
//! pipeline   the one pipeline function: load, validate, derive, check the pages
//! preprocess, commands, scaffold   the entry points (with the CLI in main.rs)
//! ```

#[macro_use]
pub mod base;
pub mod derive;
pub mod model;
pub mod render;

pub mod pipeline;

pub mod commands;
pub mod preprocess;
pub mod scaffold;
