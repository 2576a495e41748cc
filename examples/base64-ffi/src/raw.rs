//! Hand-written versions of what argument clinic and PyO3 generate:
//! keyword parsing for METH_FASTCALL and releasing the GIL. The buffer
//! protocol and uninitialised bytes objects come from the shared `pybuffer`
//! crate's `raw` layer, like in the PyO3 examples.

use std::ffi::{CStr, c_char};

use pyo3_ffi::*;

/// Run `f` with the GIL released (Py_BEGIN/END_ALLOW_THREADS) when `detach`.
pub fn allow_threads<T>(detach: bool, f: impl FnOnce() -> T) -> T {
    if !detach {
        return f();
    }
    // SAFETY: we are attached (all callers run inside a method call) and
    // `f` touches no Python object, only plain memory we own or that is immutable
    // (every `pybuffer::Input` is an immutable borrow or a private copy).
    let state = unsafe { PyEval_SaveThread() };
    let out = f();
    // SAFETY: restores the thread state saved just above, on the same thread.
    unsafe { PyEval_RestoreThread(state) };
    out
}

/// Parse `(data, /, *, <flag>=default)` from a METH_FASTCALL|METH_KEYWORDS call.
/// Returns the positional object and the flag's truth value.
///
/// # Safety
/// The arguments must be those CPython passed to a vectorcall-style function.
pub unsafe fn parse_one_plus_flag(
    func: &CStr,
    flag: &CStr,
    default: bool,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> Result<(*mut PyObject, bool), ()> {
    let nkw = if kwnames.is_null() {
        0
    } else {
        // SAFETY: kwnames is a tuple of str when not null.
        unsafe { PyTuple_Size(kwnames) }
    };
    if nargs != 1 {
        let fmt: &CStr = if nargs == 0 {
            c"%s() missing required argument 'data' (pos 1)"
        } else {
            c"%s() takes exactly 1 positional argument (%zd given)"
        };
        // SAFETY: attached; format arguments match the format string.
        unsafe { PyErr_Format(PyExc_TypeError, fmt.as_ptr(), func.as_ptr(), nargs) };
        return Err(());
    }
    let mut value = default;
    for i in 0..nkw {
        // SAFETY: i < len(kwnames); items are str; values follow the positionals.
        let (name, obj) = unsafe { (PyTuple_GetItem(kwnames, i), *args.offset(nargs + i)) };
        // SAFETY: `name` is a str.
        if unsafe { PyUnicode_CompareWithASCIIString(name, flag.as_ptr()) } != 0 {
            #[cfg(Py_3_13)]
            let fmt = c"%s() got an unexpected keyword argument '%S'";
            #[cfg(not(Py_3_13))]
            let fmt = c"'%S' is an invalid keyword argument for %s()";
            // SAFETY: attached; `%S` takes an object, `%s` a C string.
            unsafe {
                #[cfg(Py_3_13)]
                PyErr_Format(PyExc_TypeError, fmt.as_ptr(), func.as_ptr(), name);
                #[cfg(not(Py_3_13))]
                PyErr_Format(PyExc_TypeError, fmt.as_ptr(), name, func.as_ptr());
            }
            return Err(());
        }
        // SAFETY: `obj` is a valid argument object.
        match unsafe { PyObject_IsTrue(obj) } {
            -1 => return Err(()),
            v => value = v != 0,
        }
    }
    // SAFETY: nargs == 1, so args[0] exists.
    Ok((unsafe { *args }, value))
}

// ANCHOR: catch-panic
/// The body of an `extern "C"` entry point: a panic inside `body` is caught
/// here, before it could unwind into C (which aborts the process), and turned
/// into `SystemError("panic in rs_base64_ffi.<entry>: <message>")`, the
/// exception the project's panic policy and PEP 9903 name for code on the
/// project's own bindings. `failed` is what the entry point returns to CPython
/// with that exception set (NULL or -1).
///
/// Every entry point must be attached to the interpreter when it calls this.
pub fn catch_panic<R>(entry: &CStr, failed: R, body: impl FnOnce() -> R) -> R {
    // A caught panic only ever leads to returning `failed`: the entry points
    // keep no Rust state that a half-finished body could leave inconsistent
    // (module state holds one reference, set in a single store), so observing
    // the closure's captures after the unwind cannot break an invariant.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_owned());
            let text = c_message(&format!(
                "panic in rs_base64_ffi.{}: {msg}",
                entry.to_string_lossy()
            ));
            // SAFETY: entry points run attached (see above); `text` is a
            // NUL-terminated C string that outlives the call.
            unsafe { PyErr_SetString(PyExc_SystemError, text.as_ptr()) };
            failed
        }
    }
}
// ANCHOR_END: catch-panic

/// [`catch_panic`] for the GC and teardown slots (`m_traverse`, `m_clear`,
/// `m_free`), whose callers do not expect an exception: the `SystemError` is
/// reported with `PyErr_WriteUnraisable` instead of being left set.
pub fn catch_panic_unraisable<R: Copy + PartialEq>(
    entry: &CStr,
    failed: R,
    body: impl FnOnce() -> R,
) -> R {
    let value = catch_panic(entry, failed, body);
    // SAFETY: attached (same contract as `catch_panic`); only a caught panic
    // sets an exception here, and it is consumed by WriteUnraisable.
    if value == failed && unsafe { !PyErr_Occurred().is_null() } {
        // SAFETY: as above; a null object means "no object to name".
        unsafe { PyErr_WriteUnraisable(std::ptr::null_mut()) };
    }
    value
}

/// A C string pointer for `PyErr_SetString` from a Rust message.
pub fn c_message(msg: &str) -> Vec<c_char> {
    msg.bytes()
        .filter(|&b| b != 0)
        .map(|b| b as c_char)
        .chain(std::iter::once(0))
        .collect()
}
