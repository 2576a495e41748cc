//! Creating `bytes` results without an intermediate copy.

use std::mem::MaybeUninit;

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{OVERFLOW_ERROR, PyResult, owned_or_err};
use crate::object::{Bound, PyBytes};

// ANCHOR: new-bytes
/// Allocate a `bytes` of `len` bytes and let `fill` write all of them.
///
/// `fill` receives the token back, so it may detach while it writes: nobody else can see the
/// new object before it is returned. If `fill` returns `false`, the object is discarded and
/// `Ok(None)` returned.
pub fn new_bytes<'py>(
    ctx: &mut ThreadContext<'py>,
    len: usize,
    fill: impl FnOnce(&mut ThreadContext<'py>, &mut [MaybeUninit<u8>]) -> bool,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let Ok(size) = ffi::Py_ssize_t::try_from(len) else {
        return Err(OVERFLOW_ERROR.raise(ctx, "result too large"));
    };
    // SAFETY: a null source with a non-negative size asks for a new, uninitialised bytes
    // object; the thread is attached. The result is a new reference or null with an error.
    let bytes: Bound<'py, PyBytes> = owned_or_err(ctx, unsafe {
        ffi::PyBytes_FromStringAndSize(std::ptr::null(), size)
    })?;
    // SAFETY: the object is a bytes of `len` bytes that no other code has seen yet, so this
    // function has exclusive access to its storage until it returns the object.
    let data = unsafe { ffi::PyBytes_AsString(bytes.as_ptr()) };
    // SAFETY: `data` points to `len` writable bytes owned by `bytes`, which outlives the
    // slice; `MaybeUninit` admits the uninitialised contents.
    let out = unsafe { std::slice::from_raw_parts_mut(data.cast::<MaybeUninit<u8>>(), len) };
    Ok(fill(ctx, out).then_some(bytes))
}
// ANCHOR_END: new-bytes

/// A `bytes` holding a copy of `data`.
pub fn bytes_from_slice<'py>(
    ctx: &ThreadContext<'py>,
    data: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let Ok(size) = ffi::Py_ssize_t::try_from(data.len()) else {
        return Err(OVERFLOW_ERROR.raise(ctx, "result too large"));
    };
    // SAFETY: `data` is `size` readable bytes and the thread is attached; the result is a new
    // reference or null with an exception set.
    owned_or_err(ctx, unsafe {
        ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), size)
    })
}
