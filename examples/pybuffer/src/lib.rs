//! `pybuffer`: bytes-like input and `bytes` output for CPython extension
//! modules, sound on every build CPython has, including the free-threaded one.
//!
//! This is the small piece of the safe API that PEP 9903 proposes for
//! modules in CPython's tree (`cpython-api`), written here on `pyo3-ffi` so
//! that every example of this repository uses the same code: `rs_base64` and
//! `rs_zlib` (PyO3) through [`bound`], the raw-FFI twin `rs_base64_ffi`
//! through [`raw`]. It is the only place in `examples/` that reads the memory
//! of a buffer-protocol export.
//!
//! # The contract
//!
// ANCHOR: contract
//! A buffer export (`PyObject_GetBuffer`) hands out a pointer to memory the
//! exporter owns. Whether Rust may hold a `&[u8]` over it depends on who else
//! can write that memory while the reference lives:
//!
//! - **Immutable exporters** (an exact `bytes`, the UTF-8 of a `str`) are
//!   never written after creation. They are borrowed as `&[u8]`
//!   ([`Input::Borrowed`]), for as long as the caller's reference to the
//!   object lives, and may be read with the interpreter detached (GIL
//!   released).
//! - **Mutable exporters** (`bytearray`, a writable `memoryview`,
//!   `array.array`, `mmap`, anything else) can be written by another thread
//!   at any moment on the free-threaded build, and on the GIL build as soon
//!   as this thread detaches. A `&[u8]` over such memory would promise Rust
//!   that the bytes do not change, which nobody can promise: undefined
//!   behaviour even where C would only read torn bytes. They are therefore
//!   **copied**, once, by CPython's own `PyBuffer_ToContiguous` (the same
//!   plain C read `binascii` and `zlib` do), into a `Vec<u8>` that only this
//!   call can see ([`Input::Copied`]); the export is released before the
//!   function does any work. Rust code never forms a reference to exporter
//!   memory, so a concurrent writer can at worst make the copy a mix of old
//!   and new bytes, a state the input could have had.
//! - **Output** is written into a `bytes` object nobody else has seen yet
//!   ([`bound::new_bytes`], [`raw::new_bytes`]), so `&mut` over it is sound.
//!
//! Consequences a caller can rely on: every [`Input`] may be read detached;
//! a function holds no export while it works, so resizing the `bytearray`
//! it was given never fails with `BufferError` because of it; and the result
//! is the result of a serial run over one state of the input.
// ANCHOR_END: contract
//!
//! Copying a mutable exporter was measured against reading it in fixed
//! chunks through a small buffer (the other sound option); see
//! `examples/copy_vs_chunks.rs` and the book's *The buffer protocol*.

pub mod raw;

#[cfg(feature = "pyo3")]
pub mod bound;

pub use raw::Input;

/// The message `binascii` uses when a `str` holds non-ASCII characters.
pub const NON_ASCII: &str = "string argument should contain only ASCII characters";
