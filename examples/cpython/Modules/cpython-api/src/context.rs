//! The thread-state token: proof that this thread is attached to the interpreter.

use std::marker::PhantomData;

use cpython_sys as ffi;

// ANCHOR: context
/// Proof that the current OS thread has an attached thread state for `'py`.
///
/// Only the entry glue of this crate creates one ([`crate::boundary`]), through a closure that
/// is generic over `'py`, so nothing tied to the attachment can be returned from it. The
/// `*mut ()` makes the token `!Send + !Sync`; `fn(&'py ()) -> &'py ()` makes `'py` invariant.
/// It is neither `Copy` nor `Clone`: functions receive `&ThreadContext<'py>`.
pub struct ThreadContext<'py> {
    _marker: PhantomData<(Invariant<'py>, *mut ())>,
}

/// A type that is invariant in `'py`.
type Invariant<'py> = fn(&'py ()) -> &'py ();
// ANCHOR_END: context

impl ThreadContext<'_> {
    /// Run `f` with a fresh token.
    ///
    /// # Safety
    /// The calling thread must have an attached thread state for the whole call of `f`
    /// (CPython calls every module entry point that way).
    pub(crate) unsafe fn enter<R>(f: impl for<'py> FnOnce(&mut ThreadContext<'py>) -> R) -> R {
        let mut ctx = ThreadContext {
            _marker: PhantomData,
        };
        f(&mut ctx)
    }

    // ANCHOR: detach
    /// Run `f` detached from the interpreter (`Py_BEGIN_ALLOW_THREADS`/`Py_END_ALLOW_THREADS`),
    /// so that other threads run Python meanwhile on a GIL build.
    ///
    /// `&mut self` makes the token unusable while detached, and `Send` keeps handles that need
    /// an attached thread (they are `!Send`) out of the closure and its result. A panic in `f`
    /// re-attaches before it continues to unwind.
    pub fn detach<R: Send>(&mut self, f: impl FnOnce() -> R + Send) -> R {
        /// Re-attaches on every exit path of `detach`, unwinding included.
        struct Reattach(*mut ffi::PyThreadState);
        impl Drop for Reattach {
            fn drop(&mut self) {
                // SAFETY: `self.0` is the thread state that PyEval_SaveThread returned on this
                // thread, and it is restored exactly once.
                unsafe { ffi::PyEval_RestoreThread(self.0) };
            }
        }
        // SAFETY: the token proves this thread is attached, which PyEval_SaveThread requires;
        // `&mut self` guarantees no handle is used through this token until `Reattach` drops.
        let _reattach = Reattach(unsafe { ffi::PyEval_SaveThread() });
        f()
    }
    // ANCHOR_END: detach
}

/// Whether the current thread has an attached thread state (`PyThreadState_GetUnchecked`).
pub(crate) fn attached() -> bool {
    // SAFETY: PyThreadState_GetUnchecked may be called on any thread, attached or not; it only
    // reads the thread-local current thread state.
    !unsafe { ffi::PyThreadState_GetUnchecked() }.is_null()
}
