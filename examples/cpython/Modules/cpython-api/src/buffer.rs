//! Reading the buffer protocol soundly.
//!
//! The contract (the same one the PyO3 examples follow through the project's buffer layer;
//! see the book's *Buffers* page):
//!
//! * An **immutable** exporter, `bytes` (and its subclasses) or an ASCII `str`, is borrowed as
//!   `&[u8]`: nothing can write to it while a reference to the object exists, on any thread.
//! * Any **other** exporter (`bytearray`, `memoryview`, `array.array`, `mmap`, ...) may be
//!   written by another thread at any time on a free-threaded build, or by Python code the
//!   module calls. It is never seen as `&[u8]`: its contents are copied into a `Vec<u8>` by
//!   CPython's own `PyBuffer_ToContiguous` while the export is held, and only the copy is
//!   read. No Rust reference ever points into the exporter's memory, so the compiler never
//!   assumes that memory is stable. On a GIL build no other thread runs during the copy; on a
//!   free-threaded build a concurrent writer can make the copy a mix of old and new bytes,
//!   exactly as C code such as `binascii` sees it, but it cannot make the Rust code unsound.
//!
//! The copy costs one `memcpy` of the input; in exchange the copy is owned, so it may also be
//! processed detached from the interpreter.

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{PyErrRaised, PyResult};
use crate::object::{Borrowed, PyAny};

// ANCHOR: input
/// Input bytes for one call: borrowed from an immutable object, or copied from any other.
#[derive(Debug)]
pub enum ByteInput<'a> {
    /// The storage of an immutable object (`bytes`, ASCII `str`), alive for `'a`.
    Shared(&'a [u8]),
    /// A private copy of a possibly mutable exporter's contents.
    Copied(Vec<u8>),
}

impl ByteInput<'_> {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            ByteInput::Shared(s) => s,
            ByteInput::Copied(v) => v,
        }
    }
}
// ANCHOR_END: input

/// `PyBUF_SIMPLE`: C-contiguous bytes only, as Argument Clinic's `Py_buffer` converter asks
/// (`binascii.b2a_base64`); a non-contiguous exporter raises `BufferError`.
pub const SIMPLE: i32 = ffi::PyBUF_SIMPLE as i32;
/// `PyBUF_FULL_RO`: any layout, as `memoryview(obj)` accepts; the copy is made contiguous.
pub const FULL_RO: i32 = ffi::PyBUF_FULL_RO as i32;

/// Bytes of any buffer exporter: borrowed if it is a `bytes`, copied otherwise.
///
/// Errors are the exporter's own (`TypeError: a bytes-like object is required, not 'str'`,
/// `BufferError`), exactly as C code calling `PyObject_GetBuffer` reports them.
pub fn bytes_like<'a>(
    ctx: &ThreadContext<'_>,
    obj: Borrowed<'a, '_, PyAny>,
    flags: i32,
) -> PyResult<ByteInput<'a>> {
    if let Some(bytes) = obj.downcast_bytes() {
        return Ok(ByteInput::Shared(bytes.as_bytes()));
    }
    copy_buffer(ctx, obj, flags).map(ByteInput::Copied)
}

// ANCHOR: copy
/// Copy the contents of any exporter without ever forming a reference into them.
pub fn copy_buffer(
    _ctx: &ThreadContext<'_>,
    obj: Borrowed<'_, '_, PyAny>,
    flags: i32,
) -> PyResult<Vec<u8>> {
    /// A view that is filled in place and released on every path, unwinding included.
    ///
    /// It is never moved once `PyObject_GetBuffer` has filled it: an exporter may point the
    /// view's `shape`/`strides` into the view itself (`PyBuffer_FillInfo` does), so a moved
    /// copy would hold pointers into a dead stack slot.
    struct Export {
        view: ffi::Py_buffer,
        filled: bool,
    }
    impl Drop for Export {
        fn drop(&mut self) {
            if self.filled {
                // SAFETY: the view was filled in place by a successful PyObject_GetBuffer on
                // this (attached) thread, has not moved since, and is released exactly once.
                unsafe { ffi::PyBuffer_Release(&raw mut self.view) }
            }
        }
    }
    let mut export = Export {
        view: ffi::Py_buffer::default(),
        filled: false,
    };
    // SAFETY: `obj` is alive, `export.view` is writable memory of the size of a Py_buffer that
    // stays where it is until it is released, and the token proves the thread is attached.
    if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &raw mut export.view, flags) } != 0 {
        // SAFETY: PyObject_GetBuffer returned -1, so it set an exception.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    export.filled = true;
    let len = usize::try_from(export.view.len).unwrap_or(0);
    let mut copy = Vec::<u8>::with_capacity(len);
    // SAFETY: `copy` has room for `len` bytes, the export's total size; PyBuffer_ToContiguous
    // copies with memcpy from the exporter's memory (following strides if any) while the
    // export keeps that memory alive and unresized; no Rust reference to it is formed.
    let rc = unsafe {
        ffi::PyBuffer_ToContiguous(
            copy.as_mut_ptr().cast(),
            &raw mut export.view,
            export.view.len,
            b'C' as std::ffi::c_char,
        )
    };
    if rc != 0 {
        // SAFETY: PyBuffer_ToContiguous returned -1, so it set an exception.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    // SAFETY: PyBuffer_ToContiguous initialised all `len` bytes.
    unsafe { copy.set_len(len) };
    Ok(copy)
}
// ANCHOR_END: copy

/// Whether `obj` exports the buffer protocol (`PyObject_CheckBuffer`).
pub fn supports_buffer(_ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> bool {
    // SAFETY: the object is alive and the thread attached; the call only reads its type.
    unsafe { ffi::PyObject_CheckBuffer(obj.as_ptr()) != 0 }
}
