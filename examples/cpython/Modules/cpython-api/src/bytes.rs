//! Creating `bytes` results without an intermediate copy.

use std::mem::MaybeUninit;

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{OVERFLOW_ERROR, PyResult, SYSTEM_ERROR, owned_or_err};
use crate::object::{Bound, PyBytes};

// ANCHOR: new-bytes
/// Allocate a `bytes` of `len` bytes and let `fill` write all of them.
///
/// `fill` receives the token back, so it may detach while it writes: nobody else can see the
/// new object before it is returned. It proves that it wrote every byte by returning the
/// buffer it was given as `&mut [u8]`, which safe code can only form over initialised memory.
/// `None` discards the object and returns `Ok(None)`; a slice that is not the whole buffer
/// discards it and raises `SystemError`. Uninitialised memory is never published.
pub fn new_bytes<'py>(
    ctx: &mut ThreadContext<'py>,
    len: usize,
    fill: impl for<'b> FnOnce(
        &mut ThreadContext<'py>,
        &'b mut [MaybeUninit<u8>],
    ) -> Option<&'b mut [u8]>,
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
    match fill(ctx, out) {
        None => Ok(None),
        Some(written) if covers(written, data.cast(), len) => Ok(Some(bytes)),
        Some(_) => Err(SYSTEM_ERROR.raise(ctx, "new_bytes: the output was not filled")),
    }
}

/// Whether `written` is exactly the `len` bytes at `data`: then every byte is initialised.
fn covers(written: &[u8], data: *const u8, len: usize) -> bool {
    std::ptr::eq(written.as_ptr(), data) && written.len() == len
}

/// The buffer of [`new_bytes`] as written, when the writer reports success by other means
/// than a slice (a codec that returns `bool`).
///
/// # Safety
/// Every byte of `out` is initialised.
pub unsafe fn assume_filled(out: &mut [MaybeUninit<u8>]) -> &mut [u8] {
    // SAFETY: `MaybeUninit<u8>` has the layout of `u8`, and the caller guarantees that every
    // byte is initialised.
    unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), out.len()) }
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

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn only_the_whole_buffer_counts_as_filled() {
        let buf = [7_u8; 8];
        let data = buf.as_ptr();
        assert!(covers(&buf, data, 8));
        assert!(
            !covers(&buf[..7], data, 8),
            "a prefix leaves the tail uninitialised"
        );
        assert!(!covers(&buf[1..], data.wrapping_add(0), 7), "another start");
        let other = [7_u8; 8];
        assert!(!covers(&other, data, 8), "another allocation");
    }
}
