//! Every Rust module of the tree in one static library, for the static build
//! (`*static*` in `Modules/Setup.local`).
//!
//! Each module crate is also an `rlib`; linking them here, rather than each module's own
//! `staticlib`, puts one copy of the Rust standard library into `python`, where several
//! `staticlib`s would each bring their own and clash. The `PyInit_*` entry points are
//! re-exported so that `Modules/config.c`'s inittab finds them; `nm` on the static
//! interpreter checks there is one Rust runtime.

pub use _base64::PyInit__base64;
pub use zlib::PyInit_zlib;
