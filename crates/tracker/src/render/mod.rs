//! Stage 3, every output format, from the model and the derived
//! [`Project`](crate::derive::Project): the book's HTML (dashboard, review,
//! measured results, PEP index and banners, footers), SVG charts through
//! svg-charts, the `api/` JSON files, PEP reStructuredText, the terminal
//! report, and the registry of `{{#tracker ...}}` directives that pages use.
//! Nothing here reads an input the model has not typed, except `git` for
//! the changes.

pub mod dashboard;
pub mod directives;
pub mod footer;
pub(crate) mod html;
pub(crate) mod links;
pub mod pep;
pub(crate) mod publish;
pub mod results;
pub mod review;
pub mod terminal;
