//! The renderings of the measured results (the model is
//! [`crate::model::results`]): benchmark, suite and unsafe tables, the
//! speed and size comparisons, and the CPython build page.

pub(crate) mod cpython_build;
pub(crate) mod measured;
pub mod speed_size;
