//! The safe layer for CPython's own Rust modules, as PEP 9903 proposes it, covering what the
//! `_base64` module needs.
//!
//! * [`ThreadContext`]: the proof that the thread is attached; `detach` releases the GIL.
//! * Handles: [`Bound`] (owned), [`Borrowed`] (not owned), [`Py`] (storable in module state).
//! * Errors: [`PyErrRaised`], a marker that an exception is set; [`PyResult`].
//! * The C boundary ([`boundary::guard`]): panics caught and turned into `SystemError`.
//! * Modules ([`module!`]): multi-phase initialisation, typed per-module state, per-interpreter
//!   GIL supported, `Py_MOD_GIL_NOT_USED`.
//! * Arguments ([`args::Signature`]): vectorcall parsing with CPython's own messages.
//! * Buffers ([`buffer`]): immutable exporters borrowed, mutable ones copied, never `&[u8]`.
//!
//! Every `unsafe` block states the invariant it relies on in a `// SAFETY:` comment.

pub mod args;
pub mod boundary;
pub mod buffer;
pub mod bytes;
pub mod class;
pub mod context;
pub mod err;
pub mod lock;
pub mod module;
pub mod object;

/// The raw bindings, for the `module!` macro's expansion.
pub use cpython_sys as ffi;

pub use context::ThreadContext;
pub use err::{PyErrRaised, PyResult};
pub use object::{Borrowed, Bound, Py, PyAny, PyBytes, PyModule, PyStr, PyType};

/// The minor version of the CPython the bindings were generated for (`PY_MINOR_VERSION`).
pub const PY_MINOR_VERSION: u8 = ffi::PY_MINOR_VERSION as u8;
