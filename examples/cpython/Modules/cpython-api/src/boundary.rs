//! The C boundary: every entry point CPython calls runs its body here.
//!
//! The body runs inside `catch_unwind`: a Rust panic never unwinds into C. A panic becomes a
//! `SystemError` (the policy of the project's own bindings, as in the fork's design) and the
//! error sentinel is returned. The result is checked against the thread's exception state:
//! `Err` without an exception set becomes `SystemError`; `Ok` with an exception set releases
//! the result and returns the sentinel, keeping the exception.

use std::any::Any;
use std::ffi::{CStr, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{PyResult, SYSTEM_ERROR, occurred};

/// What a C entry point returns, and its error value.
pub trait Sentinel: Sized {
    /// The error value (`NULL`, `-1`).
    const ERROR: Self;
    /// Release a successful result that cannot be returned because an exception is set.
    ///
    /// # Safety
    /// `self` is what an entry point body returned (for objects: a new reference or null),
    /// and the thread is attached.
    unsafe fn discard(self);
}

impl Sentinel for *mut ffi::PyObject {
    const ERROR: Self = std::ptr::null_mut();
    unsafe fn discard(self) {
        if !self.is_null() {
            // SAFETY: a new reference that the caller owns, released while attached (the
            // caller's contract).
            unsafe { ffi::Py_DecRef(self) }
        }
    }
}

impl Sentinel for c_int {
    const ERROR: Self = -1;
    unsafe fn discard(self) {}
}

/// The message of a caught panic, for the `SystemError`.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    match detail {
        Some(text) => format!("Rust code panicked: {text}"),
        None => String::from("Rust code panicked"),
    }
}

// ANCHOR: guard
/// Run `body` as a C entry point: with a fresh [`ThreadContext`], panics caught, and the
/// result checked against the exception state.
///
/// An exception that was already set when the entry point was called is not the body's: it is
/// put aside while the body runs, so the checks see only the body's own errors. Afterwards it
/// is set again if the body succeeded, or becomes the `__context__` of the body's exception
/// (as C's `_PyErr_ChainExceptions1` does) if the body failed.
///
/// # Safety
/// The calling thread must be attached to the interpreter, as it is for every module entry
/// point CPython calls (functions, module exec, clear, free).
pub unsafe fn guard<R: Sentinel>(
    body: impl for<'py> FnOnce(&mut ThreadContext<'py>) -> PyResult<R>,
) -> R {
    // SAFETY: attached (this function's contract).
    let earlier = unsafe { Pending::take() };
    // SAFETY: the caller guarantees the thread is attached for the whole call.
    let outcome = catch_unwind(AssertUnwindSafe(|| unsafe { ThreadContext::enter(body) }));
    let result = match outcome {
        Ok(Ok(value)) if !occurred() => value,
        Ok(Ok(value)) => {
            // SAFETY: `value` is the body's successful result, which this boundary owns, and
            // the thread is attached (this function's contract).
            unsafe { value.discard() };
            R::ERROR
        }
        Ok(Err(_raised)) if occurred() => R::ERROR,
        Ok(Err(_raised)) => {
            system_error("error return without exception set");
            R::ERROR
        }
        Err(payload) => {
            let message = panic_message(&*payload);
            // Dropping the payload runs arbitrary Drop code, which may panic in turn.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            system_error(&message);
            R::ERROR
        }
    };
    // SAFETY: the thread is still attached (this function's contract).
    unsafe { earlier.restore() };
    result
}
// ANCHOR_END: guard

/// An exception that was set before an entry point's body ran, put aside.
struct Pending(*mut ffi::PyObject);

impl Pending {
    /// Take the pending exception, if any, off the thread (`PyErr_GetRaisedException`).
    ///
    /// # Safety
    /// The thread is attached.
    unsafe fn take() -> Pending {
        // SAFETY: attached (caller's contract); the result is a new reference or null.
        Pending(unsafe { ffi::PyErr_GetRaisedException() })
    }

    /// Set it again; if another exception is set now, make it that one's `__context__`.
    ///
    /// # Safety
    /// The thread is attached.
    unsafe fn restore(self) {
        if self.0.is_null() {
            return;
        }
        // SAFETY: attached (caller's contract); `self.0` is a reference this value owns, and
        // each call below takes or hands over exactly the references the C API documents:
        // PyException_SetContext steals its second argument, PyErr_SetRaisedException its
        // only one.
        unsafe {
            let current = ffi::PyErr_GetRaisedException();
            if current.is_null() {
                ffi::PyErr_SetRaisedException(self.0);
            } else {
                ffi::PyException_SetContext(current, self.0);
                ffi::PyErr_SetRaisedException(current);
            }
        }
    }
}

/// Run `body` as an entry point that cannot report an error to its caller (`m_free`,
/// `tp_dealloc`): an exception or panic of the body is reported with `message` through
/// `PyErr_FormatUnraisable`, which takes no reference to any object (the one being freed has
/// none left), and an exception that was set before the call is kept.
///
/// # Safety
/// As for [`guard`].
pub unsafe fn guard_unraisable(
    message: &CStr,
    body: impl for<'py> FnOnce(&mut ThreadContext<'py>) -> PyResult<()>,
) {
    // SAFETY: attached (this function's contract).
    let earlier = unsafe { Pending::take() };
    // SAFETY: as for `guard`; the body's result is the int sentinel, which owns nothing.
    let _: c_int = unsafe { guard(|ctx| body(ctx).map(|()| 0)) };
    if occurred() {
        // SAFETY: attached; the format takes one C string, `message`, NUL-terminated. It
        // reports and clears the pending exception.
        unsafe { ffi::PyErr_FormatUnraisable(c"%s".as_ptr(), message.as_ptr()) };
    }
    // SAFETY: the thread is still attached (this function's contract).
    unsafe { earlier.restore() };
}
// ANCHOR_END: guard

/// Set `SystemError(message)`, replacing any pending exception.
fn system_error(message: &str) {
    // SAFETY: the boundary runs attached; this only creates a token for raising.
    let _raised = unsafe { ThreadContext::enter(|ctx| SYSTEM_ERROR.raise(ctx, message)) };
}

/// Run `body` where no error can be reported (`m_traverse`): a panic aborts the process,
/// because an incomplete report could break the garbage collector's invariants.
pub fn abort_on_panic<R>(body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(_) => std::process::abort(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn panic_messages_carry_the_payload_text() {
        let s: Box<dyn std::any::Any + Send> = Box::new("boom");
        assert_eq!(super::panic_message(&*s), "Rust code panicked: boom");
        let s: Box<dyn std::any::Any + Send> = Box::new(String::from("index 3"));
        assert_eq!(super::panic_message(&*s), "Rust code panicked: index 3");
        let s: Box<dyn std::any::Any + Send> = Box::new(42_u8);
        assert_eq!(super::panic_message(&*s), "Rust code panicked");
    }
}
