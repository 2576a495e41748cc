//! The renderings of the PEP drafts (the model is [`crate::model::pep`]):
//! the book's index and status banners, `api/peps.json`, and the
//! reStructuredText for python/peps.

pub mod api;
pub(crate) mod include;
pub mod index;
pub mod rst;
mod rst_tree;
mod rst_write;
