//! The layer on the C API (`pyo3-ffi`): raw object pointers in, an
//! [`Input`] or a Python exception out. Used directly by `rs_base64_ffi` and
//! wrapped for PyO3 by [`crate::bound`].

use std::ffi::c_char;
use std::mem::MaybeUninit;
use std::ptr;

use pyo3_ffi::*;

// ANCHOR: input
/// Input bytes for one call: borrowed from an immutable object, or a private
/// copy of a mutable one. Either way nobody else writes them while they live.
#[derive(Debug)]
pub enum Input<'a> {
    /// An exact `bytes` or the UTF-8 of an ASCII `str`: immutable for `'a`.
    Borrowed(&'a [u8]),
    /// Copied out of a buffer export that was released before the copy is used.
    Copied(Vec<u8>),
}

impl Input<'_> {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Input::Borrowed(s) => s,
            Input::Copied(v) => v,
        }
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Whether the bytes are a copy (the source was a mutable exporter).
    pub fn is_copied(&self) -> bool {
        matches!(self, Input::Copied(_))
    }
}
// ANCHOR_END: input

/// A Python exception is set; the caller returns NULL (or -1) to CPython.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised;

// ANCHOR: copy
/// `PyObject_GetBuffer(obj, PyBUF_SIMPLE)`, copy, `PyBuffer_Release`.
///
/// The exporter's memory is read by CPython's `PyBuffer_ToContiguous` only;
/// no Rust reference to it is ever created. Errors are the exporter's own
/// (`TypeError` for objects without the buffer protocol, `BufferError` for a
/// non-contiguous view) or `MemoryError`.
///
/// # Safety
/// `obj` must be a valid object and the calling thread attached to the
/// interpreter.
pub unsafe fn copy_buffer(obj: *mut PyObject) -> Result<Vec<u8>, Raised> {
    let mut view = Py_buffer::new();
    // SAFETY: `obj` is valid and we are attached (caller); `view` is writable
    // `Py_buffer` storage that stays at this address until released below.
    if unsafe { PyObject_GetBuffer(obj, &raw mut view, PyBUF_SIMPLE) } != 0 {
        return Err(Raised);
    }
    let len = usize::try_from(view.len).unwrap_or(0);
    let mut out: Vec<u8> = Vec::new();
    let copied = if out.try_reserve_exact(len).is_err() {
        // SAFETY: attached (caller guarantee); PyErr_NoMemory only sets MemoryError.
        unsafe { PyErr_NoMemory() };
        false
    } else {
        // SAFETY: `out` has room for `len` bytes and `view` is a live
        // PyBUF_SIMPLE export of exactly `len` bytes; CPython copies them
        // with a C memcpy, whatever another thread does to the exporter.
        let rc = unsafe {
            PyBuffer_ToContiguous(
                out.as_mut_ptr().cast(),
                &raw mut view,
                view.len,
                b'C' as c_char,
            )
        };
        if rc == 0 {
            // SAFETY: PyBuffer_ToContiguous initialised the first `len` bytes.
            unsafe { out.set_len(len) };
        }
        rc == 0
    };
    // SAFETY: the view came from a successful PyObject_GetBuffer above and is
    // released exactly once, on the thread that acquired it.
    unsafe { PyBuffer_Release(&raw mut view) };
    if copied { Ok(out) } else { Err(Raised) }
}
// ANCHOR_END: copy

// ANCHOR: bytes-like
/// Argument clinic's `Py_buffer` converter: any bytes-like object. An exact
/// `bytes` is borrowed, everything else copied.
///
/// # Safety
/// `obj` must be a valid object that outlives `'a`, and the calling thread
/// attached to the interpreter.
pub unsafe fn bytes_like<'a>(obj: *mut PyObject) -> Result<Input<'a>, Raised> {
    // SAFETY: valid object (caller). Exact type only: since 3.12 a subclass may
    // export something else through `__buffer__` (PEP 688).
    if unsafe { PyBytes_CheckExact(obj) } != 0 {
        // SAFETY: `obj` is a bytes object, so these cannot fail; its storage is
        // immutable and lives as long as `obj`, which outlives `'a` (caller).
        let bytes = unsafe {
            let (data, len) = (PyBytes_AsString(obj), PyBytes_Size(obj));
            std::slice::from_raw_parts(data.cast::<u8>(), usize::try_from(len).unwrap_or(0))
        };
        return Ok(Input::Borrowed(bytes));
    }
    // SAFETY: `obj` is valid and outlives `'a`, and we are attached (caller guarantees).
    unsafe { copy_buffer(obj) }.map(Input::Copied)
}
// ANCHOR_END: bytes-like

/// `binascii`'s `ascii_buffer_converter`: bytes-like or ASCII `str`, with
/// `binascii`'s messages (`ValueError` for non-ASCII text, `TypeError` for
/// anything without the buffer protocol).
///
/// # Safety
/// `obj` must be a valid object that outlives `'a`, and the calling thread
/// attached to the interpreter.
pub unsafe fn ascii_or_bytes_like<'a>(obj: *mut PyObject) -> Result<Input<'a>, Raised> {
    // SAFETY: `obj` is a valid object and we are attached (caller guarantees).
    if unsafe { PyUnicode_Check(obj) } != 0 {
        let mut len: Py_ssize_t = 0;
        // SAFETY: `obj` is a str; its UTF-8 form is cached on the object,
        // immutable, and lives as long as `obj`, which outlives `'a`.
        let data = unsafe { PyUnicode_AsUTF8AndSize(obj, &mut len) };
        let text = if data.is_null() {
            None
        } else {
            // SAFETY: non-null `data` points to `len` bytes of UTF-8 (see above).
            Some(unsafe {
                std::slice::from_raw_parts(data.cast::<u8>(), usize::try_from(len).unwrap_or(0))
            })
        };
        return match text {
            Some(t) if t.is_ascii() => Ok(Input::Borrowed(t)),
            _ => {
                // SAFETY: attached; replaces any UnicodeEncodeError, like binascii.
                unsafe {
                    PyErr_SetString(
                        PyExc_ValueError,
                        c"string argument should contain only ASCII characters".as_ptr(),
                    );
                }
                Err(Raised)
            }
        };
    }
    // SAFETY: `obj` is valid and outlives `'a`, and we are attached (caller guarantees).
    if unsafe { PyBytes_CheckExact(obj) } != 0 {
        // SAFETY: `obj` is valid and outlives `'a`, and we are attached (caller guarantees).
        return unsafe { bytes_like(obj) };
    }
    // SAFETY: `obj` is valid and outlives `'a`, and we are attached (caller guarantees).
    unsafe { copy_buffer(obj) }
        .map(Input::Copied)
        .map_err(|Raised| {
            // SAFETY: attached; `obj` is valid.
            unsafe { set_type_error(obj) };
            Raised
        })
}

/// `TypeError: argument should be bytes, buffer or ASCII string, not '<type>'`.
///
/// # Safety
/// `obj` must be a valid object and the calling thread attached.
unsafe fn set_type_error(obj: *mut PyObject) {
    #[cfg(not(Py_LIMITED_API))]
    // SAFETY: attached; every live object's type has a NUL-terminated `tp_name`.
    unsafe {
        PyErr_Format(
            PyExc_TypeError,
            c"argument should be bytes, buffer or ASCII string, not '%.100s'".as_ptr(),
            (*Py_TYPE(obj)).tp_name,
        );
    }
    #[cfg(Py_LIMITED_API)]
    // SAFETY: attached; `Py_TYPE` of a live object is a live type. The limited
    // API hides `tp_name`; `__qualname__` prefixed by `__module__` (unless
    // builtins) equals it for built-in and extension types.
    unsafe {
        let ty = Py_TYPE(obj).cast::<PyObject>();
        let name = PyType_GetQualName(Py_TYPE(obj));
        let module = PyObject_GetAttrString(ty, c"__module__".as_ptr());
        PyErr_Clear();
        let builtin =
            module.is_null() || PyUnicode_CompareWithASCIIString(module, c"builtins".as_ptr()) == 0;
        if name.is_null() {
            PyErr_Clear();
            PyErr_SetString(
                PyExc_TypeError,
                c"argument should be bytes, buffer or ASCII string".as_ptr(),
            );
        } else if builtin {
            PyErr_Format(
                PyExc_TypeError,
                c"argument should be bytes, buffer or ASCII string, not '%U'".as_ptr(),
                name,
            );
        } else {
            PyErr_Format(
                PyExc_TypeError,
                c"argument should be bytes, buffer or ASCII string, not '%U.%U'".as_ptr(),
                module,
                name,
            );
        }
        Py_XDECREF(name);
        Py_XDECREF(module);
    }
}

/// A new, uninitialised `bytes` of `len` bytes and its storage, or `None`
/// with an exception set.
///
/// # Safety
/// The caller must be attached, must not keep the slice after the object is
/// released or handed out, and must initialise every byte before the object
/// becomes visible to Python code, or release it with `Py_DECREF`.
pub unsafe fn new_bytes<'a>(len: usize) -> Option<(*mut PyObject, &'a mut [MaybeUninit<u8>])> {
    let Ok(size) = Py_ssize_t::try_from(len) else {
        // SAFETY: attached (caller guarantee); PyErr_NoMemory only sets MemoryError.
        unsafe { PyErr_NoMemory() };
        return None;
    };
    // SAFETY: attached (caller); a null source asks for uninitialised storage.
    let obj = unsafe { PyBytes_FromStringAndSize(ptr::null(), size) };
    if obj.is_null() {
        return None;
    }
    // SAFETY: `obj` is a fresh bytes object with `len` bytes of storage that
    // only we can see; the caller bounds the slice's use (see # Safety).
    let data = unsafe { std::slice::from_raw_parts_mut(PyBytes_AsString(obj).cast(), len) };
    Some((obj, data))
}
