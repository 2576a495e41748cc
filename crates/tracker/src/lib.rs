//! The tracker: one model of the project's PEP drafts and book sources, its
//! checks, and its renderings (book directives, reports). The CLI in
//! `main.rs` and the mdBook preprocessor are thin shells over this library.

#[macro_use]
mod vocab;

pub mod changes;
pub mod check;
pub mod cpython_build;
pub mod dashboard;
pub mod date;
pub mod diag;
pub mod directives;
mod links;
pub mod markdown;
mod measured;
pub mod pep;
pub mod policy;
pub mod preprocess;
pub mod project;
mod render;
pub mod report;
pub mod results;
pub mod review;
pub mod rollout;
pub mod scaffold;
mod site;
pub mod snippets;
pub mod speed_size;
pub mod status;
mod units;
