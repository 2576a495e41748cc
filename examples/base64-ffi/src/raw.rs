//! Hand-written versions of what argument clinic and PyO3 generate:
//! keyword parsing for METH_FASTCALL, the buffer protocol, uninitialised
//! bytes objects and releasing the GIL.

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;
use std::ptr;

use pyo3_ffi::*;

/// Borrowed input bytes; holds a buffer export when the source was not `bytes`/`str`.
pub struct Input {
    ptr: *const u8,
    len: usize,
    /// `Some` when we own a `Py_buffer` export that must be released.
    view: Option<Box<Py_buffer>>,
}

impl Input {
    /// The bytes (valid while `self` lives).
    pub fn as_slice(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `ptr`/`len` come from a bytes object, an ASCII str's UTF-8
        // data or a PyBUF_SIMPLE export, each kept alive by the caller's
        // reference or by `view` for as long as `self` exists.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// Immutable sources (bytes, str) may be read with the GIL released.
    pub fn is_immutable(&self) -> bool {
        self.view.is_none()
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        if let Some(view) = self.view.as_mut() {
            // SAFETY: the view came from a successful PyObject_GetBuffer and is
            // released once; we are still attached (Input is !Send).
            unsafe { PyBuffer_Release(&raw mut **view) };
        }
    }
}

/// Outcome of acquiring input; `Err(())` means a Python exception is set.
pub type Acquired = Result<Input, ()>;

/// PyObject_GetBuffer(PyBUF_SIMPLE), leaving CPython's exception on failure.
///
/// # Safety
/// `obj` must be a valid object and the caller attached to the interpreter.
unsafe fn simple_buffer(obj: *mut PyObject) -> Acquired {
    let mut view = Box::new(Py_buffer::new());
    // SAFETY: guaranteed by the caller; `view` is writable Py_buffer storage.
    if unsafe { PyObject_GetBuffer(obj, &raw mut *view, PyBUF_SIMPLE) } != 0 {
        return Err(());
    }
    Ok(Input {
        ptr: view.buf.cast::<u8>().cast_const(),
        len: usize::try_from(view.len).unwrap_or(0),
        view: Some(view),
    })
}

/// `b2a_base64`'s `Py_buffer` argument: bytes fast path, else the buffer protocol.
///
/// # Safety
/// `obj` must be a valid object and the caller attached to the interpreter.
pub unsafe fn bytes_like(obj: *mut PyObject) -> Acquired {
    // SAFETY: valid object per the caller.
    if unsafe { PyBytes_CheckExact(obj) } != 0 {
        // SAFETY: `obj` is a bytes object, so these cannot fail.
        let (ptr, len) = unsafe { (PyBytes_AsString(obj), PyBytes_Size(obj)) };
        return Ok(Input {
            ptr: ptr.cast::<u8>().cast_const(),
            len: len as usize,
            view: None,
        });
    }
    // SAFETY: forwarded caller guarantee.
    unsafe { simple_buffer(obj) }
}

/// `a2b_base64`'s argument: bytes-like or ASCII `str` (binascii's `ascii_buffer_converter`).
///
/// # Safety
/// `obj` must be a valid object and the caller attached to the interpreter.
pub unsafe fn ascii_or_bytes_like(obj: *mut PyObject) -> Acquired {
    // SAFETY: valid object per the caller.
    if unsafe { PyUnicode_Check(obj) } != 0 {
        let mut len: Py_ssize_t = 0;
        // SAFETY: `obj` is a str; the UTF-8 buffer is cached on the object and
        // lives as long as it does.
        let data = unsafe { PyUnicode_AsUTF8AndSize(obj, &mut len) };
        let len = usize::try_from(len).unwrap_or(0);
        let ascii = !data.is_null()
            // SAFETY: non-null `data` points to `len` bytes of UTF-8.
            && unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }.is_ascii();
        if !ascii {
            // SAFETY: attached; replaces any UnicodeEncodeError, like CPython.
            unsafe {
                PyErr_SetString(
                    PyExc_ValueError,
                    c"string argument should contain only ASCII characters".as_ptr(),
                );
            }
            return Err(());
        }
        return Ok(Input {
            ptr: data.cast::<u8>(),
            len,
            view: None,
        });
    }
    // SAFETY: forwarded caller guarantee.
    if unsafe { PyBytes_CheckExact(obj) } != 0 {
        // SAFETY: as above.
        return unsafe { bytes_like(obj) };
    }
    // SAFETY: forwarded caller guarantee.
    unsafe { simple_buffer(obj) }.inspect_err(|()| {
        // SAFETY: attached; `obj` is valid and its type's tp_name is a C string.
        unsafe {
            PyErr_Format(
                PyExc_TypeError,
                c"argument should be bytes, buffer or ASCII string, not '%.100s'".as_ptr(),
                (*Py_TYPE(obj)).tp_name,
            );
        }
    })
}

/// A new, uninitialised `bytes` of `len` bytes and its storage.
///
/// # Safety
/// The caller must be attached and must initialise every byte before the
/// object becomes visible to Python code, or drop it with `Py_DECREF`.
pub unsafe fn new_bytes(len: usize) -> Option<(*mut PyObject, &'static mut [MaybeUninit<u8>])> {
    let size = Py_ssize_t::try_from(len).ok()?;
    // SAFETY: attached (caller); a null source asks for uninitialised storage.
    let obj = unsafe { PyBytes_FromStringAndSize(ptr::null(), size) };
    if obj.is_null() {
        return None;
    }
    // SAFETY: `obj` is a fresh bytes object with `len` bytes of storage that
    // only we can see; the slice must not outlive the object (caller contract,
    // hence the unbounded lifetime is never stored).
    let data = unsafe { std::slice::from_raw_parts_mut(PyBytes_AsString(obj).cast(), len) };
    Some((obj, data))
}

/// Run `f` with the GIL released (Py_BEGIN/END_ALLOW_THREADS) when `detach`.
pub fn allow_threads<T>(detach: bool, f: impl FnOnce() -> T) -> T {
    if !detach {
        return f();
    }
    // SAFETY: we are attached (all callers run inside a method call) and
    // `f` touches no Python object, only plain memory we own or that is immutable.
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

/// A C string pointer for `PyErr_SetString` from a Rust message.
pub fn c_message(msg: &str) -> Vec<c_char> {
    msg.bytes()
        .filter(|&b| b != 0)
        .map(|b| b as c_char)
        .chain(std::iter::once(0))
        .collect()
}
