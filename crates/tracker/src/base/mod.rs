//! Stage 0, the vocabulary every later stage shares: positioned diagnostics
//! (`path:line:col`), calendar dates, byte and time units, the closed
//! vocabularies' macro, and scanning a Markdown page for code blocks,
//! directives and criteria.

#[macro_use]
mod vocab;

pub mod date;
pub mod diag;
pub mod markdown;
pub mod units;
