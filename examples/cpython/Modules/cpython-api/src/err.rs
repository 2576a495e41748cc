//! Errors: a marker that an exception is set on the thread, as the C API reports them.

use std::marker::PhantomData;

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::object::{Borrowed, Bound, PyAny, PyType};

// ANCHOR: marker
/// "An exception is set on this thread." Owns nothing, is `!Send`, and must be used.
///
/// The exception itself stays on the thread state, where C code keeps it, so `?` propagates
/// an error without fetching and restoring it. Only this crate creates the marker: by raising
/// (which sets the exception first) or after a C call that reported failure.
#[must_use = "an exception is set: return it to the caller"]
#[derive(Debug)]
pub struct PyErrRaised {
    _not_send: PhantomData<*mut ()>,
}

/// The result of anything that may raise.
pub type PyResult<T> = Result<T, PyErrRaised>;
// ANCHOR_END: marker

impl PyErrRaised {
    /// The marker for an exception that a C function has just set.
    ///
    /// # Safety
    /// An exception must be set on the current thread state (the C function reported failure
    /// by its documented sentinel). A marker without an exception would let a caller return
    /// an error sentinel with nothing set; the boundary turns that into a `SystemError`.
    pub(crate) unsafe fn assume_set() -> Self {
        PyErrRaised {
            _not_send: PhantomData,
        }
    }
}

/// Whether an exception is set on the current thread.
pub(crate) fn occurred() -> bool {
    // SAFETY: callers are attached (they hold a ThreadContext or run inside the boundary);
    // PyErr_Occurred only reads the current thread state.
    !unsafe { ffi::PyErr_Occurred() }.is_null()
}

/// A C function's result: `Ok` for a non-null new reference, the raised marker for null.
pub(crate) fn owned_or_err<'py, T>(
    _ctx: &ThreadContext<'py>,
    ptr: *mut ffi::PyObject,
) -> PyResult<Bound<'py, T>> {
    // SAFETY: callers pass the result of a C API call that returns a new reference, or null
    // with an exception set, which is exactly what `from_owned_ptr` and `assume_set` require.
    unsafe { Bound::from_owned_ptr(ptr).ok_or_else(|| PyErrRaised::assume_set()) }
}

/// A built-in exception class of the C API (`PyExc_TypeError`, ...).
#[derive(Clone, Copy)]
pub struct BuiltinException(fn() -> *mut ffi::PyObject);

macro_rules! builtin_exceptions {
    ($($(#[$doc:meta])* $name:ident => $sym:ident;)*) => {$(
        $(#[$doc])*
        pub const $name: BuiltinException = BuiltinException(|| {
            // SAFETY: the C API initialises its built-in exception classes before any module
            // code runs, and never changes these pointers afterwards.
            unsafe { ffi::$sym }
        });
    )*};
}

builtin_exceptions! {
    /// `TypeError`.
    TYPE_ERROR => PyExc_TypeError;
    /// `ValueError`.
    VALUE_ERROR => PyExc_ValueError;
    /// `AssertionError`.
    ASSERTION_ERROR => PyExc_AssertionError;
    /// `OverflowError`.
    OVERFLOW_ERROR => PyExc_OverflowError;
    /// `SystemError`.
    SYSTEM_ERROR => PyExc_SystemError;
    /// `MemoryError`.
    MEMORY_ERROR => PyExc_MemoryError;
    /// `EOFError`.
    EOF_ERROR => PyExc_EOFError;
    /// `AttributeError`.
    ATTRIBUTE_ERROR => PyExc_AttributeError;
}

// ANCHOR: raise
impl BuiltinException {
    /// Set this exception with `message` and return the marker (`PyErr_SetString`).
    pub fn raise(self, ctx: &ThreadContext<'_>, message: &str) -> PyErrRaised {
        set_string((self.0)(), ctx, message)
    }

    /// Set this exception with an object as its value (`PyErr_SetObject`).
    pub fn raise_with(
        self,
        _ctx: &ThreadContext<'_>,
        value: Borrowed<'_, '_, PyAny>,
    ) -> PyErrRaised {
        // SAFETY: the class pointer is a live exception class, `value` is a live object for
        // the call, and the token proves this thread is attached; PyErr_SetObject always sets
        // an exception.
        unsafe {
            ffi::PyErr_SetObject((self.0)(), value.as_ptr());
            PyErrRaised::assume_set()
        }
    }
}

impl Borrowed<'_, '_, PyType> {
    /// Raise this class (for example an exception class kept in module state) with `message`.
    pub fn raise(self, ctx: &ThreadContext<'_>, message: &str) -> PyErrRaised {
        set_string(self.as_ptr(), ctx, message)
    }

    /// Raise this class with an object as its value (`PyErr_SetObject`).
    pub fn raise_with(
        self,
        _ctx: &ThreadContext<'_>,
        value: Borrowed<'_, '_, PyAny>,
    ) -> PyErrRaised {
        // SAFETY: the class and the value are alive and the thread attached; PyErr_SetObject
        // always leaves an exception set (a TypeError if the class is not an exception).
        unsafe {
            ffi::PyErr_SetObject(self.as_ptr(), value.as_ptr());
            PyErrRaised::assume_set()
        }
    }
}
// ANCHOR_END: raise

/// `PyErr_SetObject(class, str(message))`; `message` may hold any UTF-8, NULs included.
fn set_string(class: *mut ffi::PyObject, ctx: &ThreadContext<'_>, message: &str) -> PyErrRaised {
    let Ok(len) = ffi::Py_ssize_t::try_from(message.len()) else {
        return memory_error(ctx);
    };
    // SAFETY: `message` is `len` bytes of valid UTF-8, and the thread is attached.
    let text = unsafe { ffi::PyUnicode_FromStringAndSize(message.as_ptr().cast(), len) };
    let Ok(text) = owned_or_err::<PyAny>(ctx, text) else {
        // SAFETY: PyUnicode_FromStringAndSize returned null, so it set an exception.
        return unsafe { PyErrRaised::assume_set() };
    };
    // SAFETY: `class` is a live exception class, `text` a live str, the thread is attached;
    // PyErr_SetObject always leaves an exception set.
    unsafe {
        ffi::PyErr_SetObject(class, text.as_ptr());
        PyErrRaised::assume_set()
    }
}

/// `PyErr_NoMemory()`.
pub fn memory_error(_ctx: &ThreadContext<'_>) -> PyErrRaised {
    // SAFETY: the thread is attached; PyErr_NoMemory sets MemoryError and returns null.
    unsafe {
        ffi::PyErr_NoMemory();
        PyErrRaised::assume_set()
    }
}

impl BuiltinException {
    /// Whether the pending exception is an instance of this class (`PyErr_ExceptionMatches`).
    pub fn is_pending(self, _ctx: &ThreadContext<'_>) -> bool {
        // SAFETY: the thread is attached; the class pointer is a live exception class.
        unsafe { ffi::PyErr_ExceptionMatches((self.0)()) != 0 }
    }
}

/// Discard the pending exception, consuming its marker (`PyErr_Clear`).
pub fn clear(_ctx: &ThreadContext<'_>, _raised: PyErrRaised) {
    // SAFETY: the thread is attached.
    unsafe { ffi::PyErr_Clear() }
}
